"""The decoder families (GPT-2, DistilGPT-2, Llama, Qwen2, Mistral): every step against the loop reference in
tests/reference_decoder.py (which shares no code with attntrace), checking and verify on their traces, the
readable tokens, the command line, and the messages for folders that cannot be traced.
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import numpy as np
import pytest

safetensors_numpy = pytest.importorskip("safetensors.numpy", reason="needs the models extra: safetensors")
pytest.importorskip("tokenizers", reason="needs the models extra: tokenizers")

import reference_decoder as ref  # noqa: E402  (after the skips)

DATA = Path(__file__).with_name("data") / "families"
FAMILIES = ["tiny-gpt2", "tiny-distilgpt2", "tiny-llama", "tiny-qwen2", "tiny-mistral"]


def _saved(family: str):
    z = np.load(DATA / family / "reference.npz", allow_pickle=False)
    return z, json.loads(str(z["texts"][0]))


@pytest.fixture(scope="module")
def traces():
    from attntrace.models import load, trace_model

    out = {}
    for family in FAMILIES:
        _, texts = _saved(family)
        out[family] = trace_model(texts["mixed"], load(DATA / family))
    return out


# --- every step against the loop reference ------------------------------------------------------------------


@pytest.mark.parametrize("family", FAMILIES)
def test_every_step_matches_the_loop_reference(traces, family):
    z, _ = _saved(family)
    cfg = json.loads((DATA / family / "config.json").read_text())
    weights = ref.read_safetensors(DATA / family / "model.safetensors")
    ids = [int(i) for i in z["mixed.ids"]]  # transformers' tokenizer's ids, not attntrace's
    expected = (ref.gpt2 if cfg["model_type"] == "gpt2" else ref.llama)(weights, cfg, ids)
    trace = traces[family]
    assert trace.names and set(trace.names) == set(expected), (
        sorted(set(trace.names) - set(expected)), sorted(set(expected) - set(trace.names)))
    previous = None
    for name in trace.names:
        np.testing.assert_allclose(trace.step(name), np.array(expected[name], dtype=float), rtol=1e-9, atol=1e-11,
                                   err_msg=f"{family}: {name} differs (the step before it: {previous})")
        previous = name


def test_the_families_take_their_own_paths(traces):
    """What distinguishes the plans is really there: GQA only where H_kv < H, biases only where configured."""
    names = {f: set(t.names) for f, t in traces.items()}
    assert "blocks.0.attn.K_rep" in names["tiny-llama"] and "blocks.0.attn.Q_rot" in names["tiny-llama"]
    assert "blocks.0.attn.b_Q" in names["tiny-qwen2"] and "blocks.0.attn.b_O" not in names["tiny-qwen2"]
    assert "blocks.0.attn.b_Q" not in names["tiny-mistral"] and "blocks.0.attn.b_O" not in names["tiny-llama"]
    assert "blocks.0.attn.b_O" in names["tiny-gpt2"] and "rope.cos" not in names["tiny-gpt2"]
    assert traces["tiny-mistral"].step("blocks.0.attn.kv_head").tolist() == [0, 0, 0, 0]
    assert traces["tiny-llama"].step("blocks.0.attn.K").shape[0] == 2
    c = traces["tiny-qwen2"].config
    assert (c.family, c.n_kv_heads, c.rope_theta, c.qkv_bias, c.out_bias) == ("llama", 2, 1e6, True, False)


# --- checking a decoder trace -------------------------------------------------------------------------------


@pytest.mark.parametrize("family", ["tiny-gpt2", "tiny-qwen2"])
def test_a_saved_trace_reads_back_and_checks(traces, family):
    from attntrace.check.engine import check
    from attntrace.trace_data import Trace

    trace = traces[family]
    back = Trace.from_json(trace.to_json())
    assert back.tokens == trace.tokens and back.config == trace.config
    data = json.loads(trace.to_json())
    assert data["config"]["family"] == trace.config.family and data["tokens"] == trace.tokens  # the model's pieces
    report = check(back)
    assert report.ok and all(s.status == "ok" for s in report.steps if not s.is_input), report.first_wrong


def test_a_head_selection_keeps_the_right_kv_head(traces):
    trace = traces["tiny-llama"]  # 4 query heads, 2 K/V heads
    one = trace.select(head=3)
    assert one.heads == [3] and one.kv_head_ids == [1]
    np.testing.assert_array_equal(one.step("blocks.0.attn.K")[0], trace.step("blocks.0.attn.K")[1])
    np.testing.assert_array_equal(one.step("blocks.0.attn.K_rep")[0], trace.step("blocks.0.attn.K_rep")[3])
    from attntrace.trace_data import Trace

    back = Trace.from_json(one.to_json())  # shapes of a selection with fewer K/V heads validate
    assert back.step("blocks.0.attn.V").shape == (1, len(trace.tokens), 4)


# --- readable tokens ------------------------------------------------------------------------------------------


def test_pieces_read_as_text():
    from attntrace.pieces import readable

    # byte-level: Ġ is a space; 是 is æĺ¯ in GPT-2's byte alphabet, here split over two pieces
    assert readable(["The", "Ġcat", "æĺ", "¯", "ãĢĤ", "<|endoftext|>"]) == [
        "The", "␣cat", "是(1/2)", "是(2/2)", "。", "<|endoftext|>"]
    # SentencePiece: ▁ is a space; byte fallback pieces join into a character
    assert readable(["▁The", "▁猫", "<0xE9>", "<0xB3>", "<0x84>"], "sentencepiece") == [
        "␣The", "␣猫", "鳄(1/3)", "鳄(2/3)", "鳄(3/3)"]
    assert readable(["Ċ", "\x1b"]) == ["\\x0a", "\\x1b"]  # controls as escapes, never raw
    assert readable(["un", "##believ"], "wordpiece") == ["un", "##believ"]  # WordPiece is text already


def test_chinese_on_qwen2_is_shown_as_characters(traces):
    trace = traces["tiny-qwen2"]
    assert "注意力" in trace.shown_tokens and "æ³¨æĦıåĬĽ" in trace.tokens
    assert [t for t in trace.shown_tokens if t.startswith("鳄")] == ["鳄(1/3)", "鳄(2/3)", "鳄(3/3)"]


# --- the command line -----------------------------------------------------------------------------------------


# `run`: the CLI fixture of conftest.py (commands through CliRunner, wide and without colour)


def test_explain_shows_text_and_explains_fewer_kv_heads(run):
    r = run("explain", "--model", str(DATA / "tiny-qwen2"), "注意力 is all", "--layer", "0", "--steps", "*.K,*.weights")
    assert r.exit_code == 0, r.stderr
    assert "注意力 / ␣is / ␣all" in r.stdout and "æ³¨" not in r.stdout
    assert "kv head 1" in r.stdout and "2 K/V heads for 4 query heads" in r.stdout and "K/V heads=2" in r.stdout
    r = run("explain", "--lang", "zh", "--model", str(DATA / "tiny-qwen2"), "注意力", "--steps", "blocks.0.attn.K")
    assert r.exit_code == 0, r.stderr
    flat = "".join(r.stdout.split())  # the caption as one line, wherever it wrapped
    assert "K/V头数=2" in flat and "匹配。分组查询注意力：4个查询头只有2个K/V头" in flat
    assert "匹配。分组" in r.stdout.replace("\n", "")  # a full-width stop is not followed by a space


def test_dtype_float32_computes_in_float32_and_needs_a_model(run, tmp_path):
    out = tmp_path / "t.json"
    r = run("explain", "--model", str(DATA / "tiny-llama"), "The cat", "--dtype", "float32", "--json", str(out), "-q")
    assert r.exit_code == 0, r.stderr
    assert r.stdout == "" and "showing the attention weights" not in r.stderr  # --quiet
    steps = {s["name"]: np.asarray(s["data"]) for s in json.loads(out.read_text())["steps"]}
    for name in ("rope.cos", "blocks.1.attn.Q_rot", "blocks.1.attn.weights", "final_norm.out"):
        assert np.array_equal(steps[name].astype(np.float32), steps[name]), name  # float32 numbers, written whole
    theta = json.loads(out.read_text())["config"]["rope_theta"]
    n, d = steps["rope.cos"].shape
    exact = [[math.cos(p * theta ** (-2 * (c % (d // 2)) / d)) for c in range(d)] for p in range(n)]
    assert np.array_equal(steps["rope.cos"], np.float32(exact))  # the tables computed exactly, then rounded once
    r = run("explain", "The cat", "--dtype", "float32")
    assert r.exit_code == 2 and "--model" in r.stderr


@pytest.mark.parametrize("view", ["heads", "model"])
def test_views_and_focus_work_on_decoders(run, view):
    r = run("explain", "--model", str(DATA / "tiny-llama"), "The cat sat", "--view", view)
    assert r.exit_code == 0, r.stderr
    assert ("L1 H3" if view == "model" else "blocks.1") in r.stdout and "␣cat" in r.stdout
    r = run("explain", "--model", str(DATA / "tiny-llama"), "The cat sat", "--focus", "␣cat", "--layer", "1",
            "--head", "3")
    assert r.exit_code == 0, r.stderr
    assert "blocks.1.norm1.out" in r.stdout and "Q_rot and K_rep" in r.stdout


def test_compare_and_npz_on_a_decoder(run, tmp_path):
    r = run("compare", "--model", str(DATA / "tiny-gpt2"), "The cat sat", "The dog sat", "--token", "␣sat")
    assert r.exit_code == 0, r.stderr
    out = tmp_path / "t.npz"
    r = run("explain", "--model", str(DATA / "tiny-mistral"), "The cat", "--npz", str(out), "--quiet")
    assert r.exit_code == 0, r.stderr
    with np.load(out, allow_pickle=False) as z:
        assert json.loads(str(z["meta"]))["config"]["n_kv_heads"] == 1 and z["blocks.1.attn.K"].shape[0] == 1
    r = run("verify", str(out))  # the npz holds every step: verify recomputes them all
    assert r.exit_code == 0 and "0 wrong" in r.stdout, r.stdout


def test_verify_passes_a_decoder_trace_and_finds_a_planted_bug(run, tmp_path, traces):
    good = tmp_path / "good.json"
    good.write_text(traces["tiny-qwen2"].to_json(), encoding="utf-8")
    assert run("verify", str(good)).exit_code == 0
    data = json.loads(good.read_text())
    for s in data["steps"]:
        if s["name"] == "blocks.0.attn.Q_rot":  # interleaved pairs (x0, x1), (x2, x3) instead of rotate-half
            Q = np.array(next(t["data"] for t in data["steps"] if t["name"] == "blocks.0.attn.Q"))
            cos = np.array(next(t["data"] for t in data["steps"] if t["name"] == "rope.cos"))
            sin = np.array(next(t["data"] for t in data["steps"] if t["name"] == "rope.sin"))
            s["data"] = _interleaved(Q, cos, sin).tolist()
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    r = run("verify", str(bad), "--json", "-")
    assert r.exit_code == 1
    report = json.loads(r.stdout)
    assert report["first_wrong"]["name"] == "blocks.0.attn.Q_rot"
    assert report["first_wrong"]["causes"] == ["diagnose.rope.interleaved"]


def _interleaved(x, cos, sin):
    """The GPT-J / Meta-original layout: pairs of adjacent dimensions, angle of pair i = column i of the half."""
    d = x.shape[-1]
    c, s = cos[:, : d // 2], sin[:, : d // 2]
    out = np.empty_like(x)
    out[..., 0::2] = x[..., 0::2] * c - x[..., 1::2] * s
    out[..., 1::2] = x[..., 1::2] * c + x[..., 0::2] * s
    return out


# --- folders that cannot be traced ---------------------------------------------------------------------------


def _copy(tmp_path: Path, family: str, **config) -> Path:
    folder = tmp_path / family
    shutil.copytree(DATA / family, folder)
    cfg = json.loads((folder / "config.json").read_text())
    cfg.update(config)
    (folder / "config.json").write_text(json.dumps(cfg))
    return folder


def _explain(run, folder, text="The cat"):
    return run("explain", "--model", str(folder), text)


def test_unsupported_model_type_lists_the_supported(run, tmp_path):
    r = _explain(run, _copy(tmp_path, "tiny-qwen2", model_type="falcon"))
    assert r.exit_code == 1 and "'falcon'" in r.stderr
    assert all(f'"{k}"' in r.stderr for k in ("bert", "distilbert", "xlm-roberta", "gpt2", "llama", "qwen2", "mistral"))


@pytest.mark.parametrize(("change", "words"), [
    ({"rope_parameters": {"rope_type": "llama3", "rope_theta": 500000.0, "factor": 8.0}},
     ["rope_parameters.rope_type", "'llama3'", "'default'"]),
    ({"rope_scaling": {"type": "linear", "factor": 2.0}}, ["rope_scaling.rope_type", "'linear'"]),
    ({"hidden_act": "gelu"}, ["hidden_act", "'silu'"]),
    ({"head_dim": 8}, ["head_dim", "8"]),
    ({"num_key_value_heads": 3}, ["n_kv_heads = 3 must divide n_heads = 4"]),
])
def test_unsupported_options_inside_a_family(run, tmp_path, change, words):
    r = _explain(run, _copy(tmp_path, "tiny-qwen2", **change))
    assert r.exit_code == 1 and "config.json" in r.stderr, r.stderr
    for word in words:
        assert word in r.stderr, r.stderr


def test_gpt2_options_it_does_not_compute_are_refused(run, tmp_path):
    r = _explain(run, _copy(tmp_path, "tiny-gpt2", scale_attn_by_inverse_layer_idx=True))
    assert r.exit_code == 1 and "scale_attn_by_inverse_layer_idx" in r.stderr
    r = _explain(run, _copy(tmp_path / "b", "tiny-gpt2", activation_function="swish"))
    assert r.exit_code == 1 and "'gelu_new'" in r.stderr


def test_text_past_the_sliding_window_is_refused(run, tmp_path):
    folder = _copy(tmp_path, "tiny-mistral", sliding_window=4)
    assert _explain(run, folder, "The").exit_code == 0  # inside the window: no window is needed
    r = _explain(run, folder, "The animal didn't cross the street.")
    assert r.exit_code == 2 and "sliding attention window of 4" in r.stderr


def test_missing_tensor_and_wrong_shape_name_the_file(run, tmp_path):
    folder = _copy(tmp_path, "tiny-qwen2")
    w = safetensors_numpy.load_file(str(folder / "model.safetensors"))
    del w["model.layers.1.self_attn.k_proj.weight"]
    safetensors_numpy.save_file(w, str(folder / "model.safetensors"))
    r = _explain(run, folder)
    assert r.exit_code == 1
    assert "model.layers.1.self_attn.k_proj.weight" in r.stderr and "blocks.1.attn.W_K" in r.stderr
    assert "model.safetensors" in r.stderr
    w["model.layers.1.self_attn.k_proj.weight"] = np.zeros((16, 16), dtype=np.float32)
    safetensors_numpy.save_file(w, str(folder / "model.safetensors"))
    r = _explain(run, folder)
    assert r.exit_code == 1 and "[16, 16]" in r.stderr and "[8, 16]" in r.stderr


def test_a_hub_name_says_where_the_cache_keeps_snapshots(run, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    r = run("explain", "--model", "Qwen/Qwen2.5-0.5B", "The cat")
    assert r.exit_code == 1 and "never downloads" in r.stderr
    assert str(tmp_path / "hub" / "models--Qwen--Qwen2.5-0.5B" / "snapshots") in r.stderr
    snapshot = tmp_path / "hub" / "models--Qwen--Qwen2.5-0.5B" / "snapshots" / ("a" * 40)
    shutil.copytree(DATA / "tiny-qwen2", snapshot)
    r = run("explain", "--model", "Qwen/Qwen2.5-0.5B", "The cat")
    assert r.exit_code == 1 and str(snapshot) in r.stderr  # the folder to give, found in the cache


def test_pickle_only_and_no_tokenizer(run, tmp_path):
    folder = _copy(tmp_path, "tiny-llama")
    (folder / "tokenizer.json").unlink()
    r = _explain(run, folder)
    assert r.exit_code == 1 and "tokenizer.json" in r.stderr
    (folder / "model.safetensors").rename(folder / "pytorch_model.bin")
    r = _explain(run, folder)
    assert r.exit_code == 1 and "pytorch_model.bin" in r.stderr and "run any code" in r.stderr


def test_non_finite_bfloat16_weights_are_refused(run, tmp_path):
    folder = _copy(tmp_path, "tiny-llama")
    raw = bytearray((folder / "model.safetensors").read_bytes())
    size = int.from_bytes(raw[:8], "little")
    header = json.loads(raw[8:8 + size])
    begin = header["layers.0.mlp.up_proj.weight"]["data_offsets"][0] + 8 + size
    raw[begin:begin + 2] = (0x7FC0).to_bytes(2, "little")  # a bfloat16 NaN
    (folder / "model.safetensors").write_bytes(bytes(raw))
    r = _explain(run, folder)
    assert r.exit_code == 1 and "layers.0.mlp.up_proj.weight" in r.stderr and "NaN" in r.stderr


# --- verify's hints for the porting bugs of these families -------------------------------------------------


def _rot_half(x):
    h = x.shape[-1] // 2
    return np.concatenate([-x[..., h:], x[..., :h]], axis=-1)


def _bugs():
    """(family, step, buggy value from the trace's own steps, the cause verify must name); each computed here."""
    import math

    def erf_gelu(h):
        return 0.5 * h * (1.0 + np.vectorize(math.erf)(h / math.sqrt(2.0)))

    def silu(v):
        return v / (1.0 + np.exp(-v))

    def mean_subtracted(s, x_name, g_name):
        x = s[x_name]
        y = x - x.mean(-1, keepdims=True)
        return y / np.sqrt((y * y).mean(-1, keepdims=True) + 1e-6) * s[g_name]

    def conv1d_transposed(s, layer):  # c_attn's Q block read as a Linear (out × in): x·Wᵀ
        W, x, b = s[f"blocks.{layer}.attn.W_Q"], s[f"blocks.{layer}.norm1.out"], s[f"blocks.{layer}.attn.b_Q"]
        H, D, d = W.shape
        full = W.transpose(1, 0, 2).reshape(D, H * d)  # (H, D, d) -> (D, H·d)
        return (x @ full.T).reshape(len(x), H, d).transpose(1, 0, 2) + b[:, None, :]  # (n, D) -> (H, n, d)

    def scores_swapped(s, layer):  # K·Qᵀ instead of Q·Kᵀ, on the rotated, repeated rows
        a = f"blocks.{layer}.attn."
        return s[a + "K_rep"] @ s[a + "Q_rot"].transpose(0, 2, 1)  # (H, n, d) x (H, d, n) -> (H, n, n)

    return [
        ("tiny-gpt2", "blocks.1.attn.Q", lambda s: conv1d_transposed(s, 1), "diagnose.qkv.transposed"),
        ("tiny-llama", "blocks.1.attn.scores", lambda s: scores_swapped(s, 1), "diagnose.scores.swapped"),
        ("tiny-llama", "blocks.0.attn.K_rep", lambda s: s["blocks.0.attn.K_rot"][[0, 1, 0, 1]], "diagnose.kv.tiled"),
        ("tiny-llama", "blocks.1.norm1.out", lambda s: mean_subtracted(s, "blocks.0.out", "blocks.1.norm1.gamma"),
         "diagnose.rms.mean"),
        ("tiny-llama", "blocks.0.attn.V_rep",
         lambda s: (s["blocks.0.attn.V"] * s["rope.cos"]
                    + _rot_half(s["blocks.0.attn.V"]) * s["rope.sin"])[[0, 0, 1, 1]],
         "diagnose.rope.on_v"),
        ("tiny-qwen2", "blocks.1.attn.K_rot", lambda s: s["blocks.1.attn.K"], "diagnose.rope.missing"),
        ("tiny-qwen2", "blocks.0.attn.Q_rot",
         lambda s: (s["blocks.0.attn.Q"] * s["rope.cos"] + _rot_half(s["blocks.0.attn.Q"]) * s["rope.sin"]) / 2.0,
         "diagnose.rope.scaled"),
        ("tiny-qwen2", "blocks.0.ffn.act", lambda s: silu(s["blocks.0.ffn.up"]), "diagnose.swiglu.swapped"),
        ("tiny-gpt2", "blocks.1.ffn.act", lambda s: erf_gelu(s["blocks.1.ffn.h"]), "diagnose.act.exact"),
        ("tiny-gpt2", "blocks.0.attn.resid", lambda s: s["blocks.0.norm1.out"] + s["blocks.0.attn.out"],
         "diagnose.prenorm.resid"),
        ("tiny-gpt2", "blocks.0.attn.Q", lambda s: s["X"] @ s["blocks.0.attn.W_Q"] + s["blocks.0.attn.b_Q"][:, None],
         "diagnose.prenorm.skipped"),
    ]


@pytest.mark.parametrize(("family", "step", "make", "cause"), _bugs(), ids=[f"{b[0]}-{b[3]}" for b in _bugs()])
def test_verify_names_the_porting_bug(traces, family, step, make, cause):
    from dataclasses import replace

    from attntrace.check.verify import verify

    trace = traces[family]
    values = {n: trace.step(n) for n in trace.names}
    steps = dict(trace.steps)
    steps[step] = replace(steps[step], data=np.asarray(make(values), dtype=float))
    v = verify(replace(trace, steps=steps))
    assert not v.ok and v.first_wrong.name == step
    assert v.hint.specific and cause in v.hint.causes, v.hint.message


def test_a_non_finite_embedding_is_refused_naming_its_place(run, tmp_path):
    from attntrace.models import load

    folder = _copy(tmp_path, "tiny-qwen2")
    w = safetensors_numpy.load_file(str(folder / "model.safetensors"))
    token_id = int(load(DATA / "tiny-qwen2").encode("The")[1][0])
    w["model.embed_tokens.weight"][token_id, 3] = np.inf
    safetensors_numpy.save_file(w, str(folder / "model.safetensors"))
    r = _explain(run, folder, "cat")  # refused at loading, as the encoders' tables are, whatever the text
    assert r.exit_code == 1 and "model.embed_tokens.weight" in r.stderr and "inf" in r.stderr
    assert f"[{token_id}, 3]" in r.stderr, r.stderr


# --- properties of the new operations ------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), shift=st.integers(1, 20), half=st.integers(1, 8))
def test_rotated_scores_depend_only_on_how_far_apart_two_tokens_are(seed, shift, half):
    """q_rot(i)·k_rot(j) is a function of i − j: moving both tokens by `shift` positions changes nothing."""
    from attntrace.models.ops import rope, rope_tables

    d, n = 2 * half, 4 + shift
    rng = np.random.default_rng(seed)
    q, k = rng.standard_normal(d), rng.standard_normal(d)
    cos, sin = rope_tables(n, d, 10000.0)
    rows = np.stack([q, k])[:, None, :].repeat(n, axis=1)  # (2, n, d): the same q and k at every position
    rot = rope(rows, cos, sin)  # (2, n, d)
    near = rot[0, 2] @ rot[1, 0]  # query at 2, key at 0
    far = rot[0, 2 + shift] @ rot[1, shift]  # both moved by `shift`
    np.testing.assert_allclose(near, far, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(np.linalg.norm(rot, axis=-1), np.linalg.norm(rows, axis=-1), rtol=1e-12)  # a rotation


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), scale=st.floats(0.01, 100.0))
def test_rms_norm_ignores_the_scale_of_its_input_and_not_its_mean(seed, scale):
    from attntrace.models.ops import rms_norm

    rng = np.random.default_rng(seed)
    x, g = rng.standard_normal((3, 8)), rng.standard_normal(8)
    np.testing.assert_allclose(rms_norm(x * scale, g, 1e-12), rms_norm(x, g, 1e-12), rtol=1e-6, atol=1e-9)
    y = rms_norm(x + 5.0, np.ones(8), 1e-12)  # a shifted input is not re-centred (that would be LayerNorm)
    assert not np.allclose(y, rms_norm(x, np.ones(8), 1e-12), atol=1e-3)
    np.testing.assert_allclose(np.sqrt((y * y).mean(axis=-1)), 1.0, rtol=1e-9)


