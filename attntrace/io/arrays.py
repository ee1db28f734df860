"""Arrays a user already has -> a Trace: `Trace.from_arrays(tokens, config, {"Q": q, ...}, layout="torch")`.

Where the mistakes are made by hand, this does the mapping once: short names (`Q`, `attn.Q`, `ln1.out`) become
step names of layer 0; with `layout="torch"`, nn.Linear weights (out × in) are transposed, full projections are
split into heads (W_Q by columns, W_O by rows), a batch axis of 1 is dropped, and PyTorch's attention mask
(true, or −inf, where attention is *blocked*) becomes attntrace's (true where it is allowed). The result is
read by the same checks as a file (`export.trace_from_dict`), so every problem has the same message.
"""

from __future__ import annotations

import numpy as np

from .. import steps as catalogue
from ..config import Config
from ..trace_data import Trace, UnknownStepError, did_you_mean

LAYOUTS = ("attntrace", "torch")


def step_name(key: str, n_layers: int = 1) -> str:
    """`Q` -> `blocks.0.attn.Q`, `ln1.out` -> `blocks.0.ln1.out`, `X` -> `X`; a full step name stays."""
    for name in (key, f"blocks.0.attn.{key}", f"blocks.0.{key}"):
        if catalogue.is_known(name):
            return name
    names = [p.replace("{l}", str(layer)) for p in catalogue.CATALOGUE for layer in range(max(n_layers, 1))]
    raise UnknownStepError("trace.no_step", name=repr(key), near=did_you_mean(key, list(dict.fromkeys(names))))


def from_arrays(tokens: list[str], config: Config | dict, arrays: dict, layout: str = "attntrace",
                text: str | None = None) -> Trace:
    """A Trace from arrays by (short) step name. `layout="torch"`: see the module docstring. Raises
    TraceFormatError for a shape that still disagrees (with the fix in words), ValueError for a bad layout."""
    from .json import FORMAT, VERSION, trace_from_dict

    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}, got {layout!r}")
    raw_config = config.to_dict() if isinstance(config, Config) else dict(config)
    cfg = Config.from_dict(raw_config)
    steps = {}
    for key, value in arrays.items():
        name = step_name(key, cfg.n_layers)
        steps[name] = _from_torch(name, np.asarray(_numpy(value)), cfg, len(tokens)) if layout == "torch" \
            else _numpy(value)
    order = {e: i for i, e in enumerate(_plan_names(cfg, len(tokens)))}
    names = sorted(steps, key=lambda n: order.get(n, len(order)))
    data = {"format": FORMAT, "version": VERSION, "tokens": list(tokens), "config": raw_config,
            "steps": [{"name": n, "data": steps[n]} for n in names]}
    if text is not None:
        data["text"] = text
    return trace_from_dict(data)


def _plan_names(config: Config, n: int) -> list[str]:
    from ..models.plan import plan

    return [e.name for e in plan(config, n)]


def _numpy(value):
    """A torch tensor (on any device, with or without grad) or anything numpy takes, as a numpy array."""
    if hasattr(value, "detach") and hasattr(value, "cpu"):
        value = value.detach().cpu()
        if str(getattr(value, "dtype", "")) == "torch.bfloat16":
            value = value.float()  # numpy has no bfloat16
        value = value.numpy()
    return np.asarray(value)


def _from_torch(name: str, a: np.ndarray, c: Config, n: int) -> np.ndarray:
    """One array from PyTorch's layout into attntrace's (see the module docstring)."""
    info = catalogue.info(name)
    want = len(info.axes)
    d, D = c.d_head, c.d_model
    H = c.n_kv_heads if info.axes[0] == "kv_head" else c.n_heads  # K and V: the K/V heads (grouped-query)
    while (a.ndim > want and a.shape[0] == 1) or (info.axes[0] in catalogue.HEAD_AXES and H > 1 and a.ndim
                                                   and a.shape[0] == 1):
        a = a[0]  # a batch of one (with several heads, a leading 1 cannot be the head axis)
    last = name.rsplit(".", 1)[-1]
    if last in ("W_Q", "W_K", "W_V") and a.shape == (H * d, D):  # nn.Linear: out × in, y = x·Wᵀ
        return a.T.reshape(D, H, d).transpose(1, 0, 2)  # (H·d, D) -> (D, H·d) -> (H, D, d): columns per head
    if last in ("b_Q", "b_K", "b_V") and a.shape == (H * d,):
        return a.reshape(H, d)  # (H·d,) -> (H, d)
    if last == "W_O" and a.shape == (D, D):
        return a.T.reshape(H, d, D)  # (D, H·d)ᵀ -> (H, d, D): rows per head
    if last in ("W_1", "W_2") and a.ndim == 2:
        return a.T  # nn.Linear: (F, D) -> (D, F), (D, F) -> (F, D)
    if info.axes[0] in catalogue.HEAD_AXES and info.axes[-1] == "head_dim" and a.shape == (n, H * d):
        return a.reshape(n, H, d).transpose(1, 0, 2)  # (n, H·d) -> (H, n, d): heads side by side
    if last == "mask":
        if a.dtype == bool:
            return ~a  # PyTorch: true where attention is blocked
        return a == 0  # an additive mask: 0 where allowed, −inf (or a large negative) where blocked
    return a
