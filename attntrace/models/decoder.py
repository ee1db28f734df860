"""What the decoder families (GPT-2, Llama-style) share: the checkpoint, the config and the pre-norm
attention block of their plans. Their safetensors are read, checked and converted by the encoders' code
(attntrace/models/tensors.py through bert._Tensors), and their config.json is checked by bert._read_config
against their tables in family.py.

Shapes: n tokens, D = d_model, H query heads, H_kv K/V heads, d = d_head, F = d_ff, V = vocabulary.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..config import Config, ConfigError
from ..encoder import Param, Rule, causal_mask, merge_heads, project, qk, repeat_kv, rope, softmax
from .bert import Checkpoint, ModelError, TextTooLong, _short_repr, _Tensors, _tokenizer
from .family import DecoderFamily


def split_linear(W: np.ndarray, heads: int) -> np.ndarray:
    """A PyTorch Linear weight (heads·d, D), which computes x·Wᵀ, as per-head projections (heads, D, d)."""
    out, D = W.shape
    return np.ascontiguousarray(W.T.reshape(D, heads, out // heads).transpose(1, 0, 2))  # (D, H·d) -> (H, D, d)


def split_out(W_T: np.ndarray, heads: int) -> np.ndarray:
    """An output projection stored (H·d, D) (x·W convention) as per-head rows (H, d, D)."""
    rows, D = W_T.shape
    return np.ascontiguousarray(W_T.reshape(heads, rows // heads, D))  # (H·d, D) -> (H, d, D)


# --- the checkpoint ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DecoderCheckpoint(Checkpoint):
    """A loaded decoder: a Checkpoint without token types or special tokens around the text, whose length
    is bounded by config.json's positions (rotary positions have no table) and a sliding window."""

    positions: int = 0  # config.json's n_positions / max_position_embeddings
    window: int | None = None  # a sliding attention window (Mistral, Qwen2): the text must fit inside it

    @property
    def max_tokens(self) -> int:
        return self.positions

    def _check_length(self, n: int) -> None:
        if self.window is not None and n > self.window:
            raise TextTooLong("model.window", n=n, model=self.name, window=self.window)
        if n > self.max_tokens:
            raise TextTooLong("model.too_long_decoder", n=n, model=self.name, max=self.max_tokens)


def checkpoint(folder: Path, data: dict, family: DecoderFamily, config: Config, dtype: str, tensors: _Tensors,
               params: dict[str, np.ndarray], position: str | None = None, window: int | None = None,
               ) -> DecoderCheckpoint:
    """The loaded decoder: its layer weights, its embedding tables as stored (an input converts only its
    own rows) and its tokenizer."""
    D, positions = config.d_model, data[family.sizes["positions"]]
    words = tensors.stored(family.embedding_tensor, (data[family.sizes["vocab"]], D), "embed.token")
    table = tensors.stored(position, (positions, D), "embed.position") if position else None
    return DecoderCheckpoint(config.model or folder.name, folder, config, params, words, table, None,
                             _tokenizer(folder, family), dtype=dtype, positions=positions, window=window)


def make_config(path: Path, **fields) -> Config:
    try:
        return Config(mask="causal", tokenizer="bpe", **fields)
    except (ConfigError, TypeError, ValueError) as e:
        raise ModelError("model.bad_config", path=str(path / "config.json"), reason=str(e)) from None


def refuse(path: Path, family: DecoderFamily, field: str, found, supported: str) -> ModelError:
    """An option of config.json that attntrace does not trace, in the encoders' words."""
    return ModelError("model.unsupported", path=str(path), field=field, found=_short_repr(found),
                      supported=supported, family=family.label)


# --- the pre-norm attention block both decoder plans use ---------------------------------------------------


