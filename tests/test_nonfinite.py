"""Review fixes: numbers that are not finite (NaN/inf weights, overflow, a mask row with no allowed key),
token positions written with non-ASCII digits, and grids narrower than their title.

Every case ends in a clear message or a picture, never a traceback, and never a numpy RuntimeWarning on
stderr. Expected values are worked out here from the inputs we plant, not read from the output under test.
"""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import numpy as np
import pytest

from attntrace.cli import app
from attntrace.io.json import dumps, loads
from attntrace.models.seeded import trace


@pytest.fixture
def run(runner):
    """Invoke the CLI and fail the test on any RuntimeWarning (numpy's overflow and invalid-value warnings
    would otherwise reach the user's stderr)."""
    import importlib

    cli_app = importlib.import_module("attntrace.cli.common")

    def invoke(*args):
        cli_app.reset_consoles()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            r = runner.invoke(app, list(args), env={"COLUMNS": "120", "NO_COLOR": "1"})
        leaked = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
        assert not leaked, leaked
        assert not isinstance(r.exception, Exception) or isinstance(r.exception, SystemExit), r.exception
        assert "Traceback" not in r.stderr
        return r

    return invoke


def _strict_json(text: str):
    """json.loads that refuses NaN, Infinity and -Infinity, as every other JSON reader does."""

    def refuse(constant: str):
        raise ValueError(f"invalid JSON constant {constant}")

    return json.loads(text, parse_constant=refuse)


# --- checkpoints with NaN/inf weights, and weights so large the forward pass overflows ---------------------


def _checkpoint(folder: Path, **replace: np.ndarray) -> Path:
    pytest.importorskip("safetensors.numpy", reason="needs the models extra: safetensors")
    pytest.importorskip("tokenizers", reason="needs the models extra: tokenizers")
    from test_bert import make_checkpoint, make_weights

    w = make_weights()
    for name, value in replace.items():
        w[name] = value
    return make_checkpoint(folder, weights=w)


QUERY = "encoder.layer.0.attention.self.query.weight"
KEY = "encoder.layer.0.attention.self.key.weight"


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_loader_names_the_tensor_that_is_not_finite(run, tmp_path, bad):
    W = np.full((8, 8), 0.1, dtype=np.float32)
    W[2, 5] = bad
    folder = _checkpoint(tmp_path / "m", **{KEY: W})
    for extra in ([], ["--json", str(tmp_path / "t.json")]):
        r = run("explain", "--model", str(folder), "the cat", *extra)
        assert r.exit_code == 1, r.stderr
        assert KEY in r.stderr and "[2, 5]" in r.stderr and "1 NaN or infinite" in r.stderr
        assert r.stdout == ""
    assert not (tmp_path / "t.json").exists()


def test_loader_error_is_a_model_error(tmp_path):
    from attntrace.models import ModelError, load

    W = np.zeros((8, 8), dtype=np.float32)
    W[:, 0] = math.nan
    with pytest.raises(ModelError, match="8 NaN or infinite") as e:
        load(_checkpoint(tmp_path / "m", **{QUERY: W}))
    assert e.value.key == "model.not_finite" and e.value.fields["name"] == QUERY


@pytest.fixture
def overflowing(tmp_path) -> Path:
    """Finite weights, but q·k = Σ (1e200·x)(1e200·x) overflows float64 (max ≈ 1.8e308) to inf, and the
    softmax of a row of inf is inf − inf = NaN."""
    big = np.full((8, 8), 1e200)  # float64, as safetensors can store
    return _checkpoint(tmp_path / "over", **{QUERY: big, KEY: big})


@pytest.mark.parametrize("option", ["--json", "--npz"])
def test_an_overflowing_trace_is_not_saved(run, tmp_path, overflowing, option):
    out = tmp_path / ("t.json" if option == "--json" else "t.npz")
    r = run("explain", "--model", str(overflowing), "the cat", option, str(out))
    assert r.exit_code == 1, r.stderr
    assert f"cannot write {out}" in r.stderr and "blocks.0.attn.scores holds NaN or infinity" in r.stderr
    assert not out.exists()


