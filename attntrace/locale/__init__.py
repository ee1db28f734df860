"""Click's own messages (usage errors, help headings) in the current language.

Click 8 marks its strings with `_ = gettext.gettext` bound in each of its modules at import, in the
default "messages" domain, and looks `_` up in the module's globals at every call. `install(lang)`
rebinds `_` and `ngettext` in Click's (and Typer's) modules to the catalogue shipped here
(zh/LC_MESSAGES/click.mo) for Chinese, and back to the stdlib functions for English: a library
must not call `gettext.install()` or change the process's text domain.

click.mo is built from click.po by `python -m attntrace.locale` (see `compile_po`); a test checks
that the committed .mo is the one the .po gives.
"""

from __future__ import annotations

import ast
import gettext
import struct
import sys
from pathlib import Path

LOCALE_DIR = Path(__file__).parent
DOMAIN = "click"
_MODULES = ("click.core", "click.exceptions", "click.parser", "click.types", "click.decorators",
            "click.formatting", "click.termui", "click.utils", "click._termui_impl", "typer.core")


def catalogue(lang: str) -> gettext.NullTranslations:
    """The translations of Click's messages for `lang` (English: none, the msgids themselves)."""
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def install(lang: str) -> None:
    """Make Click's messages (in the modules imported so far and the ones named above) speak `lang`."""
    import importlib

    translations = catalogue(lang)
    english = lang == "en"
    for name in _MODULES:
        module = sys.modules.get(name)
        if module is None:
            try:
                module = importlib.import_module(name)
            except ImportError:  # a Click without that module: nothing of it to translate
                continue
        if "_" in vars(module):
            module._ = gettext.gettext if english else translations.gettext
        if "ngettext" in vars(module):
            module.ngettext = gettext.ngettext if english else translations.ngettext


def parse_po(text: str) -> dict[str, str]:
    """The entries of a .po file as .mo keys (msgid, or msgid NUL msgid_plural) -> msgstr (forms NUL-joined).
    Handles what click.po uses: msgid, msgid_plural, msgstr, msgstr[n], continued "..." lines, # comments."""
    entries: dict[str, str] = {}
    current: dict[str, list[str]] = {}
    field = None

    def flush() -> None:
        if "msgid" in current:
            key = "".join(current["msgid"])
            if "msgid_plural" in current:
                key += "\0" + "".join(current["msgid_plural"])
            forms = sorted(f for f in current if f.startswith("msgstr"))
            entries[key] = "\0".join("".join(current[f]) for f in forms)
        current.clear()

    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith('"'):
            if field is None:
                raise ValueError(f"line {number}: a string outside an entry")
            current[field].append(ast.literal_eval(line))
            continue
        keyword, _, rest = line.partition(" ")
        if keyword == "msgid":
            flush()
        if keyword not in ("msgid", "msgid_plural", "msgstr") and not keyword.startswith("msgstr["):
            raise ValueError(f"line {number}: unknown keyword {keyword!r}")
        field = keyword
        current[field] = [ast.literal_eval(rest)]
    flush()
    return entries


def compile_po(text: str) -> bytes:
    """A GNU .mo file (little-endian, revision 0, no hash table) holding the entries of a .po file."""
    entries = sorted((k.encode(), v.encode()) for k, v in parse_po(text).items())
    n = len(entries)
    ids_at, strs_at = 28, 28 + 8 * n
    data_at = 28 + 16 * n
    ids, strs, blob = [], [], b""
    for key, _value in entries:
        ids.append((len(key), data_at + len(blob)))
        blob += key + b"\0"
    for _key, value in entries:
        strs.append((len(value), data_at + len(blob)))
        blob += value + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, n, ids_at, strs_at, 0, data_at)
    tables = b"".join(struct.pack("<2I", *p) for p in ids + strs)
    return header + tables + blob


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def build() -> list[Path]:
    """Write every <lang>/LC_MESSAGES/click.mo from its click.po; returns the files written."""
    written = []
    for po in sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        mo = po.with_suffix(".mo")
        mo.write_bytes(compile_po(po.read_text("utf-8")))
        written.append(mo)
    return written


def _pattern(template: str):
    """A regex matching a sentence made from an i18n template: each {field} becomes a named group."""
    import re
    import string

    parts = []
    for literal, field, _spec, _conv in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if field:
            parts.append(f"(?P<{field}>.+?)")
    return re.compile("".join(parts) + r"\Z", re.S)


def translate_sentence(sentence: str, lang: str) -> str:
    """One of Click's English sentences (those in the i18n catalogue's click.* block) in `lang`; its fields
    (names, values, and an inner sentence such as a bad choice's) are kept, inner sentences translated too.
    A sentence not in the catalogue is kept as it is."""
    from ..i18n import MESSAGES

    if lang == "en":
        return sentence
    for key, entry in MESSAGES.items():
        if not key.startswith("click.") or key.startswith("click.kind."):
            continue
        match = _pattern(entry["en"]).match(sentence)
        if match:
            fields = {k: translate_sentence(v, lang) for k, v in match.groupdict().items()}
            kind = MESSAGES.get(f"click.kind.{fields.get('kind')}")
            if kind:
                fields["kind"] = kind[lang]
            return entry[lang].format(**fields)
    return sentence


def localize_error(error, lang: str) -> None:
    """Let a Click usage error show itself in `lang`: its message, and the usage, hint and 'Error:' lines."""
    if lang == "en":
        return
    error.message = translate_sentence(error.message, lang)
    original = type(error).format_message

    def format_message() -> str:
        return translate_sentence(original(error), lang)

    def show(file=None) -> None:
        from typer._click.utils import echo

        ctx = getattr(error, "ctx", None)
        if ctx is not None:
            hint = ""
            if ctx.command.get_help_option(ctx) is not None:
                hint = translate_sentence(f"Try '{ctx.command_path} {ctx.help_option_names[0]}' for help.", lang) + "\n"
            echo(translate_sentence(ctx.get_usage(), lang) + "\n" + hint, file=file, err=True, color=ctx.color)
        echo(translate_sentence(f"Error: {format_message()}", lang), file=file, err=True,
             color=getattr(ctx, "color", None))

    error.format_message = format_message
    error.show = show


def translate_help(text: str, lang: str) -> str:
    """A --help page Click wrote, with its own words in `lang`: the usage line, the help option's line and the
    section headings (`选项：` with a full-width colon), and its `[default: …]` notes in the catalogue's brackets."""
    import re

    from ..i18n import MESSAGES

    if lang == "en":
        return text
    text = re.sub(r"^Usage: ", lambda _m: MESSAGES["click.usage"][lang].format(rest=""), text, flags=re.M)
    text = text.replace("Show this message and exit.", MESSAGES["click.help_option"][lang])
    # Click's "  [默认：4; 0<=x<=12]" in the full-width brackets the catalogue's help texts use (［默认：…］)
    note = r"(?:(?<=\S)[ \t]+)?\[((?:默认|必需)[^\]]*)\]"
    text = re.sub(note, lambda m: "［" + m[1].replace("; ", "；") + "］", text)
    return re.sub(r"^([^\s\x00-\x7f][^\n:]*):$", r"\1：", text, flags=re.M)
