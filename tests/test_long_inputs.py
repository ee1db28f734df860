"""Long inputs: matrices cut in rows as in columns (--rows), drawing that costs what is shown, the trace-size
limit checked before computing, --quiet, and text read from --file or stdin."""

from __future__ import annotations

import io
import json
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text
from test_cli_explain import assert_clean_failure, invoke

from attntrace.api import trace
from attntrace.config import Config
from attntrace.encoder import TRACE_LIMIT_GIB, TraceTooLarge, trace_bytes
from attntrace.render import DEFAULT_ROWS, cut_rows, matrix_table

ROW = re.compile(r"^│ (\S+)\s+│", re.MULTILINE)  # the label of each data row of a table


def words(n: int) -> str:
    """n distinct words, so every token keeps its plain text as its label."""
    return " ".join(f"w{i}" for i in range(n))


def draw(renderable, width: int = 100) -> str:
    out = io.StringIO()
    Console(width=width, file=out, color_system=None).print(renderable)
    return out.getvalue()


# --- cut_rows ---------------------------------------------------------------------------------------------


@given(total=st.integers(0, 10_000), max_rows=st.one_of(st.none(), st.integers(1, 200)))
def test_cut_rows_keeps_the_first_and_last_rows_in_order(total, max_rows):
    rows = cut_rows(total, max_rows)
    shown = rows.indices
    assert shown == sorted(set(shown))  # top to bottom, none twice
    assert all(0 <= i < total for i in shown)
    if max_rows is None or total <= max_rows:
        assert shown == list(range(total)) and not rows.cut
    else:
        assert len(shown) == max_rows and rows.cut
        assert shown[: rows.head] == list(range(rows.head))  # the first rows...
        assert shown[rows.head:] == list(range(total - rows.tail, total))  # ...and the last ones
        assert 0 <= rows.head - rows.tail <= 1


def test_cut_rows_refuses_a_limit_below_one():
    with pytest.raises(ValueError):
        cut_rows(10, 0)


# --- matrix_table: rows and columns cut, only what is shown formatted -----------------------------------------


def _table(matrix, max_rows, width=100):
    n, m = matrix.shape
    return matrix_table(matrix, [f"r{i}" for i in range(n)], [f"c{j}" for j in range(m)], title=Text("M"),
                        caption=None, precision=3, max_width=width, max_rows=max_rows)


def test_a_tall_matrix_shows_its_first_and_last_rows_with_the_right_numbers():
    rng = np.random.default_rng(1)
    matrix = rng.standard_normal((57, 3))
    out = draw(_table(matrix, 8))
    labels = ROW.findall(out)
    assert labels == ["r0", "r1", "r2", "r3", "…", "r53", "r54", "r55", "r56"]
    for i in (0, 3, 53, 56):  # each row shown holds its own numbers, formatted independently here
        line = next(x for x in out.splitlines() if x.startswith(f"│ r{i} "))
        assert [c.strip() for c in line.split("│")[2:-1]] == [f"{v:.3f}" for v in matrix[i]]
    assert "showing 8 of 57 rows" in out and "--rows all" in out


def test_max_rows_none_shows_every_row():
    matrix = np.arange(60.0).reshape(30, 2)
    out = draw(_table(matrix, None))
    assert ROW.findall(out) == [f"r{i}" for i in range(30)]
    assert "rows" not in out  # no note: nothing was left out


def test_a_matrix_that_fits_is_drawn_whole_without_a_note():
    matrix = np.ones((DEFAULT_ROWS, 2))
    out = draw(_table(matrix, DEFAULT_ROWS))
    assert len(ROW.findall(out)) == DEFAULT_ROWS and "…" not in out


def test_drawing_formats_only_the_cells_shown(monkeypatch):
    """A 2000×2000 matrix is drawn by formatting about a screenful of cells, not four million."""
    import attntrace.render as render

    calls = []
    real = render.fmt
    monkeypatch.setattr(render, "fmt", lambda v, p: calls.append(1) or real(v, p))
    matrix = np.random.default_rng(0).random((2000, 2000))
    out = draw(_table(matrix, 20, width=80), width=80)
    assert "showing 20 of 2000 rows" in out and "columns" in out
    assert 0 < len(calls) < 20 * 30  # at most the 20 rows × the ~15 columns that could fit in 80 cells


