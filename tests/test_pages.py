"""What explain and show print, through the library: render.pages.command_pages composes the pages,
teach.focus.focus_on resolves --focus's token. Expected texts are the sentences the i18n catalogue promises."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from attntrace.models.seeded import trace
from attntrace.render.pages import command_pages
from attntrace.teach.focus import FocusError, TokenChoiceError, focus, focus_on

TEXT = "今天晚上吃河马"
UNTRAINED = "This seeded model is untrained"


def text_of(pages) -> list[str]:
    out = []
    for page in pages:
        console = Console(file=io.StringIO(), width=120, color_system=None)
        console.print(page)
        out.append(console.file.getvalue())
    return out


@pytest.fixture(scope="module")
def tr():
    return trace(TEXT, n_layers=2, n_heads=2)


def test_focus_on_resolves_the_token_as_typed_and_defaults_to_layer_0(tr):
    assert tr.tokens == ["今天", "晚上", "吃", "河马"]
    for spec in ("河马", "河马@3", "3"):
        worked = focus_on(tr, spec)
        assert worked.query == 3 and worked.layer == 0 and [h.head for h in worked.heads] == [0, 1]
    chosen, expected = focus_on(tr, "吃", layer=1, head=1), focus(tr, 2, 1, 1)
    assert (chosen.query, chosen.layer, [h.head for h in chosen.heads]) == (2, 1, [1])
    assert (chosen.heads[0].softmax.weights == expected.heads[0].softmax.weights).all()
    with pytest.raises(TokenChoiceError):
        focus_on(tr, "牛")
    with pytest.raises(FocusError):
        focus_on(tr.select(["X"]), "吃")  # the trace lacks the steps the arithmetic reads


def test_the_steps_view_is_one_page_or_a_page_per_step(tr):
    (whole,) = command_pages(tr)
    paged = command_pages(tr, step=True)
    assert len(paged) == len(tr.steps)
    assert "".join(text_of(paged)) == text_of([whole])[0]
    assert UNTRAINED not in text_of([whole])[0]  # without the path's guide, the steps carry no warning
    guided = text_of(command_pages(tr, path=True, path_total=len(tr.steps) + 5))[0]
    assert "Attention path:" in guided and UNTRAINED in guided


def test_a_picture_view_gets_the_warning_under_its_header(tr):
    pages = text_of(command_pages(tr, "heads"))
    assert len(pages) == 2 and UNTRAINED in pages[0] and UNTRAINED not in pages[1]  # one page per layer
    assert "blocks.1.attn.weights: every head" in pages[1]


def test_focus_follows_a_picture_view_or_stands_under_the_whole_traces_header(tr):
    worked = focus_on(tr, "吃")
    alone = text_of(command_pages(tr.select(layer=0, head=0), focus=worked, source=tr))
    assert "晚上" in alone[0] and UNTRAINED in alone[0] and "Numbers are shown rounded to 3 decimals" in alone[0]
    after = command_pages(tr, "heads", focus=worked, source=tr)
    assert len(after) == 2 + len(alone)  # the two heatmap pages, then the same arithmetic without a header
    assert not any(UNTRAINED in page for page in text_of(after))  # as before: the heatmaps come without it