def _gpt2_byte_pieces(data: bytes) -> str:
    """GPT-2's byte alphabet written out independently: printable Latin-1 bytes stand for themselves, the
    other 68 are U+0100 onwards in byte order."""
    keep = [*range(0x21, 0x7F), *range(0xA1, 0xAD), *range(0xAE, 0x100)]
    others = [b for b in range(256) if b not in keep]
    return "".join(chr(b) if b in keep else chr(0x100 + others.index(b)) for b in data)


@settings(max_examples=60, deadline=None)
@given(text=st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cf", "Cs"), exclude_characters="()"),
                    min_size=1, max_size=12),
       cuts=st.lists(st.integers(1, 40), max_size=8))
def test_readable_pieces_spell_the_text_once(text, cuts):
    """Any cut of a text's UTF-8 bytes into byte-level pieces reads back as the text: whole characters once,
    a character split over k pieces marked (1/k) … (k/k), one mark in each piece that holds a part of it."""
    import itertools
    import re

    from attntrace.pieces import SPACE, readable

    data = text.encode("utf-8")
    bounds = sorted({0, len(data), *(c for c in cuts if c < len(data))})
    pieces = [_gpt2_byte_pieces(data[a:b]) for a, b in itertools.pairwise(bounds)]
    shown = readable(pieces)
    assert len(shown) == len(pieces)
    marked = re.compile(r"(.)\((\d+)/(\d+)\)", re.S)
    spelled = "".join(marked.sub(lambda m: m.group(1) if m.group(2) == "1" else "", s) for s in shown)
    assert spelled == text.replace(" ", SPACE)


