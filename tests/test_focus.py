"""--focus: every number of the worked arithmetic equals, at the displayed precision, the trace's own value.

The rendered text is parsed line by line; the expected numbers come straight from the trace's steps,
and the softmax intermediates the trace does not store (row maximum, exps, their sum) are recomputed
here with plain loops and `math.exp`.
"""

from __future__ import annotations

import io
import math
import re
from decimal import Decimal

import pytest
from rich.console import Console

from attntrace.cli import app
from attntrace.models.seeded import trace
from attntrace.render.focus import render_focus
from attntrace.teach.focus import TokenChoiceError, focus, resolve_token

NUM = re.compile(r"-?\d+\.\d+")
P = 3


def shown(value: float, precision: int = P) -> str:
    """A number as the reader sees it at `precision` decimals ("-0.000" reads as "0.000")."""
    text = f"{value:.{precision}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def text_of(f, precision: int = P, max_terms: int = 8) -> list[str]:
    console = Console(width=1000, record=True, file=io.StringIO(), color_system=None)
    console.print(render_focus(f, precision, max_terms))
    return [line.strip() for line in console.export_text().splitlines()]


def numbers(line: str) -> list[str]:
    """The numbers on the right of the label (`q[0] =`, `s[晚上] / √4 =`, …)."""
    rhs = line.split(" = ", 1)[1]
    return NUM.findall(rhs)


def check_sum(line: str, pairs: list[tuple[float, float]], total: float, what: str) -> None:
    expected = [shown(v) for a, b in pairs for v in (a, b)] + [shown(total)]
    assert numbers(line) == expected, f"{what}: {line}"


@pytest.mark.parametrize("options", [
    {},
    {"n_heads": 2, "mask": "causal"},
    {"d_model": 6, "n_heads": 3, "positional": "none", "seed": 7},
])
@pytest.mark.parametrize("query", [0, 2, 3])
def test_every_number_shown_is_the_traces_value(options, query):
    tr = trace("今天晚上吃河马", **options)
    tokens = tr.tokens
    n, D = len(tokens), tr.config.d_model
    X = tr.step("X")
    a = "blocks.0.attn."
    WQ, WK, WV = tr.step(a + "W_Q"), tr.step(a + "W_K"), tr.step(a + "W_V")
    Q, K, V = tr.step(a + "Q"), tr.step(a + "K"), tr.step(a + "V")
    S, SC, W, Z = tr.step(a + "scores"), tr.step(a + "scaled"), tr.step(a + "weights"), tr.step(a + "Z")
    allowed = [[j <= i for j in range(n)] for i in range(n)] if options.get("mask") == "causal" \
        else [[True] * n for _ in range(n)]
    lines = text_of(focus(tr, query))
    checked = 0
    head = -1
    for line in lines:
        if line.startswith("Worked arithmetic"):
            head += 1
            continue
        if " = " not in line or line.startswith(("1)", "2)", "3)", "4)", "5)", "x =")):
            continue
        h = head
        d = WQ.shape[2]
        label = line.split(" = ", 1)[0]
        if m := re.fullmatch(r"q\[(\d+)\]", label):
            c = int(m[1])
            check_sum(line, [(X[query, k], WQ[h, k, c]) for k in range(D)], Q[h, query, c], "q")
        elif m := re.fullmatch(r"([kv])\[(.+)\]\[(\d+)\]", label):
            j, c = tokens.index(m[2]), int(m[3])
            Wm, R = (WK, K) if m[1] == "k" else (WV, V)
            check_sum(line, [(X[j, k], Wm[h, k, c]) for k in range(D)], R[h, j, c], m[1])
        elif m := re.fullmatch(r"s\[(.+)\]", label):
            j = tokens.index(m[1])
            rest = line.split(" = ", 2)[2]  # after "s[tok] = q·k[tok] ="
            assert NUM.findall(rest) == [shown(v) for c in range(d) for v in (Q[h, query, c], K[h, j, c])] + \
                [shown(S[h, query, j])], line
        elif m := re.fullmatch(r"s\[(.+)\] / √(\d+)", label):
            j = tokens.index(m[1])
            assert int(m[2]) == d
            assert numbers(line) == [shown(S[h, query, j]), shown(math.sqrt(d)), shown(SC[h, query, j])], line
        elif m := re.fullmatch(r"e\[(.+)\]", label):
            j = tokens.index(m[1])
            row_max = max(SC[h, query, k] for k in range(n) if allowed[query][k])
            if allowed[query][j]:
                e = math.exp(SC[h, query, j] - row_max)
                # the difference is the printed operands' (so it checks out by hand); exp is of the unrounded one
                by_hand = shown(float(Decimal(shown(SC[h, query, j])) - Decimal(shown(row_max))))
                assert numbers(line) == [shown(SC[h, query, j]), shown(row_max), by_hand, shown(e)], line
            else:
                assert "exp(−∞) = 0" in line
        elif label == "Σ e":
            row_max = max(SC[h, query, k] for k in range(n) if allowed[query][k])
            es = [math.exp(SC[h, query, k] - row_max) for k in range(n) if allowed[query][k]]
            assert numbers(line) == [shown(e) for e in es] + [shown(sum(es))], line
        elif m := re.fullmatch(r"w\[(.+)\]", label):
            j = tokens.index(m[1])
            row_max = max(SC[h, query, k] for k in range(n) if allowed[query][k])
            total = sum(math.exp(SC[h, query, k] - row_max) for k in range(n) if allowed[query][k])
            if allowed[query][j]:
                assert numbers(line) == [shown(math.exp(SC[h, query, j] - row_max)), shown(total),
                                         shown(W[h, query, j])], line
            else:
                assert numbers(line) == [shown(0.0)] and W[h, query, j] == 0.0, line
        elif m := re.fullmatch(r"z\[(\d+)\]", label):
            c = int(m[1])
            check_sum(line, [(W[h, query, j], V[h, j, c]) for j in range(n) if allowed[query][j]], Z[h, query, c], "z")
        else:
            raise AssertionError(f"an equation the test does not know: {line}")
        checked += 1
    H = tr.config.n_heads
    keys = sum(allowed[query])
    d = D // H
    # per head: q (d lines), k and v for each key (2·keys·d), two lines per score, one e and one w per token,
    # Σ e, and z (d lines)
    assert head == H - 1
    assert checked == H * (d + 2 * keys * d + 2 * keys + 2 * n + 1 + d)


