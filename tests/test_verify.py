"""`attntrace verify` through the CLI: the sample scripts, explain's own files, bad input and exit codes."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from test_check import CONFIGS, SENTENCE

from attntrace.cli import app

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "verify"
sys.path.insert(0, str(ROOT / "samples"))
try:
    import freshness
finally:
    sys.path.pop(0)


def run(runner, *args, input=None):
    result = runner.invoke(app, ["verify", *map(str, args)], input=input)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def flat(text: str) -> str:
    """Output with Rich's line wrapping undone."""
    return " ".join(text.split())


def report(runner, path) -> tuple[int, dict]:
    result = run(runner, path, "--json", "-")
    return result.exit_code, json.loads(result.stdout)


# --- the sample scripts: a learner's own code ------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_outputs(tmp_path_factory):
    out = tmp_path_factory.mktemp("samples")
    paths = {}
    for name in ("my_attention", "my_attention_buggy"):
        target = out / f"{name}.json"
        done = subprocess.run([sys.executable, str(SAMPLES / f"{name}.py"), str(target)],
                              capture_output=True, text=True, cwd=out)
        assert done.returncode == 0, done.stderr
        paths[name] = target
    return paths


def test_the_correct_sample_verifies(runner, sample_outputs):
    result = run(runner, sample_outputs["my_attention"])
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "Every step present is right." in result.stdout
    code, data = report(runner, sample_outputs["my_attention"])
    assert code == 0 and data["ok"] is True and data["first_wrong"] is None
    statuses = {s["name"]: s["status"] for s in data["steps"]}
    for step in ("Q", "K", "V", "scores", "scaled", "weights", "Z"):
        assert statuses[f"blocks.0.attn.{step}"] == "ok", step


def test_the_buggy_sample_is_pinned_to_scaled(runner, sample_outputs):
    result = run(runner, sample_outputs["my_attention_buggy"])
    assert result.exit_code == 1
    assert "First wrong step: blocks.0.attn.scaled" in result.stdout
    assert "the division by √d_k = √4 = 2 is missing" in result.stdout
    code, data = report(runner, sample_outputs["my_attention_buggy"])
    assert code == 1
    assert data["first_wrong"]["name"] == "blocks.0.attn.scaled"
    assert data["first_wrong"]["causes"] == ["diagnose.scaled.no_sqrt"]
    steps = {s["name"]: s for s in data["steps"]}
    assert [n for n, s in steps.items() if s["status"] == "wrong"] == ["blocks.0.attn.scaled"]
    assert steps["blocks.0.attn.weights"]["status"] == "ok"  # right given the learner's own scaled ...
    assert steps["blocks.0.attn.weights"]["from_inputs"]["ok"] is False  # ... but the mistake carried


def test_the_table_fits_80_columns_and_shows_the_first_wrong_cell(runner):
    result = runner.invoke(app, ["verify", str(SAMPLES / "my_attention_buggy.json")],
                           env={"COLUMNS": "80", "NO_COLOR": "1"})
    lines = result.stdout.splitlines()
    assert max(map(len, lines)) <= 80
    row = next(i for i, line in enumerate(lines) if line.split()[:1] == ["attn.scaled"])
    assert "▶ wrong" in lines[row] and "h0 the→the" in lines[row]
    expected, found = map(float, re.search(r"([-\d.]+) → ([-\d.]+)", lines[row + 1]).groups())
    assert found == pytest.approx(2 * expected, rel=1e-4)  # scores where scores / √4 belongs
    assert "blocks.0.attn.W_Q" not in "".join(lines[: row])  # weights are listed below the table, not as rows


def test_the_sample_scripts_stand_alone_and_their_saved_outputs_are_fresh(sample_outputs):
    for name, fresh in sample_outputs.items():
        tree = ast.parse((SAMPLES / f"{name}.py").read_text(encoding="utf-8"))
        imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        imported |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert imported <= {"json", "math", "sys", "pathlib", "numpy"}, imported
        # equal to within rounding: the script's matrix products may differ in the last bits between CPUs
        assert freshness.json_fresh((SAMPLES / f"{name}.json").read_text(encoding="utf-8"),
                                    fresh.read_text(encoding="utf-8")), (
            f"samples/verify/{name}.json is stale; run python samples/verify/{name}.py")