def attention_steps(config: Config, n: int, layer: int, x_in: str, x_norm: str) -> list[Rule | Param]:
    """Causal multi-head attention on `x_norm` (the normalized layer input), with rotary positions and
    grouped K/V where the config has them, added back onto `x_in`."""
    a = f"blocks.{layer}.attn."
    bias, rotary, grouped = config.qkv_bias, config.positional == "rope", config.n_kv_heads < config.n_heads
    d_k, norm = config.d_head, x_norm.split(".", 2)[-1]  # "norm1.out"
    steps: list[Rule | Param] = [Param(a + w) for w in ("W_Q", "W_K", "W_V")]
    if bias:
        steps += [Param(a + b) for b in ("b_Q", "b_K", "b_V")]
    for t in ("Q", "K", "V"):
        inputs = (x_norm, a + "W_" + t) + ((a + "b_" + t,) if bias else ())
        steps.append(Rule(a + t, inputs, project, formula=f"{t} = {norm}·W_{t}" + (f" + b_{t}" if bias else "")))
    q, k, v = a + "Q", a + "K", a + "V"
    if rotary:  # the rotation turns Q and K, never V, and before the scores are scaled
        steps.append(Rule(a + "Q_rot", (q, "rope.cos", "rope.sin"), rope))
        steps.append(Rule(a + "K_rot", (k, "rope.cos", "rope.sin"), rope))
        q, k = a + "Q_rot", a + "K_rot"
    if grouped:  # query head h reads kv head h // group: heads 0..group-1 share kv head 0
        group = config.group
        steps.append(Rule(a + "kv_head", (), lambda: np.arange(config.n_heads) // group,
                          formula=f"kv_head[h] = h // {group}"))
        steps.append(Rule(a + "K_rep", (k, a + "kv_head"), repeat_kv,
                          formula=f"K_rep[h] = {k.rsplit('.', 1)[-1]}[kv_head[h]]"))
        steps.append(Rule(a + "V_rep", (v, a + "kv_head"), repeat_kv))
        k, v = a + "K_rep", a + "V_rep"
    scores_formula = "scores = " + q.rsplit(".", 1)[-1] + "·" + k.rsplit(".", 1)[-1] + "ᵀ"
    steps.append(Rule(a + "scores", (q, k), qk, formula=scores_formula))
    steps.append(Rule(a + "scaled", (a + "scores",), lambda s: s / math.sqrt(d_k),
                      formula=f"scaled = scores / √d_k = scores / √{d_k}"))
    steps.append(Rule(a + "mask", (), lambda: causal_mask(n)))
    steps.append(Rule(a + "weights", (a + "scaled", a + "mask"), softmax,
                      formula="weights[i, :] = softmax(scaled[i, :] + M[i, :]),  M[i, j] = 0 if j ≤ i else −∞"))
    steps.append(Rule(a + "Z", (a + "weights", v), lambda w, V: w @ V,  # (H, n, n) x (H, n, d) -> (H, n, d)
                      formula="Z = weights·" + v.rsplit(".", 1)[-1]))
    steps.append(Param(a + "W_O"))
    if config.out_bias:
        steps.append(Param(a + "b_O"))
        steps.append(Rule(a + "out", (a + "Z", a + "W_O", a + "b_O"), merge_heads, formula="out = Σ_h Z_h·W_O,h + b_O"))
    else:
        steps.append(Rule(a + "out", (a + "Z", a + "W_O"), merge_heads))
    steps.append(Rule(a + "resid", (x_in, a + "out"), np.add, formula=f"resid = {_short(x_in)} + attn.out"))
    return steps


def pre_norm_layers(config: Config, n: int, norm, kind: str, ffn) -> list[Rule | Param]:
    """Every layer of a pre-norm decoder, then the final norm: norm1, attention added back onto the layer's
    input, norm2, the family's feed-forward (`ffn(prefix, input)`: its steps up to ffn.out) added back onto
    attn.resid. `norm(name, x, formula)` gives a norm's steps; `kind` names it in the formulas (LayerNorm)."""
    steps: list[Rule | Param] = []
    for layer in range(config.n_layers):
        p, x_in = f"blocks.{layer}.", layer_input(layer)
        steps += norm(p + "norm1", x_in, f"norm1.out = {kind}(x)")
        steps += attention_steps(config, n, layer, x_in, p + "norm1.out")
        steps += norm(p + "norm2", p + "attn.resid", f"norm2.out = {kind}(attn.resid)")
        steps += ffn(p + "ffn.", p + "norm2.out")
        steps.append(Rule(p + "out", (p + "attn.resid", p + "ffn.out"), np.add, formula="out = attn.resid + ffn.out"))
    return steps + norm("final_norm", layer_input(config.n_layers), f"final_norm.out = {kind}(x_L)")


def layer_input(layer: int) -> str:
    return "X" if layer == 0 else f"blocks.{layer - 1}.out"


def _short(name: str) -> str:
    """X for layer 0's input, X_l for blocks.{l-1}.out (the input of layer l), as the encoder's formulas say."""
    return "X" if name == "X" else "X_" + str(int(name.split(".")[1]) + 1)
