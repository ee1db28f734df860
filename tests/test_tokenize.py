"""Tokenizer cases from the issue: Chinese words, English contractions, mixed scripts, punctuation, emoji."""

from __future__ import annotations

import subprocess
import sys

import pytest

from attntrace.tokenize import EmptyTextError, InvalidTextError, tokenize


def test_the_chinese_example_gives_exactly_four_words():
    assert tokenize("今天晚上吃河马") == ["今天", "晚上", "吃", "河马"]


def test_english_contractions_and_punctuation():
    assert tokenize("The animal didn't cross the street.") == ["The", "animal", "didn't", "cross", "the", "street",
                                                               "."]


@pytest.mark.parametrize("text", ["didn't", "don’t", "rock'n'roll"])
def test_apostrophe_inside_a_word_keeps_it_whole(text):
    assert tokenize(text) == [text]


def test_mixed_scripts():
    assert tokenize("今天晚上吃河马。Attention is all you need!") == [
        "今天", "晚上", "吃", "河马", "。", "Attention", "is", "all", "you", "need", "!"]


def test_mixed_without_spaces_between_scripts():
    assert tokenize("我爱NLP和AI") == ["我", "爱", "NLP", "和", "AI"]


@pytest.mark.parametrize("mark", list("（，。！？「」）：；、《》"))
def test_full_width_punctuation_is_its_own_token(mark):
    assert tokenize(f"河马{mark}吃") == ["河马", mark, "吃"]


def test_full_width_punctuation_in_a_row():
    assert tokenize("（，。！？「」）") == ["（", "，", "。", "！", "？", "「", "」", "）"]


def test_ascii_punctuation_each_its_own_token():
    assert tokenize('Hi, "you" (there)?!') == ["Hi", ",", '"', "you", '"', "(", "there", ")", "?", "!"]


@pytest.mark.parametrize(
    "emoji",
    [
        "🦛",
        "👍🏽",  # thumbs up + medium skin tone modifier
        "👨\u200d👩\u200d👧\u200d👦",  # family: four people joined by zero-width joiners
        "❤️",  # heart + variation selector 16
        "🇨🇳",  # a flag: two regional indicator letters
    ],
)
def test_emoji_sequences_are_one_token(emoji):
    assert tokenize(f"I {emoji} you") == ["I", emoji, "you"]
    assert tokenize(f"河马{emoji}吃") == ["河马", emoji, "吃"]
    assert tokenize(f"{emoji}{emoji}") == [emoji, emoji]


@pytest.mark.parametrize(("text", "expected"), [
    ("3.14", ["3.14"]),
    ("1,000", ["1,000"]),
    ("pi is 3.14, and 1,000 people came.", ["pi", "is", "3.14", ",", "and", "1,000", "people", "came", "."]),
    ("3.", ["3", "."]),
    ("a,b", ["a", ",", "b"]),
])
def test_numbers(text, expected):
    assert tokenize(text) == expected


def test_whitespace_of_every_kind_is_dropped():
    assert tokenize(" 今天\t晚上\n吃\u3000河马 ") == ["今天", "晚上", "吃", "河马"]


def test_char_tokenizer():
    assert tokenize("今天 晚上", "char") == ["今", "天", "晚", "上"]
    assert tokenize("hi!", "char") == ["h", "i", "!"]


def test_space_tokenizer_keeps_the_users_segmentation():
    assert tokenize("今天 晚上 吃河马", "space") == ["今天", "晚上", "吃河马"]
    assert tokenize("didn't cross.", "space") == ["didn't", "cross."]


@pytest.mark.parametrize("tokenizer", ["default", "char", "space"])
@pytest.mark.parametrize("text", ["", " ", "\t\n ", "\u3000"])
def test_empty_or_whitespace_only_raises(text, tokenizer):
    with pytest.raises(EmptyTextError):
        tokenize(text, tokenizer)


@pytest.mark.parametrize("tokenizer", ["default", "char", "space"])
def test_undecodable_bytes_are_a_clear_error(tokenizer):
    """Python keeps argv bytes that are not UTF-8 as lone surrogates; they cannot be hashed or written."""
    with pytest.raises(InvalidTextError, match="UTF-8"):
        tokenize("ab\udcffc", tokenizer)


def test_unknown_tokenizer_is_an_error():
    with pytest.raises(ValueError, match="bogus"):
        tokenize("hi", "bogus")


_MODULES_AFTER = ("import sys; from attntrace.tokenize import tokenize; tokenize(sys.argv[1]); "
                  "print('rjieba' in sys.modules)")


@pytest.mark.parametrize(("text", "loaded"), [("The animal didn't cross the street. 👍🏽 3.14", "False"),
                                              ("今天晚上吃河马", "True")])
def test_rjieba_is_imported_only_for_chinese(text, loaded):
    out = subprocess.run([sys.executable, "-c", _MODULES_AFTER, text], capture_output=True, text=True, check=True,
                         timeout=60)
    assert out.stdout.strip() == loaded
