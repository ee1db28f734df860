"""Kept so that 0.1.0's documented `attntrace.export.loads` / `dumps` keep working.

The code lives in `attntrace/io/json.py`, beside the other formats (`io/npz.py`, `io/load.py`).
"""

from .io.json import TraceFormatError, dumps, load_file, loads, trace_from_dict, trace_to_dict, write  # noqa: F401
