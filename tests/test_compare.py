"""attntrace compare: one token in two contexts. Expected values are read from the traces' steps and the cosine
is recomputed here with a plain loop."""

from __future__ import annotations

import math

import pytest

from attntrace.api import trace
from attntrace.cli import app
from attntrace.compare import compare, pair_tokens
from attntrace.focus import TokenChoiceError

TIRED = "The animal didn't cross the street because it was too tired."
WIDE = "The animal didn't cross the street because it was too wide."


def ref_cosine(u, v) -> float:
    dot = sum(float(a) * float(b) for a, b in zip(u, v, strict=True))
    return dot / (math.sqrt(sum(float(a) ** 2 for a in u)) * math.sqrt(sum(float(b) ** 2 for b in v)))


def test_it_has_the_same_input_and_a_different_output():
    a, b = trace(TIRED), trace(WIDE)
    c = compare(a, b, "it")
    i, j = a.tokens.index("it"), b.tokens.index("it")
    assert (c.pos_a, c.pos_b) == (i, j) == (7, 7)
    assert c.same_embedding and list(c.embed_a) == list(b.step("embed.token")[j])
    assert c.same_x  # the same position, so the same X
    name, ua, ub, cos = c.output
    assert name == "blocks.0.out"
    assert list(ua) == list(a.step("blocks.0.out")[i]) and list(ub) == list(b.step("blocks.0.out")[j])
    assert list(ua) != list(ub)
    assert not c.same_output
    assert cos == pytest.approx(ref_cosine(ua, ub), rel=1e-12)
    assert cos < 1 - 1e-6
    # its attention row over the shared tokens: the weights the trace holds
    rows = c.attention[0].rows
    shared = [r for r in rows if r.pos_a is not None and r.pos_b is not None]
    assert [r.token for r in shared] == [t for t in a.tokens if t != "tired"]
    for r in shared:
        assert r.weight_a[0] == a.step("blocks.0.attn.weights")[0, i, r.pos_a]
        assert r.weight_b[0] == b.step("blocks.0.attn.weights")[0, j, r.pos_b]
    assert [(r.token, r.pos_a, r.pos_b) for r in rows[-2:]] == [("tired", 10, None), ("wide", None, 10)]


def test_pairing_repeats_in_order():
    a = ["the", "cat", "saw", "the", "dog"]
    b = ["the", "dog", "saw", "a", "cat"]
    assert pair_tokens(a, b) == [("the", 0, 0), ("cat", 1, 4), ("saw", 2, 2), ("dog", 4, 1),
                                 ("the", 3, None), ("a", None, 3)]


def test_a_token_at_another_position_has_the_same_embedding_but_another_x():
    a, b = trace("a b", d_model=6), trace("b a", d_model=6)
    c = compare(a, b, "a")
    assert c.same_embedding and not c.same_x
    assert c.x_cosine == pytest.approx(ref_cosine(a.step("X")[0], b.step("X")[1]), rel=1e-12)
    no_pe = compare(trace("a b", positional="none"), trace("b a", positional="none"), "a")
    assert no_pe.same_x


def test_errors_name_the_sentence():
    a, b = trace("a b"), trace("c d")
    with pytest.raises(TokenChoiceError) as e:
        compare(a, b, "a")
    assert str(e.value).startswith("S2: no token a")


# --- the command line ------------------------------------------------------------------------------------------


@pytest.fixture
def run(runner):
    def invoke(*args, env=None):
        return runner.invoke(app, list(args), env={"COLUMNS": "100", "NO_COLOR": "1", **(env or {})})

    return invoke


def test_cli_animal_it(run):
    r = run("compare", TIRED, WIDE, "--token", "it")
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    assert "The token embedding E[it] in S1 and S2: identical" in out
    assert "Its row of X (position 7 in both): identical" in out
    assert "different vectors: the same input, changed by its context" in out
    a, b = trace(TIRED), trace(WIDE)
    cos = ref_cosine(a.step("blocks.0.out")[7], b.step("blocks.0.out")[7])
    assert f"Cosine similarity of the two outputs of it (blocks.0.out): {cos:.3f}" in out
    # the attention row, side by side: "tired" only in S1, "wide" only in S2
    w = a.step("blocks.0.attn.weights")[0, 7]
    assert f"tired   │ {w[10]:.3f} │     — │" in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_cli_compare_takes_every_model_option(run):
    r = run("compare", "a b c d", "c d a b", "--token", "a", "--tokenizer", "space", "--d-model", "8", "--heads", "2",
            "--layers", "2", "--d-ff", "4", "--seed", "3", "--positional", "none", "--mask", "causal",
            "--precision", "4", "--layer", "1", "--head", "1")
    assert r.exit_code == 0, r.stderr
    assert "layer 1 · head 1" in r.stdout and "layer 0 · head" not in r.stdout
    assert "There is no positional encoding" in r.stdout
    a, b = trace("a b c d", tokenizer="space", d_model=8, n_heads=2, n_layers=2, d_ff=4, seed=3, positional="none",
                 mask="causal"), \
        trace("c d a b", tokenizer="space", d_model=8, n_heads=2, n_layers=2, d_ff=4, seed=3, positional="none",
              mask="causal")
    cos = ref_cosine(a.step("blocks.1.out")[0], b.step("blocks.1.out")[2])
    assert f"(blocks.1.out): {cos:.4f}" in r.stdout


@pytest.mark.parametrize("args, words", [
    (["a b", "c d", "--token", "a"], "S2: no token a"),
    (["a b a", "a", "--token", "a"], "S1: a occurs more than once"),
    (["a b", "a b", "--token", "a", "--heads", "3"], "must be divisible"),
    (["", "a b", "--token", "a"], "the text is empty"),
    (["a b", "a b", "--token", "a", "--layer", "2"], "layer 2 is out of range"),
])
def test_cli_compare_usage_errors(run, args, words):
    r = run("compare", *args)
    assert r.exit_code == 2, r.stdout
    assert words in r.stderr and "attntrace compare --help" in r.stderr
    assert r.stdout == ""


def test_cli_compare_in_chinese_with_a_picture(run, tmp_path):
    svg = tmp_path / "c.svg"
    r = run("compare", TIRED, WIDE, "--token", "it", "--lang", "zh", "--svg", str(svg), "--step")
    assert r.exit_code == 0, r.stderr
    assert "it 在两个语境中" in r.stdout and "余弦相似度" in r.stdout
    assert "it 在两个语境中" in svg.read_text(encoding="utf-8").replace("&#160;", " ")


def test_cli_compare_with_a_checkpoint(run, tmp_path):
    """--model works as in explain: the same WordPiece token in two sentences of a tiny BERT checkpoint."""
    pytest.importorskip("safetensors.numpy")
    pytest.importorskip("tokenizers")
    from test_bert import make_checkpoint

    folder = make_checkpoint(tmp_path / "bert")
    r = run("compare", "the cat was too tired", "the mat was too wide", "--token", "was", "--model", str(folder))
    assert r.exit_code == 0, r.stderr
    assert "The token embedding E[was] in S1 and S2: identical" in r.stdout
    assert "blocks.1.out" in r.stdout
    assert "different vectors" in r.stdout
    bad = run("compare", "a", "b", "--token", "a", "--model", str(folder), "--heads", "2")
    assert bad.exit_code == 2  # the checkpoint fixes the sizes, as in explain
