"""Every user-facing sentence, in English and Chinese.

`t("key", **fields)` returns the sentence in the current language. The language comes from
`set_lang()` (the CLI's `--lang`), else from the locale (LC_ALL, LC_MESSAGES, LANG: zh* gives
Chinese), else English. Formulas stay in mathematical notation and are not translated.
A test asserts that every key has both languages and that every key the code uses exists.

The sentences are kept by topic, one module per stage that says them: core (the data model, step tables,
trace files, shared errors), models, check (verify, hints, diff), teach (focus, compare, views, the page),
homework and cli (help texts and Click's own sentences).
"""

from __future__ import annotations

import os
from contextlib import contextmanager

from . import check, cli, core, homework, models, teach

LANGS = ("en", "zh")
_lang: str | None = None


def default_lang() -> str:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def set_lang(lang: str | None) -> None:
    global _lang
    if lang is not None and lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGS)}")
    _lang = lang


def get_lang() -> str:
    return _lang or default_lang()


@contextmanager
def in_lang(lang: str):
    """Render messages in `lang` inside the block (a page carries both languages), then restore the choice."""
    global _lang
    before = _lang
    set_lang(lang)
    try:
        yield
    finally:
        _lang = before


def has(key: str) -> bool:
    """True when the catalogue holds `key` (for optional variants such as a caption's `.model` form)."""
    return key in MESSAGES


def label(text: str) -> str:
    """A caption followed by its value: a space after it, none after a full-width colon (`相似度：0.99`)."""
    return text if text.endswith(("：", "；", "，")) else text + " "


def shown_value(setting: str, value: str) -> str:
    """A setting's value as shown on screen (`mask=因果` in Chinese); JSON and NPZ keep the identifier."""
    entry = MESSAGES.get(f"value.{setting}.{value}")
    return entry[get_lang()] if entry else value


def t(key: str, **fields) -> str:
    entry = MESSAGES[key]
    return entry[get_lang()].format(**fields)


class Message(Exception):
    """An error that carries an i18n key and its fields instead of a sentence.

    The computing modules raise these and stay print-free; `str(error)` renders the sentence in the
    language current when it is shown (fields that are themselves Messages render in it too). A text
    that is not a key is kept as it is, so `SomeError("plain words")` still works.
    """

    def __init__(self, key: str, **fields) -> None:
        super().__init__(key)
        self.key = key
        self.fields = fields

    def __str__(self) -> str:
        if self.key not in MESSAGES:
            return self.key
        return t(self.key, **{k: str(v) if isinstance(v, Message) else v for k, v in self.fields.items()})


# errno names whose reason the catalogue says in every language (`os.ENOENT`); others keep the OS's words
OS_REASONS = ("ENOENT", "EACCES", "EPERM", "EISDIR", "ENOTDIR", "ENOSPC", "EDQUOT", "EROFS", "EEXIST",
              "ENAMETOOLONG", "ELOOP", "EMFILE", "ENFILE", "EIO", "EBUSY", "ETXTBSY", "EXDEV", "ENXIO", "ENODEV",
              "EPIPE", "EBADF", "EFBIG", "ENOTEMPTY", "EAGAIN", "EINTR", "ETIMEDOUT", "ENOMEM")


def os_reason(error: OSError) -> Message | str:
    """Why an OSError happened, as a sentence in the language current when it is shown: the catalogue's
    words for a common errno (ENOENT: 没有这个文件或文件夹), the OS's strerror in English and for the rest."""
    import errno as errnos

    reason = error.strerror or str(error)
    name = errnos.errorcode.get(error.errno) if isinstance(error.errno, int) else None
    if name in OS_REASONS and error.strerror:
        return _OSReason(f"os.{name}", reason)
    return reason


class _OSReason(Message):
    """An errno's reason: the OS's own words in English (they differ between systems), the catalogue's else."""

    def __init__(self, key: str, strerror: str) -> None:
        super().__init__(key)
        self.strerror = strerror

    def __str__(self) -> str:
        return self.strerror if get_lang() == "en" else super().__str__()


def _merged(*topics) -> dict[str, dict[str, str]]:
    """One table from the topic modules; a key defined in two of them is a mistake, found at import."""
    table: dict[str, dict[str, str]] = {}
    for topic in topics:
        twice = table.keys() & topic.MESSAGES.keys()
        if twice:
            raise RuntimeError(f"message keys defined twice: {sorted(twice)}")
        table.update(topic.MESSAGES)
    return table


# The sentences live by topic, each module beside the stage that says them.
MESSAGES: dict[str, dict[str, str]] = _merged(core, models, check, teach, homework, cli)
