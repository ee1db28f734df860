"""Sheets and templates: escaping for LaTeX and Markdown, template shapes, given and asked steps."""

from __future__ import annotations

import re
import tomllib

import numpy as np
import pytest

from attntrace.homework import Options, Student, generate, latex_escape, latex_sheet, markdown_sheet, toml_template
from attntrace.homework.sheets import md_escape, toml_string
from attntrace.i18n import set_lang

NASTY = "O'Brien & Co_1 {50%} #1 $x^2$ ~a\\b <c>|\"d\"\nnext"


@pytest.fixture(autouse=True)
def english():
    set_lang("en")
    yield
    set_lang(None)


def test_latex_escape_leaves_no_special_character_active():
    assert latex_escape("O'Brien & Co_1") == r"O'Brien \& Co\_1"
    out = latex_escape(NASTY)
    stripped = re.sub(r"\\(textbackslash|textasciitilde|textasciicircum|textless|textgreater|textbar|"
                      r"textquotedbl)\{\}|\\[&%$#_{}]", "", out)
    assert not re.search(r"[&%$#_{}~^\\<>|\"]", stripped), stripped
    assert "\n" not in out and r"\textbackslash{}x0anext" in out  # the newline shown as \x0a, not run


def test_markdown_and_toml_escaping():
    assert md_escape("a|b_c*d") == r"a\|b\_c\*d"
    assert tomllib.loads(f"x = {toml_string(NASTY)}")["x"] == NASTY


@pytest.fixture
def variant():
    (v,) = generate([Student(NASTY.replace("\n", ""), NASTY, "nasty")], Options(seed=4, text="今天晚上吃河马"))
    return v


def test_latex_sheet_escapes_the_name_and_id_and_braces_balance(variant):
    tex = latex_sheet(variant, ("Q", "K", "V", "scores", "scaled", "weights", "Z"))
    assert latex_escape(NASTY) in tex and r"O'Brien \& Co\_1" in tex
    body = re.sub(r"\\[{}]", "", tex)
    assert body.count("{") == body.count("}")
    assert "xeCJK" in tex and "xelatex" in tex  # Chinese tokens need xelatex
    assert r"\sqrt{4}" in tex and "今天" in tex
    assert tex.count(r"\paragraph{") == 4 + 7  # four givens, seven asked


def test_markdown_sheet_labels_and_blanks(variant):
    md = markdown_sheet(variant, ("weights", "Z"))
    assert md_escape(NASTY) in md and "\\\\x0anext" in md  # the roster cell's newline shown as \x0a
    assert "| **今天** | " in md and variant.code in md
    X = variant.trace.step("X")
    row = "| **今天** | " + " | ".join(str(int(x)) for x in X[0]) + " |"
    assert row in md
    assert "### scaled = scores / √d\\_k = scores / √4" in md  # given because weights is asked
    assert "1. weights\\[i, :\\] = softmax" in md and "2. Z = weights·V" in md
    assert "### 1. Q" not in md


def test_toml_template_parses_with_the_right_shapes_and_formulas(variant):
    ask = ("Q", "scores", "weights", "Z")
    text = toml_template(variant, ask)
    data = tomllib.loads(text)
    n, d = len(variant.trace.tokens), variant.trace.config.d_model
    assert data["student_id"] == variant.student.id and data["variant"] == variant.code
    assert list(data["answers"]) == list(ask)
    for s, shape in zip(ask, [(n, d), (n, n), (n, n), (n, d)]):
        assert np.array(data["answers"][s]).shape == shape, s
        assert not np.array(data["answers"][s]).any()
    assert "# Q = X·W_Q" in text and "# weights[i, :] = softmax(scaled[i, :])" in text
