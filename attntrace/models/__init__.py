"""Pretrained checkpoints: load a local Hugging Face folder and trace it step by step.

    >>> from attntrace.models import load, trace_model
    >>> ckpt = load("path/to/all-MiniLM-L6-v2")          # config.json, model.safetensors, tokenizer.json
    >>> t = trace_model("The animal didn't cross the street because it was too tired.", ckpt)
    >>> t.step("blocks.5.attn.weights").shape            # (heads, n, n)

Families, by config.json's model_type: bert (attntrace.models.bert); gpt2 (attntrace.models.gpt2); llama,
qwen2 and mistral (attntrace.models.llama). Needs the optional dependencies: pip install "attntrace[models]"
(safetensors and tokenizers).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .bert import Checkpoint, MissingDependency, ModelError, TextTooLong, model_name

__all__ = ["Checkpoint", "MissingDependency", "ModelError", "TextTooLong", "load", "trace_model"]

# model_type -> the module that loads it; each has load(folder, data, name, dtype) and plan(config, n)
DECODERS = {"gpt2": "gpt2", "llama": "llama", "qwen2": "llama", "mistral": "llama"}
SUPPORTED = ("bert", *DECODERS)


def _hub_cache() -> Path:
    """Where huggingface_hub keeps downloaded snapshots: $HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache."""
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"])
    home = os.environ.get("HF_HOME") or os.path.join(os.environ.get("XDG_CACHE_HOME", "~/.cache"), "huggingface")
    return Path(home).expanduser() / "hub"


def _missing(path: str) -> ModelError:
    """A folder that does not exist; a name like `Qwen/Qwen2.5-0.5B` is a Hub name, and nothing is downloaded."""
    parts = path.split("/")
    if len(parts) == 2 and all(parts) and not path.startswith((".", "~")):
        snapshots = _hub_cache() / f"models--{parts[0]}--{parts[1]}" / "snapshots"
        found = sorted(snapshots.glob("*/config.json")) if snapshots.is_dir() else []
        where = str(found[-1].parent) if found else str(snapshots) + "/<commit>"
        return ModelError("model.remote_name", name=path, cache=where)
    return ModelError("model.missing", path=path)


def _model_type(folder: Path) -> tuple[dict, str]:
    path = folder / "config.json"
    if not path.is_file():
        return {}, ""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ModelError("model.bad_config", path=str(path), reason=str(e)) from None
    found = data.get("model_type") if isinstance(data, dict) else None
    if isinstance(data, dict) and found not in SUPPORTED:
        raise ModelError("model.architecture_any", path=str(path), found=repr(found),
                         architectures=", ".join(map(str, data.get("architectures") or [])) or "-",
                         supported=", ".join(SUPPORTED))
    return (data if isinstance(data, dict) else {}), found or ""


def load(path: str | Path, dtype: str = "float64"):
    """Load a local checkpoint folder (any supported family). `dtype` is what the trace computes in:
    float64 (the default, for fidelity) or float32 (for speed on large models). Raises ModelError saying
    what is wrong with the folder."""
    from ..config import DTYPES

    if dtype not in DTYPES:
        raise ValueError(f"dtype must be one of {', '.join(DTYPES)}, not {dtype!r}")
    folder = Path(path)
    if not folder.exists():
        raise _missing(str(path))
    if not folder.is_dir():
        raise ModelError("model.not_dir", path=str(path))
    data, kind = _model_type(folder)
    if kind not in DECODERS:
        from . import bert

        if dtype != "float64":
            raise ModelError("model.dtype_family", family=kind or "bert", dtype=dtype)
        return bert.load(folder)
    from .bert import _require

    _require()
    import importlib

    module = importlib.import_module(f".{DECODERS[kind]}", __name__)
    return module.load(folder, data, model_name(folder), dtype)


def trace_model(text: str, model, dtype: str = "float64"):
    """Tokenize `text` with the checkpoint's tokenizer, run attntrace's own numpy plan for its family with
    its weights and record every step. `model` is a folder or a checkpoint from `load` (load once, trace many;
    a loaded checkpoint keeps the dtype it was loaded with)."""
    import numpy as np

    from ..api import build_trace
    from ..encoder import forward

    ckpt = model if hasattr(model, "inputs") else load(model, dtype)
    tokens, params = ckpt.inputs(text)
    with np.errstate(all="ignore"):  # weights too large overflow to inf/NaN: kept in the trace, which says so
        values = forward(ckpt.config, len(tokens), params)
    return build_trace(text, tokens, ckpt.config, values)
