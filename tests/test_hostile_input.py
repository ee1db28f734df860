"""Review findings: hostile or huge sizes, config fields of the wrong type, selections that keep nothing,
and invisible characters in the text. Each case must end in a clear message and the right exit code."""

from __future__ import annotations

import json
import math
import time

import pytest

from attntrace import trace
from attntrace.cli import app
from attntrace.config import Config, ConfigError
from attntrace.export import loads
from attntrace.i18n import set_lang
from attntrace.tokenize import EmptyTextError, tokenize
from attntrace.trace_data import SelectionError


def small_trace_dict(**config_changes) -> dict:
    data = json.loads(trace("a b").to_json())
    data["config"].update(config_changes)
    return data


def write_json(tmp_path, data, name="t.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


# --- 1. sizes ----------------------------------------------------------------------------------------------

# the documented limits, written out here rather than read from attntrace.config.LIMITS
LIMITS = {"d_model": 8192, "n_heads": 256, "n_layers": 128, "d_ff": 65536}


@pytest.mark.parametrize(("name", "limit"), LIMITS.items())
def test_each_size_is_allowed_up_to_its_limit_and_refused_past_it(name, limit):
    at_limit = {"d_model": 8192, name: limit}  # d_model 8192 is divisible by 256 heads
    assert getattr(Config(**at_limit), name) == limit
    with pytest.raises(ConfigError) as info:
        Config(**{**at_limit, name: limit + 1})
    assert name in str(info.value) and str(limit) in str(info.value)


@pytest.mark.parametrize(("d_model", "n_heads", "n_layers", "d_ff"), [
    (768, 12, 12, 3072),  # bert-base
    (1024, 16, 24, 4096),  # bert-large
    (384, 12, 6, 1536),  # all-MiniLM-L6-v2
    (2560, 40, 48, 10240),  # Megatron-BERT 3.9B
])
def test_real_bert_family_shapes_fit_the_limits(d_model, n_heads, n_layers, d_ff):
    Config(d_model=d_model, n_heads=n_heads, n_layers=n_layers, d_ff=d_ff)


def test_the_limit_message_is_in_chinese_too():
    set_lang("zh")
    with pytest.raises(ConfigError) as info:
        Config(n_layers=1_000_000_000)
    assert "不能超过 128" in str(info.value)


@pytest.mark.parametrize("command", ["show", "verify"])
def test_a_trace_file_claiming_a_billion_layers_is_a_file_error_not_a_hang(runner, tmp_path, command):
    path = write_json(tmp_path, small_trace_dict(n_layers=1_000_000_000))
    start = time.perf_counter()
    result = runner.invoke(app, [command, path])
    assert time.perf_counter() - start < 5
    assert result.exit_code == 1, result.output
    assert "n_layers" in result.stderr and "128" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("options", "limit"), [
    (["--d-model", "100000000"], "8192"),
    (["--layers", "100000"], "128"),
    (["--heads", "1000", "--d-model", "1000"], "256"),
    (["--d-ff", "1000000"], "65536"),
])
def test_explain_refuses_huge_sizes_at_once(runner, options, limit):
    start = time.perf_counter()
    result = runner.invoke(app, ["explain", "a", *options])
    assert time.perf_counter() - start < 5
    assert result.exit_code == 2, result.output
    assert limit in result.stderr and "Traceback" not in result.stderr


def test_explain_refuses_seeded_weights_past_the_memory_budget(runner):
    # within every limit, but 8192² · 4 · 128 + 2 · 8192 · 16384 · 128 values: 512 GiB of float64
    result = runner.invoke(app, ["explain", "a", "--d-model", "8192", "--layers", "128"])
    assert result.exit_code == 2, result.output
    assert "512.0 GiB" in result.stderr and "--model" in result.stderr


def test_running_out_of_memory_while_tracing_is_a_message(runner, monkeypatch):
    import attntrace.api

    def no_memory(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(attntrace.api, "trace", no_memory)
    result = runner.invoke(app, ["explain", "a"])
    assert result.exit_code == 1, result.output
    assert "not enough memory" in result.stderr and "Traceback" not in result.stderr


def test_running_out_of_memory_while_reading_a_trace_is_a_file_error(runner, monkeypatch, tmp_path):
    import attntrace.export

    path = write_json(tmp_path, small_trace_dict())

    def no_memory(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(attntrace.export, "loads", no_memory)
    result = runner.invoke(app, ["show", path])
    assert result.exit_code == 1, result.output
    assert path in result.stderr and "not enough memory" in result.stderr


def test_unknown_names_are_matched_against_the_layers_the_file_uses():
    data = json.loads(trace("a b", n_layers=2).to_json())
    data["config"]["n_layers"] = 128  # claims more layers than it holds: suggestions must not walk them all
    data["steps"] = [s for s in data["steps"] if s["name"] == "X" or s["name"].startswith("blocks.1.")]
    data["steps"] = [s for s in data["steps"] if not s["name"].startswith("blocks.1.ffn")]
    extra = [{"name": n, "data": [0]} for n in ("blocks.1.attn.weight", "scaled", "blocks.100.attn.q", "zzz")]
    data["steps"] += extra
    notes = loads(json.dumps(data)).notes
    assert len(notes) == 4
    assert notes[0].endswith("did you mean blocks.1.attn.weights?")
    assert notes[1].endswith("did you mean blocks.0.attn.scaled?")
    assert notes[2].endswith("did you mean blocks.100.attn.Q?")
    assert "did you mean" not in notes[3]


# --- 2. config field types ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("field", "value"), [
    ("qkv_bias", "no"),
    ("qkv_bias", 0),
    ("embed_norm", "false"),
    ("embed_norm", None),
    ("model", 5),
    ("model", ""),
    ("model", ["bert"]),
    ("ln_eps", "1e-5"),
    ("ln_eps", True),
    ("ln_eps", 0),
    ("ln_eps", -1e-5),
    ("ln_eps", 1),
    ("ln_eps", 2.5),
    ("ln_eps", math.inf),
    ("ln_eps", math.nan),
    ("tokenizer", 5),
    ("tokenizer", ["default"]),
    ("tokenizer", None),
    ("positional", None),
    ("mask", 0),
    ("activation", {"relu": 1}),
])
def test_config_fields_of_the_wrong_type_are_refused_by_name(field, value):
    with pytest.raises(ConfigError) as info:
        Config.from_dict({**Config().to_dict(), field: value})
    assert field in str(info.value)
    set_lang("zh")
    assert field in str(info.value) and any("\u4e00" <= ch <= "\u9fff" for ch in str(info.value))


