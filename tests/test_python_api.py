"""The Python API: the same things work as on the command line, errors speak Python, reprs stay short."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from attntrace import Trace, trace
from attntrace.check.verify import verify
from attntrace.trace_data import SelectionError, UnknownStepError


@pytest.fixture(scope="module")
def t():
    return trace("the hippo ate dinner", n_heads=2, n_layers=2)


def test_select_takes_one_string_of_patterns(t):
    assert t.select(steps="*.weights").names == ["blocks.0.attn.weights", "blocks.1.attn.weights"]
    assert t.select(steps="X,*.scaled").names == ["X", "blocks.0.attn.scaled", "blocks.1.attn.scaled"]
    with pytest.raises(SelectionError) as e:
        t.select(steps="*.weight")
    assert "steps='*.weight' matches no step" in str(e.value)


@pytest.mark.parametrize(("kwargs", "words"), [
    ({"head": 7}, "head=7 is out of range: this trace has heads 0, 1"),
    ({"layer": 5}, "layer=5 is out of range: this model has layers 0 to 1"),
])
def test_errors_name_python_arguments_not_cli_flags(t, kwargs, words):
    with pytest.raises(SelectionError) as e:
        t.select(**kwargs)
    assert str(e.value) == words and "--" not in str(e.value)


@pytest.mark.parametrize(("typo", "meant"), [
    ("blocks.0.attn.Wq", "blocks.0.attn.W_Q"), ("blocks.0.attn.weight", "blocks.0.attn.weights"),
    ("blocks.1.Attn.Q", "blocks.1.attn.Q"),
])
def test_step_with_a_typo_says_what_was_meant(t, typo, meant):
    with pytest.raises(KeyError) as e:
        t.step(typo)
    assert isinstance(e.value, UnknownStepError)
    assert str(e.value) == f"no step named {typo!r} in this trace; did you mean {meant}?"


def test_verify_takes_a_dict_json_text_a_path_or_a_trace(t, tmp_path):
    text = t.to_json()
    path = tmp_path / "t.json"
    path.write_text(text, encoding="utf-8")
    npz = tmp_path / "t.npz"
    npz.write_bytes(t.to_npz())
    for source in (t, json.loads(text), text, text.encode(), str(path), path, npz):
        v = verify(source)
        assert v.ok, type(source)
    with pytest.raises(TypeError):
        verify(42)


def test_from_dict_takes_numpy_arrays(t):
    data = {"format": "attntrace.trace", "version": 1, "tokens": t.tokens,
            "config": {"d_model": 4, "n_heads": 2, "n_layers": 2},
            "steps": [{"name": n, "data": t.step(n).astype(np.float32)} for n in t.names]}
    back = Trace.from_dict(data)
    assert back.step("blocks.1.out").dtype == np.float64
    assert np.allclose(back.step("blocks.1.out"), t.step("blocks.1.out"), atol=1e-6)
    assert verify(back).ok


def test_reprs_of_results_hold_no_arrays(t):
    v = verify(t)
    for obj in (v, v.report, v.report.steps[5], v.report["blocks.0.attn.Q"].local):
        text = repr(obj)
        assert "array(" not in text and len(text) < 400, text
    assert repr(v).startswith("Verification(ok=True")


def test_the_export_methods_are_documented_and_the_package_is_typed():
    from pathlib import Path

    import attntrace

    for name in ("to_json", "to_dict", "from_json", "from_dict", "to_npz", "load", "select", "step"):
        assert getattr(Trace, name).__doc__, name
    assert (Path(attntrace.__file__).parent / "py.typed").exists()


def test_a_written_file_reads_back_line_by_line_and_bad_lines_keep_their_messages(t, tmp_path):
    from attntrace.io.json import TraceFormatError, _by_line, _lines, loads
    from attntrace.io.load import load

    text = t.to_json().encode()
    assert _by_line(_lines(text)) is not None  # the fast path is taken for the writer's own layout
    path = tmp_path / "t.json"
    path.write_bytes(text)
    back = load(path)
    assert back.to_json() == t.to_json() and verify(back).ok
    # a NaN typed into a step's line: that line does not parse, and the whole-file reader names the cell
    lines = text.decode().splitlines(keepends=True)
    i = next(k for k, line in enumerate(lines) if '"name":"blocks.0.attn.scaled"' in line)
    lines[i] = lines[i].replace('"data":[[[', '"data":[[[NaN,', 1).replace(",", "", 0)
    start = lines[i].index("[[[NaN,") + len("[[[NaN,")
    lines[i] = lines[i][:start] + lines[i][lines[i].index(",", start) + 1:]  # keep the row's length
    with pytest.raises(TraceFormatError, match=r"blocks\.0\.attn\.scaled\): NaN or infinity at index \[0, 0, 0\]"):
        loads("".join(lines).encode())
    path.write_bytes(text[: len(text) // 2])
    with pytest.raises(TraceFormatError, match="cut short"):
        load(path)


def test_layer_and_head_checks_name_the_range_in_the_callers_words(t):
    from attntrace.teach.focus import FocusError

    assert t.check_layer(1) == 1 and t.head_index(1) == 1
    assert t.select(head=1).head_index(1) == 0  # a trace of head 1 only holds it at index 0
    with pytest.raises(SelectionError) as e:
        t.check_layer(2)
    assert str(e.value).startswith("layer=2 is out of range") and "--layer 2" in str(e.value.for_cli())
    with pytest.raises(FocusError, match="head 3 is out of range: this trace has heads 0, 1"):
        t.head_index(3, FocusError)


def test_allowed_is_the_mask_or_what_the_config_says():
    n = 4
    causal = trace("a b c d", mask="causal", tokenizer="space")
    lower = np.array([[j <= i for j in range(n)] for i in range(n)])  # from the definition, not the code
    assert (causal.allowed(0) == lower).all()
    assert (causal.select(steps="*.weights").allowed(0) == lower).all()  # mask step dropped, config still causal
    assert trace("a b c d", tokenizer="space").allowed(0).all()


@pytest.mark.parametrize("text", [123, b"today", ["a", "b"], None])
def test_a_text_that_is_not_a_str_is_a_type_error_that_says_so(text):
    for call in (lambda: trace(text), lambda: trace(text, model="it-demo")):
        with pytest.raises(TypeError, match=f"must be a str, not {type(text).__name__}"):
            call()


def test_errors_of_the_python_api_speak_python():
    from attntrace.tokenize import EmptyTextError

    with pytest.raises(EmptyTextError) as e:
        trace("   ")
    assert "attntrace explain" not in str(e.value)  # no shell command in a Python error
    with pytest.raises(TypeError, match=re.escape("pass model= (and dtype=) alone")):
        trace("a b", model="it-demo", n_heads=2)
