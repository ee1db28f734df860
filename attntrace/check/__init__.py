"""Recompute and compare: one engine serves verify, diff and homework grading.

    engine.py    recompute each step from the trace's own inputs and compare it cell by cell (tolerances)
    diagnose.py  the hint catalogue: which known mistake explains a wrong step
    verify.py    verify(trace): every step of a trace against its own inputs, a Verification report
    diff.py      diff(mine, ref): a trace against a trusted one, step by step, with the first difference named
"""

from .engine import DEFAULT_ATOL, DEFAULT_RTOL  # noqa: F401  (documented: attntrace.check.DEFAULT_RTOL)
