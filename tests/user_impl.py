"""A learner's own encoder, in plain numpy, with switches for the common mistakes verify must catch.

It shares no code with attntrace (and must never import it): this is "their code". `encode(..., bug=...)`
computes every step the way a learner with that bug would, so each later step follows from the wrong
one, exactly as in a real buggy program. Shapes follow attntrace's step names (head axis first).

Shapes: n tokens, D = d_model, H heads, d = D / H, F = d_ff.
"""

from __future__ import annotations

import json
import math

import numpy as np

# bug -> (the step it first breaks, relative to blocks.0. unless it starts with blocks./X, the cause the hint names,
#         what the configuration needs for the bug to exist)
BUGS = {
    "no_sqrt": ("attn.scaled", "diagnose.scaled.no_sqrt", {}),
    "by_d_k": ("attn.scaled", "diagnose.scaled.by_d_k", {}),
    "d_model": ("attn.scaled", "diagnose.scaled.d_model", {"heads": 2}),
    "softmax_axis": ("attn.weights", "diagnose.weights.axis", {}),
    "mask_after_softmax": ("attn.weights", "diagnose.weights.mask_after", {"causal": True}),
    "no_mask": ("attn.weights", "diagnose.weights.no_mask", {"causal": True}),
    "softmax_of_scores": ("attn.weights", "diagnose.weights.scores", {}),
    "mask_upper": ("attn.mask", "diagnose.mask.upper", {"causal": True}),
    "mask_pytorch": ("attn.mask", "diagnose.mask.inverted", {"causal": True}),
    "transposed_W": ("attn.Q", "diagnose.qkv.transposed", {}),
    "other_head": ("attn.K", "diagnose.qkv.other_head", {"heads": 2}),
    "head_reshape": ("attn.V", "diagnose.qkv.reshape", {"heads": 2}),
    "scores_KQ": ("attn.scores", "diagnose.scores.swapped", {}),
    "Z_weights_T": ("attn.Z", "diagnose.Z.transposed", {}),
    "heads_mean": ("attn.out", "diagnose.out.mean", {"heads": 2}),
    "W_O_transposed": ("attn.out", "diagnose.out.transposed", {}),
    "merge_reshape": ("attn.out", "diagnose.out.reshape", {"heads": 2}),
    "heads_swapped_W_O": ("attn.out", "diagnose.out.heads_order", {"heads": 2}),
    "no_residual": ("attn.resid", "diagnose.resid.missing", {}),
    "ln_sample_var": ("ln1.out", "diagnose.ln.sample_var", {}),
    "ln_eps": ("ln1.out", "diagnose.ln.eps", {}),
    "ffn_no_bias": ("ffn.h", "diagnose.ffn.no_bias", {}),
    "no_position": ("X", "diagnose.X.no_position", {"sinusoidal": True}),
    "layer_input_X": ("blocks.1.attn.Q", "diagnose.qkv.layer_input", {"layers": 2}),
}


def bug_step(bug: str) -> str:
    step = BUGS[bug][0]
    return step if step == "X" or step.startswith("blocks.") else "blocks.0." + step


def applies(bug: str, cfg: dict) -> bool:
    need = BUGS[bug][2]
    return (cfg.get("n_heads", 1) >= need.get("heads", 1) and cfg.get("n_layers", 1) >= need.get("layers", 1)
            and (not need.get("causal") or cfg.get("mask") == "causal")
            and (not need.get("sinusoidal") or cfg.get("positional", "sinusoidal") == "sinusoidal"))


def sinusoid(n: int, D: int) -> np.ndarray:
    pe = np.zeros((n, D))
    for pos in range(n):
        for k in range(D):
            angle = pos / 10000 ** ((k - k % 2) / D)
            pe[pos, k] = math.sin(angle) if k % 2 == 0 else math.cos(angle)
    return pe


def softmax_rows(x: np.ndarray, axis: int = -1) -> np.ndarray:
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def norm(x: np.ndarray, g: np.ndarray, b: np.ndarray, eps: float, ddof: int = 0) -> np.ndarray:
    mu = x.mean(axis=1, keepdims=True)
    var = ((x - mu) ** 2).sum(axis=1, keepdims=True) / (x.shape[1] - ddof)
    return (x - mu) / np.sqrt(var + eps) * g + b


