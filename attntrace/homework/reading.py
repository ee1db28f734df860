"""The trace of one variant of a homework key.json, read as a saved trace is (`attntrace show key.json
--variant s001`): `io.load.read_trace(..., key_reader=key_variant)` hands a key here. Every problem is an
`io.load.TraceReadError` whose message names the file.
"""

from __future__ import annotations

import os

from ..io.load import Loaded, TraceReadError, reading


def key_variant(source: str | os.PathLike | bytes, variant: str | None, name: str) -> Loaded:
    """The trace of variant `variant` (a student id, variant code or file name; None: the key's only one) of
    the key.json `source` (a path, or the bytes of one), with a note naming the variant. `usage` is set on
    the error when `variant` is missing or names no variant."""
    from ..i18n import t
    from ..io.bounded import read_bounded
    from .answer_key import VariantError, find_variant
    from .key import KEY_BYTES, KeyError_, loads

    with reading(name):
        text = source.decode("utf-8") if isinstance(source, bytes) else read_bounded(source, KEY_BYTES).decode("utf-8")
        try:
            student, code, trace = find_variant(loads(text), variant)
        except KeyError_ as e:
            raise TraceReadError("error.trace", path=name, reason=e) from None
        except VariantError as e:  # the option is missing or names no variant: a usage error
            raise TraceReadError("error.trace", path=name, reason=e, usage=True) from None
    showing = t("hw.keysheet.showing", path=name, id=student.id or student.file, name=student.name or "-", code=code)
    return Loaded(trace, [showing])
