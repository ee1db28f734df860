"""What the bounds on hostile traces save: many unknown step names, and a huge token.

    python benchmarks/bench_hostile.py [--names 20000] [--token-kb 200] [--runs 3]

Each case runs with attntrace's bound and with the bound lifted (as before it existed), interleaved, in
one process; the script prints the median time of each and their ratio.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import time

import attntrace.export as export
import attntrace.render as render
from attntrace import trace
from attntrace.export import loads
from attntrace.render import render_trace
from attntrace.visible import safe_console


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--names", type=int, default=20_000)
    parser.add_argument("--token-kb", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    base = json.loads(trace("a b").to_json())
    many = json.loads(json.dumps(base))
    many["steps"] += [{"name": f"blocks.0.attn.weight{i}", "data": [0]} for i in range(args.names)]
    many_text = json.dumps(many)
    big = json.loads(json.dumps(base))
    big["tokens"][0] = "x" * (args.token_kb * 1024)
    big_trace = loads(json.dumps(big))

    def show_big() -> None:
        safe_console(file=io.StringIO(), width=100).print(render_trace(big_trace))

    cases = {
        f"load, {args.names} unknown names": (lambda: loads(many_text), export, "MAX_UNKNOWN_NOTES"),
        f"show, a {args.token_kb} KB token": (show_big, render, "MAX_TOKEN_CHARS"),
    }
    for label, (fn, module, bound) in cases.items():
        kept = getattr(module, bound)
        times = {"bounded": [], "unbounded": []}
        for _ in range(args.runs):
            for mode in times:
                setattr(module, bound, kept if mode == "bounded" else 10**12)
                times[mode].append(timed(fn))
        setattr(module, bound, kept)
        b, u = statistics.median(times["bounded"]), statistics.median(times["unbounded"])
        print(f"{label}: bounded {b:.3f} s, unbounded {u:.3f} s, {u / b:.0f}× faster")


if __name__ == "__main__":
    main()
