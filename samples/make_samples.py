"""Regenerate the sentence samples and the README's example output.

    python samples/make_samples.py          # rewrite samples/traces/ and the README example
    python samples/make_samples.py --check  # exit 1 if anything is stale (tests/test_samples.py runs this)

Each sentence gets its saved trace (`.json`, as `attntrace explain --json` writes it) and its rendered
output (`.txt`: every step's table, as `attntrace explain --all` prints them in a 100-column terminal
without colour, without the path map and notes around them).

A saved trace counts as fresh while its numbers equal a fresh run's to within rounding (see
`freshness.py`: computed floats may differ in the last bits between CPUs), and is then left as it is; the
`.txt` files and the README example are rendered from the saved traces, so they are byte-stable too.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from attntrace import Trace, trace
from attntrace.i18n import set_lang
from attntrace.render.path import PathGuide
from attntrace.render.tables import to_text

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from freshness import keep_if_fresh  # noqa: E402

README = HERE.parent / "README.md"

# slug -> (text, options)
SENTENCES = {
    "hippo_zh": ("今天晚上吃河马", {}),
    "attention_en": ("Attention is all you need", {}),
    "mixed": ("今天晚上吃河马。Attention is all you need!", {"n_heads": 2, "d_model": 8}),
    "animal_causal": ("The animal didn't cross the street because it was too tired.",
                      {"d_model": 8, "n_heads": 2, "n_layers": 2, "mask": "causal"}),
    # the built-in model trained so that "it" / "它" attends to the noun it means
    "it_demo_tired_en": ("The animal didn't cross the street because it was too tired.", {"model": "it-demo"}),
    "it_demo_wide_en": ("The animal didn't cross the street because it was too wide.", {"model": "it-demo"}),
    "it_demo_tired_zh": ("动物没有过马路，因为它太累了。", {"model": "it-demo"}),
    "it_demo_wide_zh": ("动物没有过马路，因为它太宽了。", {"model": "it-demo"}),
}

README_COMMAND = 'attntrace explain "今天晚上吃河马" --steps "X,*.scaled,*.weights"'
README_WIDTH = 100


def readme_example(hippo: Trace) -> str:
    t = hippo.select(steps=["X", "*.scaled", "*.weights"])
    shown = to_text(t, width=README_WIDTH, guide=PathGuide(t)).rstrip()  # as explain prints it
    return f"```console\n$ {README_COMMAND}\n{shown}\n```"


def saved_traces() -> dict[str, str]:
    """slug -> the JSON to commit: the saved file while it is fresh, else a fresh run's."""
    return {slug: keep_if_fresh(HERE / "traces" / f"{slug}.json", trace(text, **options).to_json())
            for slug, (text, options) in SENTENCES.items()}


def outputs() -> dict[Path, str]:
    files: dict[Path, str] = {}
    saved = saved_traces()
    for slug, json_text in saved.items():
        files[HERE / "traces" / f"{slug}.json"] = json_text
        files[HERE / "traces" / f"{slug}.txt"] = to_text(Trace.from_json(json_text), width=100)
    readme = README.read_text(encoding="utf-8")
    hippo = Trace.from_json(saved["hippo_zh"])
    block = f"<!-- example:start -->\n{readme_example(hippo)}\n<!-- example:end -->"
    files[README] = re.sub(r"<!-- example:start -->.*?<!-- example:end -->", lambda _: block, readme, flags=re.S)
    return files


def main(argv: list[str]) -> int:
    set_lang("en")  # the samples are in English whatever the locale
    stale = []
    for path, content in outputs().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != content:
            stale.append(path)
            if "--check" not in argv:
                path.write_text(content, encoding="utf-8")
    verb = "stale" if "--check" in argv else "rewrote"
    for path in stale:
        print(f"{verb}: {path.relative_to(HERE.parent)}")
    return 1 if stale and "--check" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
