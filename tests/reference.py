"""An independent reference encoder, written from the formulas with plain Python loops.

It shares no code with the attntrace package (and must never import it): every intermediate is
recomputed here with `for i`, `for j` and sums of products, using `math.exp`, `math.sqrt`,
`math.sin`/`math.cos`. numpy appears only in `seeded_*`, to replay the documented random draws
(numpy's PCG64 generator is the specification of those numbers).

Inputs are plain nested lists: the token embedding rows (embed.token), the configuration values and the
parameters (weights, biases, layer-norm scales), which the tests take from the trace under test because
parameters are inputs to the computation, not results of it. Everything else is computed here.

Shapes: n tokens, D = d_model, H heads, d = D / H, F = d_ff.
"""

from __future__ import annotations

import hashlib
import math
import struct

# --- the step names of the contract, in computation order -------------------------------------


def step_names(n_layers: int, positional: str = "sinusoidal", mask: str = "none") -> list[str]:
    """Every step name the trace must hold for this configuration, in computation order."""
    names = ["embed.token"]
    if positional == "sinusoidal":
        names.append("embed.position")
    names.append("X")
    for layer in range(n_layers):
        a = f"blocks.{layer}.attn."
        names += [a + "W_Q", a + "W_K", a + "W_V", a + "Q", a + "K", a + "V", a + "scores", a + "scaled"]
        if mask == "causal":
            names.append(a + "mask")
        names += [a + "weights", a + "Z", a + "W_O", a + "out", a + "resid"]
        p = f"blocks.{layer}."
        names += [p + "ln1.gamma", p + "ln1.beta", p + "ln1.out"]
        names += [p + "ffn.W_1", p + "ffn.b_1", p + "ffn.h", p + "ffn.act", p + "ffn.W_2", p + "ffn.b_2",
                  p + "ffn.out", p + "ffn.resid"]
        names += [p + "ln2.gamma", p + "ln2.beta", p + "out"]
    return names


PARAM_SUFFIXES = ("attn.W_Q", "attn.W_K", "attn.W_V", "attn.W_O", "ln1.gamma", "ln1.beta", "ffn.W_1", "ffn.b_1",
                  "ffn.W_2", "ffn.b_2", "ln2.gamma", "ln2.beta")


def param_names(n_layers: int) -> list[str]:
    """The parameters of each layer: inputs the caller supplies."""
    return [f"blocks.{layer}.{s}" for layer in range(n_layers) for s in PARAM_SUFFIXES]


# --- small matrix helpers, all loops ------------------------------------------------------------------


def zeros(rows: int, cols: int) -> list[list[float]]:
    return [[0.0 for _ in range(cols)] for _ in range(rows)]


def matmul(A: list[list[float]], B: list[list[float]]) -> list[list[float]]:
    """(r, k) x (k, c) -> (r, c), C[i][j] = Σ_t A[i][t]·B[t][j]."""
    rows, inner, cols = len(A), len(B), len(B[0])
    C = zeros(rows, cols)
    for i in range(rows):
        for j in range(cols):
            total = 0.0
            for t in range(inner):
                total += A[i][t] * B[t][j]
            C[i][j] = total
    return C


def transpose(A: list[list[float]]) -> list[list[float]]:
    return [[A[i][j] for i in range(len(A))] for j in range(len(A[0]))]


def add(A: list[list[float]], B: list[list[float]]) -> list[list[float]]:
    return [[A[i][j] + B[i][j] for j in range(len(A[0]))] for i in range(len(A))]


def add_row(A: list[list[float]], b: list[float]) -> list[list[float]]:
    return [[A[i][j] + b[j] for j in range(len(A[0]))] for i in range(len(A))]


def layer_norm(x: list[list[float]], gamma: list[float], beta: list[float], eps: float) -> list[list[float]]:
    """Each row: (x − mean) / √(var + ε) · γ + β, with the population variance (divide by D)."""
    out = []
    for row in x:
        D = len(row)
        mean = 0.0
        for v in row:
            mean += v
        mean /= D
        var = 0.0
        for v in row:
            var += (v - mean) * (v - mean)
        var /= D
        denom = math.sqrt(var + eps)
        out.append([(row[j] - mean) / denom * gamma[j] + beta[j] for j in range(D)])
    return out


# --- the encoder --------------------------------------------------------------------------------------


