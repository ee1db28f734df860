"""How tokens, axes and cells are named wherever a trace is shown or reported (tables, the page, verify's
JSON): `今天`, `吃@2` for a repeated token, `d0`, `h0 今天→晚上`. Labels only; nothing here draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import steps as catalogue
from .visible import visible

if TYPE_CHECKING:
    from .trace_data import Trace

ELLIPSIS = "…"


# A token longer than this is shown cut, with an ellipsis: a 1 MB token would otherwise be the label of every
# row, each line a megabyte for the terminal (and Rich) to measure.
MAX_TOKEN_CHARS = 32


def token_texts(tokens: Sequence[str]) -> list[str]:
    """The tokens as shown: control characters (from a file, or --tokenizer space) as escapes (`\\x1b`), and
    a token of more than MAX_TOKEN_CHARS characters cut with an ellipsis."""
    return [visible(tok) if len(tok) <= MAX_TOKEN_CHARS else visible(tok[:MAX_TOKEN_CHARS - 1]) + ELLIPSIS
            for tok in tokens]


def token_labels(tokens: Sequence[str]) -> list[str]:
    """Tokens as row/column labels (as `token_texts` shows them); a label that would occur more than once
    gets its position appended."""
    shown = token_texts(tokens)
    counts: dict[str, int] = {}
    for tok in shown:
        counts[tok] = counts.get(tok, 0) + 1
    return [f"{tok}@{i}" if counts[tok] > 1 else tok for i, tok in enumerate(shown)]


def axis_labels(kind: str, size: int, tokens: Sequence[str]) -> list[str]:
    if kind in ("token", "query", "key"):
        return token_labels(tokens)
    return [f"{catalogue.AXIS_LABEL_PREFIX.get(kind, '')}{i}" for i in range(size)]


def cell_label(name: str, index: tuple[int, ...], trace: Trace) -> str:
    """A cell named as a learner reads the tables: `h0 今天→晚上`, `h1 吃 d2`, `河马 d0`."""
    info = catalogue.info(name)
    if info is None or len(info.axes) != len(index):
        return str(list(index))
    tokens = token_labels(trace.tokens)
    parts: list[str] = []
    for kind, i in zip(info.axes, index, strict=True):
        if kind == "head":
            parts.append(f"h{trace.head_ids[i]}")
        elif kind == "key" and parts and "query" in info.axes:
            parts[-1] += f"→{tokens[i]}"
        elif kind in ("token", "query", "key"):
            parts.append(tokens[i])
        else:
            parts.append(f"{catalogue.AXIS_LABEL_PREFIX.get(kind, '')}{i}")
    return " ".join(parts)
