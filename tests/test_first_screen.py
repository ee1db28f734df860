"""The first screen of explain: the attention path by default, its map and each table's place on it, the
untrained warning, what rows and columns are, rounding, shading, paging and wrapping; through CliRunner.

The expected steps, stages and column ranges are written out here from the textbook's formulas, not taken
from attntrace.path."""

from __future__ import annotations

import json
import math
import re

import hypothesis.strategies as st
import numpy as np
import pytest
import reference
from hypothesis import given, settings
from rich.cells import cell_len

from attntrace.cli import app
from attntrace.models.seeded import trace

EXAMPLE = "今天晚上吃河马"
IT = "The animal didn't cross the street because it was too tired."
ENV = {"COLUMNS": "80", "NO_COLOR": "1", "FORCE_COLOR": None, "TTY_COMPATIBLE": None, "TERM": "xterm"}
# a table's title: its place on the path ([n]) when it has one, then the step name and three spaces
TITLE = re.compile(r"^(?:\[(\d)\]   )?((?:embed\.|blocks\.\d+\.)\S+|X)(?:   |\n)", re.MULTILINE)

# The attention path as the textbook writes it, stage by stage: X; Q, K, V = X·W; q·k; ÷√d_k; softmax
# (with the mask that hides keys); Σ w·v; the heads merged by W_O. A layer's output is the next one's X.
STAGES = {"X": 1, "W_Q": 2, "W_K": 2, "W_V": 2, "b_Q": 2, "b_K": 2, "b_V": 2, "Q": 2, "K": 2, "V": 2,
          "scores": 3, "scaled": 4, "mask": 5, "weights": 5, "Z": 6, "W_O": 7, "b_O": 7}


def expected_path(names: list[str], n_layers: int) -> dict[str, int]:
    """step name -> its stage, for the steps on the attention path."""
    path = {}
    for name in names:
        parts = name.split(".")
        if name == "X":
            path[name] = 1
        elif parts[-2:] == ["attn", "out"]:
            path[name] = 7
        elif len(parts) == 4 and parts[2] == "attn" and parts[3] in STAGES:
            path[name] = STAGES[parts[3]]
        elif len(parts) == 3 and parts[2] == "out" and int(parts[1]) < n_layers - 1:
            path[name] = 1
    return path


def invoke(runner, *args, env=None):
    import importlib

    importlib.import_module("attntrace.cli.common").reset_consoles()
    return runner.invoke(app, list(args), env={**ENV, **(env or {})})


def titles(out: str) -> dict[str, str | None]:
    return {name: stage for stage, name in TITLE.findall(out)}


# --- the attention path by default ---------------------------------------------------------------------


@pytest.mark.parametrize("text, options, n_layers", [
    (EXAMPLE, [], 1),
    ("Attention is all you need", [], 1),
    (IT, ["--layers", "2", "--heads", "2", "--d-model", "8", "--mask", "causal"], 2),
    (IT, ["--model", "it-demo"], 2),
])
def test_the_default_screen_is_the_attention_path_with_each_tables_place(runner, text, options, n_layers):
    r = invoke(runner, "explain", text, *options)
    assert r.exit_code == 0, r.stderr
    every = reference.step_names(n_layers, mask="causal" if "causal" in options else "none")
    want = expected_path(every, n_layers)
    shown = titles(r.stdout)
    assert set(shown) == set(want)
    assert {name: int(stage) for name, stage in shown.items()} == want  # each title marked with its stage
    assert not any(".ln1." in n or ".ffn." in n or n.startswith("embed.") for n in shown)
    # the map opens the screen, before the first table, and a closing line says how to see the rest
    first_table = r.stdout.index("[1]   X")
    assert r.stdout.index("Attention path:") < first_table
    flat = " ".join(r.stdout[:first_table].split())
    assert "Attention path: [1] X → [2] Q,K,V → [3] q·k → [4] ÷√d_k → [5] softmax → [6] Σ w·v → [7] ·W_O" in flat
    closing = r.stdout[r.stdout.rindex("Shown: the attention path"):]
    total = len(trace(text, **_api_options(options)).names)
    assert f"({len(want)} of {total} steps)" in closing and "--all" in closing


