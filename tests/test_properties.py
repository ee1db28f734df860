"""Properties every trace must have, whatever the numbers: stochastic rows, exact causal zeros,
permutation equivariance without positions, determinism, exact JSON round trips, schema-valid exports."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from attntrace import Trace
from attntrace.models.seeded import trace

CONFIGS = [
    ("今天晚上吃河马", dict()),
    ("The animal didn't cross the street.", dict(d_model=8, n_heads=2, seed=7)),
    ("今天晚上吃河马。Attention is all you need!", dict(d_model=8, n_heads=4, n_layers=3, mask="causal")),
    ("今天晚上吃河马", dict(n_heads=2, positional="none", d_ff=3, seed=7)),
    ("吃", dict(mask="causal")),
]
IDS = ["zh", "en-h2", "mixed-h4-l3-causal", "zh-nopos", "one-token"]

# Steps indexed by token, by which axes (the contract's shapes: (n, ·), (H, n, ·), (H, n, n)).
ROW_STEPS = ("embed.token", "X", "attn.out", "attn.resid", "ln1.out", "ffn.h", "ffn.act", "ffn.out", "ffn.resid",
             "out")
HEAD_ROW_STEPS = ("attn.Q", "attn.K", "attn.V", "attn.Z")
SQUARE_STEPS = ("attn.scores", "attn.scaled", "attn.weights")


def weight_names(t) -> list[str]:
    return [f"blocks.{layer}.attn.weights" for layer in range(t.config.n_layers)]


def assert_row_stochastic(w: np.ndarray, name: str) -> None:
    assert np.all(w >= 0.0), f"{name}: negative weight"
    np.testing.assert_allclose(w.sum(axis=-1), 1.0, rtol=0, atol=1e-12, err_msg=f"{name}: rows must sum to 1")


@pytest.mark.parametrize(("text", "options"), CONFIGS, ids=IDS)
def test_weight_rows_sum_to_one(text, options):
    t = trace(text, **options)
    for name in weight_names(t):
        assert_row_stochastic(t.step(name), name)


def test_row_check_catches_a_bad_row():
    w = np.array([[[0.5, 0.6], [0.5, 0.5]]])
    with pytest.raises(AssertionError, match="rows must sum to 1"):
        assert_row_stochastic(w, "w")


@pytest.mark.parametrize("n_layers", [1, 2])
def test_causal_mask_gives_exact_zeros_above_the_diagonal(n_layers):
    t = trace("今天晚上吃河马。Attention is all you need!", d_model=8, n_heads=2, n_layers=n_layers, mask="causal")
    n = len(t.tokens)
    above = np.triu(np.ones((n, n), dtype=bool), k=1)
    for layer in range(n_layers):
        w = t.step(f"blocks.{layer}.attn.weights")
        for h in range(t.config.n_heads):
            assert (w[h][above] == 0.0).all(), f"layer {layer} head {h}: a future token got weight"
            assert (w[h][~above] > 0.0).all(), f"layer {layer} head {h}: a visible token got no weight"
        mask = t.step(f"blocks.{layer}.attn.mask")
        assert mask.dtype == bool
        np.testing.assert_array_equal(mask, ~above)
        assert_row_stochastic(w, f"blocks.{layer}.attn.weights")
    assert t.step("blocks.0.attn.weights")[0, 0, 0] == 1.0  # the first token sees only itself


def test_mask_step_is_recorded_only_when_masked():
    masked = trace("今天晚上吃河马", n_layers=2, mask="causal")
    plain = trace("今天晚上吃河马", n_layers=2)
    assert {n for n in masked.names if n.endswith(".attn.mask")} == {"blocks.0.attn.mask", "blocks.1.attn.mask"}
    assert not [n for n in plain.names if "mask" in n]
    assert (plain.step("blocks.0.attn.weights") > 0).all()


@pytest.mark.parametrize(("n_heads", "n_layers"), [(1, 1), (2, 2)])
def test_without_positions_permuting_tokens_permutes_every_step(n_heads, n_layers):
    words = ["the", "animal", "did", "not", "cross", "street"]
    perm = [3, 0, 5, 1, 4, 2]  # new position k holds old token perm[k]
    options = dict(d_model=8, n_heads=n_heads, n_layers=n_layers, positional="none", tokenizer="space")
    a = trace(" ".join(words), **options)
    b = trace(" ".join(words[k] for k in perm), **options)
    assert b.tokens == [a.tokens[k] for k in perm]
    p = np.array(perm)
    checked = 0
    for name in a.names:
        x, y = a.step(name), b.step(name)
        suffix = name.split(".", 2)[-1] if name.startswith("blocks.") else name
        if suffix in ROW_STEPS:
            expected = x[p]
        elif suffix in HEAD_ROW_STEPS:
            expected = x[:, p]
        elif suffix in SQUARE_STEPS:
            expected = x[:, p][:, :, p]
        else:  # parameters do not depend on the tokens' order
            np.testing.assert_array_equal(y, x, err_msg=name)
            continue
        np.testing.assert_allclose(y, expected, rtol=1e-12, atol=1e-12, err_msg=name)
        checked += 1
    assert checked == 1 + n_layers * (len(ROW_STEPS) - 2 + len(HEAD_ROW_STEPS) + len(SQUARE_STEPS)) + 1


def test_same_seed_gives_identical_arrays():
    a = trace("今天晚上吃河马", d_model=8, n_heads=2, seed=7)
    b = trace("今天晚上吃河马", d_model=8, n_heads=2, seed=7)
    assert a.names == b.names
    for name in a.names:
        np.testing.assert_array_equal(a.step(name), b.step(name), err_msg=name)


def test_different_seeds_differ():
    a = trace("今天晚上吃河马", seed=0)
    b = trace("今天晚上吃河马", seed=7)
    for name in ("embed.token", "X", "blocks.0.attn.W_Q", "blocks.0.attn.W_O", "blocks.0.ffn.W_1",
                 "blocks.0.attn.weights", "blocks.0.out"):
        assert not np.array_equal(a.step(name), b.step(name)), name
    np.testing.assert_array_equal(a.step("embed.position"), b.step("embed.position"))  # no randomness in PE


def test_a_token_has_the_same_row_in_every_sentence():
    a = trace("今天晚上吃河马")
    b = trace("河马 is hungry", d_model=4)
    assert "河马" in a.tokens and "河马" in b.tokens
    row_a = a.step("embed.token")[a.tokens.index("河马")]
    row_b = b.step("embed.token")[b.tokens.index("河马")]
    np.testing.assert_array_equal(row_a, row_b)
    # but X differs, because the positions differ
    assert not np.array_equal(a.step("X")[a.tokens.index("河马")], b.step("X")[b.tokens.index("河马")])


def test_repeated_token_has_one_embedding():
    t = trace("the cat saw the dog")
    e = t.step("embed.token")
    np.testing.assert_array_equal(e[0], e[3])


_WRITE_JSON = (
    "import sys; from attntrace import trace; "
    "sys.stdout.buffer.write(trace(sys.argv[1], d_model=8, n_heads=2, n_layers=2, mask='causal').to_json()"
    ".encode('utf-8'))"
)


def test_two_processes_write_byte_identical_json():
    text = "今天晚上吃河马。Attention is all you need!"
    outputs = []
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        proc = subprocess.run([sys.executable, "-c", _WRITE_JSON, text], capture_output=True, env=env, check=True,
                              timeout=60)
        outputs.append(proc.stdout)
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 1000
    here = trace(text, d_model=8, n_heads=2, n_layers=2, mask="causal").to_json().encode("utf-8")
    assert outputs[0] == here


@pytest.mark.parametrize(("text", "options"), CONFIGS, ids=IDS)
def test_json_round_trip_is_exact(text, options):
    t = trace(text, **options)
    back = Trace.from_json(t.to_json())
    assert back.tokens == t.tokens
    assert back.text == t.text
    assert back.config == t.config
    assert back.names == t.names
    for name in t.names:
        x, y = t.step(name), back.step(name)
        assert x.dtype == y.dtype, name
        assert x.shape == y.shape, name
        assert x.tobytes() == y.tobytes(), f"{name}: not bit for bit"
    assert back.to_json() == t.to_json()


def test_the_saved_config_rebuilds_the_same_trace():
    """config holds everything needed to rebuild the trace: same text + config -> the same bytes."""
    from attntrace.config import Config

    t = trace("今天晚上吃河马。Hi!", d_model=8, n_heads=2, seed=3, mask="causal", positional="none", d_ff=5)
    data = json.loads(t.to_json())
    again = trace(data["text"], Config.from_dict(data["config"]))
    assert again.to_json() == t.to_json()


def test_a_trace_displays_itself_in_a_notebook():
    t = trace("今天晚上吃河马")
    bundle = t._repr_mimebundle_()
    assert "河马" in bundle["text/plain"] and "blocks.0.attn.weights" in bundle["text/plain"]
    assert bundle["text/html"].startswith("<iframe srcdoc=\"&lt;!DOCTYPE html&gt;")  # the interactive page


def test_json_has_no_nan_or_infinity_and_full_precision():
    t = trace("今天晚上吃河马", d_model=8, n_heads=2)
    text = t.to_json()
    assert "NaN" not in text and "Infinity" not in text
    data = json.loads(text)
    assert data["format"] == "attntrace.trace" and data["version"] == 1
    assert data["config"]["seed"] == 0 and "attntrace_version" in data["config"]
    first = data["steps"][0]
    assert first["name"] == "embed.token"
    assert first["data"][0][0] == float(t.step("embed.token")[0, 0])  # exact, not rounded


@pytest.fixture(scope="module")
def schema_validator():
    import importlib

    from typer.testing import CliRunner

    jsonschema = pytest.importorskip("jsonschema")
    importlib.import_module("attntrace.cli.common").reset_consoles()
    from attntrace.cli import app

    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0, result.stderr
    schema = json.loads(result.stdout)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


@pytest.mark.parametrize(("text", "options"), CONFIGS, ids=IDS)
def test_every_export_validates_against_the_schema(schema_validator, text, options):
    t = trace(text, **options)
    schema_validator.validate(json.loads(t.to_json()))
    narrowed = t.select(["*.weights", "X"], layer=None, head=t.config.n_heads - 1)
    schema_validator.validate(json.loads(narrowed.to_json()))


def test_schema_rejects_what_it_should(schema_validator):
    data = json.loads(trace("吃").to_json())
    assert schema_validator.is_valid(data)
    for broken in (
        {**data, "format": "other"},
        {**data, "version": 2},
        {**data, "tokens": []},
        {k: v for k, v in data.items() if k != "steps"},
        {**data, "config": {**data["config"], "unknown": 1}},
    ):
        assert not schema_validator.is_valid(broken)
