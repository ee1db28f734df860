"""--view heads / model, --step, and the --svg / --html pictures."""

from __future__ import annotations

import html as html_lib
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from rich.cells import cell_len
from rich.console import Console, Group

from attntrace.cli import app
from attntrace.models.seeded import trace
from attntrace.render.views import view_pages

ANIMAL = "The animal didn't cross the street because it was too tired."
LONG = " ".join(f"w{i}" for i in range(40))


@pytest.fixture
def run(runner):
    def invoke(*args, env=None, **kwargs):
        base = {"COLUMNS": "80", "NO_COLOR": None, "FORCE_COLOR": None, "TERM": "xterm"}
        return runner.invoke(app, list(args), env={**base, **(env or {})}, **kwargs)

    return invoke


def widest(text: str) -> int:
    return max(cell_len(line) for line in text.splitlines())


# --- heatmaps --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [ANIMAL, "今天晚上吃河马。Attention is all you need!", LONG])
@pytest.mark.parametrize("view", ["heads", "model"])
def test_views_fit_80_columns_without_wrapping(run, text, view):
    r = run("explain", text, "--view", view, "--heads", "4", "--d-model", "8", "--layers", "2")
    assert r.exit_code == 0, r.stderr
    assert widest(r.stdout) <= 80
    # no grid row was wrapped: every query row of every grid is on one line, whole
    n = len(trace(text).tokens)
    rows = [line for line in r.stdout.splitlines() if re.match(r"^\s*\d+\b", line)]
    if view == "model":
        assert len(rows) >= 2 * n  # each layer's block of grids has one row per query
    if text == LONG:
        assert "keys; see all with a wider terminal" in r.stdout


def test_heads_view_cells_are_the_weights_in_percent():
    """NO_COLOR leaves the numbers alone; they are the trace's weights × 100, rounded."""
    tr = trace(ANIMAL, n_heads=2, mask="causal")
    console = Console(width=80, record=True, file=io.StringIO(), force_terminal=True, no_color=True)
    console.print(Group(*view_pages(tr, "heads")))
    out = console.file.getvalue()  # what a NO_COLOR terminal receives
    assert "\x1b[1m" in out  # a terminal: bold is still there …
    assert not re.search(r"\x1b\[[0-9;]*(3[0-9]|4[0-9]|9[0-7]|10[0-7])[;m]", out)  # … but no colour at all
    text = console.export_text()
    W = tr.step("blocks.0.attn.weights")
    n = len(tr.tokens)
    grid_rows = [line for line in text.splitlines() if re.match(r"^ *\d+ \S", line)]
    index_w = len(str(n - 1))  # indices are right-aligned: " 9 tired", "10 ."
    label = min(12, max(len(f"{i:>{index_w}d} {tok}") for i, tok in enumerate(tr.tokens)))
    assert len(grid_rows) == 2 * n  # two heads, one above the other at 80 columns
    for k, line in enumerate(grid_rows):
        h, i = divmod(k, n)
        cells = line[label + 3:]  # after the row label and the gap
        expected = "".join(f"{round(W[h, i, j] * 100):>3d}" if j <= i else "  ·" for j in range(n))
        assert cells.rstrip() == expected.rstrip(), (h, i, line)


def test_model_view_cells_are_tenths_and_every_layer_and_head_is_there():
    tr = trace("今天晚上吃河马", n_heads=4, n_layers=3, d_model=8)
    console = Console(width=80, record=True, file=io.StringIO(), color_system=None)
    console.print(Group(*view_pages(tr, "model")))
    text = console.export_text()
    for layer in range(3):
        for h in range(4):
            assert f"L{layer} H{h}" in text
    # the first block of grids: row i holds layer 0's four heads side by side
    rows = [line for line in text.splitlines() if re.match(r"^\d ", line)][:4]
    W = tr.step("blocks.0.attn.weights")
    for i, line in enumerate(rows):
        grids = line[1 + 3:].split(" " * 3)
        for h, grid in enumerate(grids):
            assert grid == "".join(f" {min(9, round(W[h, i, j] * 10))}" for j in range(4)), (i, h, line)