def _api_options(options: list[str]) -> dict:
    if "--model" in options:
        return {"model": "it-demo"}
    names = {"--layers": "n_layers", "--heads": "n_heads", "--d-model": "d_model", "--mask": "mask"}
    pairs = dict(zip(options[::2], options[1::2], strict=True))
    return {names[k]: (v if k == "--mask" else int(v)) for k, v in pairs.items()}


def test_all_shows_every_step_and_the_exports_stay_complete(runner, tmp_path):
    full = invoke(runner, "explain", EXAMPLE, "--all")
    assert set(titles(full.stdout)) == set(reference.step_names(1))
    assert "Shown: the attention path" not in full.stdout  # nothing left out
    # off-path tables are unmarked
    assert titles(full.stdout)["blocks.0.ffn.h"] == "" and titles(full.stdout)["embed.token"] == ""
    out = tmp_path / "t.json"
    npz = tmp_path / "t.npz"
    r = invoke(runner, "explain", EXAMPLE, "--json", str(out), "--npz", str(npz))
    assert r.exit_code == 0, r.stderr
    assert [s["name"] for s in json.loads(out.read_text())["steps"]] == reference.step_names(1)
    assert sorted(k for k in np.load(npz).files if k != "meta") == sorted(reference.step_names(1))


def test_show_of_a_saved_trace_shows_its_path_too(runner, tmp_path):
    out = tmp_path / "t.json"
    invoke(runner, "explain", EXAMPLE, "--json", str(out), "--quiet")
    r = invoke(runner, "show", str(out))
    assert r.exit_code == 0, r.stderr
    assert set(titles(r.stdout)) == set(expected_path(reference.step_names(1), 1))
    assert set(titles(invoke(runner, "show", str(out), "--all").stdout)) == set(reference.step_names(1))


def test_chosen_steps_are_shown_as_chosen_with_their_places(runner):
    r = invoke(runner, "explain", EXAMPLE, "--steps", "*.ln1.out,weights")
    assert titles(r.stdout) == {"blocks.0.ln1.out": "", "blocks.0.attn.weights": "5"}
    assert "Shown: the attention path" not in r.stdout


# --- untrained, rounding ---------------------------------------------------------------------------------


def test_the_seeded_model_says_it_is_untrained_and_a_trained_one_does_not(runner):
    seeded = invoke(runner, "explain", EXAMPLE, "--seed", "7")
    flat = " ".join(seeded.stdout.split())
    assert "untrained: its weights are random draws (seed 7)" in flat
    assert "not what a trained model attends to" in flat and "--model it-demo" in flat
    assert flat.index("untrained") < flat.index("[1] X X =")  # on the first screen, before the tables
    trained = invoke(runner, "explain", IT, "--model", "it-demo")
    assert trained.exit_code == 0 and "untrained" not in trained.stdout


@pytest.mark.parametrize("precision, more", [("3", "6"), ("1", "4"), ("11", "12")])
def test_the_screen_says_values_are_rounded_and_how_to_see_more(runner, precision, more):
    r = invoke(runner, "explain", EXAMPLE, "--precision", precision)
    flat = " ".join(r.stdout.split())
    assert f"rounded to {precision} decimals" in flat and "computed unrounded" in flat
    assert f"More digits: --precision {more}; every digit: --json." in flat
    top = " ".join(invoke(runner, "explain", EXAMPLE, "--precision", "12").stdout.split())
    assert "rounded to 12 decimals" in top and "More digits" not in top and "Every digit: --json." in top
    # and the printed numbers are the trace's, rounded: X's first cell, from the reference encoder
    x00 = reference.seeded_token_row("今天", 0, 4)[0] + reference.positional_encoding(4, 4)[0][0]
    assert f"│ 今天 │ {x00:.{precision}f} │" in r.stdout


# --- rows and columns --------------------------------------------------------------------------------------


