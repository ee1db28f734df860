"""What the decoder families (GPT-2, Llama-style) share: the checkpoint, the config and the pre-norm
attention block of their plans. Their safetensors are read, checked and converted by the encoders' code
(attntrace/models/tensors.py through bert._Tensors), and their config.json is checked by bert._read_config
against their tables in family.py.

Shapes: n tokens, D = d_model, H query heads, H_kv K/V heads, d = d_head, F = d_ff, V = vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..config import Config, ConfigError
from .bert import Checkpoint, ModelError, TextTooLong, _short_repr, _Tensors, _tokenizer
from .family import DecoderFamily, shown_label


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


def refuse(path: Path, family: DecoderFamily, field: str, found, supported: object) -> ModelError:
    """An option of config.json that attntrace does not trace, in the encoders' words."""
    return ModelError("model.unsupported", path=str(path), field=field, found=_short_repr(found),
                      supported=supported, family=shown_label(family))