def test_an_overflowing_trace_is_not_saved_to_stdout(run, overflowing):
    r = run("explain", "--model", str(overflowing), "the cat", "--json", "-")
    assert r.exit_code == 1 and r.stdout == ""
    assert "cannot write -" in r.stderr


def test_both_files_refused_before_either_is_written(run, tmp_path, overflowing):
    r = run("explain", "--model", str(overflowing), "the cat", "--json", str(tmp_path / "t.json"),
            "--npz", str(tmp_path / "t.npz"))
    assert r.exit_code == 1
    assert not (tmp_path / "t.json").exists() and not (tmp_path / "t.npz").exists()


def test_an_overflowing_trace_gets_a_page_showing_nan_but_no_file_when_json_is_refused(run, tmp_path, overflowing):
    from page_helpers import read_page, texts

    page = tmp_path / "p.html"
    r = run("explain", "--model", str(overflowing), "the cat", "--page", str(page), "--json", str(tmp_path / "t.json"))
    assert r.exit_code == 1 and not page.exists() and not (tmp_path / "t.json").exists()
    r = run("explain", "--model", str(overflowing), "the cat", "--page", str(page))
    assert r.exit_code == 0, r.stderr
    meta, numbers = read_page(page.read_text(encoding="utf-8"))
    scores = next(s for s in meta["steps"] if s["name"] == "blocks.0.attn.scores")
    assert {"nan", "inf", "-inf"} & set(texts(scores["data"], numbers, 3))


@pytest.mark.parametrize("view", [[], ["--view", "heads"], ["--view", "model"], ["--focus", "cat"],
                                  ["--steps", "*"]])
def test_an_overflowing_trace_is_shown_with_a_notice(run, overflowing, view):
    r = run("explain", "--model", str(overflowing), "the cat", *view)
    assert r.exit_code == 0, r.stderr
    assert "from step blocks.0.attn.scores on, the trace holds NaN or infinity" in r.stderr
    assert "nan" in r.stdout.lower() or "?" in r.stdout


def test_overflow_notice_in_chinese(run, overflowing):
    r = run("explain", "--model", str(overflowing), "the cat", "--lang", "zh")
    assert r.exit_code == 0 and "溢出" in r.stderr


def test_huge_but_finite_values_are_no_overflow(run, tmp_path):
    """Two values of 1e308 sum to inf, but each is finite: the trace is shown without the overflow notice."""
    data = json.loads(dumps(trace("a b", d_model=4, n_heads=1)))
    x = next(s for s in data["steps"] if s["name"] == "X")
    x["data"][0] = [1e308, 1e308, 1e308, 1e308]
    path = tmp_path / "big.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    r = run("show", str(path), "--steps", "X")
    assert r.exit_code == 0, r.stderr
    assert "NaN or infinity" not in r.stderr and "X = E[token]" in r.stdout


def test_cells_and_shades_take_nan_and_inf():
    from rich.style import Style

    from attntrace.render.tables import heat_style
    from attntrace.render.views import percent_cell, tenths_cell

    for v in (math.nan, math.inf, -math.inf, np.float64("nan")):
        assert isinstance(heat_style(v), Style)
        assert percent_cell(v, True) == "  ?" and tenths_cell(v, True) == " ?"
        assert percent_cell(v, False) == "  ·"
    assert heat_style(math.inf) == heat_style(1.0) and heat_style(-math.inf) == heat_style(0.0)
    assert heat_style(math.nan) == heat_style(0.0)
    assert percent_cell(0.231, True) == " 23" and tenths_cell(0.97, True) == " 9"


# --- verify --json with values near the float64 limit --------------------------------------------------------


