"""The committed samples and the README's example output must match what the code produces now.

"Match" is what the README promises across machines: the seeded draws are bit-identical everywhere,
computed steps equal to within rounding (a few ulps; BLAS kernels and SIMD `exp` differ in the last bits
between CPUs), and the printed digits identical. samples/freshness.py holds the tolerance.
"""

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from attntrace import Trace, trace
from attntrace.i18n import set_lang
from attntrace.render import to_text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "samples"))
try:
    import freshness
    from make_samples import SENTENCES
finally:
    sys.path.pop(0)

SHOWN_DIGITS = 3  # explain's default --precision


def saved(slug: str) -> Trace:
    return Trace.from_json((ROOT / "samples" / "traces" / f"{slug}.json").read_text(encoding="utf-8"))


def test_sentence_samples_and_readme_example_are_fresh():
    result = subprocess.run(
        [sys.executable, str(ROOT / "samples" / "make_samples.py"), "--check"],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 0, (
        "samples are stale; run `python samples/make_samples.py` and commit:\n" + result.stdout + result.stderr
    )


@pytest.mark.parametrize("slug", list(SENTENCES))
def test_saved_sample_traces_load_and_match_a_fresh_run_to_rounding(slug):
    text, options = SENTENCES[slug]
    old, fresh = saved(slug), trace(text, **options)
    assert old.tokens == fresh.tokens
    assert old.names == fresh.names
    for name in fresh.names:
        np.testing.assert_allclose(old.step(name), fresh.step(name), rtol=freshness.RTOL, atol=freshness.ATOL,
                                   err_msg=f"{slug}: {name}")


@pytest.mark.parametrize("slug", list(SENTENCES))
def test_the_seeded_draws_are_bit_identical(slug):
    # Draws go through PCG64 and no BLAS kernel, so they are the same bits on every machine.
    text, options = SENTENCES[slug]
    old, fresh = saved(slug), trace(text, **options)
    drawn = [n for n in fresh.names if n == "embed.token" or ".W_" in n or n.endswith((".gamma", ".beta", ".b_1",
                                                                                          ".b_2"))]
    assert drawn, "no drawn parameter found"
    for name in drawn:
        np.testing.assert_array_equal(old.step(name), fresh.step(name), err_msg=f"{slug}: {name}")


def test_the_tolerance_lets_rounding_through_and_catches_a_real_change():
    text = (ROOT / "samples" / "traces" / "hippo_zh.json").read_text(encoding="utf-8")
    data = json.loads(text)
    step = next(s for s in data["steps"] if s["name"] == "blocks.0.attn.weights")
    original = step["data"][0][0][1]

    def with_value(value) -> str:
        step["data"][0][0][1] = value
        return json.dumps(data)

    few_ulps = float(np.nextafter(np.nextafter(original, 1.0), 1.0)) + 4 * math.ulp(original)
    assert few_ulps != original
    assert freshness.json_fresh(text, with_value(few_ulps))
    assert freshness.json_fresh(text, with_value(original - 3e-16))
    assert not freshness.json_fresh(text, with_value(original + 1e-9))
    assert not freshness.json_fresh(text, with_value(original - 1e-9))
    assert not freshness.json_fresh(text, with_value(str(original)))  # a number that became text
    found = freshness.differences(json.loads(text), json.loads(with_value(original + 1e-9)))
    assert len(found) == 1 and "steps[" in found[0] and "1e-09" in found[0]
    step["data"][0][0][1] = original
    step["name"] = "blocks.0.attn.weight"
    assert not freshness.json_fresh(text, json.dumps(data))  # names are compared exactly


@pytest.mark.parametrize("slug", list(SENTENCES))
def test_the_printed_digits_are_the_same_on_every_machine(slug):
    # A machine's values are within freshness.ATOL of the saved ones; a printed digit could differ only for a
    # value that close to a rounding boundary. None is, so every machine prints the committed .txt.
    text, options = SENTENCES[slug]
    old = saved(slug)
    scale = 10 ** SHOWN_DIGITS
    for name in old.names:
        values = np.abs(np.asarray(old.step(name), dtype=np.float64)).ravel() * scale
        to_boundary = np.abs(values - np.floor(values) - 0.5) / scale
        assert to_boundary.min(initial=1.0) > 1e3 * freshness.ATOL, (slug, name)
    set_lang("en")
    try:
        shown = to_text(trace(text, **options), width=100)
    finally:
        set_lang(None)
    assert shown == (ROOT / "samples" / "traces" / f"{slug}.txt").read_text(encoding="utf-8")
