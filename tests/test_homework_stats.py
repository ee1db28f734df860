"""Class statistics after grading: the numbers against values worked out here, the terminal within 80
columns, the Markdown/HTML report, the SVG histogram, and odd classes (empty, one student, all missing)."""

from __future__ import annotations

import re
import statistics
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hw_helpers import make_class
from hypothesis import given
from hypothesis import strategies as st

from attntrace.cli import app


@pytest.fixture(scope="module")
def klass(tmp_path_factory):
    from typer.testing import CliRunner

    tmp = tmp_path_factory.mktemp("class")
    out, data, files = make_class(CliRunner(), tmp)
    return out, data, files


def graded(out: Path, files: list[Path]):
    from attntrace.homework import class_stats, grade_all, key_loads

    key = key_loads((out / "key.json").read_text(encoding="utf-8"))
    results = grade_all(key, [(str(p), p.read_bytes()) for p in files])
    return key, results, class_stats(results, key)


def test_statistics_equal_the_known_outcomes(klass):
    out, data, files = klass
    _key, _results, st = graded(out, files)
    p = data["grading"]["points"]
    full = sum(p.values())
    slip = full - p["scores"] / 9
    totals = [full, slip, slip, full - p["weights"]]  # make_class's students 1..4; the fifth sent nothing
    assert (st.n_rows, st.n_graded, st.n_problem, st.n_not_submitted, st.n_blank) == (5, 4, 1, 1, 0)
    assert st.mean == pytest.approx(statistics.fmean(totals))
    assert st.median == pytest.approx(statistics.median(totals))
    assert (st.low, st.high) == (pytest.approx(min(totals)), pytest.approx(max(totals)))
    by = {s.step: s for s in st.steps}
    assert by["scores"].mean == pytest.approx((p["scores"] * 2 + 2 * p["scores"] * 8 / 9) / 4)
    assert by["scores"].share_right == pytest.approx(2 / 4)
    assert by["weights"].mean == pytest.approx(p["weights"] * 3 / 4) and by["weights"].share_right == 0.75
    assert by["Z"].share_right == 1 and by["Q"].share_right == 1 and by["Q"].n == 4
    assert by["scores"].formula == "scores = Q·Kᵀ"
    # the one cell students slipped in: scores row 1, column 1, for 2 of the 4 who answered scores
    assert [(c.step, c.row, c.col, c.missed, c.answered) for c in st.cells] == [("scores", 0, 0, 2, 4)]
    mistakes = {(m.step, m.kind): m.students for m in st.mistakes}
    ids = [v["id"] for v in data["variants"]]
    assert mistakes == {("scores", "hw.stats.kind.wrong"): (ids[1], ids[2]),
                        ("weights", "hw.stats.kind.missing"): (ids[3],)}
    # 10 equal bins over 0..10: 9.78, 9.78 and 10 in the last, 8 in the one before
    assert st.histogram.counts == (0,) * 8 + (1, 3) and st.histogram.edges[-1] == full


def test_a_diagnosis_on_the_step_grade_is_used(klass):
    """The hook for grading that names a step's known mistake: `StepGrade.mistake`."""
    from attntrace.homework import class_stats

    out, _data, files = klass
    key, results, _ = graded(out, files)
    for r in results:
        if "scores" in r.steps and not r.steps["scores"].right.all():
            r.steps["scores"].mistake = "diagnose.scaled.no_sqrt"
    st = class_stats(results, key)
    assert st.mistakes[0].kind == "diagnose.scaled.no_sqrt" and st.mistakes[0].count == 2


def _terminal(runner, out, files, *args, columns="80"):
    import importlib

    importlib.import_module("attntrace.cli.common").reset_consoles()  # a console of this width
    return runner.invoke(app, ["homework", "grade", "--key", str(out / "key.json"), *map(str, files), *args],
                         env={"COLUMNS": columns, "NO_COLOR": "1"})


