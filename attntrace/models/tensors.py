"""Reading safetensors files with numpy alone: memory-mapped, in float32, float16 or bfloat16.

A safetensors file is an 8-byte little-endian header length, a JSON header naming each tensor's dtype,
shape and byte range, then the raw little-endian data. The file is memory-mapped, so a tensor costs
memory only when it is converted; `as_float` is the one place a stored dtype becomes the dtype we compute
in. numpy has no bfloat16: a bfloat16 is the top 16 bits of a float32, so its bits are shifted into a
uint32 and viewed as float32, which is exact.

Nothing here unpickles, and nothing here fetches anything.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# The stored dtypes we read, as numpy dtypes; BF16 is read as its bits (uint16) and converted by as_float.
STORED = {
    "F64": np.dtype("<f8"), "F32": np.dtype("<f4"), "F16": np.dtype("<f2"), "BF16": np.dtype("<u2"),
    "I64": np.dtype("<i8"), "I32": np.dtype("<i4"), "I16": np.dtype("<i2"), "I8": np.dtype("i1"),
    "U8": np.dtype("u1"), "BOOL": np.dtype("?"),
}
FLOATS = ("F64", "F32", "F16", "BF16")
COMPUTE = {"float64": np.float64, "float32": np.float32}  # what --dtype may choose
_MAX_HEADER = 100_000_000  # as the safetensors library: a larger header is a damaged or hostile file


class SafetensorsError(ValueError):
    """A file that is not a well-formed safetensors file; the message says what is wrong (in English,
    from the format itself; the loader wraps it in a translated sentence naming the file)."""


def bfloat16_to_float32(bits: np.ndarray) -> np.ndarray:
    """bfloat16 values given as their uint16 bits -> float32, exactly (a bfloat16 is a float32's top half)."""
    wide = bits.astype(np.uint32)  # one new array, shifted in place
    wide <<= 16
    return wide.view(np.float32)


def as_float(raw: np.ndarray, stored: str, dtype=np.float64) -> np.ndarray:
    """A stored tensor (float64/32/16, or bfloat16 bits as uint16) as an array of `dtype`: the values
    exactly (each of these widens exactly to float32 and float64). Convert only the rows you need: a
    multilingual vocabulary's embedding table is gigabytes in float64."""
    if stored not in FLOATS:
        raise SafetensorsError(f"holds {stored}, not floats")
    if stored == "BF16":
        raw = bfloat16_to_float32(raw)
    return raw.astype(dtype, copy=False)  # a view of the mapped file when no conversion is needed


def first_nonfinite(raw: np.ndarray, stored: str, chunk: int = 1 << 22) -> tuple[int, tuple[int, ...]] | None:
    """(how many, index of the first) NaN or infinite values, or None; `chunk` values at a time, so that a
    gigabyte embedding table is not converted or copied whole. bfloat16 is tested on its bits: the exponent
    all ones."""
    flat = raw.reshape(-1)
    count, first = 0, None
    for start in range(0, flat.size, chunk):
        part = flat[start:start + chunk]
        bad = (part & 0x7F80) == 0x7F80 if stored == "BF16" else ~np.isfinite(part)
        k = int(np.count_nonzero(bad))
        if k and first is None:
            first = start + int(np.argmax(bad))
        count += k
    return None if first is None else (count, tuple(int(i) for i in np.unravel_index(first, raw.shape)))


@dataclass(frozen=True)
class Stored:
    """One tensor in a file: where its bytes are, and how they are laid out."""

    file: Path
    dtype: str  # the safetensors name: F32, F16, BF16, …
    shape: tuple[int, ...]
    start: int  # byte offset of the data in the file
    end: int
    _map: np.memmap

    def raw(self) -> np.ndarray:
        """The stored values, a read-only view of the memory-mapped file (bfloat16 as uint16 bits)."""
        return self._map[self.start:self.end].view(STORED[self.dtype]).reshape(self.shape)


def read_header(path: Path) -> dict[str, Stored]:
    """Every tensor of one safetensors file by name, memory-mapped. Raises SafetensorsError or OSError."""
    size = path.stat().st_size
    with path.open("rb") as f:
        head = f.read(8)
        if len(head) < 8:
            raise SafetensorsError("the file is shorter than its 8-byte header length")
        n = int.from_bytes(head, "little")
        if n > min(_MAX_HEADER, size - 8):
            raise SafetensorsError(f"the header claims {n} bytes, the file has {size - 8} after the length")
        try:
            header = json.loads(f.read(n).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise SafetensorsError(f"the header is not JSON: {e}") from None
    if not isinstance(header, dict):
        raise SafetensorsError("the header is not a JSON object")
    base = 8 + n
    data = np.memmap(path, dtype=np.uint8, mode="r") if size > base else np.zeros(0, np.uint8)
    out: dict[str, Stored] = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        try:
            dtype, shape, (begin, end) = entry["dtype"], tuple(entry["shape"]), entry["data_offsets"]
            if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in (*shape, begin, end)):
                raise TypeError
        except (KeyError, TypeError, ValueError):
            raise SafetensorsError(f"the entry for {name} is not {{dtype, shape, data_offsets}}") from None
        if dtype not in STORED:
            raise SafetensorsError(f"{name} has the dtype {dtype}, which attntrace does not read")
        if end - begin != math.prod(shape) * STORED[dtype].itemsize or base + end > size:
            raise SafetensorsError(f"{name}: bytes {begin}..{end} do not hold {dtype} {list(shape)} "
                                   f"within the file's {size - base} data bytes")
        out[name] = Stored(path, dtype, shape, base + begin, base + end, data)
    return out