def positional_encoding(n: int, d_model: int) -> list[list[float]]:
    """PE[pos, 2i] = sin(pos / 10000^(2i/d)), PE[pos, 2i+1] = cos(pos / 10000^(2i/d))."""
    pe = zeros(n, d_model)
    for pos in range(n):
        for k in range(d_model):
            two_i = k - (k % 2)  # columns 2i and 2i+1 share one angle
            angle = pos / (10000.0 ** (two_i / d_model))
            pe[pos][k] = math.sin(angle) if k % 2 == 0 else math.cos(angle)
    return pe


def activation_fn(name: str):
    if name == "relu":
        return lambda h: h if h > 0.0 else 0.0
    if name == "gelu":
        return lambda h: 0.5 * h * (1.0 + math.erf(h / math.sqrt(2.0)))
    raise ValueError(name)


def attention_head(
    x: list[list[float]], W_Q, W_K, W_V, d_head: int, causal: bool
) -> dict[str, list[list[float]]]:
    """One head: Q, K, V, scores, scaled, weights and Z, each an n×? list of lists."""
    n = len(x)
    Q = matmul(x, W_Q)  # (n, D) x (D, d) -> (n, d)
    K = matmul(x, W_K)
    V = matmul(x, W_V)
    scores = zeros(n, n)
    for i in range(n):
        for j in range(n):
            total = 0.0
            for t in range(d_head):
                total += Q[i][t] * K[j][t]
            scores[i][j] = total
    root = math.sqrt(d_head)
    scaled = [[scores[i][j] / root for j in range(n)] for i in range(n)]
    weights = zeros(n, n)
    for i in range(n):
        visible = [j for j in range(n) if (j <= i or not causal)]
        denom = 0.0
        for j in visible:
            denom += math.exp(scaled[i][j])
        for j in visible:
            weights[i][j] = math.exp(scaled[i][j]) / denom
        # a masked position keeps its exact 0.0
    Z = matmul(weights, V)  # (n, n) x (n, d) -> (n, d)
    return {"Q": Q, "K": K, "V": V, "scores": scores, "scaled": scaled, "weights": weights, "Z": Z}


def encode(
    token_rows: list[list[float]],
    *,
    d_model: int,
    n_heads: int,
    n_layers: int,
    d_ff: int,
    positional: str = "sinusoidal",
    mask: str = "none",
    ln_eps: float = 1e-5,
    activation: str = "relu",
    params: dict[str, list],
) -> dict[str, list]:
    """Every step, keyed by attntrace's step names, in computation order (parameters echoed back).

    params holds, per layer l, `blocks.{l}.attn.W_Q` / W_K / W_V as (H, D, d), W_O as (H, d, D),
    ffn.W_1 (D, F), ffn.b_1 (F), ffn.W_2 (F, D), ffn.b_2 (D), ln1/ln2 gamma and beta (D).
    """
    n = len(token_rows)
    d_head = d_model // n_heads
    assert d_head * n_heads == d_model
    out: dict[str, list] = {"embed.token": token_rows}
    if positional == "sinusoidal":
        pe = positional_encoding(n, d_model)
        out["embed.position"] = pe
        x = add(token_rows, pe)
    elif positional == "none":
        x = [list(row) for row in token_rows]
    else:
        raise ValueError(positional)
    out["X"] = x
    act = activation_fn(activation)
    causal = mask == "causal"

    for layer in range(n_layers):
        a = f"blocks.{layer}.attn."
        p = f"blocks.{layer}."
        W = {w: params[a + w] for w in ("W_Q", "W_K", "W_V", "W_O")}
        out.update({a + w: W[w] for w in ("W_Q", "W_K", "W_V")})
        heads = [attention_head(x, W["W_Q"][h], W["W_K"][h], W["W_V"][h], d_head, causal) for h in range(n_heads)]
        for key in ("Q", "K", "V", "scores", "scaled"):
            out[a + key] = [heads[h][key] for h in range(n_heads)]
        if causal:
            out[a + "mask"] = [[j <= i for j in range(n)] for i in range(n)]
        out[a + "weights"] = [heads[h]["weights"] for h in range(n_heads)]
        out[a + "Z"] = [heads[h]["Z"] for h in range(n_heads)]
        out[a + "W_O"] = W["W_O"]
        attn_out = zeros(n, d_model)  # Σ_h Z_h · W_O,h
        for h in range(n_heads):
            Zh_WO = matmul(heads[h]["Z"], W["W_O"][h])  # (n, d) x (d, D) -> (n, D)
            attn_out = add(attn_out, Zh_WO)
        out[a + "out"] = attn_out
        resid = add(x, attn_out)
        out[a + "resid"] = resid

        g1, b1 = params[p + "ln1.gamma"], params[p + "ln1.beta"]
        out[p + "ln1.gamma"], out[p + "ln1.beta"] = g1, b1
        ln1 = layer_norm(resid, g1, b1, ln_eps)
        out[p + "ln1.out"] = ln1

        f = p + "ffn."
        W_1, b_1, W_2, b_2 = params[f + "W_1"], params[f + "b_1"], params[f + "W_2"], params[f + "b_2"]
        assert len(b_1) == d_ff
        out[f + "W_1"], out[f + "b_1"] = W_1, b_1
        h = add_row(matmul(ln1, W_1), b_1)  # (n, D) x (D, F) -> (n, F)
        out[f + "h"] = h
        a_ = [[act(v) for v in row] for row in h]
        out[f + "act"] = a_
        out[f + "W_2"], out[f + "b_2"] = W_2, b_2
        ffn_out = add_row(matmul(a_, W_2), b_2)  # (n, F) x (F, D) -> (n, D)
        out[f + "out"] = ffn_out
        ffn_resid = add(ln1, ffn_out)
        out[f + "resid"] = ffn_resid

        g2, b2 = params[p + "ln2.gamma"], params[p + "ln2.beta"]
        out[p + "ln2.gamma"], out[p + "ln2.beta"] = g2, b2
        x = layer_norm(ffn_resid, g2, b2, ln_eps)
        out[p + "out"] = x  # the next layer's input
    return out


