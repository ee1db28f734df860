"""Variant generation: numbers match a loop reference, determinism, degenerate draws are redrawn."""

from __future__ import annotations

import math

import numpy as np
import pytest
import reference
from hypothesis import given, settings
from hypothesis import strategies as st

from attntrace.config import Config
from attntrace.homework import GenerationError, Options, Student, degenerate, generate
from attntrace.homework.generate import SENTENCES, draw, exercise_trace, fingerprint, make_variant
from attntrace.tokenize import tokenize

NAMES = ("Q", "K", "V", "scores", "scaled", "weights", "Z")


def students(n: int) -> list[Student]:
    return [Student(f"s{i:03d}", "", f"s{i:03d}") for i in range(n)]


def head(trace, short):
    return trace.step("blocks.0.attn." + short)[0]


@pytest.mark.parametrize("d_head, low, high", [(4, -1, 1), (4, -2, 2), (1, -3, 3)])
def test_every_step_matches_the_loop_reference_and_the_numbers_are_small_whole_numbers(d_head, low, high):
    for v in generate(students(25), Options(seed=11, d_head=d_head, low=low, high=high)):
        tr = v.trace
        X = tr.step("X")
        assert np.array_equal(X, np.round(X)) and X.min() >= low and X.max() <= high
        assert len(tr.tokens) == 3 and tr.config.d_model == tr.config.d_head == d_head  # equal work by default
        W = {w: head(tr, w) for w in ("W_Q", "W_K", "W_V")}
        for w in W.values():
            assert np.array_equal(w, np.round(w)) and w.min() >= low and w.max() <= high
        ref = reference.attention_head(X.tolist(), W["W_Q"].tolist(), W["W_K"].tolist(), W["W_V"].tolist(),
                                       d_head, causal=False)
        for s in NAMES:
            np.testing.assert_allclose(head(tr, s), np.array(ref[s]), rtol=1e-12, atol=1e-12, err_msg=s)


def _is_degenerate_by_hand(tr, decimals: int = 2, ask=NAMES) -> bool:
    """The rules, with loops: a zero row of Q or K, V all zeros, a tied row of scores, a weight above 0.9, an
    asked step's answer all zeros at `decimals` places."""
    n = len(tr.tokens)
    Q, K, V, S, W = (head(tr, s).tolist() for s in ("Q", "K", "V", "scores", "weights"))
    for s in ask:
        if all(round(x, decimals) == 0 for row in head(tr, s).tolist() for x in row):
            return True
    if any(all(x == 0 for x in row) for row in Q + K) or all(x == 0 for row in V for x in row):
        return True
    if any(all(x == row[0] for x in row) for row in S):
        return True
    return any(max(W[i]) > 0.9 for i in range(n))


def test_generated_variants_are_never_degenerate_and_never_identical():
    vs = generate(students(200), Options(seed=5))
    assert not any(_is_degenerate_by_hand(v.trace) for v in vs)
    numbers = {tuple(np.concatenate([v.trace.step(n).ravel() for n in ("X", "blocks.0.attn.W_Q", "blocks.0.attn.W_K",
                                                                       "blocks.0.attn.W_V")])) for v in vs}
    assert len(numbers) == 200
    assert any(v.attempt > 0 for v in vs), "with 200 students some first draws are degenerate"
    assert len({v.code for v in vs}) == 200


def _trace(X, WQ, WK, WV):
    d = len(WQ)
    params = {"embed.token": np.array(X, float)}
    for name, w in (("W_Q", WQ), ("W_K", WK), ("W_V", WV)):
        params["blocks.0.attn." + name] = np.array([w], float)
    tokens = ["a", "b", "c"][: len(X)]
    return exercise_trace(" ".join(tokens), tokens, Config(d_model=d, n_heads=1, positional="none"), params)


def test_an_answer_all_zeros_at_the_asked_places_is_redrawn():
    """Weights [[.16,.42,.42],[.06,.47,.47],…] are all 0 to 0 places: the template's zeros would be right."""
    tr = _trace([[1], [2], [2]], [[1]], [[1]], [[1]])
    assert degenerate(tr, decimals=2) is None
    assert all(round(w, 0) == 0 for row in head(tr, "weights").tolist() for w in row)
    assert degenerate(tr, decimals=0) == "zero_answer"
    assert degenerate(tr, decimals=0, ask=("Q", "K", "V", "scores")) is None  # weights not asked
    ask = ("Q", "K", "V", "scores", "scaled", "Z")  # Z of 0.3 is 0 to 0 places
    vs = generate(students(60), Options(seed=3, decimals=0, ask=ask))
    assert not any(_is_degenerate_by_hand(v.trace, 0, ask) for v in vs)
    assert "zero_answer" in {why for v in vs for why in v.rejected}