def encode(E: np.ndarray, cfg: dict, params: dict, bug: str | None = None) -> dict[str, np.ndarray]:
    n, D = E.shape
    H = cfg.get("n_heads", 1)
    d = D // H
    L = cfg.get("n_layers", 1)
    causal = cfg.get("mask", "none") == "causal"
    eps = cfg.get("ln_eps", 1e-5)
    out: dict[str, np.ndarray] = {"embed.token": E}
    if cfg.get("positional", "sinusoidal") == "sinusoidal":
        out["embed.position"] = sinusoid(n, D)
        X = E if bug == "no_position" else E + out["embed.position"]
    else:
        X = E.copy()
    out["X"] = X
    allowed = np.array([[j <= i for j in range(n)] for i in range(n)])
    x = X
    for layer in range(L):
        a = f"blocks.{layer}.attn."
        W = {w: params[a + w] for w in ("W_Q", "W_K", "W_V", "W_O")}
        src = X if (bug == "layer_input_X" and layer > 0) else x
        proj = {}
        for t in "QKV":
            Wt = W["W_" + t]  # (H, D, d)
            full = np.concatenate(list(Wt), axis=1)  # (D, H·d): the heads side by side
            if bug == "transposed_W" and t == "Q":
                y = src @ full.T  # (n, D) x (D, D)
                proj[t] = np.stack([y[:, h * d:(h + 1) * d] for h in range(H)])
            elif bug == "other_head" and t == "K":
                proj[t] = np.stack([src @ Wt[(h + 1) % H] for h in range(H)])
            elif bug == "head_reshape" and t == "V":
                proj[t] = (src @ full).reshape(H, n, d)
            else:
                proj[t] = np.stack([src @ Wt[h] for h in range(H)])  # (H, n, d)
            out[a + "W_" + t] = Wt
            out[a + t] = proj[t]
        Q, K, V = proj["Q"], proj["K"], proj["V"]
        scores = np.stack([(K[h] @ Q[h].T) if bug == "scores_KQ" else Q[h] @ K[h].T for h in range(H)])
        divisor = {"no_sqrt": 1.0, "by_d_k": d, "d_model": math.sqrt(D)}.get(bug, math.sqrt(d))
        scaled = scores / divisor
        out[a + "scores"], out[a + "scaled"] = scores, scaled
        logits = scores if bug == "softmax_of_scores" else scaled
        if causal:
            mask = allowed.T.copy() if bug == "mask_upper" else allowed
            out[a + "mask"] = ~mask if bug == "mask_pytorch" else mask  # saved as PyTorch's attn_mask: true = blocked
            if bug == "mask_after_softmax":
                weights = softmax_rows(logits) * mask
            elif bug == "no_mask":
                weights = softmax_rows(logits)
            else:
                weights = softmax_rows(np.where(mask, logits, -np.inf), axis=-2 if bug == "softmax_axis" else -1)
        else:
            weights = softmax_rows(logits, axis=-2 if bug == "softmax_axis" else -1)
        out[a + "weights"] = weights
        Z = np.stack([(weights[h].T if bug == "Z_weights_T" else weights[h]) @ V[h] for h in range(H)])
        out[a + "Z"] = Z
        out[a + "W_O"] = W["W_O"]
        full_O = np.concatenate(list(W["W_O"]), axis=0)  # (H·d, D): the heads' rows stacked
        if bug == "W_O_transposed":
            attn = np.concatenate(list(Z), axis=1) @ full_O.T  # (n, H·d) x (D, H·d)ᵀ
        elif bug == "merge_reshape":
            attn = Z.reshape(n, H * d) @ full_O  # (H, n, d) read straight as (n, H·d)
        elif bug == "heads_swapped_W_O":
            attn = sum(Z[(h + 1) % H] @ W["W_O"][h] for h in range(H))
        else:
            attn = sum(Z[h] @ W["W_O"][h] for h in range(H))
        if bug == "heads_mean":
            attn = attn / H
        out[a + "out"] = attn
        resid = attn if bug == "no_residual" else x + attn
        out[a + "resid"] = resid
        p = f"blocks.{layer}."
        for k in ("ln1.gamma", "ln1.beta", "ffn.W_1", "ffn.b_1", "ffn.W_2", "ffn.b_2", "ln2.gamma", "ln2.beta"):
            out[p + k] = params[p + k]
        ln1 = norm(resid, params[p + "ln1.gamma"], params[p + "ln1.beta"], 1e-2 if bug == "ln_eps" else eps,
                   ddof=1 if bug == "ln_sample_var" else 0)
        out[p + "ln1.out"] = ln1
        h = ln1 @ params[p + "ffn.W_1"] + (0 if bug == "ffn_no_bias" else params[p + "ffn.b_1"])
        out[p + "ffn.h"] = h
        act = np.maximum(h, 0.0)
        out[p + "ffn.act"] = act
        f = act @ params[p + "ffn.W_2"] + params[p + "ffn.b_2"]
        out[p + "ffn.out"] = f
        out[p + "ffn.resid"] = ln1 + f
        x = norm(ln1 + f, params[p + "ln2.gamma"], params[p + "ln2.beta"], eps)
        out[p + "out"] = x
    return out


def trace_json(tokens: list[str], cfg: dict, steps: dict[str, np.ndarray], keep=None) -> str:
    """The trace file a learner writes: format, version, tokens, config and the steps they have."""
    return json.dumps({
        "format": "attntrace.trace",
        "version": 1,
        "tokens": tokens,
        "config": {"d_model": 4, "n_heads": 1, "n_layers": 1, **cfg},  # a trace must state the sizes
        "steps": [{"name": k, "data": np.asarray(v).tolist()} for k, v in steps.items() if keep is None or keep(k)],
    })


def minimal(name: str) -> bool:
    """The minimal trace of the README: X, the attention weights W_Q/W_K/W_V and the attention steps."""
    if name == "X":
        return True
    parts = name.split(".")
    return len(parts) == 4 and parts[2] == "attn" and parts[3] in (
        "W_Q", "W_K", "W_V", "Q", "K", "V", "scores", "scaled", "mask", "weights", "Z")
