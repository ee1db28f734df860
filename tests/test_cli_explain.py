"""attntrace explain / show / schema through Typer's CliRunner: output, JSON, files, errors and exit codes
(0 ok, 1 failure, 2 usage)."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
import reference
import typer.main
from rich.cells import cell_len

from attntrace import __version__
from attntrace.cli import app
from attntrace.models.seeded import trace

EXAMPLE = "今天晚上吃河马"
ANSI = re.compile(r"\x1b\[")
# A step's table title starts its line with the step name and three spaces (see render.step_tables).
TITLE = re.compile(r"^(?:\[\d\]   )?((?:embed\.|blocks\.\d+\.)\S+|X)   ", re.MULTILINE)

# Deterministic width and no colour unless a test asks for them.
BASE_ENV = {"COLUMNS": "120", "NO_COLOR": None, "FORCE_COLOR": None, "TTY_COMPATIBLE": None, "TERM": "xterm"}


def invoke(runner, args, env=None, **kwargs):
    import importlib

    importlib.import_module("attntrace.cli.common").reset_consoles()  # consoles bind to this call's streams
    return runner.invoke(app, args, env={**BASE_ENV, **(env or {})}, **kwargs)


def assert_clean_failure(result, code: int, *needles: str) -> None:
    """Exit `code`, a message on stderr naming the problem, nothing on stdout, no traceback."""
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert "Error" in result.stderr
    for needle in needles:
        assert needle in result.stderr, f"{needle!r} not in {result.stderr!r}"


# --- explain ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("every", [["--all"], ["--steps", "all"]])
def test_explain_the_example_sentence(runner, every):
    result = invoke(runner, ["explain", EXAMPLE, *every])
    assert result.exit_code == 0, result.stderr
    assert "今天 / 晚上 / 吃 / 河马" in result.stdout
    titles = set(TITLE.findall(result.stdout))
    assert titles == set(reference.step_names(1)), "with --all every step is shown, under its name"
    assert "√d_k" in result.stdout  # the formula and reason beside scaled
    assert "Σ row" in result.stdout  # the weights show their row sums
    assert result.stderr == ""


def test_explain_shows_each_head_separately(runner):
    result = invoke(runner, ["explain", EXAMPLE, "--d-model", "8", "--heads", "2", "--steps", "*.weights"])
    assert result.exit_code == 0, result.stderr
    assert "head 0" in result.stdout and "head 1" in result.stdout
    assert TITLE.findall(result.stdout) == ["blocks.0.attn.weights", "blocks.0.attn.weights"]


def test_explain_json_to_stdout_is_only_json(runner):
    result = invoke(runner, ["explain", EXAMPLE, "--mask", "causal", "--json", "-"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)  # fails if anything else went to stdout
    assert data["format"] == "attntrace.trace"
    assert data["tokens"] == ["今天", "晚上", "吃", "河马"]
    assert data["config"]["mask"] == "causal"
    assert [s["name"] for s in data["steps"]] == reference.step_names(1, mask="causal")
    api = trace(EXAMPLE, mask="causal")
    weights = next(s for s in data["steps"] if s["name"] == "blocks.0.attn.weights")
    np.testing.assert_array_equal(np.array(weights["data"]), api.step("blocks.0.attn.weights"))
    assert result.stderr == ""


def test_explain_json_file_refuses_to_overwrite_without_force(runner, tmp_path):
    path = tmp_path / "t.json"
    result = invoke(runner, ["explain", EXAMPLE, "--json", str(path)])
    assert result.exit_code == 0, result.stderr
    assert json.loads(path.read_text(encoding="utf-8"))["tokens"] == ["今天", "晚上", "吃", "河马"]
    assert str(path) in result.stderr  # the notice says where it wrote

    path.write_text("precious", encoding="utf-8")
    result = invoke(runner, ["explain", EXAMPLE, "--json", str(path)])
    assert_clean_failure(result, 1, str(path), "--force")
    assert path.read_text(encoding="utf-8") == "precious"

    result = invoke(runner, ["explain", "Attention is all you need", "--json", str(path), "--force"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(path.read_text(encoding="utf-8"))["tokens"] == ["Attention", "is", "all", "you", "need"]


def test_explain_json_into_a_missing_directory_fails_cleanly(runner, tmp_path):
    result = invoke(runner, ["explain", EXAMPLE, "--json", str(tmp_path / "no" / "t.json")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "cannot write" in result.stderr


def test_explain_json_onto_a_directory_is_a_usage_error(runner, tmp_path):
    result = invoke(runner, ["explain", EXAMPLE, "--json", str(tmp_path)])
    assert_clean_failure(result, 2, str(tmp_path))


def test_steps_glob_shows_only_the_weights(runner):
    result = invoke(runner, ["explain", EXAMPLE, "--layers", "2", "--steps", "*.weights"])
    assert result.exit_code == 0, result.stderr
    assert TITLE.findall(result.stdout) == ["blocks.0.attn.weights", "blocks.1.attn.weights"]


def test_steps_layer_and_head_narrow_the_view(runner):
    result = invoke(runner, ["explain", EXAMPLE, "--layers", "2", "--d-model", "8", "--heads", "4",
                             "--steps", "*.Q,*.weights", "--layer", "1", "--head", "3"])
    assert result.exit_code == 0, result.stderr
    assert TITLE.findall(result.stdout) == ["blocks.1.attn.Q", "blocks.1.attn.weights"]
    assert "head 3" in result.stdout and "head 0" not in result.stdout


@pytest.mark.parametrize(("args", "needles"), [
    (["explain", ""], ["empty"]),
    (["explain", "  \t "], ["empty"]),
    (["explain", EXAMPLE, "--heads", "3"], ["divisible", "3"]),
    (["explain", EXAMPLE, "--d-model", "0"], ["d_model", "positive"]),
    (["explain", EXAMPLE, "--layers", "-1"], ["n_layers", "positive"]),
    (["explain", EXAMPLE, "--seed", "-1"], ["seed"]),
    (["explain", EXAMPLE, "--steps", "nomatch"], ["nomatch"]),
    (["explain", EXAMPLE, "--layer", "1"], ["--layer 1", "out of range"]),
    (["explain", EXAMPLE, "--head", "1"], ["--head 1", "out of range"]),
    (["explain", EXAMPLE, "--layer", "-1"], ["--layer"]),
    (["explain", "ab\udcffc"], ["UTF-8"]),
])
def test_usage_errors_exit_2_with_a_clear_message(runner, args, needles):
    assert_clean_failure(invoke(runner, args), 2, *needles)


@pytest.mark.parametrize(("args", "needles"), [
    (["explain", EXAMPLE, "--mask", "bogus"], ["--mask", "bogus"]),
    (["explain", EXAMPLE, "--positional", "learned-ish"], ["--positional"]),
    (["explain", EXAMPLE, "--d-model", "four"], ["--d-model"]),
    (["explain", EXAMPLE, "--precision", "99"], ["--precision"]),
    (["explain"], ["TEXT"]),
])
def test_option_parsing_errors_exit_2(runner, args, needles):
    result = invoke(runner, args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle.lower() in result.stderr.lower()


# --- show ---------------------------------------------------------------------------------------------


@pytest.fixture
def saved(runner, tmp_path):
    path = tmp_path / "good.json"
    result = invoke(runner, ["explain", EXAMPLE, "--json", str(path)])
    assert result.exit_code == 0, result.stderr
    return path


def test_show_renders_a_saved_trace_as_explain_does(runner, saved):
    shown = invoke(runner, ["show", str(saved)])
    assert shown.exit_code == 0, shown.stderr
    explained = invoke(runner, ["explain", EXAMPLE])
    assert shown.stdout == explained.stdout
    assert "今天 / 晚上 / 吃 / 河马" in shown.stdout


def test_show_takes_the_display_options(runner, saved):
    result = invoke(runner, ["show", str(saved), "--steps", "*.weights", "--precision", "5"])
    assert result.exit_code == 0, result.stderr
    assert TITLE.findall(result.stdout) == ["blocks.0.attn.weights"]
    assert re.search(r"\b0\.\d{5}\b", result.stdout)
    assert_clean_failure(invoke(runner, ["show", str(saved), "--steps", "nomatch"]), 2, "nomatch")


def test_precision_zero_shows_whole_numbers(runner):
    result = invoke(runner, ["explain", EXAMPLE, "--steps", "*.weights", "--precision", "0"])
    assert result.exit_code == 0, result.stderr
    cells = re.findall(r"│\s*([^│\s]+)\s*(?=│)", result.stdout)
    numbers = [c for c in cells if re.fullmatch(r"-?[\d.]+", c)]
    assert numbers and all(re.fullmatch(r"\d+", c) for c in numbers), numbers  # "0" and "1", never "0."


def test_show_a_trace_saved_with_one_head(runner, tmp_path):
    path = tmp_path / "head2.json"
    result = invoke(runner, ["explain", EXAMPLE, "--d-model", "8", "--heads", "4", "--head", "2",
                             "--steps", "*.weights,*.attn.out", "--json", str(path)])
    assert result.exit_code == 0, result.stderr
    assert json.loads(path.read_text(encoding="utf-8"))["heads"] == [2]
    shown = invoke(runner, ["show", str(path)])
    assert shown.exit_code == 0, shown.stderr
    assert "head 2" in shown.stdout and "head 0" not in shown.stdout
    assert TITLE.findall(shown.stdout) == ["blocks.0.attn.weights", "blocks.0.attn.out"]
    assert_clean_failure(invoke(runner, ["show", str(path), "--head", "0"]), 2, "--head 0")


def test_show_reads_stdin(runner, saved):
    result = invoke(runner, ["show", "-", "--steps", "X"], input=saved.read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.stderr
    assert TITLE.findall(result.stdout) == ["X"]


def _edit(saved, fn) -> str:
    data = json.loads(saved.read_text(encoding="utf-8"))
    fn(data)
    return json.dumps(data, ensure_ascii=False, indent=1)


def _put_nan(data):
    step = next(s for s in data["steps"] if s["name"] == "blocks.0.attn.Q")
    step["data"][0][1][2] = float("nan")


BROKEN = {
    "not-json": (lambda saved: "this is not a trace\n", ["not valid JSON", "line 1"]),
    "cut-short": (lambda saved: saved.read_text(encoding="utf-8")[:700], ["cut short", "line"]),
    "other-format": (lambda saved: _edit(saved, lambda d: d.update(format="something.else")),
                     ["format", "something.else"]),
    "other-version": (lambda saved: _edit(saved, lambda d: d.update(version=2)), ["version 2"]),
    "shapes-vs-tokens": (lambda saved: _edit(saved, lambda d: d.update(tokens=d["tokens"][:3])),
                         ["steps[0]", "embed.token", "shape"]),
    "nan": (lambda saved: _edit(saved, _put_nan), ["NaN", "blocks.0.attn.Q", "[0, 1, 2]"]),
    "empty": (lambda saved: "", ["empty"]),
    "top-level-list": (lambda saved: "[1, 2]", ["object"]),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_show_rejects_a_broken_file_with_a_clear_message(runner, saved, tmp_path, case):
    make, needles = BROKEN[case]
    path = tmp_path / f"{case}.json"
    path.write_text(make(saved), encoding="utf-8")
    assert_clean_failure(invoke(runner, ["show", str(path)]), 1, str(path), *needles)


def test_show_missing_file(runner, tmp_path):
    path = tmp_path / "missing.json"
    assert_clean_failure(invoke(runner, ["show", str(path)]), 1, str(path), "cannot read")


def test_show_binary_file(runner, tmp_path):
    path = tmp_path / "bin.json"
    path.write_bytes(b"\xff\xfe\x00garbage")
    assert_clean_failure(invoke(runner, ["show", str(path)]), 1, str(path), "UTF-8")


# --- version, help, schema ----------------------------------------------------------------------------


def test_version(runner):
    result = invoke(runner, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.stdout


def _commands() -> list[str]:
    return sorted(typer.main.get_command(app).commands)


def test_the_core_commands_exist():
    assert {"explain", "show", "schema"} <= set(_commands())


@pytest.mark.parametrize("command", [None, *_commands()])
def test_every_command_has_help_with_an_example(runner, command):
    result = invoke(runner, ([command] if command else []) + ["--help"])
    assert result.exit_code == 0, result.stderr
    assert "Example" in result.stdout, f"{command or 'attntrace'} --help has no example"


def test_schema_prints_valid_json(runner):
    result = invoke(runner, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["properties"]["format"] == {"const": "attntrace.trace"}


# --- terminals ----------------------------------------------------------------------------------------


def test_a_terminal_gets_colour(runner):
    """The control for the next tests: a terminal (TTY_COMPATIBLE=1) does get escape codes."""
    result = invoke(runner, ["explain", EXAMPLE, "--steps", "*.weights"], env={"TTY_COMPATIBLE": "1"})
    assert result.exit_code == 0
    assert ANSI.search(result.stdout)


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "dumb"}], ids=["NO_COLOR", "dumb"])
def test_no_color_and_dumb_terminals_get_plain_text(runner, env):
    result = invoke(runner, ["explain", EXAMPLE], env={"TTY_COMPATIBLE": "1", **env})
    assert result.exit_code == 0
    assert not ANSI.search(result.stdout)
    assert "今天 / 晚上 / 吃 / 河马" in result.stdout
    error = invoke(runner, ["explain", EXAMPLE, "--heads", "3"], env={"TTY_COMPATIBLE": "1", **env})
    assert error.exit_code == 2
    assert not ANSI.search(error.stderr)


def test_narrow_terminal_cuts_tables_instead_of_wrapping(runner):
    sentence = "The animal didn't cross the street because it was too tired"
    result = invoke(runner, ["explain", sentence, "--d-model", "8"], env={"COLUMNS": "40"})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= 40
    assert "…" in result.stdout
    assert "showing 2 of 11 columns" in result.stdout  # the cut note says how much is shown
    assert "COLUMNS" in result.stdout  # and how to see the rest


def test_narrow_terminal_with_chinese_labels(runner):
    result = invoke(runner, ["explain", "今天晚上吃河马。我们一起去动物园看河马吧！"], env={"COLUMNS": "40"})
    assert result.exit_code == 0, result.stderr
    assert max(cell_len(line) for line in result.stdout.splitlines()) <= 40