def test_long_sums_are_elided_in_the_middle_with_the_total_kept():
    tr = trace("Attention is all you need", d_model=24, n_heads=2)
    f = focus(tr, 1, head=1)
    lines = text_of(f, max_terms=8)
    q0 = next(line for line in lines if line.startswith("q[0] ="))
    assert "… 16 more terms …" in q0
    X, WQ, Q = tr.step("X"), tr.step("blocks.0.attn.W_Q"), tr.step("blocks.0.attn.Q")
    shown_terms = [*range(4), *range(20, 24)]
    assert numbers(q0) == [shown(v) for k in shown_terms for v in (X[1, k], WQ[1, k, 0])] + [shown(Q[1, 1, 0])]
    # d_head = 12 components: the first 4 and last 4 are written, the middle ones counted
    assert "… 4 more components …" in lines
    assert any(line.startswith("q[11] =") for line in lines)
    assert not any(line.startswith("q[5] =") for line in lines)
    # the z sum has only 5 terms (one per token): nothing elided
    z0 = next(line for line in lines if line.startswith("z[0] ="))
    assert "more terms" not in z0


def test_a_later_layer_starts_from_the_previous_layers_output():
    tr = trace("今天晚上吃河马", n_layers=2)
    f = focus(tr, 2, layer=1)
    assert f.input_name == "blocks.0.out"
    lines = text_of(f)
    q0 = next(line for line in lines if line.startswith("q[0] ="))
    X1, WQ, Q = tr.step("blocks.0.out"), tr.step("blocks.1.attn.W_Q"), tr.step("blocks.1.attn.Q")
    check_sum(q0, [(X1[2, k], WQ[0, k, 0]) for k in range(4)], Q[0, 2, 0], "q in layer 1")


def test_resolve_token_by_text_label_or_position():
    tokens = ["the", "cat", "the", "3"]
    assert resolve_token(tokens, "cat") == 1
    assert resolve_token(tokens, "the@2") == 2
    assert resolve_token(tokens, "1") == 1
    assert resolve_token(tokens, "3") == 3  # a token whose text is a number is found by its text first
    with pytest.raises(TokenChoiceError) as e:
        resolve_token(tokens, "the")
    assert "positions 0, 2" in str(e.value) and "0 the, 1 cat, 2 the, 3 3" in str(e.value)
    with pytest.raises(TokenChoiceError) as e:
        resolve_token(tokens, "dog")
    assert "dog" in str(e.value) and "1 cat" in str(e.value)
    with pytest.raises(TokenChoiceError):
        resolve_token(tokens, "9")
    with pytest.raises(TokenChoiceError):
        resolve_token(tokens, "cat@0")  # the label must name the token that is there


# --- the command line ------------------------------------------------------------------------------------------


@pytest.fixture
def run(runner):
    def invoke(*args, env=None):
        return runner.invoke(app, list(args), env={"COLUMNS": "200", "NO_COLOR": "1", **(env or {})})

    return invoke


