"""A trace from wherever it is: a file (JSON or an NPZ archive), JSON text, a dict, or a Trace.

`verify`, `diff` and the CLI read traces through here, so each takes the same things.
"""

from __future__ import annotations

import os

from .trace_data import Trace

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

    from .export import load_file

    mode = os.stat(path).st_mode
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISDIR(mode):  # /dev/zero would be read without end
        from .i18n import t

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
        from .export import trace_from_dict

        return trace_from_dict(value)
    if isinstance(value, (str, bytes)) and value.lstrip()[:1] in ("{", b"{"):
        from .export import loads

        return loads(value)
    if isinstance(value, (str, bytes, os.PathLike)):
        return load(os.fsdecode(value))
    raise TypeError(f"expected a Trace, a dict, JSON text or a path, got {type(value).__name__}")
