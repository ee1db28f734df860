"""Single-head self-attention written from scratch, saved as an attntrace trace so `attntrace verify` can check it.

This is the kind of script a learner writes: plain numpy, its own random weights, its own loops; attntrace itself is
not used. Run it, then check the numbers:

    python samples/verify/my_attention.py            # writes samples/verify/my_attention.json
    attntrace verify samples/verify/my_attention.json

An optional argument gives another output path.
"""

import json
import math
import sys
from pathlib import Path

import numpy as np

tokens = ["the", "hippo", "ate", "dinner"]
n, d_model = len(tokens), 4
d_k = d_model  # one head: it gets the whole width

rng = np.random.default_rng(2024)
X = rng.normal(size=(n, d_model))  # my own input vectors, one row per token
W_Q = rng.normal(size=(d_model, d_k)) / math.sqrt(d_model)
W_K = rng.normal(size=(d_model, d_k)) / math.sqrt(d_model)
W_V = rng.normal(size=(d_model, d_k)) / math.sqrt(d_model)

Q = X @ W_Q  # (n, d_model) x (d_model, d_k) -> (n, d_k)
K = X @ W_K
V = X @ W_V

scores = np.zeros((n, n))
for i in range(n):  # query i
    for j in range(n):  # key j
        scores[i, j] = sum(Q[i, c] * K[j, c] for c in range(d_k))

scaled = scores / math.sqrt(d_k)

weights = np.zeros((n, n))
for i in range(n):
    row = np.exp(scaled[i] - scaled[i].max())  # subtract the row max so exp cannot overflow
    weights[i] = row / row.sum()

Z = weights @ V  # (n, n) x (n, d_k) -> (n, d_k)


def step(name, value):
    """attntrace keeps a head axis first on every per-head step, so one head is a leading axis of size 1."""
    return {"name": name, "data": value.tolist()}


trace = {
    "format": "attntrace.trace",
    "version": 1,
    "tokens": tokens,
    "config": {"d_model": d_model, "n_heads": 1, "n_layers": 1, "positional": "none", "mask": "none"},
    "steps": [
        step("X", X),
        step("blocks.0.attn.W_Q", W_Q[None]),  # (1, d_model, d_k)
        step("blocks.0.attn.W_K", W_K[None]),
        step("blocks.0.attn.W_V", W_V[None]),
        step("blocks.0.attn.Q", Q[None]),  # (1, n, d_k)
        step("blocks.0.attn.K", K[None]),
        step("blocks.0.attn.V", V[None]),
        step("blocks.0.attn.scores", scores[None]),  # (1, n, n)
        step("blocks.0.attn.scaled", scaled[None]),
        step("blocks.0.attn.weights", weights[None]),
        step("blocks.0.attn.Z", Z[None]),
    ],
}

out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_suffix(".json")
out.write_text(json.dumps(trace, indent=1) + "\n", encoding="utf-8")
print(f"wrote {out}")
