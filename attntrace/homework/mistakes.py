"""Known mistakes: a step whose every wrong cell one common mistake explains, named with verify's diagnosis.

`attntrace.diagnose` replays the usual mistakes of a step (no ÷√d_k, softmax over the columns, K·Qᵀ, …) on
the student's own earlier answers. When one of them gives the student's whole answer (each cell within its
tolerance), the step gets that mistake's sentence as feedback and the credit the key gives that mistake
(`grading.mistake_credit`: a share of the step's points per mistake, and "default" for the others; 0 unless
the key says otherwise). The cells that happen to be right anyway (a score of 0 stays 0 without ÷√d_k) earn
nothing on their own. When two mistakes give the same numbers, the one with more credit counts.
"""

from __future__ import annotations

# The mistakes of the diagnose catalogue that an exercise step can show (one head, no mask, no bias), by the
# name a key uses: the diagnose key without "diagnose.".
KNOWN = (
    "qkv.transposed", "qkv.other_weight",
    "scores.swapped", "scores.scaled_early",
    "scaled.no_sqrt", "scaled.by_d_k", "scaled.d_model", "scaled.times",
    "weights.axis", "weights.scores", "weights.twice", "weights.no_sum", "weights.whole",
    "Z.transposed", "Z.K",
)
DEFAULT = "default"
DEFAULT_CREDIT = 0.0


def name(cause: str) -> str:
    """"diagnose.scaled.no_sqrt" -> "scaled.no_sqrt"."""
    return cause.removeprefix("diagnose.")


def explain(trace, step, close):
    """The diagnose Hint when one known mistake explains every cell of this locally wrong step, else None."""
    from ..check.diagnose import diagnose_step

    hint = diagnose_step(trace, step, close)
    if not hint.specific or not all(name(c) in KNOWN for c in hint.causes):
        return None
    return hint


def credit(shares: dict[str, float], hint) -> float:
    """The share of the step's points this mistake earns (the best of mistakes giving the same numbers)."""
    default = shares.get(DEFAULT, DEFAULT_CREDIT)
    return max(shares.get(name(c), default) for c in hint.causes)