def _huge_trace(tmp_path) -> Path:
    """A seeded trace whose embed.token[0, 0] was replaced by 1e308: every step in the file is finite, but
    X recomputed from it is 1e308 there, and Q·Kᵀ recomputed from that X overflows."""
    data = json.loads(dumps(trace("a b c", d_model=4, n_heads=1)))
    x = next(s for s in data["steps"] if s["name"] == "embed.token")
    x["data"][0][0] = 1e308
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_verify_json_stays_strict_json_with_overflow(run, tmp_path):
    path = _huge_trace(tmp_path)
    r = run("verify", str(path), "--json", "-")
    assert r.exit_code == 1  # X is now wrong: it is not embed.token + PE
    report = _strict_json(r.stdout)
    steps = {s["name"]: s for s in report["steps"]}
    assert report["first_wrong"]["name"] == "X"
    # X holds about 1 where 1e308 + PE belongs: a finite error of about 1e308
    assert steps["X"]["local"]["max_abs_error"] == pytest.approx(1e308, rel=1e-6)
    # scores recomputed from the inputs overflow to inf, so their error cannot be a JSON number: null
    assert steps["blocks.0.attn.scores"]["from_inputs"]["max_abs_error"] is None
    assert steps["blocks.0.attn.scores"]["from_inputs"]["wrong_cells"] > 0


def test_verify_text_report_has_no_warnings(run, tmp_path):
    r = run("verify", str(_huge_trace(tmp_path)))
    assert r.exit_code == 1 and "First wrong step: X" in r.stdout


def test_json_number():
    from attntrace.check.verify import _json_number

    assert _json_number(math.nan) is None and _json_number(math.inf) is None and _json_number(-math.inf) is None
    assert _json_number(1e308) == 1e308 and _json_number(0.5) == 0.5 and _json_number(True) is True


def test_readme_documents_null_errors():
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert "max_abs_error" in readme and "null" in readme


# --- a hand-written trace whose mask hides every key of a row ------------------------------------------------


def _no_key_trace(tmp_path) -> Path:
    """A causal trace of 'a b c' whose mask row 0 is all false (query 'a' may attend to nothing); the other
    steps are the correct ones."""
    data = json.loads(dumps(trace("a b c", d_model=4, n_heads=1, mask="causal")))
    mask = next(s for s in data["steps"] if s["name"] == "blocks.0.attn.mask")
    mask["data"][0] = [False, False, False]
    path = tmp_path / "c_bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_focus_on_a_row_with_no_allowed_key(run, tmp_path):
    path = _no_key_trace(tmp_path)
    r = run("show", str(path), "--focus", "a")
    assert r.exit_code == 1
    assert "a (position 0) may attend to no key in layer 0" in r.stderr
    assert "blocks.0.attn.mask" in r.stderr
    r = run("show", str(path), "--focus", "b")  # row 1 still has keys
    assert r.exit_code == 0, r.stderr


def test_focus_error_is_raised_by_the_library(tmp_path):
    from attntrace.teach.focus import FocusError, focus

    tr = loads(_no_key_trace(tmp_path).read_text(encoding="utf-8"))
    with pytest.raises(FocusError) as e:
        focus(tr, 0)
    assert e.value.key == "error.focus.no_keys"
    assert len(focus(tr, 2).heads[0].keys) == 3


