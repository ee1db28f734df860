"""Per-student exercise variants, drawn deterministically from the seed and the student id.

Each variant is a `Trace` of the attention part of a one-head encoder (see `exercise`): the numbers X,
W_Q, W_K, W_V are small whole numbers drawn from `default_rng([seed, *sha256(student id), attempt])`, and every
later step is computed by walking `encoder.plan` with them, so the key holds exactly what `explain` and
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

from ..api import build_trace
from ..config import Config
from ..encoder import Param, plan
from ..i18n import Message
from ..tokenize import tokenize
from ..trace_data import Trace
from .exercise import DEFAULT_ASK, LAST_STEP, full_name
from .roster import Student

# Short sentences that tokenize to 2-4 distinct tokens (tests check this), Chinese and English.
SENTENCES = (
    "今天晚上吃河马",
    "猫吃鱼",
    "你好世界",
    "河马吃草",
    "他在看书",
    "我们去公园",
    "天气很好",
    "我喜欢学习",
    "小狗跑得快",
    "Hello world",
    "I love cats",
    "Cats eat fish",
    "Time flies",
    "Dogs chase cats",
    "We read books",
    "Birds sing at dawn",
    "The sun rises",
    "Good morning",
)

D_HEADS = (1, 4)  # √d_head is a whole number, so `scaled` stays easy by hand
MAX_ATTEMPTS = 2000
MAX_ENTRY = 99  # entries of X and the weights stay two-digit: the exercise is done by hand
MAX_TOKENS = 12  # by hand, and every draw and its softmax stay small: a refusal comes at once
MAX_TEXT = 200  # characters of --text; checked before tokenizing


class GenerationError(Message, ValueError):
    """Options that cannot give a usable exercise (a usage error on the command line)."""


@dataclass(frozen=True)
class Options:
    seed: int = 2026
    low: int = -1  # whole numbers in X and the weights are drawn from low..high
    high: int = 1
    d_head: int = 4  # d_model = d_head: one head
    min_tokens: int = 2
    max_tokens: int = 4
    text: str | None = None  # the sentence for every variant; None picks from SENTENCES per student
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
        if not 1 <= self.min_tokens <= self.max_tokens:
            raise GenerationError("hw.gen.tokens", low=self.min_tokens, high=self.max_tokens)
        if self.max_tokens > MAX_TOKENS:
            raise GenerationError("hw.gen.max_tokens", limit=MAX_TOKENS, value=self.max_tokens)
        if self.text is not None and len(self.text) > MAX_TEXT:
            raise GenerationError("hw.gen.text_long", n=len(self.text), limit=MAX_TEXT)
        if self.seed < 0:
            raise GenerationError("hw.gen.seed", seed=self.seed)


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
    if options.text is not None:
        tokens = _tokens(options.text, options.tokenizer)
        if not options.min_tokens <= len(tokens) <= options.max_tokens:
            raise GenerationError("hw.gen.text_tokens", n=len(tokens), tokens=" / ".join(tokens),
                                  low=options.min_tokens, high=options.max_tokens)
        return [(options.text, tokens)]
    pool = [(s, _tokens(s, options.tokenizer)) for s in SENTENCES]
    pool = [(s, t) for s, t in pool if options.min_tokens <= len(t) <= options.max_tokens]
    if not pool:
        raise GenerationError("hw.gen.no_sentence", low=options.min_tokens, high=options.max_tokens)
    return pool


def _id_words(student_id: str) -> list[int]:
    digest = hashlib.sha256(student_id.encode("utf-8")).digest()
    return [int.from_bytes(digest[i : i + 4], "little") for i in range(0, 32, 4)]


def exercise_trace(text: str, tokens: list[str], config: Config, params: dict[str, np.ndarray]) -> Trace:
    """Walk the encoder plan with `params` and stop after the attention output Z."""
    values: dict[str, np.ndarray] = {}
    for step in plan(config, len(tokens)):
        if isinstance(step, Param):
            values[step.name] = np.asarray(params[step.name], dtype=np.float64)
        else:
            values[step.name] = step.fn(*(values[i] for i in step.inputs))
        if step.name == LAST_STEP:
            break
    return build_trace(text, tokens, config, values)


def draw(options: Options, student_id: str, attempt: int,
         pool: list[tuple[str, tuple[str, ...]]] | None = None) -> Trace:
    """One candidate exercise for `student_id`: the `attempt`-th draw."""
    pool = pool or sentence_pool(options)
    rng = np.random.default_rng([options.seed, *_id_words(student_id), attempt])
    text, tokens = pool[int(rng.integers(len(pool)))]
    n, d = len(tokens), options.d_head
    lo, hi = options.low, options.high + 1
    params = {"embed.token": rng.integers(lo, hi, size=(n, d)).astype(np.float64)}  # X, (n, D)
    for w in ("W_Q", "W_K", "W_V"):
        params[full_name(w)] = rng.integers(lo, hi, size=(1, d, d)).astype(np.float64)  # (H=1, D, d_head)
    config = Config(d_model=d, n_heads=1, n_layers=1, seed=options.seed, positional="none",
                    tokenizer=options.tokenizer)
    return exercise_trace(text, list(tokens), config, params)


def degenerate(trace: Trace, decimals: int = 2) -> str | None:
    """Why this exercise would be a poor one, or None when it is fine.

    - "zero_row": a row of Q or K is all zeros (that token's scores are all 0: nothing to compute);
    - "tied": a row of scores has every entry equal (its weights are uniform without any softmax work);
    - "one_hot": a row of weights rounds to one-hot at `decimals` places (softmax saturated: 1.00 and 0.00s).
    """
    Q, K = trace.step(full_name("Q"))[0], trace.step(full_name("K"))[0]  # (n, d)
    if (~Q.any(axis=-1)).any() or (~K.any(axis=-1)).any():
        return "zero_row"
    scores = trace.step(full_name("scores"))[0]  # (n, n)
    if (scores == scores[:, :1]).all(axis=-1).any():
        return "tied"
    weights = trace.step(full_name("weights"))[0]  # (n, n)
    if (np.round(weights.max(axis=-1), decimals) >= 1.0).any():
        return "one_hot"
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
        why = degenerate(trace, options.decimals)
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
