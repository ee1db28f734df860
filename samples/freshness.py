"""Is a saved sample still what the code makes? Equal structure, and numbers equal to within a few ulps.

The seeded draws are bit-identical on every machine, but matrix products go through whichever BLAS kernel
the CPU selects and numpy's `exp` has CPU-specific SIMD paths, so a computed number may differ in its last
bits from one machine to another. A saved sample is therefore fresh when everything but its floats is
identical and every float is within `RTOL`·|x| + `ATOL` of the one the code makes now: about 10⁴ ulps of
slack for rounding (differences seen across CPUs are 1-4 ulps), while any real change of a number, 10⁻⁹ and
up, is caught. Integers, strings, keys and lengths must match exactly.

The sample scripts rewrite a file only when it is not fresh, so regenerating on another machine leaves the
committed files alone; text that shows numbers is rendered from the saved trace, so it is byte-stable.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

RTOL = 1e-12
ATOL = 1e-12


def differences(saved, fresh, where: str = "$", limit: int = 5) -> list[str]:
    """Where two parsed JSON values differ beyond rounding (at most `limit` places, JSONPath-like)."""
    found: list[str] = []
    _walk(saved, fresh, where, found, limit)
    return found


def _walk(a, b, where: str, found: list[str], limit: int) -> None:
    if len(found) >= limit:
        return
    if isinstance(a, float) or isinstance(b, float):
        if isinstance(a, bool) or isinstance(b, bool) or not isinstance(a, (int, float)) \
                or not isinstance(b, (int, float)):
            found.append(f"{where}: {a!r} != {b!r}")
        elif not (a == b or math.isclose(a, b, rel_tol=RTOL, abs_tol=ATOL)):
            found.append(f"{where}: {a!r} != {b!r} (differs by {abs(a - b):.3g})")
    elif isinstance(a, dict) and isinstance(b, dict):
        if list(a) != list(b):
            found.append(f"{where}: keys {list(a)} != {list(b)}")
            return
        for key in a:
            _walk(a[key], b[key], f"{where}.{key}", found, limit)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            found.append(f"{where}: length {len(a)} != {len(b)}")
            return
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _walk(x, y, f"{where}[{i}]", found, limit)
    elif type(a) is not type(b) or a != b:
        found.append(f"{where}: {a!r} != {b!r}")


def json_fresh(saved_text: str | None, fresh_text: str) -> bool:
    """True when the saved JSON text is the fresh one up to rounding."""
    if saved_text is None:
        return False
    try:
        saved = json.loads(saved_text)
    except ValueError:
        return False
    return not differences(saved, json.loads(fresh_text), limit=1)


def read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.exists() else None


def keep_if_fresh(path: Path, fresh_text: str) -> str:
    """The text to commit at `path`: the saved one while it is fresh (so no file churns), else `fresh_text`."""
    saved = read(path)
    return saved if saved is not None and json_fresh(saved, fresh_text) else fresh_text