# --- explain and show on a long text ----------------------------------------------------------------------------


def test_explain_on_a_long_text_prints_a_bounded_screen(runner):
    n = 400
    r = invoke(runner, ["explain", words(n)])
    assert r.exit_code == 0, r.stderr
    labels = ROW.findall(r.stdout)
    assert "w0" in labels and f"w{n - 1}" in labels and f"w{n // 2}" not in labels
    assert "showing 20 of 400 rows" in r.stdout
    # every table is at most DEFAULT_ROWS rows + the ellipsis row; 30 tables in all, and the token header
    assert len(r.stdout.splitlines()) < 30 * (DEFAULT_ROWS + 12) + n // 5


def test_rows_all_shows_every_row_and_rows_n_that_many(runner):
    every = invoke(runner, ["explain", words(30), "--steps", "X", "--rows", "all"])
    assert every.exit_code == 0, every.stderr
    assert ROW.findall(every.stdout) == [f"w{i}" for i in range(30)]
    four = invoke(runner, ["explain", words(30), "--steps", "X", "--rows", "4"])
    assert ROW.findall(four.stdout) == ["w0", "w1", "…", "w28", "w29"]


@pytest.mark.parametrize("bad", ["0", "1", "-3", "many", ""])
def test_rows_must_be_two_or_more_or_all(runner, bad):
    r = invoke(runner, ["explain", "a b c", "--rows", bad])
    assert_clean_failure(r, 2, "--rows")


@pytest.mark.parametrize("view", ["heads", "model"])
def test_the_views_cut_rows_too(runner, view):
    r = invoke(runner, ["explain", words(60), "--view", view, "--rows", "6"])
    assert r.exit_code == 0, r.stderr
    assert "showing 6 of 60 rows" in r.stdout
    assert len(r.stdout.splitlines()) < 40


