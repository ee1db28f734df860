"""How many *correct* traces pass `verify` at each tolerance, when saved the way people save numbers.

The README's justification of check.DEFAULT_RTOL / DEFAULT_ATOL comes from this table. Each trace is
computed by the learner-style encoder of tests/user_impl.py (5 configurations x 8 seeds), then stored as
float32, or printed to 6 or 4 significant digits, and checked at several (rtol, atol).

    python benchmarks/verify_tolerance.py
"""

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import user_impl as U

from attntrace import steps as catalogue
from attntrace import trace
from attntrace.check.engine import check, tolerance
from attntrace.io.json import loads

CONFIGS = [{}, {"n_heads": 2}, {"n_layers": 2, "mask": "causal"},
           {"n_heads": 2, "n_layers": 2, "mask": "causal", "positional": "none"}, {"d_model": 8, "n_heads": 2}]
TOLERANCES = [(1e-4, 1e-6), (1e-4, 1e-5), (1e-4, 1e-4), (1e-3, 1e-4)]


def digits(k):
    def cut(a):
        a = np.asarray(a)
        return a if a.dtype == bool else np.array([float(f"{x:.{k}g}") for x in a.ravel()]).reshape(a.shape)
    return cut


def float32(a):
    a = np.asarray(a)
    return a if a.dtype == bool else a.astype(np.float32).astype(np.float64)


SAVED = {"float32": float32, "6 digits": digits(6), "4 digits": digits(4)}


def main() -> None:
    passed = {(s, tol): 0 for s in SAVED for tol in TOLERANCES}
    total = 0
    for cfg in CONFIGS:
        for seed in range(8):
            tr = trace("the hippo ate dinner and then slept .", seed=seed, **cfg)
            params = {n: tr.step(n) for n in tr.names if catalogue.info(n).kind == "param"}
            steps = U.encode(tr.step("embed.token"), cfg, params)
            total += 1
            for label, cut in SAVED.items():
                saved = loads(U.trace_json(tr.tokens, cfg, {k: cut(v) for k, v in steps.items()}))
                for rtol, atol in TOLERANCES:
                    passed[label, (rtol, atol)] += check(saved, tolerance(rtol, atol)).ok
    print(f"correct traces that pass, of {total}")
    print(f"{'saved as':<10}" + "".join(f"  rtol={r:g} atol={a:g}" for r, a in TOLERANCES))
    for label in SAVED:
        print(f"{label:<10}" + "".join(f"{passed[label, tol]:>22}" for tol in TOLERANCES))


if __name__ == "__main__":
    main()
