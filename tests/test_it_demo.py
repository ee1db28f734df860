"""it-demo, the built-in model trained for the "it … tired / wide" example: its files, its numbers against
the independent loop reference, its tokens, the held-out claims of the README, and the commands."""

from __future__ import annotations

import io
import json
import re
import sys
import zipfile
from importlib.resources import files
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_reference import assert_steps_match, run_reference

from attntrace import trace
from attntrace.models import load, trace_model
from attntrace.models.builtin import UNK, BuiltinError, WordModel, load_builtin, vocab_tokens

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "training"))
sys.path.insert(0, str(ROOT / "benchmarks"))
import bench_it_demo as bench  # noqa: E402
import it_demo_data as data  # noqa: E402

TIRED = "The animal didn't cross the street because it was too tired."
WIDE = "The animal didn't cross the street because it was too wide."
FOLDER = files("attntrace.models").joinpath("it_demo")


@pytest.fixture(scope="module")
def model() -> WordModel:
    return load("it-demo")


@pytest.fixture(scope="module")
def record() -> dict:
    return json.loads(FOLDER.joinpath("record.json").read_text(encoding="utf-8"))


# --- the shipped files -----------------------------------------------------------------------------------


def test_shipped_files_are_small_pickle_free_and_within_the_size_limits(model, record):
    raw = FOLDER.joinpath("weights.npz").read_bytes()
    assert len(raw) < 20_000
    with zipfile.ZipFile(io.BytesIO(raw)) as z:  # every array is a plain .npy of floats, no object arrays
        assert all(n.endswith(".npy") for n in z.namelist())
    with np.load(io.BytesIO(raw), allow_pickle=False) as npz:
        assert {npz[k].dtype for k in npz.files} == {np.dtype(np.float32)}
    c = model.config
    assert c.d_model <= 16 and c.n_layers <= 2 and c.n_heads <= 4
    assert (c.model, c.tokenizer, c.positional, c.activation) == ("it-demo", "vocab", "sinusoidal", "relu")
    assert model.vocab[0] == UNK and len(set(model.vocab)) == len(model.vocab)
    assert model.vocab == data.vocabulary()  # the vocabulary is the training data's, word for word
    assert model.table.shape == (len(model.vocab), c.d_model)
    made, training = record["made_by"], record["training"]
    assert made["script"] == "training/train_it_demo.py" and (ROOT / made["script"]).is_file()
    assert made["data_version"] == data.VERSION
    for key in ("seed", "sentences_per_language", "held_out_per_language", "steps", "objective"):
        assert key in training, key
    assert record["config"] == c.to_dict()


def test_the_trace_matches_the_independent_loop_reference(model):
    for text in (TIRED, "动物没有过马路，因为它太宽了。"):
        t = trace_model(text, model)
        assert_steps_match({n: t.step(n) for n in t.names}, run_reference(t))
        np.testing.assert_array_equal(t.step("embed.token"), model.table[model.encode(text)[1]])


def test_the_api_takes_the_name_like_a_folder():
    a, b = trace(TIRED, model="it-demo"), trace_model(TIRED, "it-demo")
    assert a.tokens == b.tokens == "the animal didn't cross the street because it was too tired .".split()
    np.testing.assert_array_equal(a.step("blocks.1.attn.weights"), b.step("blocks.1.attn.weights"))
    with pytest.raises(TypeError):
        trace(TIRED, model="it-demo", d_model=8)


def test_the_api_notes_unknown_words():
    t = trace("The banana didn't cross the street", model="it-demo")
    assert t.tokens[1] == UNK and any("banana" in note for note in t.notes)
    assert trace(TIRED, model="it-demo").notes == []


def test_a_folder_called_it_demo_is_reached_with_a_path(run, tmp_path, monkeypatch):
    (tmp_path / "it-demo").mkdir()
    monkeypatch.chdir(tmp_path)
    r = run("explain", "--model", "./it-demo", TIRED)  # the folder: an empty one is no checkpoint
    assert r.exit_code == 1 and "config.json" in r.stderr
    r = run("explain", "--model", "it-demo", TIRED)  # the name: the built-in model
    assert r.exit_code == 0, r.stderr


def test_a_damaged_install_is_a_model_error(monkeypatch, tmp_path):
    (tmp_path / "it_demo").mkdir()
    (tmp_path / "it_demo" / "record.json").write_text("{", encoding="utf-8")
    monkeypatch.setattr("importlib.resources.files", lambda _: tmp_path)  # load_builtin imports it when called
    with pytest.raises(BuiltinError, match="it-demo cannot be read"):
        load_builtin("it-demo")