def test_show_cuts_rows_and_rows_all_shows_them(runner, tmp_path):
    path = tmp_path / "t.json"
    path.write_text(trace(words(40)).to_json(), encoding="utf-8")
    cut = invoke(runner, ["show", str(path), "--steps", "X"])
    assert ROW.findall(cut.stdout)[DEFAULT_ROWS // 2] == "…"
    whole = invoke(runner, ["show", str(path), "--steps", "X", "--rows", "all"])
    assert ROW.findall(whole.stdout) == [f"w{i}" for i in range(40)]


# --- the trace-size limit -----------------------------------------------------------------------------------


@pytest.mark.parametrize("sizes", [
    dict(), dict(d_model=8, n_heads=2, n_layers=3), dict(positional="none"), dict(mask="causal", n_heads=4,
                                                                                     d_model=12, d_ff=20),
])
def test_trace_bytes_is_what_the_trace_holds(sizes):
    """The estimate equals the bytes of every step whose shape has the text's length (n = 13, a size no
    other axis has), measured on a real trace."""
    n = 13
    t = trace(words(n), **sizes)
    measured = sum(s.data.nbytes for s in t.steps.values() if n in s.data.shape)
    assert trace_bytes(t.config, n) == measured


def test_trace_bytes_of_a_checkpoint_is_what_the_trace_holds(tmp_path):
    tb = pytest.importorskip("test_bert")
    from attntrace.models import trace_model

    t = trace_model("the cat sat on the mat . it was too tired", tb.make_checkpoint(tmp_path / "m"))
    n = len(t.tokens)
    assert n not in (8, 2, 12, 4)  # no other axis of this tiny model has n entries
    assert trace_bytes(t.config, n) == sum(s.data.nbytes for s in t.steps.values() if n in s.data.shape)


def _tokens_past_the_limit(config: Config) -> int:
    n = 2
    while trace_bytes(config, n) <= TRACE_LIMIT_GIB * 2**30:
        n *= 2
    return n


def test_the_api_refuses_a_trace_past_the_limit_before_computing(monkeypatch):
    import attntrace.api as api

    monkeypatch.setattr(api, "forward", lambda *a: pytest.fail("computed a trace past the limit"))
    config = Config(d_model=8, n_heads=4, n_layers=8)
    n = _tokens_past_the_limit(config)
    with pytest.raises(TraceTooLarge) as e:
        trace(words(n), config)
    message = str(e.value)
    assert f"{n} tokens" in message and f"{TRACE_LIMIT_GIB} GiB" in message
    assert f"{trace_bytes(config, n) / 2**30:.1f} GiB" in message


def test_explain_past_the_limit_is_a_usage_error_naming_n_the_estimate_and_the_limit(runner, monkeypatch):
    import attntrace.api as api

    monkeypatch.setattr(api, "forward", lambda *a: pytest.fail("computed a trace past the limit"))
    config = Config(d_model=8, n_heads=4, n_layers=8)
    n = _tokens_past_the_limit(config)
    r = invoke(runner, ["explain", words(n), "--d-model", "8", "--heads", "4", "--layers", "8"])
    assert_clean_failure(r, 2, f"{n} tokens", f"{trace_bytes(config, n) / 2**30:.1f} GiB",
                         f"limit is {TRACE_LIMIT_GIB} GiB")


def _longest_within_the_limit(config: Config) -> int:
    n = 1
    while trace_bytes(config, n + 1) <= TRACE_LIMIT_GIB * 2**30:
        n += 1
    return n


def test_the_readmes_figures_for_the_limit():
    """README: the default encoder reaches the limit at 9,447 tokens; MiniLM's and bert-base's longest
    inputs fit (0.6 and 1.5 GiB); a bert-large-sized checkpoint stops at 326 tokens."""
    assert TRACE_LIMIT_GIB == 2
    assert _longest_within_the_limit(Config()) == 9447

    def bert(d_model, heads, layers):
        return Config(d_model=d_model, n_heads=heads, n_layers=layers, d_ff=4 * d_model, positional="learned",
                      tokenizer="wordpiece", embed_norm=True, activation="gelu", qkv_bias=True, model="bert")

    assert round(trace_bytes(bert(384, 12, 6), 512) / 2**30, 1) == 0.6  # all-MiniLM-L6-v2
    assert round(trace_bytes(bert(768, 12, 12), 512) / 2**30, 1) == 1.5  # bert-base
    assert _longest_within_the_limit(bert(1024, 16, 24)) == 326  # bert-large


def test_tracing_and_drawing_a_long_text_needs_little_more_than_the_trace():
    """Peak heap of trace + the default view on 1,000 tokens is within 1.1× the trace plus a few MiB."""
    import tracemalloc

    from attntrace.render import render_trace

    text = words(1000)
    tracemalloc.start()
    t = trace(text)
    draw(render_trace(t))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak <= 1.1 * trace_bytes(t.config, 1000) + 4 * 2**20


def test_a_checkpoint_trace_past_the_limit_is_refused_before_computing(runner, tmp_path, monkeypatch):
    tb = pytest.importorskip("test_bert")
    import attntrace.encoder as encoder

    folder = tb.make_checkpoint(tmp_path / "m")
    monkeypatch.setattr(encoder, "TRACE_LIMIT_GIB", 1e-6)  # ~1 KiB: the tiny model's trace is more
    monkeypatch.setattr(encoder, "forward", lambda *a: pytest.fail("computed a trace past the limit"))
    from attntrace.models import trace_model

    with pytest.raises(TraceTooLarge):
        trace_model("the cat sat", folder)
    r = invoke(runner, ["explain", "--model", str(folder), "the cat sat", "--npz", str(tmp_path / "t.npz")])
    assert_clean_failure(r, 2, "5 tokens", "GiB")
    assert not (tmp_path / "t.npz").exists()


# --- --quiet -------------------------------------------------------------------------------------------------


def test_explain_quiet_writes_the_json_and_prints_only_the_notice(runner, tmp_path):
    out = tmp_path / "t.json"
    r = invoke(runner, ["explain", words(50), "--quiet", "--json", str(out)])
    assert r.exit_code == 0, r.stderr
    assert r.stdout == ""
    assert str(out) in r.stderr  # the "wrote" notice
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["tokens"] == [f"w{i}" for i in range(50)]
    weights = next(s for s in saved["steps"] if s["name"] == "blocks.0.attn.weights")
    assert np.asarray(weights["data"]).shape == (1, 50, 50)  # every row saved, none cut


def test_quiet_draws_nothing(runner, monkeypatch):
    import attntrace.render as render

    monkeypatch.setattr(render, "matrix_table", lambda *a, **k: pytest.fail("drew a table with --quiet"))
    r = invoke(runner, ["explain", "今天晚上吃河马", "-q"])
    assert r.exit_code == 0 and r.stdout == "" and r.stderr == ""


def test_show_quiet_with_svg_writes_the_picture_only(runner, tmp_path):
    path, svg = tmp_path / "t.json", tmp_path / "t.svg"
    path.write_text(trace("今天晚上吃河马").to_json(), encoding="utf-8")
    r = invoke(runner, ["show", str(path), "--quiet", "--svg", str(svg)])
    assert r.exit_code == 0, r.stderr
    assert r.stdout == ""
    assert "blocks.0.attn.weights" in svg.read_text(encoding="utf-8").replace("&#160;", " ")
    assert str(svg) in r.stderr


def test_compare_quiet_prints_nothing(runner, tmp_path):
    html = tmp_path / "c.html"
    r = invoke(runner, ["compare", "the cat sat", "the dog sat", "--token", "sat", "-q", "--html", str(html)])
    assert r.exit_code == 0, r.stderr
    assert r.stdout == "" and html.exists() and str(html) in r.stderr


def test_model_quiet_npz_draws_nothing(runner, tmp_path, monkeypatch):
    tb = pytest.importorskip("test_bert")
    import attntrace.render as render

    monkeypatch.setattr(render, "matrix_table", lambda *a, **k: pytest.fail("drew a table with --quiet"))
    npz = tmp_path / "t.npz"
    r = invoke(runner, ["explain", "--model", str(tb.make_checkpoint(tmp_path / "m")), "the cat sat",
                        "--quiet", "--npz", str(npz)])
    assert r.exit_code == 0, r.stderr
    assert r.stdout == ""
    with np.load(npz) as archive:
        assert archive["blocks.1.attn.weights"].shape == (2, 5, 5)


# --- text from a file or stdin ---------------------------------------------------------------------------------


PARAGRAPH = "今天晚上吃河马。" * 40 + "\nAttention is all you need, again and again.\n" * 30


def _tokens_of(result) -> list[str]:
    return json.loads(result.stdout)["tokens"]


def test_file_and_stdin_give_the_trace_of_the_same_text(runner, tmp_path):
    path = tmp_path / "p.txt"
    path.write_text(PARAGRAPH, encoding="utf-8")
    expected = trace(PARAGRAPH).tokens
    assert len(expected) > 300
    from_file = invoke(runner, ["explain", "--file", str(path), "--json", "-"])
    assert from_file.exit_code == 0, from_file.stderr
    assert _tokens_of(from_file) == expected
    from_stdin = invoke(runner, ["explain", "-", "--json", "-"], input=PARAGRAPH.encode("utf-8"))
    assert from_stdin.exit_code == 0, from_stdin.stderr
    assert _tokens_of(from_stdin) == expected
    assert json.loads(from_stdin.stdout)["text"] == PARAGRAPH


def test_text_and_file_together_or_neither_are_usage_errors(runner, tmp_path):
    path = tmp_path / "p.txt"
    path.write_text("a b", encoding="utf-8")
    assert_clean_failure(invoke(runner, ["explain", "a b", "--file", str(path)]), 2, "--file", "not both")
    assert_clean_failure(invoke(runner, ["explain"]), 2, "--file", "stdin")


def test_a_file_that_is_not_utf8_names_the_byte(runner, tmp_path):
    path = tmp_path / "p.txt"
    path.write_bytes("今天".encode() + b"\xff\xfe more")
    assert_clean_failure(invoke(runner, ["explain", "--file", str(path)]), 1, str(path), "UTF-8", "6")
    assert_clean_failure(invoke(runner, ["explain", "-"], input=b"ab\xc3("), 1, "UTF-8")


def test_a_huge_file_or_stdin_is_refused_without_reading_it_all(runner, tmp_path):
    from attntrace.cli.options import TEXT_LIMIT_MIB

    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * (TEXT_LIMIT_MIB * 2**20 // 5 + 10))
    assert_clean_failure(invoke(runner, ["explain", "--file", str(path)]), 2, str(path), f"{TEXT_LIMIT_MIB} MiB")
    assert_clean_failure(invoke(runner, ["explain", "-"], input=path.read_bytes()), 2, f"{TEXT_LIMIT_MIB} MiB")


def test_a_missing_file_is_a_clear_failure(runner, tmp_path):
    assert_clean_failure(invoke(runner, ["explain", "--file", str(tmp_path / "nope.txt")]), 1, "nope.txt")


def test_an_empty_file_says_there_is_no_text(runner, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("  \n", encoding="utf-8")
    assert_clean_failure(invoke(runner, ["explain", "--file", str(path)]), 2)


def test_rows_default_agrees_with_the_renderer():
    from attntrace.cli.options import ROWS_DEFAULT

    assert int(ROWS_DEFAULT) == DEFAULT_ROWS


# --- the JSON of a long trace -----------------------------------------------------------------------------------


def test_json_text_holds_what_json_dumps_would_one_step_a_line():
    """The step-by-step writer gives the same JSON as json.dumps of the trace's dict (bools, √ in formulas,
    heads), with the header fields and then one step a line."""
    t = trace("今天晚上吃河马。Attention is all you need!", d_model=8, n_heads=2, n_layers=2, mask="causal")
    for chosen in (t, t.select(None, None, 1)):
        text = chosen.to_json()
        assert json.loads(text) == json.loads(json.dumps(chosen.to_dict()))
        lines = text.splitlines()
        assert lines[0] == "{" and lines[-2:] == ["  ]", "}"]
        step_lines = lines[lines.index('  "steps": [') + 1: -2]
        assert [json.loads(line.rstrip(","))["name"] for line in step_lines] == chosen.names


def test_writing_a_long_traces_json_needs_about_one_step_at_a_time():
    import tracemalloc

    from attntrace.export import write

    class Counter:  # a file that keeps nothing: what the writer holds is all there is
        written = 0

        def write(self, data: bytes) -> None:
            Counter.written += len(data)

    t = trace(words(600))
    size = trace_bytes(t.config, 600)
    tracemalloc.start()
    write(t, Counter())
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert Counter.written > 2 * size  # the text is bigger than the trace...
    assert peak < size / 2  # ...but is never all in memory at once (as lists and text it took over 4×)


def test_explain_json_of_a_long_text_reads_back_whole(runner, tmp_path):
    out = tmp_path / "t.json"
    r = invoke(runner, ["explain", words(300), "-q", "--json", str(out)])
    assert r.exit_code == 0, r.stderr
    from attntrace.trace_data import Trace

    back = Trace.from_json(out.read_text(encoding="utf-8"))
    original = trace(words(300))
    for name, step in original.steps.items():
        np.testing.assert_array_equal(back.step(name), step.data)  # repr round-trips floats exactly


def test_the_token_header_of_a_long_text_shows_its_first_and_last_tokens(runner):
    from attntrace.render import HEADER_TOKENS

    r = invoke(runner, ["explain", words(400), "--steps", "X"])
    head = r.stdout.split("d_model=")[0]
    listed = re.findall(r"\bw\d+\b", head)
    half = HEADER_TOKENS // 2
    assert listed == [f"w{i}" for i in range(half)] + [f"w{i}" for i in range(400 - half, 400)]
    assert f"{HEADER_TOKENS} of 400 tokens" in " ".join(head.split())
    every = invoke(runner, ["explain", words(400), "--steps", "X", "--rows", "all"])
    assert re.findall(r"\bw\d+\b", every.stdout.split("d_model=")[0]) == [f"w{i}" for i in range(400)]


@given(rows=st.integers(1, 80), cols=st.integers(1, 60), max_rows=st.one_of(st.none(), st.integers(2, 30)),
       width=st.integers(30, 160))
def test_a_table_fits_its_width_and_shows_the_rows_cut_rows_chooses(rows, cols, max_rows, width):
    from rich.cells import cell_len

    matrix = np.random.default_rng(rows * 1000 + cols).standard_normal((rows, cols)) * 50
    out = draw(_table(matrix, max_rows, width=width), width=200)
    grid = [line for line in out.splitlines() if line[:1] in "┌│├└"]
    assert all(cell_len(line) <= width for line in grid), width
    expected = [f"r{i}" for i in cut_rows(rows, max_rows).indices]
    if max_rows is not None and rows > max_rows:
        expected.insert((max_rows + 1) // 2, "…")
    assert ROW.findall(out) == expected
