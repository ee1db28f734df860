"""The committed samples and the README's example output must match what the code produces now."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_sentence_samples_and_readme_example_are_fresh():
    result = subprocess.run(
        [sys.executable, str(ROOT / "samples" / "make_samples.py"), "--check"],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 0, (
        "samples are stale; run `python samples/make_samples.py` and commit:\n" + result.stdout + result.stderr
    )


def test_saved_sample_traces_load_and_match_a_fresh_run():
    import numpy as np

    from attntrace import Trace, trace

    sys.path.insert(0, str(ROOT / "samples"))
    try:
        from make_samples import SENTENCES
    finally:
        sys.path.pop(0)
    for slug, (text, options) in SENTENCES.items():
        saved = Trace.from_json((ROOT / "samples" / "traces" / f"{slug}.json").read_text(encoding="utf-8"))
        fresh = trace(text, **options)
        assert saved.tokens == fresh.tokens, slug
        assert saved.names == fresh.names, slug
        for name in fresh.names:
            np.testing.assert_array_equal(saved.step(name), fresh.step(name), err_msg=f"{slug}: {name}")
