"""Titles and the header wrap between their parts, never inside one ("head 0", "mask=none", a shape)."""

from __future__ import annotations

import io
import itertools

import pytest
from rich.console import Console

from attntrace import trace
from attntrace.i18n import set_lang
from attntrace.render import render_trace


def _text(t, width: int) -> str:
    console = Console(width=width, file=io.StringIO(), color_system=None, record=True)
    console.print(render_trace(t))
    return console.export_text()


@pytest.mark.parametrize("options", [{}, {"n_heads": 2, "d_model": 8, "mask": "causal"}])
def test_no_title_part_is_split_across_lines(options):
    t = trace("今天晚上吃河马", **options).select(steps=["*.weights"])  # the longest titles
    for width in range(40, 101):  # every width, so each possible break point is met
        lines = _text(t, width).splitlines()
        assert all(len(line) <= width for line in lines), width
        for before, after in itertools.pairwise(lines):
            assert not (before.rstrip().endswith("head") and after[:1].isdigit()), (width, before, after)
            assert not before.rstrip().endswith(("mask=", "seed=", "d_ff=")), (width, before, after)


def test_the_chinese_head_label_stays_whole():
    set_lang("zh")
    try:
        text = _text(trace("今天晚上吃河马"), 80)
    finally:
        set_lang(None)
    assert "头 0" in text
