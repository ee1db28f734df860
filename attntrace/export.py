"""Trace <-> JSON, in the documented format `attntrace.trace`, version 1.

Writing: floats at full precision (Python's shortest repr reads back to the same float64), no NaN or
infinity, and the same trace always gives the same bytes. One step per line keeps files diffable.

Reading: every problem is a `TraceFormatError` whose message says where it is in the file (a line and
column for broken JSON, `steps[3] (blocks.0.attn.Q)` for a bad step). Step names attntrace does not
know are skipped with a note on the trace, not rejected, so hand-written traces may carry extras.
"""

from __future__ import annotations

import json

import numpy as np

from . import steps as catalogue
from ._version import __version__
from .config import Config, ConfigError
from .i18n import Message, t
from .trace_data import Step, Trace

FORMAT = "attntrace.trace"
VERSION = 1


class TraceFormatError(Message, ValueError):
    """A trace file that cannot be read; the message (an i18n key and fields) names the problem and where."""


class UnwritableTraceError(Message, ValueError):
    """A trace holding NaN or infinity, which the format does not allow."""


# --- writing ------------------------------------------------------------------------------------------


def _step_dict(step: Step) -> dict:
    if not np.all(np.isfinite(step.data)):
        raise UnwritableTraceError("trace.write_nan", name=step.name)
    data = step.data.astype(bool if step.data.dtype == bool else np.float64).tolist()
    return {"name": step.name, "shape": list(step.shape), "formula": step.formula, "data": data}


def trace_to_dict(trace: Trace) -> dict:
    config = trace.config.to_dict()
    config["attntrace_version"] = __version__
    out = {
        "format": FORMAT,
        "version": VERSION,
        "text": trace.text,
        "tokens": list(trace.tokens),
        "config": config,
    }
    if trace.heads is not None:
        out["heads"] = list(trace.heads)
    out["steps"] = [_step_dict(s) for s in trace.steps.values()]
    return out


def dumps(trace: Trace) -> str:
    """The trace as JSON text: header fields indented, one step per line."""
    d = trace_to_dict(trace)
    steps = d.pop("steps")

    def enc(value) -> str:
        return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(", ", ": "))

    lines = ["{"]
    lines += [f"  {enc(k)}: {enc(v)}," for k, v in d.items()]
    lines.append('  "steps": [')
    lines += [f"    {enc(s)}{',' if i < len(steps) - 1 else ''}" for i, s in enumerate(steps)]
    lines += ["  ]", "}"]
    return "\n".join(lines) + "\n"


# --- reading ------------------------------------------------------------------------------------------


def _where(text: str, pos: int) -> Message:
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return Message("trace.at", line=line, column=col)


def loads(text: str | bytes) -> Trace:
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as e:
            raise TraceFormatError("trace.not_utf8", byte=e.start) from None
    if not text.strip():
        raise TraceFormatError("trace.empty")
    try:
        data = json.loads(text, parse_constant=lambda c: float("nan"))  # NaN is reported by step below
    except json.JSONDecodeError as e:
        # nothing after the error, or a string never closed (JSON strings cannot hold a raw line break, so an
        # unterminated one runs to the end): the file was cut short
        if not text[e.pos :].strip() or e.msg.startswith("Unterminated string"):
            raise TraceFormatError("trace.cut_short", where=_where(text, e.pos)) from None
        raise TraceFormatError("trace.bad_json", where=_where(text, e.pos), reason=e.msg) from None
    except RecursionError:
        raise TraceFormatError("trace.too_deep") from None
    return trace_from_dict(data)


def _fail(key: str, **fields) -> TraceFormatError:
    return TraceFormatError(key, **fields)


def _array(where: str, name: str, value) -> np.ndarray:
    is_mask = catalogue.pattern_of(name) == "blocks.{l}.attn.mask"
    try:
        arr = np.array(value)
    except ValueError:
        raise _fail("trace.ragged", where=where) from None
    if is_mask:
        if arr.dtype == bool or (arr.dtype.kind in "iu" and np.isin(arr, (0, 1)).all()):
            return arr.astype(bool)
        raise _fail("trace.mask_bool", where=where)
    if arr.dtype.kind not in "iuf" or arr.dtype == bool:
        raise _fail("trace.not_numbers", where=where, kind=_kind(arr))
    arr = arr.astype(np.float64)
    bad = np.argwhere(~np.isfinite(arr))
    if len(bad):
        raise _fail("trace.not_finite", where=where, index=list(map(int, bad[0])))
    return arr


def _kind(arr: np.ndarray) -> str:
    key = {"b": "trace.kind.bool", "U": "trace.kind.text", "O": "trace.kind.mixed"}.get(arr.dtype.kind)
    return t(key) if key else str(arr.dtype)