def test_default_view_is_still_the_step_tables(run):
    default = run("explain", "今天晚上吃河马")
    steps = run("explain", "今天晚上吃河马", "--view", "steps")
    assert default.exit_code == 0
    assert default.stdout == steps.stdout
    assert "blocks.0.attn.weights   weights[i, :] = softmax(scaled[i, :])" in default.stdout


def test_heads_view_follows_layer_and_head(run):
    r = run("explain", ANIMAL, "--view", "heads", "--layers", "2", "--heads", "2", "--layer", "1", "--head", "1")
    assert r.exit_code == 0, r.stderr
    assert "blocks.1.attn.weights: every head" in r.stdout
    assert "blocks.0.attn.weights" not in r.stdout
    assert "head 1" in r.stdout and "head 0" not in r.stdout


def test_a_view_without_weights_says_so(run):
    r = run("explain", "今天晚上吃河马", "--view", "heads", "--steps", "X")
    assert r.exit_code == 0
    assert "no attention weights to draw" in r.stdout


# --- --step ----------------------------------------------------------------------------------------------------


def test_step_does_not_wait_when_input_is_not_a_terminal(run):
    """CliRunner's stdin is not a terminal: --step prints everything, reads nothing, and does not hang."""
    plain = run("explain", "今天晚上吃河马")
    stepped = run("explain", "今天晚上吃河马", "--step", input="q\n")
    assert stepped.exit_code == 0
    assert stepped.stdout == plain.stdout
    assert "Enter" not in stepped.stderr


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_step_pauses_on_a_terminal_and_q_stops(monkeypatch, run):
    import sys

    from attntrace.cli.present import pause

    assert pause(FakeTerminal("\n")) is True
    assert pause(FakeTerminal("q\n")) is False
    assert pause(FakeTerminal("")) is False  # end of input stops too
    assert pause(io.StringIO("")) is True  # not a terminal: never reads

    # through the command: Enter, Enter, then q -> three pages printed, then it stops
    answers = FakeTerminal("\n\nq\n")
    monkeypatch.setattr(sys, "stdin", answers)
    from attntrace.cli import present

    printed = []
    monkeypatch.setattr(present, "pause", lambda prompt=None: printed.append(prompt) or pause(answers, prompt))
    full = run("explain", "今天晚上吃河马", "--all")
    r = run("explain", "今天晚上吃河马", "--step", "--all")
    assert r.exit_code == 0
    assert len(printed) == 3
    # every step of the one-layer trace is a page (reference.step_names: 30 steps)
    assert printed == [f"step {k} / 30 · Enter: next · q: quit " for k in (1, 2, 3)]
    assert "X   X = E[token] + PE" in r.stdout
    assert "blocks.0.attn.W_Q" not in r.stdout  # stopped after the third page (embed.token, embed.position, X)
    assert len(r.stdout) < len(full.stdout)


# --- pictures --------------------------------------------------------------------------------------------------


def svg_text(path) -> str:
    root = ET.parse(path).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    return "".join("".join(el.itertext()) for el in root.iter(f"{ns}text")).replace("\xa0", " ")


def test_svg_and_html_hold_what_was_printed_beside_json(run, tmp_path):
    svg, page, data = tmp_path / "t.svg", tmp_path / "t.html", tmp_path / "t.json"
    r = run("explain", "今天晚上吃河马", "--svg", str(svg), "--html", str(page), "--json", str(data),
            "--steps", "X,*.scores,*.weights")
    assert r.exit_code == 0, r.stderr
    text = svg_text(svg)
    for token in ("今天", "晚上", "吃", "河马"):
        assert token in text
    for name in ("X", "blocks.0.attn.scores", "blocks.0.attn.weights"):
        assert name in text
    assert json.loads(data.read_text(encoding="utf-8"))["tokens"] == ["今天", "晚上", "吃", "河马"]
    # the HTML page holds every line that went to stdout
    body = html_lib.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))
    for line in r.stdout.splitlines():
        assert line.rstrip() in body
    assert "wrote the SVG picture" in r.stderr and "wrote the HTML page" in r.stderr


