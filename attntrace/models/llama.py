"""Llama-style decoders (Llama, Qwen2/Qwen2.5, Mistral): a local Hugging Face folder mapped onto
attntrace's step names, and their plan.

    embed_tokens[ids]                    -> embed.token (n, D); X = embed.token (no position rows)
    cos, sin of pos·θ^(−2i/d)            -> rope.cos, rope.sin (n, d), shared by every layer
    layers.{l}.input_layernorm           -> blocks.{l}.norm1  RMSNorm before attention (pre-norm)
    layers.{l}.self_attn.q_proj (H·d, D) -> blocks.{l}.attn.W_Q (H, D, d) (+ b_Q where the config has it)
    layers.{l}.self_attn.k_proj, v_proj  -> blocks.{l}.attn.W_K, W_V (H_kv, D, d): H_kv ≤ H heads
    Q, K rotated                         -> blocks.{l}.attn.Q_rot, K_rot (rotate-half, as transformers)
    kv head of each query head           -> blocks.{l}.attn.kv_head (H,), K_rep, V_rep (H, n, d)
    layers.{l}.self_attn.o_proj (D, H·d) -> blocks.{l}.attn.W_O (H, d, D)
    layers.{l}.post_attention_layernorm  -> blocks.{l}.norm2  RMSNorm before the feed-forward
    layers.{l}.mlp.gate_proj, up_proj    -> blocks.{l}.ffn.W_gate, W_up (D, F); down_proj -> W_down (F, D)
    norm                                 -> final_norm, after the last layer

PyTorch's Linear stores (out, in) and computes x·Wᵀ, so each weight is transposed. lm_head (tied to the
embeddings or not) turns the last hidden state into next-token scores, which attntrace does not compute,
so it is not read.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..config import Config
from ..i18n import Message
from .bert import _Tensors
from .decoder import DecoderCheckpoint, checkpoint, make_config, refuse, split_linear, split_out
from .family import DecoderFamily


def _rope_theta(data: dict, cfg: Path, family: DecoderFamily) -> float:
    """θ from `rope_parameters` (transformers 5) or `rope_theta`; any rope scaling is refused by name."""
    params = data.get("rope_parameters") or {}
    scaling = data.get("rope_scaling") or {}
    for where, block in (("rope_parameters", params), ("rope_scaling", scaling)):
        if not isinstance(block, dict):
            raise refuse(cfg, family, where, block, Message("model.supported.object"))
        kind = block.get("rope_type", block.get("type", "default"))
        if kind != "default":
            raise refuse(cfg, family, where + ".rope_type", kind, Message("model.supported.no_rope_scaling"))
    if data.get("partial_rotary_factor", 1.0) != 1.0:
        raise refuse(cfg, family, "partial_rotary_factor", data["partial_rotary_factor"], "1.0")
    theta = params.get("rope_theta", data.get("rope_theta", 10000.0))
    if isinstance(theta, bool) or not isinstance(theta, (int, float)):
        raise refuse(cfg, family, "rope_theta", theta, Message("model.supported.number"))
    return float(theta)


def _window(data: dict) -> int | None:
    """The sliding attention window where the config applies one; attntrace refuses texts longer than it."""
    if data["model_type"] == "qwen2" and not data.get("use_sliding_window", False):
        return None
    window = data.get("sliding_window")
    return window if isinstance(window, int) and not isinstance(window, bool) and window > 0 else None


def read_config(data: dict, path: Path, name: str, family: DecoderFamily) -> Config:
    """The Config of a Llama-style config.json whose sizes and options bert._read_config has checked."""
    cfg = path / "config.json"
    kind = data["model_type"]
    D, H = data["hidden_size"], data["num_attention_heads"]
    head_dim = data.get("head_dim")
    if head_dim is not None and head_dim != D // H:
        raise refuse(cfg, family, "head_dim", head_dim, f"hidden_size / num_attention_heads = {D // H}")
    bias = {"qwen2": (True, False), "mistral": (False, False)}.get(kind)
    qkv_bias, out_bias = bias or (data.get("attention_bias", False),) * 2
    return make_config(path, d_model=D, n_heads=H, n_kv_heads=data.get("num_key_value_heads") or H,
                       n_layers=data["num_hidden_layers"], d_ff=data["intermediate_size"], positional="rope",
                       rope_theta=_rope_theta(data, cfg, family), activation="silu",
                       ln_eps=float(data.get("rms_norm_eps", 1e-6)), qkv_bias=qkv_bias, out_bias=out_bias,
                       family="llama", model=name)


def load(folder: Path, data: dict, name: str, dtype: str, family: DecoderFamily) -> DecoderCheckpoint:
    config = read_config(data, folder, name, family)
    D, H, Hkv, F, d = config.d_model, config.n_heads, config.n_kv_heads, config.d_ff, config.d_head
    t = _Tensors(folder, family, dtype)
    get = t.get

    params: dict[str, np.ndarray] = {}
    for layer in range(config.n_layers):
        src, p = f"layers.{layer}.", f"blocks.{layer}."
        a = src + "self_attn."
        params[p + "norm1.gamma"] = get(src + "input_layernorm.weight", (D,), p + "norm1.gamma")
        for proj, n, heads in (("q_proj", "Q", H), ("k_proj", "K", Hkv), ("v_proj", "V", Hkv)):
            W = get(a + proj + ".weight", (heads * d, D), p + "attn.W_" + n)
            params[p + "attn.W_" + n] = split_linear(W, heads)  # (H·d, D) -> (H, D, d)
            if config.qkv_bias:
                params[p + "attn.b_" + n] = get(a + proj + ".bias", (heads * d,), p + "attn.b_" + n).reshape(heads, d)
        W_O = get(a + "o_proj.weight", (D, H * d), p + "attn.W_O")
        params[p + "attn.W_O"] = split_out(W_O.T, H)  # (D, H·d) -> (H·d, D) -> (H, d, D)
        if config.out_bias:
            params[p + "attn.b_O"] = get(a + "o_proj.bias", (D,), p + "attn.b_O")
        params[p + "norm2.gamma"] = get(src + "post_attention_layernorm.weight", (D,), p + "norm2.gamma")
        m = src + "mlp."
        # transposed views, not copies: BLAS reads a transposed matrix as fast, and these are most of the model
        params[p + "ffn.W_gate"] = get(m + "gate_proj.weight", (F, D), p + "ffn.W_gate").T  # (F, D) -> (D, F)
        params[p + "ffn.W_up"] = get(m + "up_proj.weight", (F, D), p + "ffn.W_up").T  # (F, D) -> (D, F)
        params[p + "ffn.W_down"] = get(m + "down_proj.weight", (D, F), p + "ffn.W_down").T  # (D, F) -> (F, D)
    params["final_norm.gamma"] = get("norm.weight", (D,), "final_norm.gamma")
    return checkpoint(folder, data, family, config, dtype, t, params, window=_window(data))
