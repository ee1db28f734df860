"""The Trace: every step of one forward pass, by name, in computation order.

One data model serves every consumer: rendering, JSON export, checking and homework.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from . import steps as catalogue
from .config import Config
from .i18n import Message

if TYPE_CHECKING:
    import numpy as np


class SelectionError(Message, ValueError):
    """--steps, --layer or --head chose nothing that exists in the trace. The sentence names the argument as
    Python spells it (`layer=5`); `for_cli()` gives the same sentence with the command-line option (`--layer 5`)."""

    def __init__(self, key: str, cli: dict | None = None, **fields) -> None:
        super().__init__(key, **fields)
        self.cli = cli or {}

    def for_cli(self) -> Message:
        return Message(self.key, **{**self.fields, **self.cli})


def _args(python: str, cli: str, **values) -> tuple[str, str]:
    """An argument as Python and the command line spell it: ("layer=5", "--layer 5")."""
    return (", ".join(python.format(k, v) for k, v in values.items()),
            " ".join(cli.format(k, v) for k, v in values.items()))


def _out_of_range(error: type[Message] | None, key: str, option: str, value: int, **fields) -> Message:
    if error is None:
        return SelectionError(key, arg=f"{option}={value}", cli={"arg": f"--{option} {value}"}, **fields)
    return error(key, arg=f"{option} {value}", **fields)


class UnknownStepError(Message, KeyError):
    """`trace.step(name)` for a name the trace does not hold; says the name it probably meant."""

    __str__ = Message.__str__  # KeyError would show the repr of the key instead of the sentence


def did_you_mean(name: str, names: list[str]) -> str:
    """"; did you mean blocks.0.attn.W_Q?" for a name close to one of `names` (case and separators aside), or ""."""
    import difflib

    from .i18n import t

    key = catalogue.name_key(name)
    near = next((n for n in names if catalogue.name_key(n) == key or (key and catalogue.name_key(n).endswith(key))),
                None)
    near = near or next(iter(difflib.get_close_matches(name, names, n=1, cutoff=0.6)), None)
    return t("trace.did_you_mean", name=near) if near else ""


@dataclass(frozen=True)
class Step:
    name: str
    data: np.ndarray
    formula: str

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self.data.shape)

    @property
    def info(self) -> catalogue.StepInfo | None:
        return catalogue.info(self.name)


@dataclass
class Trace:
    text: str
    tokens: list[str]
    config: Config
    steps: dict[str, Step]
    heads: list[int] | None = None  # which heads the head axis holds, when a selection dropped some
    notes: list[str] = field(default_factory=list)  # what loading skipped (unknown step names, …)
    unknown: list[str] = field(default_factory=list)  # the step names loading skipped as unknown

    # --- access ---------------------------------------------------------------------------------------
    def step(self, name: str) -> np.ndarray:
        """The value of one step as a numpy array (float64; the mask is bool). Raises UnknownStepError (a
        KeyError) naming the step it probably meant."""
        try:
            return self.steps[name].data
        except KeyError:
            raise UnknownStepError("trace.no_step", name=repr(name), near=did_you_mean(name, self.names)) from None

    def __contains__(self, name: str) -> bool:
        return name in self.steps

    @property
    def names(self) -> list[str]:
        return list(self.steps)

    def first_nonfinite(self) -> str | None:
        """The name of the first step holding NaN or infinity (an overflow), or None when all are finite."""
        import numpy as np

        # a finite sum proves every value finite, and is 3× faster than isfinite on a large trace; the sum
        # of huge finite values may overflow, and then the step is looked at cell by cell
        with np.errstate(all="ignore"):
            return next((s.name for s in self.steps.values()
                         if not np.isfinite(np.sum(s.data)) and not np.isfinite(s.data).all()), None)

    @property
    def head_ids(self) -> list[int]:
        return list(range(self.config.n_heads)) if self.heads is None else list(self.heads)

    def check_layer(self, layer: int, error: type[Message] | None = None) -> int:
        """`layer`, or an error naming the last layer when there is no such layer: a SelectionError (which
        spells the option both ways, `layer=5` / `--layer 5`) or the caller's `error` class."""
        if not 0 <= layer < self.config.n_layers:
            raise _out_of_range(error, "error.select.layer", "layer", layer, last=self.config.n_layers - 1)
        return layer

    def head_index(self, head: int, error: type[Message] | None = None) -> int:
        """Where head number `head` sits along the head axis; the error lists the heads this trace holds."""
        ids = self.head_ids
        if head not in ids:
            raise _out_of_range(error, "error.select.head", "head", head, heads=", ".join(map(str, ids)))
        return ids.index(head)

    def allowed(self, layer: int) -> np.ndarray:
        """(n, n) bool: where each query may attend in `layer`: the recorded mask; when a selection dropped it,
        what the config says (causal: itself and earlier tokens), else everywhere."""
        import numpy as np

        name = f"blocks.{layer}.attn.mask"
        if name in self.steps:
            return self.step(name)
        everywhere = np.ones((len(self.tokens),) * 2, dtype=bool)  # (n, n)
        return np.tril(everywhere) if self.config.mask == "causal" else everywhere

    @property
    def shown_tokens(self) -> list[str]:
        """The tokens as the screen shows them: a byte-level or SentencePiece checkpoint's pieces as text
        (`Ġthe` -> `␣the`, the bytes of 是 joined), see attntrace.pieces; `tokens` keeps the model's own."""
        from .pieces import readable

        return readable(self.tokens, self.config.tokenizer)

    @property
    def kv_head_ids(self) -> list[int]:
        """The K/V heads the kv_head axis holds: those the query heads in `head_ids` read (h // group)."""
        return kv_heads_of(self.head_ids, self.config)

    def axis_sizes(self) -> dict[str, int]:
        c = self.config
        sizes = catalogue.axis_sizes(len(self.tokens), c.d_model, c.n_heads, c.d_ff, c.position_offset, c.n_kv_heads)
        sizes["head"] = len(self.head_ids)
        sizes["kv_head"] = len(self.kv_head_ids)
        return sizes

    # --- selection ------------------------------------------------------------------------------------
    def select(
        self,
        steps: str | list[str] | None = None,
        layer: int | None = None,
        head: int | None = None,
    ) -> Trace:
        """A trace with only the steps matching the names or globs in `steps` (a list, or one string, which may
        hold several separated by commas: "X,*.weights"), the steps of `layer`, and the `head` along every head
        axis. Raises SelectionError (a ValueError) naming what matched nothing."""
        if isinstance(steps, str):
            steps = [p.strip() for p in steps.split(",") if p.strip()]
        chosen = dict(self.steps)
        if steps:
            for pattern in steps:
                if not any(_step_matches(n, pattern) for n in chosen):
                    short = ", ".join(dict.fromkeys(n.rsplit(".", 1)[-1] for n in chosen))
                    raise SelectionError("error.select.steps", arg=f"steps={pattern!r}", names=short,
                                         cli={"arg": f"--steps {pattern!r}"}, near=did_you_mean(pattern, list(chosen)))
            chosen = {n: s for n, s in chosen.items() if any(_step_matches(n, p) for p in steps)}
        if layer is not None:
            self.check_layer(layer)
            chosen = {n: s for n, s in chosen.items() if catalogue.layer_of(n) == layer}
        heads = self.heads
        if head is not None:
            k = self.head_index(head)
            kv = self.kv_head_ids.index(head // self.config.group)
            chosen = {n: _take_head(s, k, kv) for n, s in chosen.items()}
            heads = [head]
        if not chosen and (steps or layer is not None or head is not None):
            # each option matched something, but not together (--steps X --layer 0: X is outside every layer)
            given = {"steps": ",".join(steps) if steps else None, "layer": layer, "head": head}
            given = {k: v for k, v in given.items() if v is not None}
            python, cli = _args("{}={!r}", "--{} {}", **given)
            raise SelectionError("error.select.nothing", options=python, example="steps='*.weights', layer=0",
                                 cli={"options": cli, "example": "--steps '*.weights' --layer 0"})
        return replace(self, steps=chosen, heads=heads, notes=list(self.notes), unknown=list(self.unknown))

    # --- export ---------------------------------------------------------------------------------------
    def to_dict(self) -> dict:
        """The trace in the JSON format as plain Python data (nested lists of floats, a mask of bools).
        Raises UnwritableTraceError when a step holds NaN or infinity."""
        from .io.json import trace_to_dict

        return trace_to_dict(self)

    def to_json(self) -> str:
        """The trace as JSON text in the documented format (`attntrace schema`): floats at full precision,
        one step per line, the same bytes for the same trace. Raises UnwritableTraceError for NaN or infinity."""
        from .io.json import dumps

        return dumps(self)

    def to_npz(self) -> bytes:
        """The trace as a numpy archive (one float64 array per step and a JSON header): for big traces."""
        from .io.npz import to_npz_bytes

        return to_npz_bytes(self)

    @classmethod
    def from_json(cls, text: str | bytes) -> Trace:
        """Read JSON text in the trace format, checked as `verify` checks it. Raises TraceFormatError (a
        ValueError) naming the place of a problem: a line and column, or `steps[3] (blocks.0.attn.Q)`."""
        from .io.json import loads

        return loads(text)

    @classmethod
    def from_dict(cls, data: dict) -> Trace:
        """Build a trace from a dict in the trace format, as `json.loads` gives it or as your own code builds
        it: each step's `data` may be nested lists or a numpy array (any real dtype; a mask bool or 0/1).
        Checked like a file; raises TraceFormatError."""
        from .io.json import trace_from_dict

        return trace_from_dict(data)

    @classmethod
    def from_arrays(cls, tokens: list[str], config, arrays: dict, layout: str = "attntrace") -> Trace:
        """A trace from arrays you already have, by step name or short name (`"Q"`, `"ln1.out"`: layer 0).
        `layout="torch"` takes PyTorch's layouts: nn.Linear weights out × in, full projections (split into heads
        here), a batch axis of 1, and attn_mask (true where blocked). Arrays may be torch tensors."""
        from .io.arrays import from_arrays

        return from_arrays(tokens, config, arrays, layout)

    @classmethod
    def load(cls, path) -> Trace:
        """Read a trace file: JSON, or an NPZ archive written by `--npz` or `to_npz`."""
        from .io.load import load

        return load(path)

    # --- display (Rich, and so Jupyter) ---------------------------------------------------------------
    def __rich__(self):
        from .render.tables import render_trace

        return render_trace(self)

    def _repr_mimebundle_(self, include=None, exclude=None):
        """In Jupyter: the interactive page (head, model and neuron views, step tables) in a sandboxed iframe,
        with the rendered tables as the plain-text fallback."""
        from .interactive import page
        from .render.tables import to_text

        return {"text/plain": to_text(self), "text/html": page(self)._repr_html_()}

    def __repr__(self) -> str:
        return (f"Trace(tokens={self.tokens!r}, steps={len(self.steps)}, "
                f"d_model={self.config.d_model}, heads={self.config.n_heads}, layers={self.config.n_layers})")


def _step_matches(name: str, pattern: str) -> bool:
    """A full name or glob matches as written; a bare name without a dot (Q, weights) also matches the last
    part of a step's name, so `Q` picks that step in every layer."""
    return fnmatch.fnmatchcase(name, pattern) or (
        "." not in pattern and fnmatch.fnmatchcase(name.rsplit(".", 1)[-1], pattern))


def kv_heads_of(heads: list[int], config: Config) -> list[int]:
    """The K/V heads that the query heads `heads` read, in order, each once."""
    return list(dict.fromkeys(h // config.group for h in heads))


def _take_head(step: Step, k: int, kv: int) -> Step:
    """Keep query head number k of the head axis, or K/V head number kv of the kv_head axis."""
    info = step.info
    for kind, index in (("head", k), ("kv_head", kv)):
        if info is not None and kind in info.axes:
            return replace(step, data=step.data.take([index], axis=info.axes.index(kind)))
    return step
