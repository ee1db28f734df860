"""attntrace: make Transformer self-attention visible, number by number.

    >>> from attntrace import trace
    >>> t = trace("今天晚上吃河马")
    >>> t.step("blocks.0.attn.weights").sum(axis=-1)   # every row sums to 1

The public names are imported on first use, so `import attntrace` (and `attntrace --help`) stay fast.
"""

from ._version import __version__

_LAZY = {
    "trace": ("attntrace.api", "trace"),
    "Trace": ("attntrace.trace_data", "Trace"),
    "Step": ("attntrace.trace_data", "Step"),
    "Config": ("attntrace.config", "Config"),
    "tokenize": ("attntrace.tokenize", "tokenize"),
    "TraceFormatError": ("attntrace.export", "TraceFormatError"),
    "trace_model": ("attntrace.models", "trace_model"),
    "page": ("attntrace.interactive", "page"),
}

__all__ = ["Config", "Step", "Trace", "TraceFormatError", "__version__", "page", "tokenize", "trace", "trace_model"]


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'attntrace' has no attribute {name!r}")


def __dir__():
    return sorted(__all__)
