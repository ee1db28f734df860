"""The command line offers the library's choices: each list is the library's own, and each choice works."""

from __future__ import annotations

import pytest

from attntrace.cli.options import Lang, Mask, Positional, Tokenizer, View


@pytest.mark.parametrize("name", [t.value for t in Tokenizer])
def test_every_tokenizer_offered_splits_text_and_goes_in_a_config(name):
    from attntrace import trace
    from attntrace.tokenize import tokenize

    assert tokenize("cats eat fish", name)
    assert trace("cats eat fish", tokenizer=name).config.tokenizer == name


def test_the_offered_tokenizers_are_those_for_any_text():
    from attntrace.config import CHECKPOINT_TOKENIZERS, TOKENIZERS

    offered = [t.value for t in Tokenizer]
    assert offered == [t for t in TOKENIZERS if t not in CHECKPOINT_TOKENIZERS] and "default" in offered


@pytest.mark.parametrize("view", [v.value for v in View])
def test_every_view_offered_renders(view):
    from attntrace import trace
    from attntrace.render.views import view_pages

    assert view_pages(trace("a b"), view)


def test_a_view_not_offered_is_refused_by_the_library():
    from attntrace import trace
    from attntrace.render.views import ViewError, view_pages

    with pytest.raises(ViewError):
        view_pages(trace("a b"), "nonsense")


@pytest.mark.parametrize("lang", [la.value for la in Lang])
def test_every_language_offered_has_every_message(lang):
    from attntrace.i18n import MESSAGES, set_lang, t

    set_lang(lang)
    try:
        assert t("error.empty_text") == MESSAGES["error.empty_text"][lang]
    finally:
        set_lang(None)


def test_positional_and_mask_choices_are_the_configs():
    from attntrace.config import CHECKPOINT_POSITIONAL, MASKS, POSITIONAL

    assert [p.value for p in Positional] == [p for p in POSITIONAL if p not in CHECKPOINT_POSITIONAL]
    assert [m.value for m in Mask] == list(MASKS)