def test_cli_focus_by_text_and_by_position(run):
    by_text = run("explain", "今天晚上吃河马", "--focus", "今天")
    by_pos = run("explain", "今天晚上吃河马", "--focus", "0")
    assert by_text.exit_code == 0, by_text.stderr
    assert "Worked arithmetic for 今天 (position 0)" in by_text.stdout
    assert "tokens: 今天 / 晚上 / 吃 / 河马" in by_text.stdout  # the header comes first
    assert "blocks.0.attn.Q   " not in by_text.stdout  # the worked arithmetic replaces the step tables
    assert by_pos.stdout == by_text.stdout


@pytest.mark.parametrize("spec, words", [("鱼", "no token 鱼"), ("a", "occurs more than once")])
def test_cli_focus_unknown_or_ambiguous_is_a_usage_error_listing_the_tokens(run, spec, words):
    text = "今天晚上吃河马" if spec == "鱼" else "a b a"
    r = run("explain", text, "--focus", spec)
    assert r.exit_code == 2
    assert words in r.stderr
    assert ("0 今天, 1 晚上, 2 吃, 3 河马" if spec == "鱼" else "0 a, 1 b, 2 a") in r.stderr
    assert r.stdout == ""


def test_cli_focus_with_layer_and_head(run):
    r = run("explain", "今天晚上吃河马", "--focus", "吃", "--layers", "2", "--heads", "2",
            "--layer", "1", "--head", "1")
    assert r.exit_code == 0, r.stderr
    assert "Worked arithmetic for 吃 (position 2) · layer 1 · head 1" in r.stdout
    assert "head 0" not in r.stdout
    assert "x = the row of 吃 in blocks.0.out" in r.stdout


def test_cli_focus_on_a_saved_trace(run, tmp_path):
    path = tmp_path / "t.json"
    assert run("explain", "今天晚上吃河马", "--json", str(path)).exit_code == 0
    shown_ = run("show", str(path), "--focus", "河马")
    assert shown_.exit_code == 0, shown_.stderr
    assert shown_.stdout == run("explain", "今天晚上吃河马", "--focus", "河马").stdout
    cut = tmp_path / "w.json"
    assert run("explain", "今天晚上吃河马", "--steps", "*.weights", "--json", str(cut)).exit_code == 0
    r = run("show", str(cut), "--focus", "河马")
    assert r.exit_code == 1 and "needs steps this trace does not hold" in r.stderr


def test_a_long_sentences_focus_shows_the_first_and_last_keys_and_says_how_many_are_left_out():
    # Cost grows with what is shown: 300 keys are not 300 lines of k, v, scores, exp and weights each.
    from rich.console import Console

    from attntrace.models.seeded import trace as seeded_trace
    from attntrace.render.focus import render_focus
    from attntrace.teach.focus import focus as worked

    n, shown = 300, 10
    t = seeded_trace(" ".join(f"w{i}" for i in range(n)), tokenizer="space")
    f = worked(t, 3, 0, None)
    console = Console(width=120, record=True, color_system=None)
    console.print(render_focus(f, max_keys=shown))
    text = console.export_text()
    keys_named = {i for i in range(n) if f"k[w{i}]" in text}
    assert keys_named == set(range(shown // 2)) | set(range(n - shown // 2, n))
    assert text.count(f"… {n - shown} more keys") == 4  # k/v, the scores, exp and the weights
    everything = Console(width=120, record=True, color_system=None)
    everything.print(render_focus(f, max_keys=None))
    full = everything.export_text()
    assert {i for i in range(n) if f"k[w{i}]" in full} == set(range(n))


# --- the query token from Python, as --focus takes it ---------------------------------------------------------


@pytest.mark.parametrize("query", ["吃", "吃@2", "2", 2])
def test_focus_takes_the_query_as_text_text_at_position_or_position(query):
    from attntrace.teach.focus import focus

    t = trace("今天晚上吃河马", n_heads=2)
    assert t.tokens[2] == "吃"
    worked = focus(t, query)
    assert worked.query == 2
    for h, head in enumerate(worked.heads):  # the row of the token named, not of another
        assert head.softmax.weights.tolist() == t.step("blocks.0.attn.weights")[h, 2].tolist()


@pytest.mark.parametrize("query", ["狗", "9", 9, -1, 1.5, True, None])
def test_focus_refuses_a_query_naming_no_token_with_the_tokens_listed(query):
    from attntrace.labels import TokenChoiceError
    from attntrace.teach.focus import focus

    with pytest.raises(TokenChoiceError) as e:
        focus(trace("今天晚上吃河马"), query)
    assert "0 今天" in str(e.value)


def test_focus_takes_a_decoder_piece_as_shown_or_typed():
    pytest.importorskip("tokenizers")
    from pathlib import Path

    from attntrace.models import load, trace_model
    from attntrace.teach.focus import focus

    t = trace_model("The cat sat", load(Path(__file__).with_name("data") / "families" / "tiny-gpt2"))
    position = t.shown_tokens.index("␣cat")
    assert focus(t, "cat").query == focus(t, "␣cat").query == focus(t, t.tokens[position]).query == position