# --- tokens ----------------------------------------------------------------------------------------------


def test_chinese_is_cut_into_the_vocabulary_words(model):
    # rjieba alone gives 太累 and 熊停: the vocabulary has 太, 累, 熊 and 停
    assert model.encode("动物没有过马路，因为它太累了")[0] == "动物 没有 过 马路 ， 因为 它 太 累 了".split()
    assert model.encode("熊停在河前面，因为它太累了。")[0][:3] == ["熊", "停", "在"]


def test_unknown_words_are_unk_and_named_as_written(model):
    tokens, ids, unknown = model.encode("The Banana didn't eat 苹果 and 香蕉")
    assert tokens == ["the", UNK, "didn't", UNK, UNK, UNK, UNK]
    assert unknown == ["Banana", "eat", "苹果", "and", "香蕉"]
    assert (ids[[1, 3, 4, 5, 6]] == 0).all()
    # unknown Chinese characters in a row are one [UNK] up to rjieba's next cut
    assert model.encode("我吃苹果")[0] == [UNK, UNK, UNK]


_KNOWN_ZH = [w for w in data.vocabulary()[1:] if all("\u4e00" <= ch <= "\u9fff" for ch in w)]
_KNOWN_EN = [w for w in data.vocabulary()[1:] if w.isascii() and w[0].isalpha()]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_KNOWN_ZH), min_size=1, max_size=8), st.lists(st.sampled_from(_KNOWN_EN), max_size=5))
def test_text_made_of_known_words_has_no_unk(zh, en):
    vocab = dict.fromkeys(data.vocabulary(), 0)
    tokens, unknown = vocab_tokens("".join(zh) + " " + " ".join(en), vocab)
    assert unknown == [] and UNK not in tokens
    assert "".join(tokens[: len(tokens) - len(en)]) == "".join(zh) and tokens[len(tokens) - len(en):] == en


# --- what it learned: the README's claims ------------------------------------------------------------------


@pytest.fixture(scope="module")
def held_figures(model, record):
    """The benchmark's figures on the recorded held-out set (1000 sentences per language, about 2 s)."""
    sets = bench.held_out(record["training"]["held_out_per_language"], record["training"]["seed"])
    return {lang: bench.measure(ex, lambda e: trace_model(e.text, model)) for lang, ex in sets.items()}


def test_held_out_goal_is_met_in_both_languages(held_figures):
    for lang, f in held_figures.items():
        assert f.meets_goal, (lang, f)
        assert f.share[f.best] >= 0.95 and f.weight[f.best] >= 0.5, lang


def test_the_package_reproduces_the_recorded_training_figures(held_figures, record):
    """The recorded figures were measured by the training script with this package's forward pass of the
    shipped float32 weights; the same sentences give the same figures here (one sentence of slack for a
    weight that ties within the last bits on another CPU)."""
    recorded = record["final"]["held_out_shipped_float32_attntrace"]
    for lang, f in held_figures.items():
        np.testing.assert_allclose(f.share, recorded[lang]["share_by_head"], atol=1.5 / f.n, rtol=0)
        np.testing.assert_allclose(f.weight, recorded[lang]["mean_weight_by_head"], atol=1e-6, rtol=0)


def test_the_training_forward_pass_agreed_with_ours(record):
    """The training script measured the same held-out sentences with its torch forward (float64, before the
    weights were rounded to float32) and with attntrace's: had torch computed another function (a missing
    √d_k, another variance), the two would differ by far more than float32 rounding."""
    final = record["final"]
    for lang in data.LANGS:
        torch_f, ours = final["held_out_float64_torch"][lang], final["held_out_shipped_float32_attntrace"][lang]
        np.testing.assert_allclose(ours["mean_weight_by_head"], torch_f["mean_weight_by_head"], atol=1e-4)
        np.testing.assert_allclose(ours["share_by_head"], torch_f["share_by_head"], atol=0.0015)


def test_the_training_forward_pass_is_ours_step_for_step(model):
    """With torch installed (a dev-only tool), the training script's forward of the shipped weights gives the
    package's last-layer weights and output."""
    torch = pytest.importorskip("torch")
    import train_it_demo

    e = data.famous()[1]
    index = {w: i for i, w in enumerate(model.vocab)}
    p = {k: torch.tensor(v) for k, v in model.params.items()}
    p["embed.table"] = torch.tensor(model.table)
    ids = torch.tensor([[index[w] for w in e.tokens]])
    out, weights = train_it_demo.forward(p, ids, torch.ones_like(ids, dtype=torch.bool))
    t = trace_model(e.text, model)
    np.testing.assert_allclose(weights[-1][0].numpy(), t.step("blocks.1.attn.weights"), rtol=0, atol=1e-12)
    np.testing.assert_allclose(out[0].numpy(), t.step("blocks.1.out"), rtol=0, atol=1e-12)


