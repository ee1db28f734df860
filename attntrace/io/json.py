"""Trace <-> JSON, in the documented format `attntrace.trace`, version 1.

Writing: floats at full precision (the shortest text that reads back to the same float64), no NaN or
infinity, and the same trace always gives the same bytes. One step per line keeps files diffable. Steps are
encoded one at a time by orjson straight from their numpy arrays (`write` streams them to a file), so
writing a big trace holds the arrays and one step's text, not the whole file as Python lists.

Reading: every problem is a `TraceFormatError` whose message says where it is in the file (a line and
column for broken JSON, `steps[3] (blocks.0.attn.Q)` for a bad step). Step names attntrace does not
know are skipped with a note on the trace, not rejected, so hand-written traces may carry extras.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import replace

import numpy as np

from .. import steps as catalogue
from .._version import __version__
from ..config import AXIS_FIELDS, REQUIRED, Config, ConfigError
from ..i18n import Message, t
from ..trace_data import Step, Trace

FORMAT = "attntrace.trace"
VERSION = 1
# Unknown step names get a note each (with a suggestion) up to this many; the rest are counted in one note,
# so a file of 80 000 made-up names is read in linear time and does not bury the screen in notes.
MAX_UNKNOWN_NOTES = 20


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
    import io

    buffer = io.BytesIO()
    write(trace, buffer)
    return buffer.getvalue().decode("utf-8")


def write(trace: Trace, f) -> None:
    """Write the trace as JSON to the binary file `f`, one step at a time (the text of `dumps`): a long
    text's trace needs one step's text at a time, not the whole file's (several times the trace) at once."""
    import orjson

    bad = trace.first_nonfinite()
    if bad is not None:  # before the first byte, so no half-written file is left
        raise UnwritableTraceError("trace.write_nan", name=bad)

    def text(value) -> bytes:
        # json for names, formulas and the small header: it takes any int (orjson stops at 64 bits), and a
        # lone surrogate from a file becomes the escape \ud800, which reads back as the same string
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "backslashreplace")

    header = trace_to_dict(replace(trace, steps={}))
    header.pop("steps")
    f.write(b"{\n")
    for k, v in header.items():
        f.write(b"  " + text(k) + b": " + text(v) + b",\n")
    f.write(b'  "steps": [\n')
    last = len(trace.steps) - 1
    for i, step in enumerate(trace.steps.values()):
        data = np.ascontiguousarray(step.data, dtype=bool if step.data.dtype == bool else np.float64)
        f.write(b'    {"name":' + text(step.name) + b',"shape":' + text(list(step.shape)) + b',"formula":'
                + text(step.formula) + b',"data":')
        _write_array(f, data, orjson)
        f.write(b"}" + (b",\n" if i < last else b"\n"))
    f.write(b"  ]\n}\n")


def _write_array(f, a: np.ndarray, orjson) -> None:
    """`a` as nested JSON lists, a row at a time: a long text's n×n step as one piece of text would take some
    three times its array."""
    if a.ndim <= 1:
        f.write(orjson.dumps(a, option=orjson.OPT_SERIALIZE_NUMPY))
        return
    f.write(b"[")
    for i, row in enumerate(a):
        if i:
            f.write(b",")
        _write_array(f, row, orjson)
    f.write(b"]")


# --- reading ------------------------------------------------------------------------------------------


def _where(text: str, pos: int) -> Message:
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return Message("trace.at", line=line, column=col)


