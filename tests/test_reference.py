"""Every step of attntrace.trace(...) against the independent loop-based reference in tests/reference.py."""

from __future__ import annotations

import numpy as np
import pytest
import reference

from attntrace.models.seeded import trace

CONFIGS = [
    pytest.param("今天晚上吃河马", dict(), id="zh-default"),
    pytest.param("The animal didn't cross the street.", dict(d_model=8, n_heads=2, seed=7), id="en-d8-h2-seed7"),
    pytest.param("今天晚上吃河马。Attention is all you need!", dict(d_model=8, n_heads=4, n_layers=3, mask="causal"),
                 id="mixed-d8-h4-l3-causal"),
    pytest.param("今天晚上吃河马", dict(d_model=4, n_heads=2, positional="none", d_ff=6, seed=7),
                 id="zh-h2-nopos-dff6"),
    pytest.param("Attention is all you need", dict(d_model=8, n_layers=3, mask="causal", positional="none", d_ff=3),
                 id="en-l3-causal-nopos-dff3"),
    pytest.param("我爱 NLP, and you?", dict(d_model=4, n_heads=4, seed=7), id="mixed-d4-h4"),
    pytest.param("吃", dict(d_model=4, mask="causal"), id="one-token-causal"),
    pytest.param("the cat the cat the", dict(d_model=5, n_layers=2), id="odd-d5-repeats"),
    pytest.param("河马 吃 河马", dict(d_model=4, tokenizer="space", ln_eps=1e-3, activation="gelu"),
                 id="space-gelu-eps"),
]


def assert_steps_match(ours: dict[str, np.ndarray], ref: dict[str, list]) -> None:
    """Compare step by step in computation order, naming the first step that differs and the one before."""
    prev = None
    for name, expected in ref.items():
        assert name in ours, f"step {name} missing from the trace (previous step: {prev})"
        got = ours[name]
        expected = np.asarray(expected)
        assert got.shape == expected.shape, f"step {name}: shape {got.shape}, reference {expected.shape}"
        if expected.dtype == bool:
            assert got.dtype == bool, f"step {name} should be true/false"
            np.testing.assert_array_equal(got, expected, err_msg=f"step {name} differs (previous step: {prev})")
        else:
            assert got.dtype == np.float64, f"step {name} is {got.dtype}, not float64"
            np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12,
                                       err_msg=f"step {name} differs (previous step: {prev})")
        prev = name


def run_reference(t) -> dict[str, list]:
    """The reference, fed the trace's inputs only: token rows, configuration and parameters."""
    c = t.config
    params = {name: t.step(name).tolist() for name in reference.param_names(c.n_layers)}
    return reference.encode(
        t.step("embed.token").tolist(), d_model=c.d_model, n_heads=c.n_heads, n_layers=c.n_layers, d_ff=c.d_ff,
        positional=c.positional, mask=c.mask, ln_eps=c.ln_eps, activation=c.activation, params=params,
    )


@pytest.mark.parametrize(("text", "options"), CONFIGS)
def test_every_step_matches_the_reference(text, options):
    t = trace(text, **options)
    ref = run_reference(t)
    assert_steps_match({n: t.step(n) for n in t.names}, ref)


@pytest.mark.parametrize(("text", "options"), CONFIGS)
def test_step_names_are_the_contract(text, options):
    t = trace(text, **options)
    c = t.config
    expected = reference.step_names(c.n_layers, c.positional, c.mask)
    assert set(t.names) == set(expected)
    assert len(t.names) == len(expected)  # no duplicates
    # the attention table, in its order, appears in the trace's computation order
    for layer in range(c.n_layers):
        a = f"blocks.{layer}.attn."
        table = [a + s for s in ("Q", "scores", "scaled", "weights", "Z", "out")]
        assert [n for n in t.names if n in table] == table
        assert t.names.index(f"blocks.{layer}.out") > t.names.index(a + "out")
    assert t.names.index("X") < t.names.index("blocks.0.attn.Q")