def _near_name(name: str, layers: set[int], n_layers: int) -> str | None:
    """The step name a hand-written trace probably meant: `scaled` -> `blocks.0.attn.scaled`, `blocks.0.attn.q`
    -> `blocks.0.attn.Q`, `blocks.0.attn.weight` -> `blocks.0.attn.weights`.

    Candidates come from the layers the file's steps use, layer 0 and numbers in `name` itself, never from
    every layer of the config: a file may claim any number of layers, and the work must follow its size."""
    import difflib
    import re

    mentioned = {int(d) for d in re.findall(r"\d{1,4}", name)}
    layers = sorted(layer for layer in layers | mentioned | {0} if layer < n_layers)
    names = [p.replace("{l}", str(layer)) for p in catalogue.CATALOGUE for layer in layers]
    names = list(dict.fromkeys(names))  # names outside a layer appear once
    for candidate in names:
        if candidate.lower() == name.lower() or candidate.endswith("." + name):
            return candidate
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.85)
    return close[0] if close else None


def trace_from_dict(data) -> Trace:
    if not isinstance(data, dict):
        raise _fail("trace.not_object")
    fmt = data.get("format")
    if fmt != FORMAT:
        raise _fail("trace.format", found=repr(fmt), expected=repr(FORMAT))
    version = data.get("version")
    if version != VERSION:
        raise _fail("trace.version", found=repr(version), attntrace=__version__, expected=VERSION)
    tokens = data.get("tokens")
    if not isinstance(tokens, list) or not tokens or not all(isinstance(t, str) and t for t in tokens):
        raise _fail("trace.tokens")
    try:
        config = Config.from_dict(data.get("config", {}))
    except (ConfigError, TypeError) as e:
        raise _fail("trace.config", reason=e) from None
    text = data.get("text", " ".join(tokens))
    if not isinstance(text, str):
        raise _fail("trace.text")
    heads = data.get("heads")
    if heads is not None and (
        not isinstance(heads, list)
        or not heads
        or not all(isinstance(h, int) and not isinstance(h, bool) and 0 <= h < config.n_heads for h in heads)
        or len(set(heads)) != len(heads)
    ):
        raise _fail("trace.heads", last=config.n_heads - 1)
    raw_steps = data.get("steps")
    if not isinstance(raw_steps, list):
        raise _fail("trace.steps")

    sizes = catalogue.axis_sizes(len(tokens), config.d_model, config.n_heads, config.d_ff, config.n_kv_heads)
    if heads is not None:
        from .trace_data import kv_heads_of

        sizes["head"], sizes["kv_head"] = len(heads), len(kv_heads_of(heads, config))
    steps: dict[str, Step] = {}
    notes: list[str] = []
    present = {catalogue.layer_of(raw["name"]) for raw in raw_steps  # layers for _near_name's suggestions
               if isinstance(raw, dict) and isinstance(raw.get("name"), str) and catalogue.is_known(raw["name"])}
    present.discard(None)
    for i, raw in enumerate(raw_steps):
        where = f"steps[{i}]"
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
            raise _fail("trace.step_object", where=where)
        name = raw["name"]
        where = f"steps[{i}] ({name})"
        if not catalogue.is_known(name):
            near = _near_name(name, present, config.n_layers)
            notes.append(t("trace.unknown_step_near", where=where, name=near) if near
                         else t("trace.unknown_step", where=where))
            continue
        layer = catalogue.layer_of(name)
        if layer is not None and layer >= config.n_layers:
            raise _fail("trace.no_layer", where=where, layer=layer, n_layers=config.n_layers)
        if name in steps:
            raise _fail("trace.twice", where=where)
        if "data" not in raw:
            raise _fail("trace.no_data", where=where)
        arr = _array(where, name, raw["data"])
        declared = raw.get("shape")
        if declared is not None and (not isinstance(declared, list) or tuple(declared) != arr.shape):
            raise _fail("trace.shape_declared", where=where, declared=declared, shape=list(arr.shape))
        expected = catalogue.expected_shape(name, sizes)
        if arr.shape != expected and arr.shape == expected[1:] and catalogue.info(name).axes[0] in catalogue.HEAD_AXES:
            raise _fail("trace.shape_head", where=where, shape=list(arr.shape), expected=list(expected))
        if arr.shape != expected:
            raise _fail("trace.shape", where=where, shape=list(arr.shape), n=len(tokens), expected=list(expected))
        formula = raw.get("formula")
        if formula is not None and not isinstance(formula, str):
            raise _fail("trace.formula", where=where)
        steps[name] = Step(name, arr, formula or catalogue.info(name).formula)
    return Trace(text=text, tokens=tokens, config=config, steps=steps, heads=heads, notes=notes)