def loads(text: str | bytes) -> Trace:
    """Read a trace from JSON text (str or UTF-8 bytes). Raises TraceFormatError naming the place of a problem."""
    import orjson

    if isinstance(text, bytes):  # a file as `write` lays it out: one step per line, parsed and turned into an array
        data = _by_line(_lines(text))  # one at a time, so only one step's Python lists exist at once
        if data is not None:
            del text
            return trace_from_dict(data, consume=True)
    try:  # the fast parser first; a file it refuses is read again by json, whose messages are the documented ones
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        pass
    else:
        del text  # the text is no longer needed: only the parsed lists and, step by step, the arrays
        return trace_from_dict(data, consume=True)
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as e:
            raise TraceFormatError("trace.not_utf8", byte=e.start) from None
    if not text.strip():
        raise TraceFormatError("trace.empty")
    from .jsonread import JsonLimitError
    from .jsonread import loads as read_json

    try:
        data = read_json(text, parse_constant=lambda c: float("nan"))  # NaN is reported by step below
    except json.JSONDecodeError as e:
        # the text ends where the error is, or inside a string that never closes: a file cut short
        if not text[e.pos :].strip() or (e.msg.startswith("Unterminated string") and '"' not in text[e.pos + 1:]):
            raise TraceFormatError("trace.cut_short", where=_where(text, e.pos)) from None
        raise TraceFormatError("trace.bad_json", where=_where(text, e.pos), reason=e.msg) from None
    except JsonLimitError as e:
        if e.pos is None:
            raise TraceFormatError("trace.json_limit", reason=e) from None
        raise TraceFormatError("trace.bad_json", where=_where(text, e.pos), reason=e) from None
    return trace_from_dict(data)


_STEPS_LINE = b'  "steps": [\n'


def _lines(text: bytes):
    pos = 0
    while pos < len(text):
        end = text.find(b"\n", pos)
        end = len(text) if end < 0 else end + 1
        yield text[pos:end]
        pos = end


def _by_line(lines) -> dict | None:
    """The trace dict of a file laid out as `write` writes it (`lines`: its lines, each with its newline), each
    step's data already an array; None for any other layout (or any line that does not parse), which the
    general reader then reads as a whole. Only one step's Python lists exist at a time."""
    import orjson

    lines = iter(lines)
    if next(lines, None) != b"{\n":
        return None
    head = [b"{"]
    try:
        for line in lines:
            if line == _STEPS_LINE:
                break
            head.append(line)
        else:
            return None
        header = orjson.loads(b"".join(head) + b'  "steps": []}')
        steps = []
        for line in lines:
            line = line.rstrip(b"\n")
            if line == b"  ]":
                break
            raw = orjson.loads(line[:-1] if line.endswith(b",") else line)
            del line
            if isinstance(raw, dict) and isinstance(raw.get("data"), list):
                with contextlib.suppress(ValueError):  # numbers become one array; anything else stays for the checks
                    raw["data"] = np.array(raw["data"])
            steps.append(raw)
        else:
            return None
        if b"".join(lines).strip() != b"}" or not isinstance(header, dict):
            return None
    except orjson.JSONDecodeError:
        return None
    header["steps"] = steps
    return header


def load_file(f) -> Trace:
    """Read a trace from the binary file `f`: line by line when it is laid out as `write` writes it (the file
    is never held whole), else as a whole by `loads`."""
    if not f.seekable():  # a pipe (show <(…)) is read once, whole
        return loads(f.read())
    data = _by_line(f)
    if data is not None:
        return trace_from_dict(data, consume=True)
    f.seek(0)
    return loads(f.read())


def _fail(key: str, **fields) -> TraceFormatError:
    return TraceFormatError(key, **fields)


