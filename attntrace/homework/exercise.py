"""What an exercise is made of: the steps a student may be asked for, their short names, shapes and points.

A homework exercise is the attention part of layer 0 of a one-head encoder with d_model = d_head, without
positional encoding, so that X, W_Q, W_K and W_V are small whole numbers a student can work with by hand:

    Q = X·W_Q,  K = X·W_K,  V = X·W_V,  scores = Q·Kᵀ,  scaled = scores / √d_k,
    weights = softmax(scaled) row by row,  Z = weights·V

Students write matrices without the head axis (one head): Q is (n, d), scores is (n, n).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from ..trace_data import Trace

PREFIX = "blocks.0.attn."

# Steps a student can be asked for, in computation order; the short name is what sheets and submissions use.
ASKABLE = ("Q", "K", "V", "scores", "scaled", "weights", "Z")
GIVEN = ("X", "W_Q", "W_K", "W_V")  # always printed: the inputs
DEFAULT_ASK = ASKABLE

# Points per step (a teacher may edit them in key.json). The matrix products that take longest and the
# softmax count double.
DEFAULT_POINTS = {"Q": 1.0, "K": 1.0, "V": 1.0, "scores": 2.0, "scaled": 1.0, "weights": 2.0, "Z": 2.0}

# The last step the exercise needs from the encoder plan: everything after it (W_O, out, ...) is not computed.
LAST_STEP = PREFIX + "Z"


def full_name(short: str) -> str:
    """"Q" -> "blocks.0.attn.Q"; "X" stays "X"."""
    return short if short == "X" else PREFIX + short


def short_name(name: str) -> str:
    return name[len(PREFIX):] if name.startswith(PREFIX) else name


def parse_ask(text: str | None) -> tuple[str, ...]:
    """"Q,K,weights" -> ("Q", "K", "weights") in computation order. Case does not matter; the full step
    names (blocks.0.attn.Q) are accepted too. Raises ValueError naming an unknown step."""
    if text is None:
        return DEFAULT_ASK
    lookup = {s.lower(): s for s in ASKABLE}
    chosen = set()
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        key = short_name(part).lower()
        if key not in lookup:
            raise ValueError(part)
        chosen.add(lookup[key])
    if not chosen:
        raise ValueError(text)
    return tuple(s for s in ASKABLE if s in chosen)


def value(trace: Trace, short: str) -> np.ndarray:
    """A step as students write it, without the head axis (one head): (n, d), (n, n) or (d, d)."""
    data = trace.step(full_name(short))
    return data if short == "X" else data[0]


def axes(short: str) -> tuple[str, str]:
    """What rows and columns of a (head-less) step are: "token" rows, "dim" columns, or "key" columns."""
    if short == "X":
        return ("token", "model")
    if short in ("W_Q", "W_K", "W_V"):
        return ("model", "dim")
    if short in ("scores", "scaled", "weights"):
        return ("token", "key")
    return ("token", "dim")


def labels(short: str, tokens: list[str], d_model: int) -> tuple[list[str], list[str]]:
    """Row and column labels of a step: tokens, or dimensions d0, d1, ..."""
    dims = [f"d{i}" for i in range(d_model)]
    rows, cols = axes(short)
    return (list(tokens) if rows == "token" else dims, list(tokens) if cols == "key" else dims)


def shape(short: str, n: int, d: int) -> tuple[int, int]:
    rows, cols = axes(short)
    return (n if rows == "token" else d, n if cols == "key" else d)


def needed_givens(ask: tuple[str, ...]) -> tuple[str, ...]:
    """Intermediate steps printed as givens: every step not asked that comes before the last asked one, so a
    student asked only for `weights` and `Z` is given Q, K, V, scores and scaled."""
    last = max(ASKABLE.index(s) for s in ask)
    return tuple(s for s in ASKABLE[:last] if s not in ask)


GIVEN_DECIMALS = 4  # given values that are not whole numbers are printed on sheets to this many places


def printed(values):
    """The values as a sheet prints them (whole numbers stay exact); grading allows for the difference."""
    import numpy as np

    return np.round(values, GIVEN_DECIMALS)


def format_given(x: float) -> str:
    """2 -> "2", -0.0 -> "0", 0.73105857 -> "0.7311"."""
    r = round(float(x), GIVEN_DECIMALS)
    if r == int(r):
        return str(int(r))
    return f"{r:.{GIVEN_DECIMALS}f}".rstrip("0")