def test_valid_configs_still_build_from_keywords_and_dicts():
    checkpoint = Config(d_model=8, n_heads=2, positional="learned", tokenizer="wordpiece", activation="gelu",
                        ln_eps=1e-12, qkv_bias=True, embed_norm=True, model="bert-tiny")
    assert Config.from_dict(checkpoint.to_dict()) == checkpoint
    assert Config.from_dict(Config().to_dict()) == Config()
    assert Config(ln_eps=0.5).ln_eps == 0.5 and Config(ln_eps=1e-5).qkv_bias is False


def test_verify_no_longer_passes_a_trace_whose_qkv_bias_is_the_string_no(runner, tmp_path):
    path = write_json(tmp_path, small_trace_dict(qkv_bias="no"))
    result = runner.invoke(app, ["verify", path])
    assert result.exit_code == 1, result.output
    assert "qkv_bias must be true or false" in result.stderr


# --- 3. selections that keep nothing ------------------------------------------------------------------------

def test_a_selection_that_keeps_no_step_is_an_error_naming_the_options():
    t = trace("a b")
    with pytest.raises(SelectionError) as info:
        t.select(["X"], layer=0)
    assert "steps='X', layer=0" in str(info.value) and "--" not in str(info.value)  # Python's spelling
    assert "--steps X --layer 0" in str(info.value.for_cli())
    with pytest.raises(SelectionError):
        t.select(["X", "embed.*"], layer=0, head=0)
    assert t.select(["X"], head=0).names == ["X"]  # X has no head axis: the head leaves it alone
    assert t.select(["*.weights"], layer=0).names == ["blocks.0.attn.weights"]


def test_explain_with_steps_outside_the_layer_exits_2_and_writes_nothing(runner, tmp_path):
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["explain", "a b", "--steps", "X", "--layer", "0", "--json", str(out)])
    assert result.exit_code == 2, result.output
    assert "--steps X --layer 0" in result.stderr and result.stdout == ""
    assert not out.exists()
    shown = runner.invoke(app, ["explain", "a b", "--steps", "X"])
    assert shown.exit_code == 0 and "X = " in shown.stdout


@pytest.mark.parametrize("steps", [",", " , ,", ""])
def test_steps_that_name_nothing_are_a_usage_error(runner, steps):
    result = runner.invoke(app, ["explain", "a b", "--steps", steps])
    assert result.exit_code == 2, result.output
    assert "names no step" in result.stderr and result.stdout == ""


# --- 4. invisible characters --------------------------------------------------------------------------------

INVISIBLE = ["\x01", "\x7f", "\u200b", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u200d", "\u200c"]


@pytest.mark.parametrize("ch", INVISIBLE)
@pytest.mark.parametrize("tokenizer", ["default", "char"])
def test_control_and_zero_width_characters_separate_like_whitespace(ch, tokenizer):
    assert tokenize(f"{ch}a {ch} b{ch}", tokenizer) == ["a", "b"]
    assert tokenize(f"河马{ch}吃", "default") == ["河马", "吃"]
    with pytest.raises(EmptyTextError):
        tokenize(f"{ch} {ch}{ch}", tokenizer)


def test_zero_width_space_splits_a_word():
    assert tokenize("hip\u200bpo") == ["hip", "po"]


def test_a_joiner_stays_inside_an_emoji_sequence_or_a_word():
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert tokenize(f"I {family} you") == ["I", family, "you"]
    assert tokenize("\U0001f600\u200d\u200b x") == ["\U0001f600", "x"]  # a ZWJ before nothing visible is dropped
    ksha = "\u0915\u094d\u200d\u0937"  # Devanagari ka + virama + ZWJ + ssa: the joiner shapes one word
    assert tokenize(ksha) == [ksha]


def test_no_token_is_invisible():
    import unicodedata

    text = "\x01a\u200b\u200d b\ufeff \U0001f600\u200d\u2060 \u00ad\u200c今天\u200b晚上"
    for tokenizer in ("default", "char"):
        for token in tokenize(text, tokenizer):
            assert any(unicodedata.category(ch) not in ("Cc", "Cf") for ch in token), (tokenizer, token)


def test_explain_of_only_invisible_characters_is_empty_text(runner):
    result = runner.invoke(app, ["explain", "\u200b\x01\u2060"])
    assert result.exit_code == 2, result.output
    assert "the text is empty" in result.stderr


def test_the_python_api_refuses_seeded_weights_past_the_memory_budget_too():
    """The guard lives in attntrace.trace, not only in the CLI: a notebook user is not OOM-killed either."""
    from attntrace import trace
    from attntrace.config import ConfigError

    with pytest.raises(ConfigError, match="GiB"):
        trace("a", d_model=4096, n_layers=8)
