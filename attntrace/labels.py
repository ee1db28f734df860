"""How tokens, axes and cells are named wherever a trace is shown or reported (tables, the page, verify's
JSON): `今天`, `吃@2` for a repeated token, `d0`, `h0 今天→晚上`. Labels only; nothing here draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import steps as catalogue
from .config import DECODERS
from .i18n import Message, has
from .visible import visible

if TYPE_CHECKING:
    from .config import Config
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
    tokens = token_labels(trace.shown_tokens)
    parts: list[str] = []
    for kind, i in zip(info.axes, index, strict=True):
        if kind == "head":
            parts.append(f"h{trace.head_ids[i]}")
        elif kind == "kv_head":  # named kv… only where K/V heads are fewer than query heads
            grouped = trace.config.n_kv_heads < trace.config.n_heads
            parts.append(f"{'kv' if grouped else 'h'}{(trace.kv_head_ids if grouped else trace.head_ids)[i]}")
        elif kind == "key" and parts and "query" in info.axes:
            parts[-1] += f"→{tokens[i]}"
        elif kind in ("token", "query", "key"):
            parts.append(tokens[i])
        else:
            parts.append(f"{catalogue.AXIS_LABEL_PREFIX.get(kind, '')}{i}")
    return " ".join(parts)


class TokenChoiceError(Message, ValueError):
    """A token given by text or position that is not in the sentence, or is there more than once."""


def token_list(tokens: list[str]) -> str:
    """`0 今天, 1 晚上, 2 吃`: the tokens with their positions, for error messages."""
    return ", ".join(f"{i} {visible(tok)}" for i, tok in enumerate(tokens))


def _is_position(text: str) -> bool:
    """ASCII digits only: str.isdigit also accepts '²' or '٣', which int() then rejects or reads as 3. At most
    9 of them: no sentence has a billion tokens, and int() refuses a string of over 4,300 digits."""
    return text.isascii() and text.isdigit() and len(text) <= 9


def resolve_token(tokens: list[str], spec: str) -> int:
    """The position of the token `spec` names: its text (when it occurs once), `text@position`, or a
    position. Raises TokenChoiceError listing the tokens when it names none or several, or when it is both a
    token's text and the position of another token ("2" in "I have 3 cats and 2 dogs"), which is not guessed."""
    hits = [i for i, tok in enumerate(tokens) if tok == spec]
    if hits and _is_position(spec.strip()) and int(spec) < len(tokens) and int(spec) not in hits:
        pos = int(spec)
        raise TokenChoiceError("error.token.two_readings", token=spec, positions=", ".join(map(str, hits)),
                               pos=pos, other=tokens[pos], as_text=", ".join(f"{spec}@{i}" for i in hits),
                               as_position=f"{tokens[pos]}@{pos}", tokens=token_list(tokens))
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise TokenChoiceError("error.token.ambiguous", token=spec, positions=", ".join(map(str, hits)),
                               tokens=token_list(tokens))
    text, at, pos = spec.rpartition("@")
    if at and _is_position(pos) and int(pos) < len(tokens) and tokens[int(pos)] == text:
        return int(pos)
    if _is_position(spec.strip()) and int(spec) < len(tokens):
        return int(spec)
    raise TokenChoiceError("error.token.unknown", token=spec, tokens=token_list(tokens))


def reason_key(info: catalogue.StepInfo | None, config: Config) -> str | None:
    """The message key of a step's one-line reason. A learned model's own wording comes first (by model, then
    family, then RoBERTa-style position offsets, then any pretrained model), else the seeded model's."""
    if info is None or not info.why:
        return None
    if config.model is None:
        return info.why
    keys = (f"{info.why}.{config.model}", f"{info.why}.{config.family}",
            f"{info.why}.offset" if config.position_offset else "",
            f"{info.why}.decoder" if config.family in DECODERS else "", f"{info.why}.model")
    return next((k for k in keys if k and has(k)), info.why)


def resolve_in(trace: Trace, spec: str) -> int:
    """resolve_token on a trace: `spec` may be a model's own piece (`Ġthe`), the piece as shown (`␣the`, `是`)
    or, where neither matches, the shown piece without its space marker (`the` for `␣the`, as a person types
    it); the tokens are listed as shown when it names none."""
    from .pieces import SPACE

    shown = trace.shown_tokens
    bare = [tok.removeprefix(SPACE) for tok in shown]
    for tokens in (trace.tokens, shown, bare):
        if any(spec == tok or spec.rpartition("@")[0] == tok for tok in tokens):
            return resolve_token(tokens, spec)
    return resolve_token(shown, spec)