def test_degenerate_finds_each_kind():
    ok = _trace([[1], [2]], [[1]], [[1]], [[1]])  # scores [[1,2],[2,4]]: fine
    assert degenerate(ok) is None
    assert degenerate(_trace([[0], [2]], [[1]], [[1]], [[1]])) == "zero_row"  # X row 0 is 0 -> Q, K rows are 0
    assert degenerate(_trace([[1], [1]], [[1]], [[1]], [[1]])) == "tied"  # equal keys: uniform weights
    assert degenerate(_trace([[1], [2]], [[1]], [[1]], [[0]])) == "zero_v"  # W_V = 0: V and Z are all zeros
    assert degenerate(_trace([[1], [3]], [[3]], [[3]], [[1]])) == "one_hot"  # scores 9·[[1,3],[3,9]]: saturated
    # scores [[2,4],[4,8]]: row 1 is 0.02 / 0.98, which rounds to no one-hot at 2 places but is nearly one
    nearly = _trace([[1], [2]], [[1]], [[2]], [[1]])
    assert round(1 / (1 + math.exp(-4)), 2) == 0.98 and degenerate(nearly) == "one_hot"
    w = 1 / (1 + math.exp(-54))
    assert round(w, 2) == 1.0  # the saturated case, by hand


def test_a_duplicate_or_degenerate_draw_is_redrawn_deterministically():
    opts = Options(seed=2026)
    s = Student("s001", "", "s001")
    first = make_variant(opts, s)
    again = make_variant(opts, s, taken={fingerprint(first.trace)})
    assert again.attempt > first.attempt and fingerprint(again.trace) != fingerprint(first.trace)
    assert again.rejected[first.attempt] == "duplicate"
    assert make_variant(opts, s, taken={fingerprint(first.trace)}).code == again.code
    for i, why in enumerate(first.rejected):  # every rejected draw was degenerate for the reason recorded
        assert degenerate(draw(opts, "s001", i)) == why


def test_variants_depend_on_seed_and_id_not_on_roster_order_or_size():
    a = {v.student.id: v.code for v in generate(students(30), Options(seed=1))}
    b = {v.student.id: v.code for v in generate(list(reversed(students(30))), Options(seed=1))}
    c = {v.student.id: v.code for v in generate(students(30)[:7], Options(seed=1))}
    assert a == b and all(a[k] == c[k] for k in c)
    d = {v.student.id: v.code for v in generate(students(30), Options(seed=2))}
    assert sum(a[k] == d[k] for k in a) < 3


def _han(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_builtin_sentences_have_two_to_four_distinct_tokens_each_count_in_both_languages():
    for lang, pool in SENTENCES.items():
        counts = set()
        for s in pool:
            tokens = tokenize(s)
            assert 2 <= len(tokens) <= 4 and len(set(tokens)) == len(tokens), s
            assert _han(s) == (lang == "zh"), s
            counts.add(len(tokens))
        assert counts == {2, 3, 4}, lang


@pytest.mark.parametrize("pool", ["zh", "en", "mixed"])
def test_sentences_option_chooses_the_pool(pool):
    texts = {v.trace.text for v in generate(students(60), Options(seed=8, sentences=pool))}
    langs = {"zh" if _han(s) else "en" for s in texts}
    assert langs == ({"zh", "en"} if pool == "mixed" else {pool})


def test_an_unknown_pool_is_refused():
    with pytest.raises(GenerationError, match="--sentences"):
        Options(sentences="fr")


def test_text_decides_the_token_count_unless_tokens_are_given():
    (v,) = generate(students(1), Options(text="今天晚上吃河马"))  # 4 tokens, although the default is 3
    assert len(v.trace.tokens) == 4
    with pytest.raises(GenerationError, match="--tokens"):
        generate(students(1), Options(text="今天晚上吃河马", min_tokens=3, max_tokens=3))


def test_token_range_picks_sentences_of_that_length():
    for v in generate(students(20), Options(seed=3, min_tokens=3, max_tokens=3)):
        assert len(v.trace.tokens) == 3


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), bounds=st.sampled_from([(-1, 1), (-2, 2), (0, 2)]),
       d_head=st.sampled_from([1, 4]))
def test_property_every_class_has_equal_work_and_no_row_nearly_one_hot(seed, bounds, d_head):
    """Whatever the seed: every variant has the same number of tokens (so the same number of answer cells),
    and no row of weights, recomputed with loops from the given numbers, has a weight above 0.9."""
    low, high = bounds
    vs = generate(students(8), Options(seed=seed, low=low, high=high, d_head=d_head))
    assert {len(v.trace.tokens) for v in vs} == {3}
    for v in vs:
        tr = v.trace
        ref = reference.attention_head(tr.step("X").tolist(), *(head(tr, w).tolist() for w in ("W_Q", "W_K", "W_V")),
                                       d_head, causal=False)
        assert all(max(row) <= 0.9 for row in ref["weights"]), (seed, v.student.id, ref["weights"])


def test_a_step_as_students_write_it_has_no_head_axis():
    from attntrace.homework.exercise import ASKABLE, GIVEN, shape, value

    (v,) = generate(students(1), Options(seed=4, min_tokens=3, max_tokens=3))
    n, d = len(v.trace.tokens), v.trace.config.d_model
    for short in GIVEN + ASKABLE:
        name = short if short == "X" else "blocks.0.attn." + short
        full = np.asarray(v.trace.steps[name].data)
        got = value(v.trace, short)
        assert got.shape == shape(short, n, d), short
        np.testing.assert_array_equal(got, full if short == "X" else full[0])
        assert short == "X" or full.shape == (1, *got.shape)