def test_pictures_of_focus_and_heads_views(run, tmp_path):
    svg = tmp_path / "focus.svg"
    r = run("explain", "今天晚上吃河马", "--focus", "吃", "--view", "heads", "--svg", str(svg))
    assert r.exit_code == 0, r.stderr
    text = svg_text(svg)
    assert "Worked arithmetic for 吃" in text and "blocks.0.attn.weights: every head" in text


def test_pictures_never_overwrite_without_force(run, tmp_path):
    svg = tmp_path / "t.svg"
    svg.write_text("keep me", encoding="utf-8")
    r = run("explain", "今天晚上吃河马", "--svg", str(svg))
    assert r.exit_code == 1 and "already exists" in r.stderr
    assert svg.read_text(encoding="utf-8") == "keep me"
    assert r.stdout == ""  # refused before any work
    r = run("explain", "今天晚上吃河马", "--svg", str(svg), "--force")
    assert r.exit_code == 0
    ET.parse(svg)


def test_pictures_need_a_file_name(run):
    r = run("explain", "今天晚上吃河马", "--html", "-")
    assert r.exit_code == 2 and "need a file name" in r.stderr


def test_json_to_stdout_with_a_picture(run, tmp_path):
    svg = tmp_path / "t.svg"
    r = run("explain", "今天晚上吃河马", "--json", "-", "--svg", str(svg))
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["format"] == "attntrace.trace"  # stdout holds the JSON and nothing else
    assert "河马" in svg_text(svg)


def test_show_has_the_views_too(run, tmp_path):
    data = tmp_path / "t.json"
    assert run("explain", ANIMAL, "--heads", "2", "--json", str(data)).exit_code == 0
    shown = run("show", str(data), "--view", "heads")
    direct = run("explain", ANIMAL, "--heads", "2", "--view", "heads")
    assert shown.exit_code == 0 and shown.stdout == direct.stdout


def test_trace_pages_give_each_step_a_page_with_its_layer_rule():
    """The pages TraceView prints and --step pauses between: one per step in order, the header and the
    guide's introduction on the first, the rule of a layer on the first page of that layer, the closing
    note on the last. Expected layers are read from the step names here, not by the package's catalogue."""
    from rich.rule import Rule

    from attntrace.render.path import PathGuide
    from attntrace.render.tables import StepView, header, trace_pages

    tr = trace("今天晚上吃河马 Attention is all you need", n_layers=2, n_heads=2, mask="causal")
    for shown in (tr, tr.select(["*.weights", "X"]), tr.select(layer=1, head=0)):
        for guide in (None, PathGuide(shown, 3, len(tr.steps))):
            pages = trace_pages(shown, guide=guide)
            assert [[x.name for x in p if isinstance(x, StepView)] for p in pages] == [[n] for n in shown.names]
            expected_rules, last = [], None
            for name in shown.names:
                m = re.match(r"blocks\.(\d+)\.", name)
                layer = int(m.group(1)) if m else None
                expected_rules.append([f"blocks.{layer}"] if layer is not None and layer != last else [])
                last = layer if layer is not None else last
            assert [[str(x.title) for x in p if isinstance(x, Rule)] for p in pages] == expected_rules
            head = type(header(shown))
            intro = guide.intro() if guide is not None else []
            assert type(pages[0][0]) is head and not any(isinstance(x, head) for p in pages[1:] for x in p)
            assert [type(x) for x in pages[0][1:1 + len(intro)]] == [type(x) for x in intro]
            closing = guide.closing() if guide is not None else []
            tail = pages[-1][len(pages[-1]) - len(closing):]
            assert [x.text for x in tail] == [x.text for x in closing]
            assert isinstance(pages[-1][len(pages[-1]) - len(closing) - 1], StepView)  # the closing comes last


def test_a_trace_without_steps_is_one_page_of_header_and_guide():
    from dataclasses import replace

    from attntrace.render.path import PathGuide
    from attntrace.render.tables import Prose, header, trace_pages

    empty = replace(trace("a b"), steps={})
    guide = PathGuide(empty)
    (page,) = trace_pages(empty, guide=guide)
    assert type(page[0]) is type(header(empty)) and len(page) == 1 + len(guide.intro()) + len(guide.closing())
    assert isinstance(page[-1], Prose)