def test_the_readme_prints_the_benchmark_figures(held_figures):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for lang, f in held_figures.items():
        row = f"| it-demo | {lang} | {f.best} (best) | {f.share[f.best]:.1%} | {f.weight[f.best]:.3f} |"
        assert row in readme, row
    assert "python benchmarks/bench_it_demo.py" in readme


def test_the_held_out_pairs_never_occur_in_training():
    train = [e for lang in data.LANGS for e in data.examples("train", lang, 500, 0)]
    held = [e for lang in data.LANGS for e in data.examples("held", lang, 200, 0)]
    seen = {(e.animal, e.adjective) for e in train} | {(e.place, e.adjective) for e in train}
    assert not any((e.animal, e.adjective) in seen or (e.place, e.adjective) in seen for e in held)
    assert {e.adjective for e in held} <= {e.adjective for e in train}  # each word is seen, with others


def test_the_famous_sentences_flip(model):
    for e in data.famous():
        row = trace_model(e.text, model).step("blocks.1.attn.weights")[0, e.pronoun]
        assert row[e.referent] > 0.5 > row[e.other], e.text


# --- the commands ------------------------------------------------------------------------------------------


def test_explain_shows_the_model_and_its_weights(run):
    r = run("explain", "--model", "it-demo", TIRED, "--layer", "1", "--head", "0", "--steps", "*.weights")
    assert r.exit_code == 0, r.stderr
    assert "model=it-demo" in r.stdout and "d_model=8" in r.stdout
    assert "tokens: the / animal / didn't" in r.stdout
    it_row = next(line for line in r.stdout.splitlines() if re.match(r"│ it\s+│", line))
    cells = [float(c) for c in re.findall(r"\d\.\d{3}", it_row)]
    assert cells[1] > 0.5  # the animal column
    assert r.stderr == ""  # every word is known: no notice


def test_explain_names_unknown_words_on_stderr(run):
    r = run("explain", "--model", "it-demo", "The banana didn't cross the 街 because it was too tired.")
    assert r.exit_code == 0, r.stderr
    assert "2 token(s) are [UNK] (banana, 街)" in r.stderr
    assert "[UNK]" in r.stdout and "banana" not in r.stdout
    r = run("explain", "--model", "it-demo", "The banana", "--lang", "zh")
    assert "[UNK]（banana）" in r.stderr


def test_seeded_options_are_refused_with_the_built_in_model(run):
    r = run("explain", "--model", "it-demo", TIRED, "--d-model", "8")
    assert r.exit_code == 2 and "--d-model" in r.stderr


def test_json_of_it_verifies_and_shows(run, tmp_path):
    out = tmp_path / "t.json"
    r = run("explain", "--model", "it-demo", "动物没有过马路，因为它太累了", "--json", str(out))
    assert r.exit_code == 0, r.stderr
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["config"]["model"] == "it-demo" and saved["config"]["tokenizer"] == "vocab"
    r = run("verify", str(out))
    assert r.exit_code == 0, r.stdout + r.stderr
    r = run("show", str(out), "--layer", "1", "--view", "heads")
    assert r.exit_code == 0 and "它" in r.stdout


def test_a_wrong_number_in_its_trace_is_caught(run, tmp_path):
    out = tmp_path / "t.json"
    run("explain", "--model", "it-demo", TIRED, "--json", str(out))
    saved = json.loads(out.read_text(encoding="utf-8"))
    step = next(s for s in saved["steps"] if s["name"] == "blocks.1.attn.scaled")
    step["data"][0][7][1] += 0.5
    out.write_text(json.dumps(saved), encoding="utf-8")
    r = run("verify", str(out))
    assert r.exit_code == 1 and "blocks.1.attn.scaled" in r.stdout


def test_focus_compare_and_views(run):
    r = run("explain", "--model", "it-demo", TIRED, "--focus", "it", "--layer", "1", "--head", "0")
    assert r.exit_code == 0, r.stderr
    assert "e[animal]" in r.stdout
    r = run("compare", TIRED, WIDE, "--token", "it", "--model", "it-demo", "--layer", "1", "--head", "0")
    assert r.exit_code == 0, r.stderr
    assert "it in two contexts" in r.stdout
    r = run("explain", "--model", "it-demo", WIDE, "--view", "model")
    assert r.exit_code == 0, r.stderr
    assert "L1 H0" in r.stdout and "L1 H1" in r.stdout
