"""The attention path: the steps a learner reads first, and where each one sits on the path.

The path is what the textbook writes, X → Q, K, V → q·k → ÷√d_k → softmax → Σ w·v → the heads merged by
W_O. `stage_of(name)` says which of these stages a step belongs to (1 … 7), or None for a step off the
path (the embeddings' parts, the residuals, LayerNorm, the feed-forward network); `on_path` keeps the
steps a first screen shows, and `default_steps` says what the terminal shows when the user chose no step.
Nothing here computes a model value or renders anything.
"""

from __future__ import annotations

from . import steps as catalogue

# (the stage's short label on the map, the step patterns it holds); labels are formulas, not translated
STAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("X", ("X",)),
    ("Q,K,V", tuple(f"blocks.{{l}}.attn.{n}" for n in ("W_Q", "W_K", "W_V", "b_Q", "b_K", "b_V", "Q", "K", "V"))),
    ("q·k", ("blocks.{l}.attn.scores",)),
    ("÷√d_k", ("blocks.{l}.attn.scaled",)),
    ("softmax", ("blocks.{l}.attn.mask", "blocks.{l}.attn.weights")),
    ("Σ w·v", ("blocks.{l}.attn.Z",)),
    ("·W_O", ("blocks.{l}.attn.W_O", "blocks.{l}.attn.b_O", "blocks.{l}.attn.out")),
)
_STAGE = {pattern: k for k, (_, patterns) in enumerate(STAGES, start=1) for pattern in patterns}
NEXT_INPUT = "blocks.{l}.out"  # a layer's output is the next layer's X: stage 1 again


def stage_of(name: str, n_layers: int) -> int | None:
    """The stage (1-based, as the map numbers it) of step `name` in a trace of `n_layers` layers, or None.
    A layer's output is on the path when another layer reads it (it is that layer's input, stage 1)."""
    pattern = catalogue.pattern_of(name)
    if pattern == NEXT_INPUT:
        layer = catalogue.layer_of(name)
        return 1 if layer is not None and layer < n_layers - 1 else None
    return _STAGE.get(pattern)


def on_path(names: list[str], n_layers: int) -> list[str]:
    """The names on the attention path, in their order."""
    return [n for n in names if stage_of(n, n_layers) is not None]


WEIGHTS = "blocks.{l}.attn.weights"  # what a checkpoint's terminal shows by default


def default_steps(names: list[str], n_layers: int, *, checkpoint: bool, steps=None, layer: int | None = None,
                  head: int | None = None, view: str = "steps") -> list[str] | None:
    """The steps the terminal shows of a trace (`names`, of `n_layers` layers) when the user chose none, or None
    to show them all. Only the steps view is cut; --json and --npz hold every step.

    * A checkpoint (`explain --model DIR`) without --steps, --layer or --head: its attention weights. A full
      MiniLM trace is some 190 tables with hundreds of rows (over 100 000 lines, half a minute of drawing).
    * The seeded encoder and it-demo, or a saved trace, without --steps: the attention path (None when the
      path is every step).
    """
    if steps or view != "steps":
        return None
    if checkpoint:
        if layer is not None or head is not None:
            return None
        return [n for n in names if catalogue.pattern_of(n) == WEIGHTS] or None
    shown = on_path(names, n_layers)
    return shown if shown and len(shown) < len(names) else None


def head_columns(head: int, d_head: int) -> tuple[int, int]:
    """The first and last column of the full d_model-wide projection that head `head` takes: both attntrace
    and the checkpoints it reads split W_Q, W_K and W_V into heads by columns (and W_O by rows)."""
    return head * d_head, (head + 1) * d_head - 1
