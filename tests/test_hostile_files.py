"""Hostile files and streams: step names that only look canonical, numbers too long for Python's int(),
control characters from files and users, crafted checkpoint folders and numpy archives, output streams
that cannot take what is written. Each must end in a clear message (or visible escapes), never a
traceback, a hang or a wrong "all right"."""

from __future__ import annotations

import json

import pytest

from attntrace import steps as catalogue
from attntrace import trace
from attntrace.cli import app
from attntrace.export import TraceFormatError, loads


def trace_dict(text: str = "a b", **options) -> dict:
    return json.loads(trace(text, **options).to_json())


def write_json(tmp_path, data, name: str = "t.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


# --- step names: canonical ASCII only -----------------------------------------------------------------------

@pytest.mark.parametrize("name", [
    "blocks.00.attn.scaled",  # a leading zero
    "blocks.01.attn.Q",
    "blocks.\u0660.attn.scaled",  # ARABIC-INDIC DIGIT ZERO
    "blocks.\uff10.attn.Q",  # FULLWIDTH DIGIT ZERO
    "blocks.{l}.attn.Q",  # the catalogue's pattern, not a name
    "blocks." + "9" * 5000 + ".attn.Q",  # int() would refuse it
    "blocks.-1.attn.Q",
], ids=lambda name: name[:24])
def test_names_that_only_look_canonical_are_unknown(name):
    assert not catalogue.is_known(name)
    assert catalogue.layer_of(name) is None


def test_canonical_names_are_still_known():
    assert catalogue.layer_of("blocks.0.attn.scaled") == 0 and catalogue.is_known("blocks.0.attn.scaled")
    assert catalogue.layer_of("blocks.127.out") == 127 and catalogue.is_known("blocks.127.out")
    assert catalogue.is_known("X") and catalogue.layer_of("X") is None


@pytest.mark.parametrize("fake", ["blocks.00.attn.scaled", "blocks.\u0660.attn.scaled"])
def test_verify_does_not_pass_or_show_wrong_data_under_a_look_alike_name(runner, tmp_path, fake):
    data = trace_dict()
    for step in data["steps"]:
        if step["name"] == "blocks.0.attn.scaled":
            step["name"] = fake
            step["data"] = [[[v + 1.0 for v in row] for row in m] for m in step["data"]]  # wrong by 1
    path = write_json(tmp_path, data)
    result = runner.invoke(app, ["verify", path])
    assert "Traceback" not in result.stderr
    assert "did you mean blocks.0.attn.scaled" in result.stderr  # skipped, with a note naming the real name
    assert fake not in result.stdout  # never listed as a checked step
    shown = runner.invoke(app, ["show", path])
    assert shown.exit_code == 0 and fake not in shown.stdout and "scaled = scores" not in shown.stdout


# --- huge integers ------------------------------------------------------------------------------------------

HUGE = "9" * 5000


def _with(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize(("old", "new"), [
    ('"seed": 0', f'"seed": {HUGE}'),  # a config field
    ('"d_model": 4', f'"d_model": -{HUGE}'),
    ('"data": [[', f'"data": [[{HUGE}, '),  # a value
    ('"version": 1', f'"version": {HUGE}'),
], ids=["seed", "d_model", "value", "version"])
def test_a_number_of_thousands_of_digits_in_a_trace_is_a_format_error_with_its_place(old, new):
    text = _with(trace("a b").to_json(), old, new)
    with pytest.raises(TraceFormatError) as info:
        loads(text)
    message = str(info.value)
    line = text[: text.index(HUGE)].count("\n") + 1
    assert "5000 digits" in message and f"line {line}," in message


def test_a_long_float_is_still_a_float():
    data = trace_dict()
    data["steps"][0]["data"][0][0] = "LONG"
    text = _with(json.dumps(data), '"LONG"', "1" * 400 + ".5e-399")  # 1.11…
    assert loads(text).step("embed.token")[0, 0] == pytest.approx(10 / 9)


def test_json_nested_100000_deep_is_a_format_error():
    with pytest.raises(TraceFormatError, match="nested too deeply"):
        loads("[" * 100_000 + "]" * 100_000)


@pytest.mark.parametrize("command", ["show", "verify"])
def test_huge_numbers_and_layer_indices_end_in_a_message(runner, tmp_path, command):
    data = trace_dict()
    data["steps"].append({"name": f"blocks.{HUGE}.attn.Q", "data": [0]})
    path = write_json(tmp_path, data)
    result = runner.invoke(app, [command, path])
    assert result.exit_code == 0, result.output  # the other steps are right
    assert "Traceback" not in result.stderr and "unknown step" in result.stderr

    bad = tmp_path / "huge.json"
    bad.write_text(_with(trace("a b").to_json(), '"seed": 0', f'"seed": {HUGE}'), encoding="utf-8")
    result = runner.invoke(app, [command, str(bad)])
    assert result.exit_code == 1 and "5000 digits" in result.stderr, result.output


@pytest.mark.parametrize("focus", [HUGE, f"a@{HUGE}", "\u0661"], ids=["huge", "text@huge", "arabic-indic"])
def test_focus_with_a_huge_or_non_ascii_position_is_a_usage_error(runner, focus):
    result = runner.invoke(app, ["explain", "a b", "--focus", focus])
    assert result.exit_code == 2, result.output
    assert "no token" in result.stderr and "0 a, 1 b" in result.stderr