def _array(where: str, name: str, value, copy: bool = True) -> np.ndarray:
    is_mask = catalogue.pattern_of(name) == "blocks.{l}.attn.mask"
    try:
        arr = np.array(value) if copy else np.asarray(value)
    except ValueError:
        raise _fail("trace.ragged", where=where) from None
    if is_mask:
        if arr.dtype == bool or (arr.dtype.kind in "iu" and np.isin(arr, (0, 1)).all()):
            return arr.astype(bool)
        raise _fail("trace.mask_bool", where=where)
    if arr.dtype.kind not in "iuf" or arr.dtype == bool:
        raise _fail("trace.not_numbers", where=where, kind=_kind(arr))
    arr = arr.astype(np.float64, copy=copy)
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

    mentioned = {int(d) for d in re.findall(r"[0-9]{1,4}", name)}
    layers = sorted(layer for layer in layers | mentioned | {0} if layer < n_layers)
    names = [p.replace("{l}", str(layer)) for p in catalogue.CATALOGUE for layer in layers]
    names = list(dict.fromkeys(names))  # names outside a layer appear once
    key = catalogue.name_key(name)
    for candidate in names:  # the same name up to case and separators (`Wq`, `w-q`, `attn_scores`)
        parts = candidate.split(".")
        if any(catalogue.name_key(".".join(parts[i:])) == key for i in range(len(parts))):
            return candidate
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.85)
    return close[0] if close else None


def trace_from_dict(data, consume: bool = False) -> Trace:
    """Build and check a trace from a dict in the trace format (`data` of each step: nested lists or an array).
    `consume`: drop each step's lists from `data` once its array is made (for a dict no one else holds)."""
    if not isinstance(data, dict):
        raise _fail("trace.not_object")
    _check_format(data)
    tokens = _tokens(data)
    raw_config = data.get("config", {})
    config = _config(raw_config)
    text = data.get("text", " ".join(tokens))
    if not isinstance(text, str):
        raise _fail("trace.text")
    heads = _heads(data.get("heads"), config)
    raw_steps = data.get("steps")
    if not isinstance(raw_steps, list):
        raise _fail("trace.steps")
    steps, notes, unknown = _steps(raw_steps, len(tokens), config, raw_config, heads, consume)
    return Trace(text=text, tokens=tokens, config=config, steps=steps, heads=heads, notes=notes, unknown=unknown)


def _check_format(data: dict) -> None:
    fmt = data.get("format")
    if fmt != FORMAT:
        raise _fail("trace.format", found=repr(fmt), expected=repr(FORMAT))
    version = data.get("version")
    if version != VERSION:
        raise _fail("trace.version", found=repr(version), attntrace=__version__, expected=VERSION)


def _tokens(data: dict) -> list[str]:
    tokens = data.get("tokens")
    if not isinstance(tokens, list) or not tokens or not all(isinstance(t, str) and t for t in tokens):
        raise _fail("trace.tokens")
    return tokens


def _config(raw_config) -> Config:
    try:
        return Config.from_dict(raw_config, required=REQUIRED)
    except (ConfigError, TypeError) as e:
        raise _fail("trace.config", reason=e) from None


def _heads(heads, config: Config) -> list[int] | None:
    """The heads a trace holds (None: all of them): distinct head numbers of the config's model."""
    if heads is not None and (
        not isinstance(heads, list)
        or not heads
        or not all(isinstance(h, int) and not isinstance(h, bool) and 0 <= h < config.n_heads for h in heads)
        or len(set(heads)) != len(heads)
    ):
        raise _fail("trace.heads", last=config.n_heads - 1)
    return heads


def _steps(raw_steps: list, n_tokens: int, config: Config, raw_config: dict, heads: list[int] | None,
           consume: bool) -> tuple[dict[str, Step], list[str], list[str]]:
    """The known steps, checked one by one, with the notes on unknown names and those names."""
    sizes = catalogue.axis_sizes(n_tokens, config.d_model, config.n_heads, config.d_ff, config.position_offset,
                                 config.n_kv_heads)
    if heads is not None:
        from ..trace_data import kv_heads_of

        sizes["head"], sizes["kv_head"] = len(heads), len(kv_heads_of(heads, config))
    steps: dict[str, Step] = {}
    notes: list[str] = []
    unknown: list[str] = []
    present = _layers_present(raw_steps)
    for i, raw in enumerate(raw_steps):
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
            raise _fail("trace.step_object", where=f"steps[{i}]")
        name = raw["name"]
        where = f"steps[{i}] ({name})"
        if not catalogue.is_known(name):
            unknown.append(name)
            if len(unknown) <= MAX_UNKNOWN_NOTES:
                near = _near_name(name, present, config.n_layers)
                notes.append(t("trace.unknown_step_near", where=where, name=near) if near
                             else t("trace.unknown_step", where=where))
            continue
        layer = catalogue.layer_of(name)
        if layer is not None and layer >= config.n_layers:
            raise _fail("trace.no_layer", where=where, layer=layer, n_layers=config.n_layers)
        if name in steps:
            raise _fail("trace.twice", where=where)
        steps[name] = _step(where, name, raw, sizes, config, raw_config, consume)
    if len(unknown) > MAX_UNKNOWN_NOTES:
        notes.append(t("trace.unknown_more", n=len(unknown) - MAX_UNKNOWN_NOTES))
    return steps, notes, unknown


