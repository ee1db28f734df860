"""User-review fixes for compare: repeated tokens are labelled with their positions, and the verdict does not
call two inputs "the same" when X differs. Expected positions are counted here from the words; weights are read
from the traces' own steps."""

from __future__ import annotations

import re

import pytest

from attntrace.cli import app
from attntrace.models.seeded import trace

S1, S2 = "the cat saw the dog", "a dog saw the the cat"


@pytest.fixture
def run(runner):
    def invoke(*args):
        return runner.invoke(app, list(args), env={"COLUMNS": "200", "NO_COLOR": "1"})

    return invoke


def key_rows(stdout: str) -> dict[str, tuple[float, float]]:
    """The first attention table's rows: key label -> (S1 weight, S2 weight); '—' cells are left out."""
    rows: dict[str, tuple[float, float]] = {}
    for line in stdout.splitlines():
        cells = [c.strip() for c in line.strip("│ ").split("│")]
        if len(cells) == 4 and cells[0] not in ("key", "") and "—" not in cells[1:3]:
            try:
                rows.setdefault(cells[0], (float(cells[1]), float(cells[2])))
            except ValueError:
                continue
    return rows


def test_compare_labels_each_repeated_token_with_its_position_in_each_sentence(run):
    r = run("compare", S1, S2, "--token", "cat")
    assert r.exit_code == 0, r.stderr
    w1 = trace(S1).step("blocks.0.attn.weights")[0, 1]  # cat is word 1 of S1 ...
    w2 = trace(S2).step("blocks.0.attn.weights")[0, 5]  # ... and word 5 of S2
    rows = key_rows(r.stdout)
    # the k-th "the" of S1 (words 0 and 3) with the k-th of S2 (words 3 and 4)
    for label, i, j in (("the@0↔3", 0, 3), ("the@3↔4", 3, 4)):
        assert label in rows, r.stdout
        assert rows[label] == pytest.approx((w1[i], w2[j]), abs=0.0005), label
    assert re.search(r"│ the +│", r.stdout) is None  # no bare, ambiguous "the" row any more
    assert "cat" in rows and "saw" in rows and "dog" in rows  # tokens seen once per sentence keep their text
    assert "occurs more than once is labelled with its positions" in r.stdout


def test_a_repeat_that_only_one_sentence_has_is_labelled_with_a_dash_for_the_other(run):
    r = run("compare", "the cat", "the the cat", "--token", "cat")
    assert r.exit_code == 0, r.stderr
    assert "the@0↔0" in r.stdout and "the@—↔1" in r.stdout
    w2 = trace("the the cat").step("blocks.0.attn.weights")[0, 2]
    line = next(x for x in r.stdout.splitlines() if "the@—↔1" in x)
    assert f"{w2[1]:.3f}" in line


def test_no_repeats_no_labels(run):
    r = run("compare", "the cat", "a cat", "--token", "cat")
    assert r.exit_code == 0, r.stderr
    assert "↔" not in r.stdout and "labelled with its positions" not in r.stdout


@pytest.mark.parametrize("lang, same, moved", [
    ("en", "the same input, changed by its context", "the input already differed"),
    ("zh", "同样的输入，被语境改变了", "输入本来就不同"),
])
def test_the_verdict_says_the_input_differed_when_the_token_moved(run, lang, same, moved):
    here = run("compare", S1, S2, "--token", "cat", "--lang", lang)  # cat at 1 and 5: X differs
    assert here.exit_code == 0, here.stderr
    assert moved in here.stdout and same not in here.stdout
    assert ("position 1 in S1 and 5 in S2" if lang == "en" else "在 S1 中位于 1、在 S2 中位于 5") in here.stdout
    still = run("compare", "the cat sat", "the cat ran", "--token", "cat", "--lang", lang)  # both at 1
    assert still.exit_code == 0, still.stderr
    assert same in still.stdout and moved not in still.stdout


def test_without_positions_a_moved_token_has_the_same_input(run):
    r = run("compare", S1, S2, "--token", "cat", "--positional", "none")
    assert r.exit_code == 0, r.stderr
    assert "the same input, changed by its context" in r.stdout