def test_terminal_fits_80_columns_names_steps_and_problems(runner, klass):
    from rich.cells import cell_len

    out, _data, files = klass
    result = _terminal(runner, out, files)
    lines = result.stdout.splitlines()
    assert max(map(cell_len, lines)) <= 80, [line for line in lines if cell_len(line) > 80]
    assert "Ann Lee" in result.stdout and "王小明" in result.stdout
    assert "scores = Q·Kᵀ" in result.stdout and "Z = weights·V" in result.stdout  # what each step is
    assert re.search(r"s004 =Bo: .*weights", result.stdout)  # what the problem was, named with the student
    assert "mean 9.39" in result.stdout  # (10 + 2·9.78 + 8) / 4, on screen to 2 places
    assert "█" in result.stdout and "scores row 1, column 1: wrong for 2 of 4 students" in result.stdout


def test_terminal_cuts_long_names_within_the_width(runner, tmp_path):
    from rich.cells import cell_len

    roster = "id,name\n" + "".join(f"student-number-{i:04d},{'很长的名字' * 6} {i}\n" for i in range(5))
    out, _data, files = make_class(runner, tmp_path, roster=roster)
    for columns in ("80", "60"):
        result = _terminal(runner, out, files, columns=columns)
        table = result.stdout.split("The steps:")[0].splitlines()
        assert max(map(cell_len, table)) <= int(columns)
        assert "…" in result.stdout and "很长" in result.stdout


def test_report_markdown_html_and_svg(runner, klass, tmp_path):
    out, _data, files = klass
    result = _terminal(runner, out, files, "--report", str(tmp_path / "r.md"), "--histogram",
                       str(tmp_path / "h.svg"))
    assert result.exit_code == 1, result.stderr
    md = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "![Totals](h.svg)" in md and "| 9–10 | 3 |" in md and "| scores | scores = Q·Kᵀ |" in md
    assert "Ann Lee" not in md and "王小明" not in md and "s002" not in md  # the report names no student
    svg = ET.fromstring((tmp_path / "h.svg").read_bytes())
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    bars = svg.findall("{http://www.w3.org/2000/svg}rect")
    heights = [float(b.get("height")) for b in bars]
    assert len(bars) == 10 and heights[-1] == max(heights) and heights[-2] == pytest.approx(heights[-1] / 3, abs=1)
    _terminal(runner, out, files, "--report", str(tmp_path / "r.html"))
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "scores = Q·Kᵀ" in page
    ET.fromstring(page[page.index("<svg"):page.index("</svg>") + 6])  # the inline SVG is well-formed too


def test_report_needs_md_or_html(runner, klass, tmp_path):
    out, _data, files = klass
    result = _terminal(runner, out, files, "--report", str(tmp_path / "r.txt"))
    assert result.exit_code == 2 and ".md" in result.stderr


@pytest.mark.parametrize("which", ["none", "one", "unreadable"])
def test_odd_classes_give_clear_statistics(runner, tmp_path, which):
    out, _data, files = make_class(runner, tmp_path)
    if which == "none":  # every roster student: not submitted (an unknown file is all there is)
        stray = tmp_path / "stray.toml"
        stray.write_text('student_id = "nobody"\n[answers]\n', encoding="utf-8")
        files = [stray]
    elif which == "one":
        files = files[:1]
    else:
        for f in files:
            f.write_text("not toml at all [[[", encoding="utf-8")
    result = _terminal(runner, out, files, "--report", str(tmp_path / "r.md"), "--histogram",
                       str(tmp_path / "h.svg"))
    assert "Traceback" not in result.output and result.exit_code in (0, 1)
    md = (tmp_path / "r.md").read_text(encoding="utf-8")
    ET.fromstring((tmp_path / "h.svg").read_bytes())
    if which == "one":
        assert "mean 10, median 10, lowest 10, highest 10" in md and "| 9–10 | 1 |" in md
    else:
        assert "No submission could be graded" in md and "No submission could be graded" in result.stdout


def test_library_statistics_of_no_results():
    from attntrace.homework import class_stats, histogram_svg, key_loads, stats_markdown

    key = key_loads((Path(__file__).parent.parent / "samples/homework/hw/key.json").read_text(encoding="utf-8"))
    st = class_stats([], key)
    assert st.n_rows == 0 and st.mean is None and st.histogram.counts == (0,) * 10
    assert "No submission" in stats_markdown(st)
    ET.fromstring(histogram_svg(st).encode())


