"""A token spec that is a number can name a position and, at the same time, another token's text ("2" in "I have
3 cats and 2 dogs"): --focus and compare --token refuse to guess and list both readings. Positions are counted
here from the words."""

from __future__ import annotations

import pytest

from attntrace.cli import app
from attntrace.teach.focus import TokenChoiceError, resolve_token

NUMBERS = "I have 3 cats and 2 dogs"


@pytest.fixture
def run(runner):
    def invoke(*args):
        return runner.invoke(app, list(args), env={"COLUMNS": "200", "NO_COLOR": "1"})

    return invoke


def test_a_number_that_names_a_position_and_another_tokens_text_is_refused():
    tokens = NUMBERS.split()
    assert tokens.index("2") == 5 and tokens[2] == "3"
    with pytest.raises(TokenChoiceError) as e:
        resolve_token(tokens, "2")
    msg = str(e.value)
    assert "the token 2 (position 5)" in msg and "position 2 (the token 3)" in msg
    assert "2@5" in msg and "3@2" in msg
    # each way of choosing works
    assert resolve_token(tokens, "2@5") == 5
    assert resolve_token(tokens, "3@2") == 2


def test_a_number_with_one_reading_still_works():
    tokens = NUMBERS.split()
    assert resolve_token(tokens, "6") == 6  # only a position ("6" is no token)
    tokens = ["a", "7", "b"]
    assert resolve_token(tokens, "7") == 1  # only a text: there is no position 7
    assert resolve_token(["0", "x"], "0") == 0  # text and position name the same token


def test_three_is_both_a_text_and_a_position_too():
    # "3" is the text at position 2 and the position of "cats": just as ambiguous as "2"
    tokens = NUMBERS.split()
    with pytest.raises(TokenChoiceError) as e:
        resolve_token(tokens, "3")
    assert "3@2" in str(e.value) and "cats@3" in str(e.value)


def test_cli_focus_and_compare_report_both_readings_as_a_usage_error(run):
    r = run("explain", NUMBERS, "--focus", "2")
    assert r.exit_code == 2 and r.stdout == ""
    assert "can be read two ways" in r.stderr and "2@5" in r.stderr and "3@2" in r.stderr
    ok = run("explain", NUMBERS, "--focus", "2@5")
    assert ok.exit_code == 0, ok.stderr
    assert "Worked arithmetic for 2 (position 5)" in ok.stdout
    c = run("compare", NUMBERS, "I have 2 dogs", "--token", "2")
    assert c.exit_code == 2 and c.stdout == ""
    assert "S1:" in c.stderr and "can be read two ways" in c.stderr
    z = run("explain", NUMBERS, "--focus", "2", "--lang", "zh")
    assert z.exit_code == 2 and "有两种读法" in z.stderr