def test_the_readme_example_trace_verifies(runner, tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- verify-example:start -->\s*```json\n(.*?)```", readme, re.S).group(1)
    path = tmp_path / "example.json"
    path.write_text(block, encoding="utf-8")
    code, data = report(runner, path)
    assert code == 0 and data["counts"]["ok"] == 7


# --- every file explain writes verifies -----------------------------------------------------------------


def _explain_args(cfg: dict) -> list[str]:
    flags = {"n_heads": "--heads", "n_layers": "--layers", "mask": "--mask", "positional": "--positional"}
    return [a for k, v in cfg.items() for a in (flags[k], str(v))]


@pytest.mark.parametrize("cfg_key", CONFIGS)
def test_every_explain_json_verifies(runner, tmp_path, cfg_key):
    path = tmp_path / "t.json"
    made = runner.invoke(app, ["explain", SENTENCE, *_explain_args(CONFIGS[cfg_key]), "--json", str(path)])
    assert made.exit_code == 0, made.stderr
    result = run(runner, path)
    assert result.exit_code == 0, result.stdout
    assert "0 wrong · 0 missing" in result.stdout


def test_a_one_head_selection_from_explain_verifies_with_the_sum_over_heads_as_a_note(runner, tmp_path):
    path = tmp_path / "t.json"
    args = ["explain", "今天晚上吃河马", "--heads", "2", "--d-model", "8", "--head", "1", "--json", str(path)]
    runner.invoke(app, args)
    code, data = report(runner, path)
    assert code == 0 and data["ok"] and data["counts"]["wrong"] == 0
    assert data["not_checked"] == [] and data["not_checkable_in_subset"] == ["blocks.0.attn.out"]
    out = next(s for s in data["steps"] if s["name"] == "blocks.0.attn.out")
    assert (out["status"], out["needs"]) == ("not checked", ["all heads"])
    assert next(s for s in data["steps"] if s["name"] == "blocks.0.attn.resid")["status"] == "ok"
    result = run(runner, path)
    assert result.exit_code == 0
    text = flat(result.stdout)
    assert "This trace holds heads 1 only, and 1 step(s) sum over every head: blocks.0.attn.out" in text
    assert "Every step that a trace of these heads can check is right" in text and "Not verified" not in text
    zh = flat(run(runner, path, "--lang", "zh").stdout)
    assert "只有第 1 个头" in zh and "只含这些头的追踪数据能检查的步骤全部正确" in zh


def test_a_trace_claiming_every_head_stays_strict_about_the_sum_over_heads(runner, tmp_path):
    path = tmp_path / "t.json"
    runner.invoke(app, ["explain", "今天晚上吃河马", "--heads", "2", "--json", str(path)])
    data = json.loads(path.read_text())
    data["heads"] = [0, 1]  # said outright: every head
    data["steps"] = [s for s in data["steps"] if s["name"] != "blocks.0.attn.W_O"]  # attn.out cannot be checked
    path.write_text(json.dumps(data))
    code, out = report(runner, path)
    assert code == 1 and out["not_checked"] == ["blocks.0.attn.out"] and out["not_checkable_in_subset"] == []
    assert "could not be checked: blocks.0.attn.out (needs blocks.0.attn.W_O)" in flat(run(runner, path).stdout)


# --- bad input ---------------------------------------------------------------------------------------------


@pytest.fixture
def good(tmp_path) -> dict:
    from attntrace import trace

    return json.loads(trace("the hippo ate", n_heads=2).to_json())


def write(tmp_path, content) -> Path:
    path = tmp_path / "bad.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


def step_of(d: dict, name: str) -> dict:
    return next(s for s in d["steps"] if s["name"] == name)


@pytest.mark.parametrize(("make", "message"), [
    (lambda d: "this is not json", "not valid JSON at line 1, column 1"),
    (lambda d: json.dumps(d)[:500], "the file is cut short"),
    (lambda d: "", "the file is empty"),
    (lambda d: {**d, "format": "something.else"}, "\"format\" is 'something.else'"),
    (lambda d: {**d, "version": 2}, "trace format version 2 is not supported"),
    (lambda d: {**d, "tokens": ["the", "hippo"]}, "steps[0] (embed.token): shape [3, 4] disagrees with 2 tokens"),
    (lambda d: {**d, "config": {**d["config"], "n_heads": 3}}, "d_model (4) must be divisible"),
], ids=["not JSON", "cut short", "empty", "other format", "other version", "shapes disagree", "bad config"])
def test_a_file_that_cannot_be_read_is_exit_1_with_where(runner, tmp_path, good, make, message):
    result = run(runner, write(tmp_path, make(good)))
    assert result.exit_code == 1
    assert message in result.stderr, result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_nan_or_infinity_names_the_step_and_the_cell(runner, tmp_path, good, literal):
    step_of(good, "blocks.0.attn.scaled")["data"][1][2][0] = "PLACEHOLDER"
    text = json.dumps(good).replace('"PLACEHOLDER"', literal)
    result = run(runner, write(tmp_path, text))
    assert result.exit_code == 1
    assert "(blocks.0.attn.scaled): NaN or infinity at index [1, 2, 0]" in result.stderr


def test_unknown_step_names_are_reported_and_fail_unless_lenient(runner, tmp_path, good):
    good["steps"].insert(3, {"name": "scaled", "data": [[1.0]]})
    good["steps"].insert(4, {"name": "my.own.thing", "data": [1]})
    good["steps"].insert(5, {"name": "blocks.0.attn.Wq", "data": [1]})
    result = run(runner, write(tmp_path, good))
    assert result.exit_code == 1, result.stdout
    assert "steps[3] (scaled): unknown step name, skipped; did you mean blocks.0.attn.scaled?" in result.stderr
    assert "steps[4] (my.own.thing): unknown step name, skipped" in result.stderr
    assert "steps[5] (blocks.0.attn.Wq): unknown step name, skipped; did you mean blocks.0.attn.W_Q?" in result.stderr
    assert "3 step name(s) are not attntrace's and were not checked: scaled, my.own.thing, blocks.0.attn.Wq" \
        in flat(result.stdout)
    assert "Every step present is right" not in result.stdout
    code, data = report(runner, write(tmp_path, good))
    assert code == 1 and data["ok"] is False and len(data["notes"]) == 3
    assert data["unknown"] == ["scaled", "my.own.thing", "blocks.0.attn.Wq"]
    lenient = run(runner, write(tmp_path, good), "--lenient")
    assert lenient.exit_code == 0 and "Every step checked is right (--lenient" in flat(lenient.stdout)


@pytest.mark.parametrize(("wrong", "meant"), [
    ("Wq", "blocks.0.attn.W_Q"), ("w-o", "blocks.0.attn.W_O"), ("blocks.0.attn.wv", "blocks.0.attn.W_V"),
    ("blocks.1.ln1.GAMMA", "blocks.1.ln1.gamma"), ("b_q", "blocks.0.attn.b_Q"), ("attn_scores", "blocks.0.attn.scores"),
])
def test_suggestions_ignore_case_and_separators(wrong, meant):
    from attntrace.io.json import _near_name

    assert _near_name(wrong, {0, 1}, 2) == meant


def test_a_step_the_config_has_no_place_for_fails(runner, tmp_path, good):
    good["steps"].insert(3, {"name": "blocks.0.attn.b_Q", "data": [[0.0, 0.0], [0.0, 0.0]]})
    code, data = report(runner, write(tmp_path, good))
    assert code == 1 and data["unused"] == ["blocks.0.attn.b_Q"]
    result = run(runner, write(tmp_path, good))
    assert "not part of the model the config describes, so nothing checks them: blocks.0.attn.b_Q" \
        in flat(result.stdout)


def test_the_config_must_state_the_sizes(runner, tmp_path, good):
    good["config"] = {}
    result = run(runner, write(tmp_path, good))
    assert result.exit_code == 1
    assert "the config lacks d_model, n_heads, n_layers" in result.stderr


def test_a_shape_that_disagrees_names_the_defaulted_field(runner, tmp_path, good):
    good["config"] = {"d_model": 4, "n_heads": 2, "n_layers": 1}
    for s in good["steps"]:
        if s["name"] == "blocks.0.ffn.W_1":  # d_ff 6, not the default 2·d_model = 8
            s["data"], s["shape"] = [row[:6] for row in s["data"]], [4, 6]
    result = run(runner, write(tmp_path, good))
    assert result.exit_code == 1
    assert "the config does not state it, so it took the default d_ff = 8" in result.stderr


def test_a_missing_head_axis_is_explained(runner, tmp_path):
    d = json.loads((SAMPLES / "my_attention.json").read_text(encoding="utf-8"))
    step_of(d, "blocks.0.attn.Q")["data"] = step_of(d, "blocks.0.attn.Q")["data"][0]
    result = run(runner, write(tmp_path, d))
    assert result.exit_code == 1
    assert "(blocks.0.attn.Q): shape [4, 4] has no head axis" in result.stderr


def test_weights_missing_says_what_is_needed(runner, tmp_path, good):
    good["steps"] = [s for s in good["steps"] if s["name"] in ("X", "blocks.0.attn.Q", "blocks.0.attn.scores")]
    good["steps"] = [s for s in good["steps"] if s["name"] != "blocks.0.attn.scores"]
    result = run(runner, write(tmp_path, good))
    assert result.exit_code == 1
    assert "nothing can be recomputed: the trace lacks blocks.0.attn.W_Q" in result.stderr
    assert "A trace needs \"tokens\", \"config\", X and the weights" in result.stderr


def test_a_trace_of_inputs_only_has_nothing_to_check(runner, tmp_path, good):
    good["steps"] = [s for s in good["steps"] if s["name"] in ("X", "blocks.0.attn.W_Q")]
    result = run(runner, write(tmp_path, good))
    assert result.exit_code == 1
    assert "nothing to check: the trace holds only inputs (X, blocks.0.attn.W_Q)" in result.stderr


def test_a_missing_file_is_exit_1(runner, tmp_path):
    result = run(runner, tmp_path / "nope.json")
    assert result.exit_code == 1 and "cannot read" in result.stderr


# --- options -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [["--rtol", "-1"], ["--atol", "nan"], ["--rtol", "inf"], ["--rtol", "abc"], []])
def test_bad_usage_is_exit_2(runner, args):
    path = SAMPLES / "my_attention.json"
    result = run(runner, *([path] if args else []), *args)
    assert result.exit_code == 2, result.stderr
    if args and args[1] != "abc":
        assert f"--{args[0][2:]} must be a finite number ≥ 0" in result.stderr


def test_tolerances_change_the_verdict(runner):
    buggy = SAMPLES / "my_attention_buggy.json"
    assert run(runner, buggy).exit_code == 1
    assert run(runner, buggy, "--rtol", "1.5").exit_code == 0  # scaled is off by 100 %: tolerated at 150 %
    good = SAMPLES / "my_attention.json"
    assert run(runner, good, "--rtol", "0", "--atol", "0").exit_code == 1  # float rounding differs at 1e-16


def test_help_documents_the_defaults_of_check():
    from typer.testing import CliRunner

    from attntrace.check.engine import DEFAULT_ATOL, DEFAULT_RTOL

    result = CliRunner().invoke(app, ["verify", "--help"], env={"COLUMNS": "200"})
    text = " ".join(result.stdout.split())
    shown = [float(x) for x in re.findall(r"\[default: ([0-9.e-]+)\]", text)]
    assert shown == [DEFAULT_RTOL, DEFAULT_ATOL]  # --rtol, then --atol
    assert "Example:" in text


def test_json_report_to_a_file_and_no_overwrite(runner, tmp_path):
    out = tmp_path / "report.json"
    buggy = SAMPLES / "my_attention_buggy.json"
    result = run(runner, buggy, "--json", out)
    assert result.exit_code == 1
    assert "First wrong step" in result.stdout and f"wrote the verification report to {out}" in result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "attntrace.verify" and data["first_wrong"]["name"] == "blocks.0.attn.scaled"
    again = run(runner, buggy, "--json", out)
    assert again.exit_code == 1 and "already exists" in again.stderr and again.stdout == ""
    assert run(runner, buggy, "--json", out, "--force").exit_code == 1
    assert json.loads(out.read_text(encoding="utf-8"))["ok"] is False


def test_json_to_stdout_is_only_json(runner):
    result = run(runner, SAMPLES / "my_attention_buggy.json", "--json", "-")
    data = json.loads(result.stdout)
    scaled = next(s for s in data["steps"] if s["name"] == "blocks.0.attn.scaled")
    cell = scaled["local"]["first_wrong"]
    assert cell["index"] == [0, 0, 0] and cell["cell"] == "h0 the→the"
    assert cell["found"] == pytest.approx(2 * cell["expected"])  # scores instead of scores / √4
    assert scaled["local"]["max_rel_error"] == pytest.approx(1.0)


def test_reads_stdin(runner):
    text = (SAMPLES / "my_attention.json").read_text(encoding="utf-8")
    assert run(runner, "-", input=text).exit_code == 0


@pytest.mark.parametrize("how", ["--lang", "LANG"])
def test_messages_in_chinese(runner, monkeypatch, how):
    if how == "LANG":
        monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    result = run(runner, SAMPLES / "my_attention_buggy.json", *(["--lang", "zh"] if how == "--lang" else []))
    assert "第一个出错的步骤：blocks.0.attn.scaled" in result.stdout
    assert "漏了除以 √d_k = √4 = 2" in result.stdout
    assert run(runner, SAMPLES / "my_attention_buggy.json").stdout.count("First wrong step") == (how == "--lang")


def test_verify_reads_an_npz_archive_written_by_explain(runner, tmp_path):
    archive = tmp_path / "t.npz"
    made = runner.invoke(app, ["explain", SENTENCE, "--heads", "2", "--d-model", "8", "--npz", str(archive)])
    assert made.exit_code == 0, made.stderr
    code, data = report(runner, archive)
    assert code == 0, data


def test_a_narrow_terminal_keeps_step_and_status_readable(runner):
    """At 40 columns the table leaves out its secondary columns rather than cutting every one of them."""
    result = runner.invoke(app, ["verify", str(SAMPLES / "my_attention_buggy.json")], env={"COLUMNS": "40"})
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert all(len(line) <= 40 for line in lines)
    assert any("attn.scaled" in line and "wrong" in line for line in lines), result.stdout
    assert any(line.split()[:2] == ["attn.Q", "ok"] for line in lines if line.strip()), result.stdout
