"""GPT-2 (and DistilGPT-2): a local Hugging Face folder mapped onto attntrace's step names, and its plan.

    wte[ids], wpe[0..n-1]            -> embed.token, embed.position (n, D); X = embed.token + embed.position
    h.{l}.ln_1                       -> blocks.{l}.norm1  LayerNorm before attention (pre-norm)
    h.{l}.attn.c_attn (D, 3D), bias  -> blocks.{l}.attn.W_Q/W_K/W_V (H, D, d), b_Q/b_K/b_V (H, d)
    h.{l}.attn.c_proj (D, D), bias   -> blocks.{l}.attn.W_O (H, d, D), b_O (D,)
    h.{l}.ln_2                       -> blocks.{l}.norm2  LayerNorm before the feed-forward
    h.{l}.mlp.c_fc (D, F), c_proj    -> blocks.{l}.ffn.W_1 (D, F), b_1, W_2 (F, D), b_2; act = gelu_new (tanh)
    ln_f                             -> final_norm, after the last layer

GPT-2's Conv1D stores its weight as in × out and computes x·W + b, so nothing is transposed (a Linear
would be); c_attn holds Q, K and V side by side, each D columns, each split into heads by columns.
The mask is causal: a token attends to itself and the tokens before it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..config import Config
from .bert import _Tensors
from .decoder import DecoderCheckpoint, checkpoint, make_config, split_out
from .family import DecoderFamily

# transformers' names for the activation -> attntrace's; gelu_new, gelu_pytorch_tanh: the tanh approximation
_ACTIVATIONS = {"gelu_new": "gelu_tanh", "gelu_pytorch_tanh": "gelu_tanh", "gelu": "gelu"}
def read_config(data: dict, path: Path, name: str) -> Config:
    """The Config of a GPT-2 config.json whose sizes and options bert._read_config has checked."""
    D = data["n_embd"]
    return make_config(path, d_model=D, n_heads=data["n_head"], n_layers=data["n_layer"],
                       d_ff=data.get("n_inner") or 4 * D, positional="learned",
                       activation=_ACTIVATIONS[data.get("activation_function", "gelu_new")],
                       ln_eps=float(data.get("layer_norm_epsilon", 1e-5)), qkv_bias=True, family="gpt2", model=name)


def load(folder: Path, data: dict, name: str, dtype: str, family: DecoderFamily) -> DecoderCheckpoint:
    config = read_config(data, folder, name)
    D, H, F, d = config.d_model, config.n_heads, config.d_ff, config.d_head
    t = _Tensors(folder, family, dtype)
    get = t.get

    params: dict[str, np.ndarray] = {}

    def norm(src: str, dst: str) -> None:
        params[dst + ".gamma"] = get(src + ".weight", (D,), dst + ".gamma")
        params[dst + ".beta"] = get(src + ".bias", (D,), dst + ".beta")

    for layer in range(config.n_layers):
        src, p = f"h.{layer}.", f"blocks.{layer}."
        norm(src + "ln_1", p + "norm1")
        W = get(src + "attn.c_attn.weight", (D, 3 * D), p + "attn.W_Q")  # (D, 3D): Q | K | V, x·W convention
        b = get(src + "attn.c_attn.bias", (3 * D,), p + "attn.b_Q")
        for i, n in enumerate("QKV"):
            cols = W[:, i * D:(i + 1) * D]  # (D, D)
            params[p + "attn.W_" + n] = np.ascontiguousarray(cols.reshape(D, H, d).transpose(1, 0, 2))  # (H, D, d)
            params[p + "attn.b_" + n] = b[i * D:(i + 1) * D].reshape(H, d)  # (D,) -> (H, d)
        params[p + "attn.W_O"] = split_out(get(src + "attn.c_proj.weight", (D, D), p + "attn.W_O"), H)  # (H, d, D)
        params[p + "attn.b_O"] = get(src + "attn.c_proj.bias", (D,), p + "attn.b_O")
        norm(src + "ln_2", p + "norm2")
        params[p + "ffn.W_1"] = get(src + "mlp.c_fc.weight", (D, F), p + "ffn.W_1")  # (D, F), no transpose
        params[p + "ffn.b_1"] = get(src + "mlp.c_fc.bias", (F,), p + "ffn.b_1")
        params[p + "ffn.W_2"] = get(src + "mlp.c_proj.weight", (F, D), p + "ffn.W_2")  # (F, D)
        params[p + "ffn.b_2"] = get(src + "mlp.c_proj.bias", (D,), p + "ffn.b_2")
    norm("ln_f", "final_norm")
    return checkpoint(folder, data, family, config, dtype, t, params, position="wpe.weight")