def test_cells_of_variants_of_different_sizes_count_where_they_exist(runner, tmp_path):
    """Sentences of 2 to 4 tokens: position (n-1, 0) of scores is another row in each size; each student
    slips there and at (0, 0). A position counts only the students whose variant has it."""
    from collections import Counter

    from hw_helpers import ROSTER, exact, fill_template, key_data, new_set, rounded_answers

    roster = ROSTER + "".join(f"t{i:02d},T{i}\n" for i in range(12))
    out = new_set(runner, tmp_path, "--tokens", "2..4", roster=roster)
    data = key_data(out)
    files = []
    for v in data["variants"]:
        ans = rounded_answers(exact(v))
        n = len(ans["scores"])
        ans["scores"] = ans["scores"].copy()
        ans["scores"][0][0] += 1
        ans["scores"][n - 1][0] += 1
        path = tmp_path / f"{v['file']}.toml"
        path.write_text(fill_template(out, v["file"], ans), encoding="utf-8")
        files.append(path)
    _key, _results, _ = graded(out, files)
    from attntrace.homework import class_stats

    st = class_stats(_results, _key, top_cells=20)
    sizes = [len(v["trace"]["tokens"]) for v in data["variants"]]
    assert len(set(sizes)) > 1  # the test needs variants of different sizes
    got = {(c.row, c.col): (c.missed, c.answered) for c in st.cells if c.step == "scores"}
    slips = Counter(n - 1 for n in sizes)
    expected = {(0, 0): (len(sizes), len(sizes))}
    for row, k in slips.items():
        expected[row, 0] = (k, sum(n > row for n in sizes))
    assert got == expected


def test_an_error_carried_forward_is_counted_where_it_was_made():
    """The sample's s003 got Q wrong and computed every later step from it: one mistake, in Q."""
    from attntrace.homework import class_stats, grade_all, key_loads

    root = Path(__file__).parent.parent / "samples" / "homework"
    key = key_loads((root / "hw" / "key.json").read_text(encoding="utf-8"))
    files = sorted((root / "submissions").iterdir())
    results = grade_all(key, [(p.name, p.read_bytes()) for p in files])
    s003 = next(r for r in results if r.student_id == "s003")
    assert s003.steps["scores"].ecf.any()  # the premise: later steps right only given the wrong Q
    found = {(m.step, m.kind): m.students for m in class_stats(results, key).mistakes}
    assert found[("Q", "hw.stats.kind.wrong")] == ("s003",)
    assert not any("s003" in ids for (step, _k), ids in found.items() if step != "Q")


@given(possible=st.floats(0.5, 200), shares=st.lists(st.floats(0, 1) | st.integers(0, 10).map(lambda k: k / 10),
                                                     max_size=60))
def test_histogram_puts_every_total_in_the_bin_that_holds_it(possible, shares):
    from attntrace.homework.stats import histogram

    totals = [s * possible for s in shares]
    h = histogram(totals, possible)
    assert sum(h.counts) == len(totals) and len(h.edges) == len(h.counts) + 1 == 11
    assert h.edges[0] == 0 and h.edges[-1] == possible
    for i, count in enumerate(h.counts):
        lo, hi = h.edges[i], h.edges[i + 1]
        inside = [x for x in totals if lo <= x < hi or (i == len(h.counts) - 1 and x == hi)]
        assert count == len(inside)


def test_a_diagnose_hint_names_the_mistake_in_the_report(klass):
    from attntrace.check.diagnose import Hint
    from attntrace.homework import class_stats, stats_markdown

    out, _data, files = klass
    key, results, _ = graded(out, files)
    hint = Hint("blocks.0.attn.scores", "diagnose.scaled.no_sqrt", {"d_k": 4, "root": 2}, specific=True)
    for r in results:
        if "scores" in r.steps and not r.steps["scores"].right.all():
            r.steps["scores"].mistake = hint
    md = stats_markdown(class_stats(results, key))
    assert "scores: scaled equals scores: the division by √d\\_k = √4 = 2 is missing. — 2" in md
