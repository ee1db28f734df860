"""Trace <-> numpy archive (.npz): every selected step as a float64 array, for traces too big for JSON.

The archive holds one array per step, named as the step (`blocks.0.attn.weights`), and one entry `meta`:
a JSON string with the same header fields as the JSON format (format, version, text, tokens, config,
heads) and `steps`, the list of step names, shapes and formulas in computation order. Nothing in it
needs pickle: read it with `numpy.load(path, allow_pickle=False)` or `load_npz`.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace
from pathlib import Path

import numpy as np

from .export import TraceFormatError, trace_from_dict, trace_to_dict
from .trace_data import Trace


class NpzFormatError(TraceFormatError):
    """A file that is not an attntrace numpy archive."""


def _without_data(trace: Trace) -> Trace:
    return replace(trace, steps={})


def to_npz_bytes(trace: Trace) -> bytes:
    """The archive as bytes (uncompressed: attention weights barely compress, and it loads faster)."""
    header = trace_to_dict(_without_data(trace))
    header["steps"] = [{"name": s.name, "shape": list(s.shape), "formula": s.formula} for s in trace.steps.values()]
    arrays = {name: s.data for name, s in trace.steps.items()}
    buffer = io.BytesIO()
    np.savez(buffer, meta=np.array(json.dumps(header, ensure_ascii=False)), **arrays)
    return buffer.getvalue()


def load_npz(path: str | Path) -> Trace:
    """Read an archive written by `to_npz_bytes`, checked as strictly as a JSON trace."""
    try:
        with np.load(path, allow_pickle=False) as z:
            if "meta" not in z.files:
                raise NpzFormatError("model.npz_bad", reason="it has no \"meta\" entry")
            header = json.loads(str(z["meta"]))
            if not isinstance(header, dict) or not isinstance(header.get("steps"), list):
                raise NpzFormatError("model.npz_bad", reason="\"meta\" holds no step list")
            steps = []
            for entry in header["steps"]:
                name = entry.get("name") if isinstance(entry, dict) else None
                if not isinstance(name, str) or name not in z.files:
                    raise NpzFormatError("model.npz_bad", reason=f"no array for step {name!r}")
                steps.append({**entry, "data": z[name]})
    except (OSError, ValueError, zipfile.BadZipFile, json.JSONDecodeError) as e:
        if isinstance(e, TraceFormatError):
            raise
        raise NpzFormatError("model.npz_bad", reason=str(e)) from None
    return trace_from_dict({**header, "steps": steps})
