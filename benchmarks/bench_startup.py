"""How long users wait for `attntrace explain` and `attntrace --help`, against the floor of the imports.

    python benchmarks/bench_startup.py [--runs 15]

Each round runs every command once, in an interleaved, shuffled order, so a noisy shared machine slows all
of them alike; the script prints the median wall time of each and the median of the per-round ratios.
Goals (issue #2): explain ≤ 1.3× its floor, --help ≤ 0.7× the numpy+Rich+Typer floor.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time

PY = sys.executable
ATTNTRACE = shutil.which("attntrace") or "attntrace"

COMMANDS = {
    "explain zh": [ATTNTRACE, "explain", "今天晚上吃河马"],
    "floor zh": [PY, "-c", "import numpy, rich.console, rich.table, typer, rjieba; rjieba.cut('今天晚上吃河马')"],
    "explain en": [ATTNTRACE, "explain", "Attention is all you need"],
    "floor": [PY, "-c", "import numpy, rich.console, rich.table, typer"],
    "--help": [ATTNTRACE, "--help"],
}
RATIOS = [  # (name, numerator, denominator, goal)
    ("explain zh / floor zh", "explain zh", "floor zh", 1.3),
    ("explain en / floor", "explain en", "floor", 1.3),
    ("--help / floor", "--help", "floor", 0.7),
]


# Users run from compiled .pyc files (pip writes them; Python caches them on first import). Where the
# environment forbids writing them, every run would recompile attntrace from source, so allow it here.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"COLUMNS": "100"}


def run_once(cmd: list[str]) -> float:
    env = ENV
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    for cmd in COMMANDS.values():  # warm the file cache and .pyc files
        run_once(cmd)
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    ratios: dict[str, list[float]] = {name: [] for name, *_ in RATIOS}
    rng = random.Random(0)
    for _ in range(args.runs):
        order = list(COMMANDS)
        rng.shuffle(order)
        this_round = {name: run_once(COMMANDS[name]) for name in order}
        for name, t in this_round.items():
            times[name].append(t)
        for name, num, den, _goal in RATIOS:
            ratios[name].append(this_round[num] / this_round[den])

    print(f"{'command':<12} {'median':>9}   ({args.runs} interleaved runs)")
    for name, ts in times.items():
        print(f"{name:<12} {statistics.median(ts) * 1000:>7.0f} ms")
    print()
    print(f"{'ratio':<24} {'median':>7} {'goal':>6}")
    for name, _num, _den, goal in RATIOS:
        r = statistics.median(ratios[name])
        print(f"{name:<24} {r:>7.2f} {'≤' + str(goal):>6}  {'ok' if r <= goal else 'MISSED'}")


if __name__ == "__main__":
    main()