def _layers_present(raw_steps: list) -> set[int]:
    """The layers the known steps are in, for _near_name's suggestions."""
    present = {catalogue.layer_of(raw["name"]) for raw in raw_steps
               if isinstance(raw, dict) and isinstance(raw.get("name"), str) and catalogue.is_known(raw["name"])}
    present.discard(None)
    return present


def _step(where: str, name: str, raw: dict, sizes: dict[str, int], config: Config, raw_config: dict,
          consume: bool) -> Step:
    """One known step: its data as an array of the shape the catalogue and the config give, and its formula."""
    if "data" not in raw:
        raise _fail("trace.no_data", where=where)
    arr = _array(where, name, raw["data"], copy=not consume)
    if consume:
        raw["data"] = None  # the lists of a big step take four times its array
    declared = raw.get("shape")
    if declared is not None and (not isinstance(declared, list) or tuple(declared) != arr.shape):
        raise _fail("trace.shape_declared", where=where, declared=declared, shape=list(arr.shape))
    expected = catalogue.expected_shape(name, sizes)
    if arr.shape != expected and arr.shape == expected[1:] and catalogue.info(name).axes[0] in catalogue.HEAD_AXES:
        raise _fail("trace.shape_head", where=where, shape=list(arr.shape), expected=list(expected))
    if arr.shape != expected:
        raise _fail("trace.shape", where=where, shape=list(arr.shape), n=sizes["token"], expected=list(expected),
                    fix=shape_fix(name, arr.shape, expected, config, raw_config))
    formula = raw.get("formula")
    if formula is not None and not isinstance(formula, str):
        raise _fail("trace.formula", where=where)
    return Step(name, arr, formula or catalogue.info(name).formula)


def shape_fix(name: str, shape: tuple[int, ...], expected: tuple[int, ...], config: Config,
              raw_config: dict) -> Message | str:
    """What to do about a step whose shape disagrees: the axes to swap, the heads to split, or the config field
    that was left out and took its default. An empty string when none of these explains it."""
    info = catalogue.info(name)
    if sorted(shape) == sorted(expected) and len(shape) == len(expected):
        swapped = [i for i, (a, b) in enumerate(zip(shape, expected, strict=True)) if a != b]
        if len(swapped) == 2:
            return Message("trace.fix.transpose", a=swapped[0], b=swapped[1])
    if info.axes[0] in catalogue.HEAD_AXES and len(shape) == len(expected) - 1:
        how = "rows" if name.endswith(".W_O") else "columns" if info.axes[-1] == "head_dim" else None
        heads = config.n_kv_heads if info.axes[0] == "kv_head" else config.n_heads
        if how is not None:
            return Message(f"trace.fix.split_{how}", heads=heads, d_head=config.d_head)
    defaulted = [f for axis in info.axes for f in AXIS_FIELDS.get(axis, ()) if f not in raw_config]
    defaulted = list(dict.fromkeys(defaulted))
    if defaulted:
        return Message("trace.fix.defaulted", names=", ".join(f"{f} = {getattr(config, f)}" for f in defaulted))
    return ""