def test_check_reports_a_row_with_no_allowed_key(tmp_path):
    """softmax over no terms is 0/0: the recomputed row is NaN, and every cell of it is reported wrong."""
    from attntrace.check.engine import OK, WRONG, check

    tr = loads(_no_key_trace(tmp_path).read_text(encoding="utf-8"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any numpy RuntimeWarning fails the test
        report = check(tr)
    assert report["blocks.0.attn.mask"].status == WRONG  # row 0 should be [True, False, False]
    weights = report["blocks.0.attn.weights"]
    assert weights.status == WRONG
    assert np.isnan(weights.local.expected[0, 0]).all()  # head 0, row 0: no term to divide by
    assert weights.local.n_wrong == 3  # the three cells of row 0; rows 1 and 2 are right
    assert report["blocks.0.attn.Z"].status == OK  # judged on the trace's own weights


def test_verify_json_with_a_row_with_no_allowed_key(run, tmp_path):
    r = run("verify", str(_no_key_trace(tmp_path)), "--json", "-")
    assert r.exit_code == 1
    report = _strict_json(r.stdout)
    weights = next(s for s in report["steps"] if s["name"] == "blocks.0.attn.weights")
    assert weights["local"]["max_abs_error"] is None  # NaN − 1 is NaN: not a number JSON can hold
    assert weights["local"]["first_wrong"]["expected"] is None
    assert weights["local"]["first_wrong"]["found"] == pytest.approx(1.0)  # row 0 of causal weights is [1, 0, 0]


# --- token positions: ASCII digits only ---------------------------------------------------------------------


@pytest.mark.parametrize("spec", ["²", "a@²", "¹", "٣", "a@٠", "①"])
def test_non_ascii_digits_are_token_text(spec):
    from attntrace.teach.focus import TokenChoiceError, resolve_token

    with pytest.raises(TokenChoiceError) as e:
        resolve_token(["a", "b", "c", "d"], spec)
    assert e.value.key == "error.token.unknown"


def test_ascii_positions_still_work():
    from attntrace.teach.focus import resolve_token

    assert resolve_token(["a", "b", "c", "d"], "3") == 3
    assert resolve_token(["a", "b", "a"], "a@2") == 2
    assert resolve_token(["x²", "b"], "x²") == 0  # a token that holds a superscript is found by its text


@pytest.mark.parametrize("args", [["explain", "a b", "--focus", "²"], ["explain", "a b", "--focus", "a@²"],
                                  ["compare", "a b", "a c", "--token", "²"]])
def test_cli_superscript_is_an_unknown_token(run, args):
    r = run(*args)
    assert r.exit_code == 2
    assert f"no token {args[-1]} in the sentence" in r.stderr


# --- a grid is at least as wide as its title ----------------------------------------------------------------


@pytest.mark.parametrize("heads", ["1", "2"])
def test_heads_view_of_one_token_keeps_the_title(run, heads):
    r = run("explain", "a", "--view", "heads", "--heads", heads, "--d-model", "4")
    assert r.exit_code == 0, r.stderr
    for h in range(int(heads)):
        assert f"head {h}" in r.stdout


def test_model_view_of_one_token_keeps_the_titles(run):
    r = run("explain", "a", "--view", "model", "--heads", "2", "--layers", "2", "--d-model", "4")
    assert r.exit_code == 0, r.stderr
    for title in ("L0 H0", "L0 H1", "L1 H0", "L1 H1"):
        assert title in r.stdout


def test_grid_lines_are_as_wide_as_the_grid():
    from attntrace.render.views import make_grid, percent_cell

    weights, allowed = np.array([[1.0]]), np.array([[True]])
    g = make_grid("head 0", weights, allowed, percent_cell, max_width=80, key_header=True)
    assert g.width == len("head 0")
    assert [line.plain for line in g.lines] == ["head 0", "  0   ", "100   "]
    g = make_grid("head 0", weights, allowed, percent_cell, max_width=4, key_header=False)  # no room: cut
    assert g.width == 4 and g.lines[0].plain == "head"


# --- the rule, through the library (io/finite.py) -------------------------------------------------------------


def test_the_nonfinite_rule_names_the_first_step_and_the_outputs_that_refuse_it():
    from dataclasses import replace

    from attntrace.io.finite import check_writable, not_finite
    from attntrace.io.json import UnwritableTraceError
    from attntrace.io.npz import to_npz_bytes

    tr = trace("a b c", d_model=4, n_heads=1)
    assert not_finite(tr) is None
    for output in ("screen", "page", "json", "npz"):
        check_writable(tr, output)  # a finite trace goes everywhere
    names = tr.names
    at = names.index("blocks.0.attn.scores")
    steps = dict(tr.steps)
    for name in names[at:at + 2]:  # scores and the next step overflowed; scores comes first
        data = steps[name].data.astype(float)
        data.flat[0] = math.inf if name == names[at] else math.nan
        steps[name] = replace(steps[name], data=data)
    bad_trace = replace(tr, steps=steps)
    bad = not_finite(bad_trace)
    assert bad.step == "blocks.0.attn.scores"
    assert [o for o in ("screen", "page", "json", "npz") if bad.allows(o)] == ["screen", "page"]
    assert str(bad.error()) == "step blocks.0.attn.scores holds NaN or infinity; the trace format does not allow them"
    assert str(bad.notice()).startswith("from step blocks.0.attn.scores on, the trace holds NaN or infinity")
    for output in ("json", "npz"):
        with pytest.raises(UnwritableTraceError):
            check_writable(bad_trace, output)
    check_writable(bad_trace, "page")
    with pytest.raises(UnwritableTraceError):  # the archive writer asks the rule too: no file that would not load
        to_npz_bytes(bad_trace)
