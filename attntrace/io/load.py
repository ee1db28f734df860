"""A trace from wherever it is: a file (JSON or an NPZ archive), JSON text, a dict, or a Trace.

`verify`, `diff` and the CLI read traces through here, so each takes the same things. `read_trace` is the
reading a user sees: every problem with the file is one TraceReadError whose message names the file.
"""

from __future__ import annotations

import contextlib
import os
from typing import NamedTuple

from ..i18n import Message, os_reason
from ..trace_data import Trace

NPZ_MAGIC = b"PK\x03\x04"  # a numpy archive is a zip file


def is_npz(path: str | os.PathLike) -> bool:
    """True when `path` is a numpy archive (a zip file) rather than JSON text. A pipe (`show <(…)`) is read
    once, as JSON: peeking at it would eat its first bytes."""
    import stat

    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with open(path, "rb") as f:
            return f.read(4) == NPZ_MAGIC
    except OSError:
        return False


def load(path: str | os.PathLike) -> Trace:
    """Read a saved trace: JSON (`explain --json`, or your own code) or an archive written with `--npz`.
    Raises TraceFormatError naming the place of a problem, OSError when the file cannot be read."""
    import stat

    from .json import load_file

    mode = os.stat(path).st_mode
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISDIR(mode):  # /dev/zero would be read without end
        from ..i18n import t

        raise OSError(0, t("files.not_a_trace_file"))
    if is_npz(path):
        from .npz import load_npz

        return load_npz(path)
    with open(path, "rb") as f:
        return load_file(f)


def as_trace(value: Trace | dict | str | bytes | os.PathLike) -> Trace:
    """A Trace as is; a dict in the trace format (its `data` may be nested lists or numpy arrays); JSON text
    (a str or bytes starting with `{`); or else a path to a JSON or NPZ file."""
    if isinstance(value, Trace):
        return value
    if isinstance(value, dict):
        from .json import trace_from_dict

        return trace_from_dict(value)
    if isinstance(value, (str, bytes)) and value.lstrip()[:1] in ("{", b"{"):
        from .json import loads

        return loads(value)
    if isinstance(value, (str, bytes, os.PathLike)):
        return load(os.fsdecode(value))
    raise TypeError(f"expected a Trace, a dict, JSON text or a path, got {type(value).__name__}")


# --- a saved trace, every problem one message naming the file ------------------------------------------


class TraceReadError(Message, ValueError):
    """A saved trace that cannot be read; the message names the file and why. `usage`: the file was asked for
    wrongly (a variant of a file that is no homework key), not wrong itself. `found`: the format a readable
    JSON file of another kind declares (repr'd, as `trace.format` says it), e.g. a homework key's."""

    def __init__(self, key: str, *, usage: bool = False, found: str | None = None, **fields) -> None:
        super().__init__(key, **fields)
        self.usage = usage
        self.found = found


@contextlib.contextmanager
def reading(name: str):
    """What reading the file `name` can raise, as a TraceReadError naming it: a file that cannot be read or
    is not UTF-8 (`cannot read NAME: …`), one that is not a trace or needs more memory than there is (`NAME: …`)."""
    from .json import TraceFormatError

    try:
        yield
    except OSError as e:
        raise TraceReadError("error.read", path=name, reason=os_reason(e)) from None
    except UnicodeDecodeError as e:
        raise TraceReadError("error.read", path=name, reason=Message("error.not_utf8", byte=e.start)) from None
    except TraceFormatError as e:
        found = e.fields.get("found") if e.key == "trace.format" else None
        raise TraceReadError("error.trace", path=name, reason=e, found=found) from None
    except MemoryError:  # a file of huge arrays (or numbers) can need more memory than the machine has
        raise TraceReadError("error.trace", path=name, reason=Message("error.memory.file")) from None


class Loaded(NamedTuple):
    """A trace read from a file, and what to tell the user about the reading."""

    trace: Trace
    notes: list[str]  # what reading skipped (each after the file's name), or which variant of a key is shown


HOMEWORK_KEY = "attntrace.homework.key"  # the format a homework key.json declares


def read_trace(source: str | os.PathLike | bytes, variant: str | None = None, name: str | None = None, *,
               key_reader=None) -> Loaded:
    """A saved trace: the file `source` (JSON, read step by step, or an archive written with --npz), or the
    bytes of one (JSON, e.g. what stdin held); `name` is what messages call it (default: the path, '-' for
    bytes). A homework key.json gives the trace of one of its variants (`variant`: a student id, variant
    code or file name; none needed when the key has one), which `key_reader(source, variant, name)` reads:
    `homework.reading.key_variant`, handed in because the homework package lies above this one (and is
    slow to import); without it a key is no trace. Raises TraceReadError naming the file, its `usage` set
    when `variant` does not fit the file."""
    name = ("-" if isinstance(source, bytes) else os.fsdecode(source)) if name is None else name
    try:
        trace = _read(source, name)
    except TraceReadError as e:
        if e.found != repr(HOMEWORK_KEY) or key_reader is None:
            raise
        return key_reader(source, variant, name)
    if variant is not None:
        raise TraceReadError("hw.keysheet.not_a_key", path=name, usage=True)
    return Loaded(trace, [f"{name}: {note}" for note in trace.notes])


def _read(source: str | os.PathLike | bytes, name: str) -> Trace:
    from .json import TraceFormatError, loads

    if isinstance(source, bytes):
        with reading(name):
            try:
                return loads(source)
            except TraceFormatError as e:  # bytes that are not UTF-8 could not be read as text: a reading error
                if e.key != "trace.not_utf8":
                    raise
                raise TraceReadError("error.read", path=name, reason=Message("error.not_utf8", **e.fields)) from None
    with reading(name):
        return load(source)
