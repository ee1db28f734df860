"""--steps takes the short names a learner guesses first (Q, K, V) and, on a miss, lists the names."""
import pytest
from typer.testing import CliRunner

from attntrace import trace
from attntrace.cli import app
from attntrace.trace_data import SelectionError


def test_a_bare_name_picks_that_step_in_every_layer():
    t = trace("hello world", n_layers=2)
    chosen = t.select(steps=["Q", "K", "V"]).names
    assert chosen == [n for n in t.names if n.rsplit(".", 1)[-1] in {"Q", "K", "V"}]
    assert {n.split(".")[1] for n in chosen} == {"0", "1"} and len(chosen) == 6


def test_full_names_and_globs_still_pick_one_step():
    t = trace("hello world", n_layers=2)
    assert t.select(steps=["blocks.1.attn.Q"]).names == ["blocks.1.attn.Q"]
    assert t.select(steps=["X"]).names == ["X"]


def test_a_miss_lists_the_step_names():
    t = trace("hello world")
    with pytest.raises(SelectionError) as e:
        t.select(steps=["Qx"])
    text = str(e.value)
    assert "Qx" in text and "weights" in text and "scores" in text and "(see --json)" not in text


def test_cli_accepts_short_step_names():
    r = CliRunner().invoke(app, ["explain", "hello world", "--steps", "Q,K,V"])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(app, ["explain", "hello world", "--steps", "nope"])
    assert r.exit_code == 2 and "weights" in r.output
