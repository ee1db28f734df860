"""A checkpoint's trace works with verify, --focus and the views, as a seeded one does."""

from __future__ import annotations

import json
import re

import pytest

pytest.importorskip("safetensors.numpy", reason="needs the models extra: safetensors")
pytest.importorskip("tokenizers", reason="needs the models extra: tokenizers")

from test_bert import make_checkpoint  # after the skips: it needs the models extra

from attntrace import Trace
from attntrace.cli import app


def _run(runner, *args):
    result = runner.invoke(app, list(map(str, args)), env={"COLUMNS": "100"})
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_a_full_model_trace_verifies(runner, tmp_path):
    folder = make_checkpoint(tmp_path / "m")
    saved = tmp_path / "t.json"
    assert _run(runner, "explain", "--model", folder, "the cat sat", "--json", saved).exit_code == 0
    result = _run(runner, "verify", saved, "--json", "-")
    report = json.loads(result.stdout)
    assert result.exit_code == 0, result.stdout
    checked = {s["name"]: s["status"] for s in report["steps"]}
    assert checked["blocks.0.attn.weights"] == "ok" and checked["X"] == "ok"  # X = LayerNorm(embed.sum)


def test_focus_on_a_model_trace_shows_the_trace_s_own_weights(runner, tmp_path):
    folder = make_checkpoint(tmp_path / "m")
    result = _run(runner, "explain", "--model", folder, "the cat sat", "--focus", "cat", "--layer", "1",
                  "--head", "0", "--precision", "4")
    assert result.exit_code == 0, result.stderr
    saved = tmp_path / "t.json"
    _run(runner, "explain", "--model", folder, "the cat sat", "--json", saved)
    t = Trace.from_json(saved.read_text(encoding="utf-8"))
    row = t.step("blocks.1.attn.weights")[0, t.tokens.index("cat")]
    for w in row:  # every weight of the row appears, at the displayed precision
        assert f"{w:.4f}" in result.stdout


@pytest.mark.parametrize("view", ["heads", "model"])
def test_views_on_a_model_trace(runner, tmp_path, view):
    folder = make_checkpoint(tmp_path / "m")
    result = _run(runner, "explain", "--model", folder, "the cat sat", "--view", view)
    assert result.exit_code == 0, result.stderr
    assert "[CLS]" in result.stdout
    assert all(len(line) <= 100 for line in result.stdout.splitlines())
    assert re.search(r"L1 H1|head 1", result.stdout)
