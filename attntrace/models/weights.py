"""Seeded parameters for the demonstration encoder.

Two sources of randomness, both reproducible on any machine (numpy's PCG64 generator is specified
bit for bit):

* Token embeddings: the row for a token is drawn from `default_rng([seed, *sha256(token)])`, so it
  depends only on the seed and the token's text. The same word has the same row in every sentence,
  which is what lets a learner watch context change a word's vector.
* Layer weights: drawn in a fixed order from `default_rng(seed)`. Each projection is drawn as one
  d_model×d_model matrix and split into heads by columns, so changing the number of heads regroups
  the same numbers instead of drawing new ones.

Scales follow the usual 1/√fan_in initialisation, which keeps q·k/√d_k of order 1 and softmax away from
saturation at the default sizes.
"""

from __future__ import annotations

import hashlib

import numpy as np

from ..config import Config


def seed_words(text: str) -> list[int]:
    """The SHA-256 digest of `text`'s UTF-8 bytes as eight little-endian 32-bit words: a seed for
    `default_rng` that depends on the text alone."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return [int.from_bytes(digest[i : i + 4], "little") for i in range(0, 32, 4)]


def token_embedding(token: str, config: Config) -> np.ndarray:
    """The embedding row of one token, shape (d_model,)."""
    rng = np.random.default_rng([config.seed, *seed_words(token)])
    return rng.standard_normal(config.d_model)


def token_embeddings(tokens: list[str], config: Config) -> np.ndarray:
    return np.stack([token_embedding(t, config) for t in tokens])  # (n, d_model)


# The seeded encoder draws all of its weights at once, in float64. The config's size limits admit real
# checkpoints (whose file on disk bounds them), but for seeded weights they would allow terabytes, which the
# OS answers by killing the process rather than with a MemoryError. bert-base's shape is 0.6 GiB.
SEEDED_LIMIT_GIB = 2


def seeded_bytes(config: Config) -> int:
    """What seeded_params would allocate: W_Q, W_K, W_V, W_O and the two feed-forward matrices per layer."""
    D, F = config.d_model, config.d_ff
    return 8 * config.n_layers * (4 * D * D + 2 * D * F)


def _split_heads(W: np.ndarray, n_heads: int) -> np.ndarray:
    d_in, d_model = W.shape
    return W.reshape(d_in, n_heads, d_model // n_heads).transpose(1, 0, 2)  # (d_in, D) -> (H, d_in, d_head)


def seeded_params(config: Config) -> dict[str, np.ndarray]:
    """Every layer weight of the seeded encoder, keyed by step name."""
    rng = np.random.default_rng(config.seed)
    D, F, H = config.d_model, config.d_ff, config.n_heads
    params: dict[str, np.ndarray] = {}
    for layer in range(config.n_layers):
        p = f"blocks.{layer}."
        for w in ("W_Q", "W_K", "W_V"):
            params[p + "attn." + w] = _split_heads(rng.standard_normal((D, D)) / np.sqrt(D), H)  # (H, D, d_head)
        W_O = rng.standard_normal((D, D)) / np.sqrt(D)  # rows are the concatenated heads
        params[p + "attn.W_O"] = W_O.reshape(H, D // H, D)  # (D, D) -> (H, d_head, D)
        params[p + "ln1.gamma"] = np.ones(D)  # layer norm starts as the identity scale and shift
        params[p + "ln1.beta"] = np.zeros(D)
        params[p + "ffn.W_1"] = rng.standard_normal((D, F)) / np.sqrt(D)
        params[p + "ffn.b_1"] = rng.standard_normal(F) * 0.1  # small but visible, so the + b shows up
        params[p + "ffn.W_2"] = rng.standard_normal((F, D)) / np.sqrt(F)
        params[p + "ffn.b_2"] = rng.standard_normal(D) * 0.1
        params[p + "ln2.gamma"] = np.ones(D)
        params[p + "ln2.beta"] = np.zeros(D)
    return params
