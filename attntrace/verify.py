"""Kept so that 0.1.0's documented `from attntrace.verify import verify` keeps working.

The code lives in `attntrace/check/verify.py`, beside the engine it uses.
"""

from .check.verify import Verification, verify  # noqa: F401
