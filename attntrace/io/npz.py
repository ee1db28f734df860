"""Trace <-> numpy archive (.npz): every selected step as a float64 array, for traces too big for JSON.

The archive holds one array per step, named as the step (`blocks.0.attn.weights`), and one entry `meta`:
a JSON string with the same header fields as the JSON format (format, version, text, tokens, config,
heads) and `steps`, the list of step names, shapes and formulas in computation order. Nothing in it
needs pickle: read it with `numpy.load(path, allow_pickle=False)` or `load_npz`.
"""

from __future__ import annotations

import io
import json
import math
import os
import zipfile
from dataclasses import replace
from pathlib import Path

import numpy as np

from ..i18n import Message
from ..trace_data import Trace
from .json import TraceFormatError, trace_from_dict, trace_to_dict


class NpzFormatError(TraceFormatError):
    """A file that is not an attntrace numpy archive."""


def _without_data(trace: Trace) -> Trace:
    return replace(trace, steps={})


def to_npz_bytes(trace: Trace) -> bytes:
    """The archive as bytes (uncompressed: attention weights barely compress, and it loads faster). Raises
    UnwritableTraceError for NaN or infinity, which reading the archive would refuse (io.finite)."""
    from .finite import check_writable

    check_writable(trace, "npz")
    header = trace_to_dict(_without_data(trace))
    header["steps"] = [{"name": s.name, "shape": list(s.shape), "formula": s.formula} for s in trace.steps.values()]
    arrays = {name: s.data for name, s in trace.steps.items()}
    buffer = io.BytesIO()
    np.savez(buffer, meta=np.array(json.dumps(header, ensure_ascii=False)), **arrays)
    return buffer.getvalue()


# What reading may unpack: the arrays' bytes as their .npy headers declare them, at most this many times the
# archive's size on disk (and at least MIN_UNPACK). `--npz` writes uncompressed archives, so a real one
# unpacks to its own size; a small compressed file of zeros claiming gigabytes is refused before it is read.
EXPANSION = 100
MIN_UNPACK = 64 * 2**20
META_LIMIT = 64 * 2**20  # the JSON header: tokens, config and step list


def _member_header(z: zipfile.ZipFile, member: str, where: str) -> tuple[tuple[int, ...], np.dtype]:
    """The shape and dtype an array's .npy header declares, read without decompressing its data."""
    with z.open(member) as f:
        version = np.lib.format.read_magic(f)
        if version == (1, 0):
            shape, _, dtype = np.lib.format.read_array_header_1_0(f)
        elif version == (2, 0):
            shape, _, dtype = np.lib.format.read_array_header_2_0(f)
        else:
            raise NpzFormatError("model.npz_bad", reason=Message("npz.version", where=where, version=version))
    if dtype.hasobject or dtype.kind not in "biuf" + ("U" if member == "meta.npy" else ""):
        raise NpzFormatError("model.npz_bad", reason=Message("npz.dtype", where=where, dtype=str(dtype)))
    return tuple(shape), dtype


def _read_member(z: zipfile.ZipFile, member: str) -> np.ndarray:
    with z.open(member) as f:
        return np.lib.format.read_array(f, allow_pickle=False)


def load_npz(path: str | Path) -> Trace:
    """Read an archive written by `to_npz_bytes`, checked as strictly as a JSON trace. Each array's header is
    checked (dtype, and shape against the tokens and config of `meta`) before its data is decompressed."""
    from .. import steps as catalogue
    from .jsonread import loads

    try:
        budget = max(MIN_UNPACK, EXPANSION * os.stat(path).st_size)
        with zipfile.ZipFile(path) as z:
            members = set(z.namelist())
            if "meta.npy" not in members:
                raise NpzFormatError("model.npz_bad", reason=Message("npz.no_meta"))
            shape, dtype = _member_header(z, "meta.npy", "meta")
            if shape != () or dtype.kind != "U" or dtype.itemsize > META_LIMIT:
                raise NpzFormatError("model.npz_bad", reason=Message("npz.meta"))
            header = loads(str(_read_member(z, "meta.npy")))
            if not isinstance(header, dict) or not isinstance(header.get("steps"), list):
                raise NpzFormatError("model.npz_bad", reason=Message("npz.no_steps"))
            sizes = trace_from_dict({**header, "steps": []}).axis_sizes()  # tokens, config and heads checked first
            steps = []
            for i, entry in enumerate(header["steps"]):
                name = entry.get("name") if isinstance(entry, dict) else None
                if not isinstance(name, str) or name + ".npy" not in members:
                    raise NpzFormatError("model.npz_bad", reason=Message("npz.no_array", name=repr(name)))
                if not catalogue.is_known(name):  # skipped with a note when the trace is built: never read
                    steps.append({**entry, "data": None})
                    continue
                where = f"steps[{i}] ({name})"
                shape, dtype = _member_header(z, name + ".npy", where)
                expected = catalogue.expected_shape(name, sizes)
                if shape != expected:
                    from .json import shape_fix

                    base = trace_from_dict({**header, "steps": []})
                    fix = shape_fix(name, shape, expected, base.config, header.get("config") or {})
                    raise TraceFormatError("trace.shape", where=where, shape=list(shape), n=sizes["token"],
                                           expected=list(expected), fix=fix)
                budget -= math.prod(shape) * dtype.itemsize
                if budget < 0:
                    raise NpzFormatError("model.npz_bad", reason=Message("npz.too_big", where=where,
                                                                         ratio=EXPANSION))
                steps.append({**entry, "data": _read_member(z, name + ".npy")})
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, zipfile.LargeZipFile) as e:
        if isinstance(e, TraceFormatError):
            raise
        raise NpzFormatError("model.npz_bad", reason=str(e)) from None
    return trace_from_dict({**header, "steps": steps})