def test_projection_rows_and_columns_are_labelled_and_heads_name_their_columns(runner):
    r = invoke(runner, "explain", EXAMPLE, "--d-model", "8", "--heads", "2", env={"COLUMNS": "200"})
    flat = " ".join(r.stdout.split())
    for W, vec in (("W_Q", "q"), ("W_K", "k"), ("W_V", "v")):
        # head h of a d_model-wide projection split by columns takes columns h·d_head … (h + 1)·d_head − 1
        assert (f"Columns: the 4 dimensions of {vec} in head 0, columns 0–3 of the full 8×8 {W}." in flat)
        assert (f"Columns: the 4 dimensions of {vec} in head 1, columns 4–7 of the full 8×8 {W}." in flat)
    assert "Rows: the 8 dimensions of x (d0–d7)." in flat
    assert "rows 4–7 of the full 8×8 W_O" in flat
    assert "Rows: the query token i (the one attending). Columns: the key token j" in flat
    # the head axis is explained once, at the first table that has one
    assert flat.count("the first number of a shape counts the heads (2 here)") == 1
    assert "(2, 8, 4): the first number" in flat and "its own 8×4 table" in flat
    one = " ".join(invoke(runner, "explain", EXAMPLE).stdout.split())
    assert "Columns: the 4 dimensions of q." in one and "in head 0" not in one


def test_the_head_columns_named_are_the_columns_the_head_takes():
    # --heads 2 regroups the same seeded numbers: head 1's W_Q is columns 4–7 of the one-head W_Q
    one = trace(EXAMPLE, d_model=8, n_heads=1).step("blocks.0.attn.W_Q")[0]  # (8, 8)
    two = trace(EXAMPLE, d_model=8, n_heads=2).step("blocks.0.attn.W_Q")  # (2, 8, 4)
    np.testing.assert_array_equal(two[1], one[:, 4:8])
    np.testing.assert_array_equal(two[0], one[:, 0:4])


# --- Chinese, narrow terminals -----------------------------------------------------------------------------


@pytest.mark.parametrize("width", [80, 40])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_first_screen_fits_narrow_terminals_in_both_languages(runner, width, lang):
    r = invoke(runner, "explain", EXAMPLE, "--lang", lang, "--heads", "2", env={"COLUMNS": str(width)})
    assert r.exit_code == 0, r.stderr
    too_wide = [line for line in r.stdout.splitlines() if cell_len(line) > width]
    assert not too_wide
    lines = r.stdout.splitlines()
    # the map breaks only between stages: each line of it holds whole "[n] label" parts
    map_lines = [line for line in lines if "[1] X" in line or line.startswith("[")][:4]
    assert all(not line.rstrip().endswith("[") for line in map_lines)
    if lang == "zh":
        assert "注意力路径：[1] X →" in r.stdout  # no space after the full-width colon
        flat = "".join(r.stdout.split())
        assert "注意力路径：" in flat and "没有经过训练" in flat and "--modelit-demo" in flat
        assert "四舍五入到3位小数" in flat and "--all" in flat
        assert "列：头1中q的2个维度，即完整的4×4W_Q的第2–3列。" in flat


# --- --step: where you are, and q --------------------------------------------------------------------------


def test_step_says_where_you_are_on_the_path(monkeypatch, runner):
    from attntrace.cli import present

    prompts = []
    monkeypatch.setattr(present, "pause", lambda prompt=None: prompts.append(prompt) or len(prompts) < 5)
    r = invoke(runner, "explain", EXAMPLE, "--step")
    assert r.exit_code == 0, r.stderr
    pages = len(expected_path(reference.step_names(1), 1))  # one page per step of the path
    assert prompts == [f"step {k} / {pages} · Enter: next · q: quit " for k in range(1, 6)]
    # pages X, W_Q, W_K, W_V, Q, then q: stopped after page 5
    assert "[2]   blocks.0.attn.Q" in r.stdout and "blocks.0.attn.K " not in r.stdout
    assert "Attention path:" in r.stdout  # the map comes with the first page


def test_step_never_waits_when_input_is_not_a_terminal(runner):
    r = invoke(runner, "explain", EXAMPLE, "--step")  # CliRunner's stdin is no terminal
    assert r.exit_code == 0
    assert set(titles(r.stdout)) == set(expected_path(reference.step_names(1), 1))  # every page, no pause
    assert "Shown: the attention path" in r.stdout  # the closing note comes with the last page


@pytest.mark.parametrize("key, goes_on", [(b"q", False), (b"Q", False), (b" ", True), (b"\r", True),
                                          (b"\x04", False)])