@pytest.mark.parametrize(("text", "options"), CONFIGS)
def test_shapes_are_the_contract(text, options):
    t = trace(text, **options)
    c, n, H = t.config, len(t.tokens), t.config.n_heads
    D, d, F = c.d_model, c.d_model // c.n_heads, c.d_ff
    shapes = {"X": (n, D), "embed.token": (n, D), "embed.position": (n, D)}
    for layer in range(c.n_layers):
        a = f"blocks.{layer}.attn."
        shapes.update({a + "W_Q": (H, D, d), a + "W_K": (H, D, d), a + "W_V": (H, D, d), a + "Q": (H, n, d),
                       a + "K": (H, n, d), a + "V": (H, n, d), a + "scores": (H, n, n), a + "scaled": (H, n, n),
                       a + "mask": (n, n), a + "weights": (H, n, n), a + "Z": (H, n, d), a + "W_O": (H, d, D),
                       a + "out": (n, D), f"blocks.{layer}.ffn.h": (n, F), f"blocks.{layer}.out": (n, D)})
    for name in t.names:
        if name in shapes:
            assert t.step(name).shape == shapes[name], name


@pytest.mark.parametrize(("text", "options"), CONFIGS)
def test_token_rows_follow_the_documented_derivation(text, options):
    """embed.token row = default_rng([seed, *sha256 words]).standard_normal(d_model), bit for bit."""
    t = trace(text, **options)
    c = t.config
    expected = [reference.seeded_token_row(tok, c.seed, c.d_model) for tok in t.tokens]
    np.testing.assert_array_equal(t.step("embed.token"), np.array(expected), err_msg="embed.token")


@pytest.mark.parametrize(("text", "options"), CONFIGS)
def test_weights_follow_the_documented_draw_order(text, options):
    t = trace(text, **options)
    c = t.config
    expected = reference.seeded_params(c.seed, c.d_model, c.n_heads, c.n_layers, c.d_ff)
    assert set(expected) == set(reference.param_names(c.n_layers))
    for name, value in expected.items():
        np.testing.assert_array_equal(t.step(name), np.array(value), err_msg=name)


def test_heads_regroup_the_same_draws():
    """weights.py: changing the number of heads regroups the same numbers instead of drawing new ones."""
    one = trace("今天晚上吃河马", d_model=8, n_heads=1)
    four = trace("今天晚上吃河马", d_model=8, n_heads=4)
    for w in ("W_Q", "W_K", "W_V"):
        full = one.step(f"blocks.0.attn.{w}")[0]  # (D, D)
        split = four.step(f"blocks.0.attn.{w}")  # (4, D, 2)
        np.testing.assert_array_equal(np.concatenate(list(split), axis=1), full, err_msg=w)
    np.testing.assert_array_equal(np.concatenate(list(four.step("blocks.0.attn.W_O")), axis=0),
                                  one.step("blocks.0.attn.W_O")[0])


def test_the_comparison_helper_names_the_step():
    """The helper must fail, and say where, when one number is off."""
    t = trace("今天晚上吃河马")
    ours = {n: t.step(n).copy() for n in t.names}
    ref = run_reference(t)
    ours["blocks.0.attn.scaled"][0, 1, 2] += 1e-9
    with pytest.raises(AssertionError, match=r"step blocks\.0\.attn\.scaled differs \(previous step: "
                                             r"blocks\.0\.attn\.scores\)"):
        assert_steps_match(ours, ref)


def test_reference_positional_encoding_known_values():
    """The reference itself, against hand-computed numbers: PE[0] = (0, 1, 0, 1), PE[1, 0] = sin 1."""
    pe = reference.positional_encoding(2, 4)
    assert pe[0] == [0.0, 1.0, 0.0, 1.0]
    assert pe[1][0] == pytest.approx(0.8414709848078965)
    assert pe[1][1] == pytest.approx(0.5403023058681398)
    assert pe[1][2] == pytest.approx(0.009999833334166664)  # sin(1/100)


def test_the_reference_shares_no_code_with_attntrace():
    import ast
    from pathlib import Path

    tree = ast.parse(Path(reference.__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not [m for m in imported if m.startswith("attntrace")]
    assert imported <= {"__future__", "hashlib", "math", "struct", "numpy"}