# --- the documented seeded parameters -----------------------------------------------------------------


def seeded_token_row(token: str, seed: int, d_model: int) -> list[float]:
    """default_rng([seed, *8 little-endian uint32 words of sha256(token as UTF-8)]).standard_normal(d_model)."""
    import numpy as np

    words = struct.unpack("<8I", hashlib.sha256(token.encode("utf-8")).digest())
    return np.random.default_rng([seed, *words]).standard_normal(d_model).tolist()


def seeded_params(seed: int, d_model: int, n_heads: int, n_layers: int, d_ff: int) -> dict[str, list]:
    """The layer weights as weights.py documents them: one default_rng(seed), drawn layer by layer in the
    order W_Q, W_K, W_V, W_O (each D×D / √D), W_1 (D×F / √D), b_1 (F × 0.1), W_2 (F×D / √F), b_2 (D × 0.1);
    head h of W_Q/W_K/W_V is columns h·d…(h+1)·d, head h of W_O is rows h·d…(h+1)·d; γ = 1, β = 0."""
    import numpy as np

    rng = np.random.default_rng(seed)
    D, F, d = d_model, d_ff, d_model // n_heads

    def draw(rows: int, cols: int) -> list[list[float]]:
        return rng.standard_normal((rows, cols)).tolist()

    def vector(size: int, scale: float) -> list[float]:
        return [v * scale for v in rng.standard_normal(size).tolist()]

    out: dict[str, list] = {}
    for layer in range(n_layers):
        p = f"blocks.{layer}."
        for w in ("W_Q", "W_K", "W_V"):
            full = draw(D, D)
            out[p + "attn." + w] = [[[full[i][h * d + j] / math.sqrt(D) for j in range(d)] for i in range(D)]
                                    for h in range(n_heads)]
        full = draw(D, D)
        out[p + "attn.W_O"] = [[[full[h * d + i][j] / math.sqrt(D) for j in range(D)] for i in range(d)]
                               for h in range(n_heads)]
        out[p + "ln1.gamma"], out[p + "ln1.beta"] = [1.0] * D, [0.0] * D
        out[p + "ffn.W_1"] = [[v / math.sqrt(D) for v in row] for row in draw(D, F)]
        out[p + "ffn.b_1"] = vector(F, 0.1)
        out[p + "ffn.W_2"] = [[v / math.sqrt(F) for v in row] for row in draw(F, D)]
        out[p + "ffn.b_2"] = vector(D, 0.1)
        out[p + "ln2.gamma"], out[p + "ln2.beta"] = [1.0] * D, [0.0] * D
    return out
