"""Per-student exercise variants, drawn deterministically from the seed and the student id.

Each variant is a `Trace` of the attention part of a one-head encoder (see `exercise`): the numbers X,
W_Q, W_K, W_V are small whole numbers drawn from `default_rng([seed, *sha256(student id), attempt])`, and every
later step is computed by walking `models.plan.plan` with them, so the key holds exactly what `explain` and
`verify` would compute. The draw depends on the seed and the id only, never on the roster's order.

A draw is rejected, and the next attempt drawn, when the exercise would be degenerate (see `degenerate`) or
when another student already has the same numbers (students are visited in sorted-id order for that check,
so the outcome does not depend on the roster's order either).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from ..config import Config
from ..i18n import Message
from ..models.plan import build_trace, forward
from ..models.weights import seed_words
from ..tokenize import tokenize
from ..trace_data import Trace
from .course import POOLS  # --sentences: which built-in sentences a variant may use
from .exercise import DEFAULT_ASK, LAST_STEP, full_name, value
from .roster import Student

# Short sentences that tokenize to 2-4 distinct tokens, each count in both languages (tests check this).
SENTENCES = {
    "zh": (
        "今天晚上吃河马",
        "猫吃鱼",
        "你好世界",
        "河马吃草",
        "他在看书",
        "我们去公园",
        "天气很好",
        "我喜欢学习",
        "小狗跑得快",
        "妈妈做饭",
        "学生读书",
        "今天下雨",
        "我爱北京",
        "老师在上课",
        "小狗吃骨头",
        "我喜欢吃苹果",
        "河马爱吃草",
    ),
    "en": (
        "Hello world",
        "I love cats",
        "Cats eat fish",
        "Time flies",
        "Dogs chase cats",
        "We read books",
        "Birds sing at dawn",
        "The sun rises",
        "Good morning",
        "Birds fly",
        "Stars shine",
        "Bees make honey",
        "She reads books",
        "Cats sleep a lot",
        "We love long walks",
        "The dog runs fast",
    ),
}

D_HEADS = (1, 4)  # √d_head is a whole number, so `scaled` stays easy by hand
MAX_ATTEMPTS = 2000
MAX_ENTRY = 99  # entries of X and the weights stay two-digit: the exercise is done by hand
MAX_TOKENS = 12  # by hand, and every draw and its softmax stay small: a refusal comes at once
MAX_TEXT = 200  # characters of --text; checked before tokenizing
DEFAULT_TOKENS = 3  # every variant has this many tokens unless --tokens says otherwise: equal work for all
MAX_WEIGHT = 0.9  # no attention weight above this: a row nearer one-hot needs no softmax work (see degenerate)


class GenerationError(Message, ValueError):
    """Options that cannot give a usable exercise (a usage error on the command line)."""


@dataclass(frozen=True)
class Options:
    seed: int = 2026
    low: int = -1  # whole numbers in X and the weights are drawn from low..high
    high: int = 1
    d_head: int = 4  # d_model = d_head: one head
    min_tokens: int | None = None  # None: see `token_range`
    max_tokens: int | None = None
    text: str | None = None  # the sentence for every variant; None picks from SENTENCES per student
    sentences: str = "mixed"  # the built-in sentences to pick from: "zh", "en" or both ("mixed")
    ask: tuple[str, ...] = DEFAULT_ASK
    decimals: int = 2  # answers are given to this many places; degenerate() judges rounding with it
    tokenizer: str = "default"

    def __post_init__(self) -> None:
        if self.d_head not in D_HEADS:
            raise GenerationError("hw.gen.d_head", d=self.d_head)
        if self.low > self.high:
            raise GenerationError("hw.gen.range", low=self.low, high=self.high)
        if self.low == self.high == 0:
            raise GenerationError("hw.gen.zero_range")
        if max(abs(self.low), abs(self.high)) > MAX_ENTRY:
            raise GenerationError("hw.gen.range_size", low=self.low, high=self.high, limit=MAX_ENTRY)
        low, high = self.token_range
        if not 1 <= low <= high:
            raise GenerationError("hw.gen.tokens", low=low, high=high)
        if high > MAX_TOKENS:
            raise GenerationError("hw.gen.max_tokens", limit=MAX_TOKENS, value=high)
        if self.sentences not in POOLS:
            raise GenerationError("hw.gen.pool", value=self.sentences, choices=", ".join(POOLS))
        if self.text is not None and len(self.text) > MAX_TEXT:
            raise GenerationError("hw.gen.text_long", n=len(self.text), limit=MAX_TEXT)
        if self.seed < 0:
            raise GenerationError("hw.gen.seed", seed=self.seed)

    @property
    def token_range(self) -> tuple[int, int]:
        """How many tokens a variant may have: the given bounds; by default DEFAULT_TOKENS for every
        variant (equal work), or whatever --text gives."""
        if self.min_tokens is None and self.max_tokens is None:
            return (1, MAX_TOKENS) if self.text is not None else (DEFAULT_TOKENS, DEFAULT_TOKENS)
        return (1 if self.min_tokens is None else self.min_tokens,
                MAX_TOKENS if self.max_tokens is None else self.max_tokens)


@dataclass(frozen=True)
class Variant:
    student: Student
    code: str  # short fingerprint of the numbers, printed on the sheet and the submission template
    trace: Trace
    attempt: int = 0  # how many draws were rejected before this one
    rejected: tuple[str, ...] = field(default=(), compare=False)  # why (for tests and curious teachers)


@lru_cache(maxsize=256)
def _tokens(text: str, tokenizer: str) -> tuple[str, ...]:
    return tuple(tokenize(text, tokenizer))


def sentence_pool(options: Options) -> list[tuple[str, tuple[str, ...]]]:
    """The sentences a variant may use, with their tokens."""
    low, high = options.token_range
    if options.text is not None:
        tokens = _tokens(options.text, options.tokenizer)
        if not low <= len(tokens) <= high:
            raise GenerationError("hw.gen.text_tokens", n=len(tokens), tokens=" / ".join(tokens), low=low, high=high)
        return [(options.text, tokens)]
    langs = ("zh", "en") if options.sentences == "mixed" else (options.sentences,)
    pool = [(s, _tokens(s, options.tokenizer)) for lang in langs for s in SENTENCES[lang]]
    pool = [(s, t) for s, t in pool if low <= len(t) <= high]
    if not pool:
        raise GenerationError("hw.gen.no_sentence", low=low, high=high)
    return pool


def exercise_trace(text: str, tokens: list[str], config: Config, params: dict[str, np.ndarray]) -> Trace:
    """Walk the encoder plan with `params` and stop after the attention output Z."""
    return build_trace(text, tokens, config, forward(config, len(tokens), params, until=LAST_STEP))


def draw(options: Options, student_id: str, attempt: int,
         pool: list[tuple[str, tuple[str, ...]]] | None = None) -> Trace:
    """One candidate exercise for `student_id`: the `attempt`-th draw."""
    pool = pool or sentence_pool(options)
    rng = np.random.default_rng([options.seed, *seed_words(student_id), attempt])
    text, tokens = pool[int(rng.integers(len(pool)))]
    n, d = len(tokens), options.d_head
    lo, hi = options.low, options.high + 1
    params = {"embed.token": rng.integers(lo, hi, size=(n, d)).astype(np.float64)}  # X, (n, D)
    for w in ("W_Q", "W_K", "W_V"):
        params[full_name(w)] = rng.integers(lo, hi, size=(1, d, d)).astype(np.float64)  # (H=1, D, d_head)
    config = Config(d_model=d, n_heads=1, n_layers=1, seed=options.seed, positional="none",
                    tokenizer=options.tokenizer)
    return exercise_trace(text, list(tokens), config, params)


def degenerate(trace: Trace, decimals: int = 2, ask: tuple[str, ...] = DEFAULT_ASK) -> str | None:
    """Why this exercise would be a poor one, or None when it is fine.

    - "zero_row": a row of Q or K is all zeros (that token's scores are all 0: nothing to compute);
    - "zero_v": V is all zeros (W_V = 0 happens with a small --d-head): so is Z, and a template left as it
      was would be the right answer;
    - "tied": a row of scores has every entry equal (its weights are uniform without any softmax work);
    - "one_hot": a row of weights is nearly one-hot: its largest weight is above MAX_WEIGHT (0.9), or rounds
      to 1 at `decimals` places (softmax saturated: the row is 0.98 / 0.02 or 1.00 and 0.00s);
    - "zero_answer": an asked step among scores, scaled, weights and Z is all zeros at `decimals` places (Z of
      0.3 with --decimals 0): the template's zeros would be the right answer. With the rules above Q, K and V
      never are, so no asked step's answer is all zeros and an all-zeros answer is always unfilled work.
    """
    Q, K = value(trace, "Q"), value(trace, "K")  # (n, d)
    if (~Q.any(axis=-1)).any() or (~K.any(axis=-1)).any():
        return "zero_row"
    if not value(trace, "V").any():
        return "zero_v"
    scores = value(trace, "scores")  # (n, n)
    if (scores == scores[:, :1]).all(axis=-1).any():
        return "tied"
    weights = value(trace, "weights")  # (n, n)
    top = weights.max(axis=-1)  # (n,)
    if (top > MAX_WEIGHT).any() or (np.round(top, decimals) >= 1.0).any():
        return "one_hot"
    if any(not np.round(value(trace, s), decimals).any() for s in ("scores", "scaled", "weights", "Z") if s in ask):
        return "zero_answer"
    return None


def fingerprint(trace: Trace) -> bytes:
    """The numbers a student works with (not the sentence): equal fingerprints are the same exercise."""
    parts = [trace.step(n) for n in ("X", full_name("W_Q"), full_name("W_K"), full_name("W_V"))]
    return b"|".join(np.ascontiguousarray(p).tobytes() + str(p.shape).encode() for p in parts)


def variant_code(trace: Trace) -> str:
    """Eight hex digits of the exercise's numbers and tokens, e.g. 3FA9-C21B."""
    h = hashlib.sha256(fingerprint(trace) + "\x1f".join(trace.tokens).encode("utf-8")).hexdigest().upper()
    return f"{h[:4]}-{h[4:8]}"


def make_variant(options: Options, student: Student, taken: set[bytes] | frozenset[bytes] = frozenset(),
                 pool: list[tuple[str, tuple[str, ...]]] | None = None) -> Variant:
    """The first draw for `student` that is not degenerate and whose numbers nobody in `taken` has."""
    pool = pool or sentence_pool(options)
    rejected = []
    for attempt in range(MAX_ATTEMPTS):
        trace = draw(options, student.id, attempt, pool)
        why = degenerate(trace, options.decimals, options.ask)
        if why is None and fingerprint(trace) in taken:
            why = "duplicate"
        if why is None:
            return Variant(student, variant_code(trace), trace, attempt, tuple(rejected))
        rejected.append(why)
    most = max(set(rejected), key=rejected.count)
    who = GenerationError("hw.gen.who", id=student.id) if student.id else GenerationError("hw.gen.who_none")
    raise GenerationError("hw.gen.exhausted", who=who, attempts=MAX_ATTEMPTS,
                          reason=GenerationError(f"hw.gen.why.{most}"))


def generate(students: list[Student], options: Options) -> list[Variant]:
    """One variant per student, in the roster's order."""
    pool = sentence_pool(options)
    taken: set[bytes] = set()
    by_id: dict[str, Variant] = {}
    for student in sorted(students, key=lambda s: s.id):
        v = make_variant(options, student, taken, pool)
        taken.add(fingerprint(v.trace))
        by_id[student.id] = v
    return [by_id[s.id] for s in students]