def test_one_key_answers_the_prompt_on_a_terminal(key, goes_on):
    import os
    import termios
    import threading

    from attntrace.cli.present import pause

    master, slave = os.openpty()

    def press() -> None:  # one key, no Enter after it, once the prompt reads keys one by one
        while termios.tcgetattr(slave)[3] & termios.ICANON:
            threading.Event().wait(0.01)
        os.write(master, key)

    try:
        with open(slave, closefd=False) as terminal:
            before = termios.tcgetattr(slave)
            presser = threading.Thread(target=press, daemon=True)
            presser.start()
            assert pause(terminal, "step 1 / 2 ") is goes_on
            presser.join()
            assert termios.tcgetattr(slave) == before  # the terminal is left as it was
    finally:
        os.close(master)
        os.close(slave)


# --- shading -------------------------------------------------------------------------------------------------

LIGHTEST, DARKEST = "235;242;255", "8;48;140"
COLOUR = {"NO_COLOR": None, "FORCE_COLOR": "1", "COLORTERM": "truecolor", "COLUMNS": "100"}
CELL = re.compile(r"\x1b\[[0-9;]*48;2;(\d+;\d+;\d+)m\s*(-?\d\.\d+)\s*\x1b")


def shaded_rows(out: str) -> list[list[tuple[float, str]]]:
    """(printed weight, background colour) of each shaded cell, row by row."""
    rows = []
    for line in out.splitlines():
        cells = [(float(v), bg) for bg, v in CELL.findall(line)]
        if cells:
            rows.append(cells)
    return rows


def test_weights_are_shaded_from_each_rows_smallest_to_largest_and_the_screen_says_so(runner):
    r = invoke(runner, "explain", EXAMPLE, "--steps", "weights", env=COLOUR)
    rows = shaded_rows(r.stdout)
    assert len(rows) == 4
    for cells in rows:
        # the seeded weights of this sentence lie between 0.199 and 0.335: shaded by the row's own range,
        # the smallest is the lightest and the largest the darkest, whatever their absolute values
        values = [v for v, _ in cells]
        assert dict(cells)[max(values)] == DARKEST and dict(cells)[min(values)] == LIGHTEST
        assert max(values) < 0.5  # on an absolute 0–1 scale none of them would be near the darkest
    assert "Shading runs from the row's smallest weight (lightest) to its largest (darkest)." in r.stdout
    plain = invoke(runner, "explain", EXAMPLE, "--steps", "weights")  # NO_COLOR: no shading, no note
    assert "\x1b[" not in plain.stdout and "Shading" not in plain.stdout


def test_compare_shades_each_sentences_column_by_its_own_range(runner):
    a = "The animal didn't cross the street because it was too tired."
    b = "The animal didn't cross the street because it was too wide."
    r = invoke(runner, "compare", a, b, "--token", "it", env=COLOUR)
    assert r.exit_code == 0, r.stderr
    table = r.stdout.split("layer 0 · head 0")[1].split("3) The output")[0]
    fields = [line.split("│")[2:4] for line in table.splitlines() if line.count("│") == 5]  # S1, S2 cells
    for side in (0, 1):
        column = [(float(v), bg) for f in fields for bg, v in CELL.findall(f[side] + "\x1b")]
        values = [v for v, _ in column]
        assert len(values) == 12  # 11 shared keys and the sentence's own adjective
        assert dict(column)[max(values)] == DARKEST and dict(column)[min(values)] == LIGHTEST
    assert "in each sentence's column, from its smallest weight" in " ".join(r.stdout.split())


# --- long token lists wrap between tokens ------------------------------------------------------------------


def _token_lines(out: str, start: str, stop: str) -> list[str]:
    lines = out.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith(start))
    last = next(i for i in range(first, len(lines)) if lines[i].startswith(stop))
    return lines[first:last]


@pytest.mark.parametrize("width", [40, 80])
@pytest.mark.parametrize("text, args", [
    (IT, []),
    ("今天晚上吃河马。Attention is all you need, and a long sentence wraps!", ["--tokenizer", "char"]),
])
def test_a_long_token_list_wraps_between_tokens(runner, width, text, args):
    from attntrace.tokenize import tokenize

    r = invoke(runner, "explain", text, *args, env={"COLUMNS": str(width)})
    lines = _token_lines(r.stdout, "tokens: ", "d_model=")
    assert len(lines) > 1 and all(cell_len(line) <= width for line in lines)
    assert all(line.rstrip().endswith(" /") for line in lines[:-1])  # a line ends after a separator …
    assert not any(line.startswith("/") for line in lines[1:])  # … and the next starts with a token
    words = " ".join(lines).removeprefix("tokens: ").split(" / ")
    assert words == tokenize(text, args[1] if args else "default")