@pytest.mark.parametrize("family", FAMILIES)
def test_trace_bytes_of_a_decoder_is_what_the_trace_holds(traces, family):
    """The size checked before computing is the bytes of every step that grows with the text (float64;
    a length no other axis of these models has)."""
    from attntrace.models import trace_model
    from attntrace.models.plan import trace_bytes

    t = trace_model("the cat sat on the mat and then it was too tired to go", DATA / family)
    n = len(t.tokens)
    shapes = {t.config.d_model, t.config.n_heads, t.config.d_ff, t.config.d_head, t.config.n_kv_heads}
    assert n not in shapes, (n, shapes)
    assert trace_bytes(t.config, n) == sum(s.data.nbytes for s in t.steps.values() if n in s.data.shape)


def test_python_api_and_diff_on_a_decoder():
    """attntrace.trace(model=..., dtype=...) traces a decoder; diff against it finds a port that rotated
    adjacent pairs, names the step and the bug, and compares a head selection on the K/V head it reads."""
    from dataclasses import replace

    import attntrace
    from attntrace.check.diff import diff

    ref = attntrace.trace("the cat sat on the mat", model=str(DATA / "tiny-llama"), dtype="float32")
    assert ref.config.family == "llama" and ref.step("blocks.0.attn.weights").dtype == np.float32
    x, cos, sin = (ref.step(n) for n in ("blocks.1.attn.K", "rope.cos", "rope.sin"))
    half = x.shape[-1] // 2
    pairs = np.empty_like(x)  # adjacent pairs (x0, x1), … turned by the first half's frequencies
    pairs[..., 0::2] = x[..., 0::2] * cos[:, :half] - x[..., 1::2] * sin[:, :half]
    pairs[..., 1::2] = x[..., 1::2] * cos[:, :half] + x[..., 0::2] * sin[:, :half]
    steps = dict(ref.steps)
    steps["blocks.1.attn.K_rot"] = replace(steps["blocks.1.attn.K_rot"], data=pairs)
    d = diff(replace(ref, steps=steps), ref)
    assert d.first_divergent is not None and d.first_divergent.name == "blocks.1.attn.K_rot"
    assert d.hint is not None and "diagnose.rope.interleaved" in d.hint.causes
    one = diff(ref.select(head=3), ref)  # query head 3 and K/V head 1, against the whole trace
    assert one.mine.step("blocks.0.attn.K").shape[0] == 1 and one.first_divergent is None and one.compared
