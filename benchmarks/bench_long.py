"""What a long text costs `attntrace explain`: time and peak memory against the size of the trace.

Goals:
* `explain` on 2,000 tokens takes at most 3× the time of `explain` on 50 tokens (whole processes, start-up
  included, as a user waits for them): drawing costs what is shown, not the n² of the attention.
* Peak memory grows no faster than the trace itself: the extra memory of an n-token explain over a 50-token
  one is at most 1.25× the extra trace bytes (attntrace.encoder.trace_bytes), at every size measured
  (the Python heap, which tracemalloc measures exactly; the resident-memory column says the same with the
  noise of a few MiB of imports and allocator slack).

Time and resident memory come from whole `python -m attntrace explain TEXT` processes, the sizes
interleaved repeat by repeat so that a busy machine slows them alike; the Python heap's peak comes from
tracemalloc in this process (trace + drawing to a null console), separately, so its bookkeeping does not
touch the timings.

    python benchmarks/bench_long.py                 # or: --repeats 7 --sizes 50,500,2000,4000
"""

from __future__ import annotations

import argparse
import gc
import io
import statistics
import subprocess
import sys
import time
import tracemalloc

from attntrace.config import Config
from attntrace.encoder import trace_bytes

# The child runs explain as the console script does and reports its peak resident memory (KiB on Linux).
CHILD = """
import resource, sys
sys.argv = ["attntrace", "explain", " ".join(f"w{i}" for i in range(int(sys.argv[1])))]
from attntrace.cli import main
try:
    main()
except SystemExit as e:
    assert not e.code, e.code
sys.stderr.write(f"MAXRSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n")
"""


def text(n: int) -> str:
    """n distinct words: n tokens with the default tokenizer."""
    return " ".join(f"w{i}" for i in range(n))


def run_explain(n: int) -> tuple[float, int]:
    """Seconds and peak resident bytes of one whole `attntrace explain` process on n tokens."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CHILD, str(n)], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, check=True)
    seconds = time.perf_counter() - start
    kib = int(done.stderr.rsplit("MAXRSS", 1)[1])
    return seconds, kib * 1024


def heap_peak(n: int) -> int:
    """Peak Python-heap bytes (numpy arrays included) of tracing n tokens and drawing the default view."""
    from rich.console import Console

    from attntrace.api import trace
    from attntrace.render import render_trace

    gc.collect()
    tracemalloc.start()
    t = trace(text(n))
    Console(file=io.StringIO(), width=100).print(render_trace(t))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    del t
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sizes", default="50,500,2000,4000", help="token counts, comma-separated")
    args = parser.parse_args()
    sizes = sorted({int(s) for s in args.sizes.split(",")} | {50, 2000})
    config = Config()

    times: dict[int, list[float]] = {n: [] for n in sizes}
    rss: dict[int, int] = {}
    run_explain(50)  # warm the disk cache and the bytecode before measuring
    for _ in range(args.repeats):
        for n in sizes:  # interleaved: each repeat runs every size once
            seconds, peak = run_explain(n)
            times[n].append(seconds)
            rss[n] = max(rss.get(n, 0), peak)
    median = {n: statistics.median(v) for n, v in times.items()}

    print(f"attntrace explain, whole process, median of {args.repeats} interleaved runs")
    print(f"{'tokens':>7} {'time s':>8} {'vs 50':>6} {'trace MiB':>10} {'max RSS MiB':>12} "
          f"{'extra RSS / extra trace':>24}")
    base_trace, base_rss = trace_bytes(config, 50), rss[50]
    for n in sizes:
        growth = ((rss[n] - base_rss) / (trace_bytes(config, n) - base_trace)) if n != 50 else float("nan")
        print(f"{n:>7} {median[n]:>8.2f} {median[n] / median[50]:>5.2f}× {trace_bytes(config, n) / 2**20:>10.1f} "
              f"{rss[n] / 2**20:>12.1f} {growth:>23.2f}×")
    ratio = median[2000] / median[50]
    print(f"goal: 2000 tokens ≤ 3× the time of 50 tokens: {ratio:.2f}× {'met' if ratio <= 3 else 'NOT MET'}")

    print("\nPython heap (tracemalloc), trace + default view, in this process")
    print(f"{'tokens':>7} {'trace MiB':>10} {'peak MiB':>9} {'peak / trace':>13} {'extra peak / extra trace':>25}")
    peaks = {n: heap_peak(n) for n in sizes}
    growths = []
    for n in sizes:
        extra = (peaks[n] - peaks[50]) / (trace_bytes(config, n) - base_trace) if n != 50 else float("nan")
        if n != 50:
            growths.append(extra)
        print(f"{n:>7} {trace_bytes(config, n) / 2**20:>10.1f} {peaks[n] / 2**20:>9.1f} "
              f"{peaks[n] / trace_bytes(config, n):>12.2f}× {extra:>24.2f}×")
    bounded = max(growths)
    print(f"goal: heap past the 50-token run ≤ 1.25× the trace bytes past it, at every size: "
          f"{bounded:.2f}× {'met' if bounded <= 1.25 else 'NOT MET'}")


if __name__ == "__main__":
    main()