def test_compare_sentences_wrap_between_tokens_too(runner):
    a, b = IT, IT.replace("tired", "wide")
    r = invoke(runner, "compare", a, b, "--token", "it", env={"COLUMNS": "40"})
    lines = _token_lines(r.stdout, "S1: ", "S2: ")
    assert len(lines) > 1 and all(line.rstrip().endswith(" /") for line in lines[:-1])
    words = "The animal didn't cross the street because it was too tired .".split()
    assert " ".join(lines).removeprefix("S1: ").split(" / ") == words


# --- shown arithmetic agrees with the shown digits ------------------------------------------------------------


def _milli(text: str, precision: int = 3) -> int:
    """A printed number as an integer count of its last digit: '-0.328' -> -328 (no float, no Decimal)."""
    sign = -1 if text.startswith("-") else 1
    whole, _, frac = text.lstrip("-").partition(".")
    return sign * int(whole + frac.ljust(precision, "0"))


EXP_LINE = re.compile(r"exp\((-?\d+\.\d+) − \(?(-?\d+\.\d+)\)?\) = exp\((-?\d+\.\d+)\) = (-?\d+\.\d+)")


@pytest.mark.parametrize("text, token, args", [
    (EXAMPLE, "今天", []),
    (IT, "it", ["--d-model", "8", "--heads", "2", "--layers", "2", "--layer", "1"]),
    (IT, "it", ["--model", "it-demo", "--layer", "1"]),
])
def test_focus_subtractions_check_out_with_the_printed_digits(runner, text, token, args):
    r = invoke(runner, "explain", text, "--focus", token, *args, env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.stderr
    lines = EXP_LINE.findall(r.stdout)
    assert lines
    for a, m, d, e in lines:
        assert _milli(a) - _milli(m) == _milli(d), (a, m, d)  # what a reader gets subtracting by hand
        # the exp is of the unrounded difference: within the rounding of its operands of exp(printed d)
        assert abs(float(e) - math.exp(float(d))) <= math.exp(float(d)) * 1.5e-3 + 5e-4
    flat = " ".join(r.stdout.split())
    assert "difference such as exp(a − m) is taken from the shown digits" in flat
    assert "may differ in the last digit" in flat
    assert flat.count("Numbers are shown rounded to 3 decimals") == 1  # once, not once per head
    assert ("untrained" in flat) == ("--model" not in args)


def test_the_issues_example_now_subtracts_right(runner):
    # scaled[今天] = 0.441 and the row maximum 0.769 in the seeded example: 0.441 − 0.769 = −0.328
    r = invoke(runner, "explain", EXAMPLE, "--focus", "今天")
    assert "exp(0.441 − 0.769) = exp(-0.328)" in r.stdout


def test_compare_differences_check_out_with_the_printed_digits(runner):
    r = invoke(runner, "compare", IT, IT.replace("tired", "wide"), "--token", "it", env={"COLUMNS": "100"})
    rows = [line.split("│")[2:5] for line in r.stdout.splitlines() if line.count("│") == 5]
    rows = [[c.strip() for c in row] for row in rows if "—" not in "".join(row) and row[0].strip()[:1].isdigit()]
    assert len(rows) == 11
    for s1, s2, diff in rows:
        assert _milli(s2) - _milli(s1) == _milli(diff), (s1, s2, diff)


@settings(max_examples=300)
@given(st.floats(-50, 50), st.floats(-50, 50), st.integers(0, 6))
def test_a_shown_difference_is_the_difference_of_the_shown_operands(a, b, precision):
    from attntrace.render.tables import fmt, shown_difference

    assert _milli(shown_difference(a, b, precision), precision) == \
        _milli(fmt(a, precision), precision) - _milli(fmt(b, precision), precision)


# --- compare: heads ranked by how much the row changes, captions by the model's own formulas -----------------

TIRED, WIDE = IT, IT.replace("tired", "wide")


def expected_ranking(a, b, query: int, differing: int) -> list[tuple[int, int, float]]:
    """(layer, head, change) most changed first, from the two traces' weights: the sentences differ only at
    position `differing` (tired / wide), so every other key pairs with the same position; the two adjectives
    are keys of one sentence only, each counted whole."""
    found = []
    for layer in range(a.config.n_layers):
        wa = a.step(f"blocks.{layer}.attn.weights")
        wb = b.step(f"blocks.{layer}.attn.weights")
        for h in range(a.config.n_heads):
            total = sum(abs(float(wb[h, query, j]) - float(wa[h, query, j]))
                        for j in range(len(a.tokens)) if j != differing)
            total += float(wa[h, query, differing]) + float(wb[h, query, differing])
            found.append((layer, h, total / 2))
    return sorted(found, key=lambda x: -x[2])


RANKED = re.compile(r"rank (\d+) of (\d+) · change (\d\.\d+)\nlayer (\d+) · head (\d+)")


def test_compare_ranks_heads_by_how_much_the_row_changes_and_hides_the_rest(runner):
    a, b = trace(TIRED, model="it-demo"), trace(WIDE, model="it-demo")
    want = expected_ranking(a, b, a.tokens.index("it"), a.tokens.index("tired"))
    r = invoke(runner, "compare", TIRED, WIDE, "--token", "it", "--model", "it-demo", env={"COLUMNS": "100"})
    assert r.exit_code == 0, r.stderr
    got = [(int(la), int(h), float(c)) for rank, total, c, la, h in RANKED.findall(r.stdout)]
    assert [(la, h) for la, h, _ in got] == [(la, h) for la, h, _ in want[:3]]
    assert all(abs(c - round(w, 3)) < 1.5e-3 for (_, _, c), (_, _, w) in zip(got, want, strict=False))
    flat = " ".join(r.stdout.split())
    assert "Showing the 3 of 4 heads whose row changes most; 1 more: --all shows every head" in flat
    assert "untrained" not in flat  # a trained model
    every = invoke(runner, "compare", TIRED, WIDE, "--token", "it", "--model", "it-demo", "--all",
                   env={"COLUMNS": "100"})
    assert [(int(la), int(h)) for *_, la, h in RANKED.findall(every.stdout)] == [(la, h) for la, h, _ in want]
    assert "Showing the" not in every.stdout


def test_compare_of_many_heads_shows_the_top_few_and_one_layer_shows_all_in_order(runner):
    options = ["--layers", "3", "--heads", "4", "--d-model", "8"]
    r = invoke(runner, "compare", TIRED, WIDE, "--token", "it", *options, env={"COLUMNS": "100"})
    assert len(RANKED.findall(r.stdout)) == 3
    flat = " ".join(r.stdout.split())
    assert "Showing the 3 of 12 heads whose row changes most; 9 more" in flat
    assert "untrained: its weights are random draws (seed 0)" in flat and "--model it-demo" in flat
    a = trace(TIRED, n_layers=3, n_heads=4, d_model=8)
    b = trace(WIDE, n_layers=3, n_heads=4, d_model=8)
    want = expected_ranking(a, b, a.tokens.index("it"), a.tokens.index("tired"))
    got = [(int(la), int(h)) for *_, la, h in RANKED.findall(r.stdout)]
    assert got == [(la, h) for la, h, _ in want[:3]]
    one = invoke(runner, "compare", TIRED, WIDE, "--token", "it", *options, "--layer", "2", env={"COLUMNS": "100"})
    assert not RANKED.findall(one.stdout) and "Showing the" not in one.stdout
    assert re.findall(r"^layer (\d) · head (\d)", one.stdout, re.M) == [("2", str(h)) for h in range(4)]


def test_compare_with_a_checkpoint_captions_its_own_formula(runner, tmp_path):
    pytest.importorskip("safetensors.numpy")
    pytest.importorskip("tokenizers")
    from test_bert import make_checkpoint

    folder = str(make_checkpoint(tmp_path / "bert"))
    for s2, where in (("the mat was too wide", "position 3 in both"), ("was the mat too wide", "P[3] and P[1]")):
        r = invoke(runner, "compare", "the cat was too tired", s2, "--token", "was", "--model", folder,
                   env={"COLUMNS": "100"})
        assert r.exit_code == 0, r.stderr
        flat = " ".join(r.stdout.split())
        assert "X = LayerNorm(E[token] + P[pos] + T[segment])" in flat and where in flat  # BERT's X
        assert "PE[" not in flat and "E[token] + PE" not in flat  # not the seeded encoder's sinusoids
        assert "untrained" not in flat
        assert "Showing the 3 of 4 heads" in flat  # 2 layers × 2 heads


@pytest.mark.parametrize("width", [40, 80])
def test_compare_ranking_in_chinese_fits_narrow_terminals(runner, width):
    a, b = "动物没有过马路，因为它太累了。", "动物没有过马路，因为它太宽了。"
    r = invoke(runner, "compare", a, b, "--token", "它", "--model", "it-demo", "--lang", "zh",
               env={"COLUMNS": str(width)})
    assert r.exit_code == 0, r.stderr
    assert not [line for line in r.stdout.splitlines() if cell_len(line) > width]
    flat = "".join(r.stdout.split())
    assert "4个头中排第1·变化" in flat and "只显示4个头中这一行变化最大的3个；另有1个：--all显示所有的头" in flat
    assert "变化=½Σ_j|S2−S1|" in flat
    seeded = invoke(runner, "compare", a, b, "--token", "它", "--lang", "zh", env={"COLUMNS": str(width)})
    assert "这个模型没有经过训练" in "".join(seeded.stdout.split())


def test_step_prompt_in_chinese():
    from attntrace.i18n import in_lang, t

    with in_lang("zh"):
        assert t("step.prompt.at", k=5, n=13) == "第 5 / 13 步 · 回车：下一步 · q：退出 "


def test_a_checkpoint_shows_its_weights_by_default_and_everything_with_all(runner, tmp_path):
    pytest.importorskip("safetensors.numpy")
    pytest.importorskip("tokenizers")
    from test_bert import make_checkpoint

    folder = str(make_checkpoint(tmp_path / "bert"))
    weights = invoke(runner, "explain", "the cat was too tired", "--model", folder)
    assert weights.exit_code == 0, weights.stderr
    assert set(titles(weights.stdout)) == {"blocks.0.attn.weights", "blocks.1.attn.weights"}
    assert "--all shows all" in " ".join(weights.stderr.split()) and "untrained" not in weights.stdout
    every = invoke(runner, "explain", "the cat was too tired", "--model", folder, "--all")
    shown = titles(every.stdout)
    assert {"blocks.1.ffn.W_1", "embed.sum", "blocks.0.attn.b_Q"} <= set(shown)
    assert shown["blocks.0.attn.b_Q"] == "2" and shown["blocks.1.attn.b_O"] == "7"  # biases sit with their W


@pytest.mark.parametrize("view", ["heads", "model"])
def test_the_picture_views_warn_about_the_seeded_model_too(runner, view):
    seeded = invoke(runner, "explain", EXAMPLE, "--view", view)
    flat = " ".join(seeded.stdout.split())
    assert flat.index("untrained") < flat.index("blocks.0") if view == "heads" else "untrained" in flat
    trained = invoke(runner, "explain", IT, "--view", view, "--model", "it-demo")
    assert trained.exit_code == 0 and "untrained" not in trained.stdout


# --- what the terminal shows when no step is chosen, through the library ------------------------------------


def test_default_steps_are_the_path_or_a_checkpoints_weights():
    from attntrace.path import default_steps

    names = reference.step_names(2)
    path = list(expected_path(names, 2))
    weights = [n for n in names if n.startswith("blocks.") and n.endswith(".attn.weights")]
    assert default_steps(names, 2, checkpoint=False) == path
    assert default_steps(names, 2, checkpoint=False, layer=1, head=0) == path  # --layer/--head keep the path
    assert default_steps(names, 2, checkpoint=True) == weights == ["blocks.0.attn.weights", "blocks.1.attn.weights"]
    for chosen in ({"steps": ["X"]}, {"view": "heads"}):  # a choice of steps, or a picture view: nothing cut
        assert default_steps(names, 2, checkpoint=False, **chosen) is None
        assert default_steps(names, 2, checkpoint=True, **chosen) is None
    assert default_steps(names, 2, checkpoint=True, layer=0) is None
    assert default_steps(names, 2, checkpoint=True, head=0) is None
    assert default_steps(path, 2, checkpoint=False) is None  # the path already: nothing left out
