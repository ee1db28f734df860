"""Independent reference decoders (GPT-2 and Llama-style), written from the formulas with plain Python loops.

Like tests/reference.py, this shares no code with attntrace and must never import it: the safetensors file
is parsed by tests/family_reference.py with `json` and `struct` (bfloat16 widened to float32 by its bits,
float16 by struct's 'e'), and every step is recomputed with `for` loops, sums of products, `math.exp`,
`math.tanh`, `math.sqrt`, `math.cos` and `math.sin`, from Hugging Face's weight names and config.json. The
token ids come from the caller (the tests take them from transformers' tokenizer, saved beside each checkpoint).

Every result is keyed by attntrace's step name, so a test can compare the two step for step.
Shapes: n tokens, D = hidden size, H heads, Hkv K/V heads, d = D / H, F = feed-forward width.
"""

from __future__ import annotations

import math

# The encoders' loop references import nothing from attntrace either: the layer norm, and the safetensors
# file read by hand with json and struct (bfloat16 by its bits), which tests import from here
from family_reference import read_safetensors  # noqa: F401
from reference import add, layer_norm


def strip_prefix(weights: dict, embedding: str) -> dict:
    """Drop the head model's prefix (transformer., model.) found before the embedding table's name."""
    key = min((k for k in weights if k == embedding or k.endswith("." + embedding)), key=len)
    prefix = key[: -len(embedding)]
    return {k[len(prefix):]: v for k, v in weights.items() if k.startswith(prefix)}


# --- loops ------------------------------------------------------------------------------------------------


def rms_norm(x, gamma, eps):
    out = []
    for row in x:
        ms = sum(v * v for v in row) / len(row)
        out.append([v / math.sqrt(ms + eps) * g for v, g in zip(row, gamma)])
    return out


def conv1d(x, W, b):
    """GPT-2's Conv1D: y = x·W + b with W stored (in, out)."""
    return [[sum(row[k] * W[k][o] for k in range(len(row))) + b[o] for o in range(len(W[0]))] for row in x]


def linear(x, W, b=None):
    """PyTorch's Linear: y = x·Wᵀ + b with W stored (out, in)."""
    return [[sum(row[k] * W[o][k] for k in range(len(row))) + (b[o] if b else 0.0) for o in range(len(W))]
            for row in x]


def heads_of(full, H, d, offset=0):
    """(n, ·) with heads side by side from column `offset` -> (H, n, d)."""
    return [[[row[offset + h * d + j] for j in range(d)] for row in full] for h in range(H)]


def attention(Q, K, V, d):
    """Causal attention for each head of Q (K and V already one per query head): scores … Z."""
    H, n = len(Q), len(Q[0])
    scores = [[[sum(Q[h][i][t] * K[h][j][t] for t in range(d)) for j in range(n)] for i in range(n)]
              for h in range(H)]
    scaled = [[[s / math.sqrt(d) for s in row] for row in head] for head in scores]
    weights = []
    for head in scaled:
        rows = []
        for i, row in enumerate(head):
            top = max(row[: i + 1])
            e = [math.exp(row[j] - top) if j <= i else 0.0 for j in range(n)]
            total = sum(e)
            rows.append([v / total for v in e])
        weights.append(rows)
    Z = [[[sum(weights[h][i][j] * V[h][j][t] for j in range(n)) for t in range(d)] for i in range(n)]
         for h in range(H)]
    mask = [[j <= i for j in range(n)] for i in range(n)]
    return {"scores": scores, "scaled": scaled, "mask": mask, "weights": weights, "Z": Z}


def transpose(W):
    return [list(col) for col in zip(*W)]


# --- GPT-2 ------------------------------------------------------------------------------------------------


def gelu_tanh(v):
    return 0.5 * v * (1.0 + math.tanh(math.sqrt(2.0 / math.pi) * (v + 0.044715 * v ** 3)))


def gpt2(weights: dict, cfg: dict, ids: list[int]) -> dict:
    w = strip_prefix(weights, "wte.weight")
    D, H, L, eps = cfg["n_embd"], cfg["n_head"], cfg["n_layer"], cfg.get("layer_norm_epsilon", 1e-5)
    d, n = D // H, len(ids)
    r = {"embed.token": [w["wte.weight"][i] for i in ids], "embed.position": [w["wpe.weight"][i] for i in range(n)]}
    x = r["X"] = add(r["embed.token"], r["embed.position"])
    for layer in range(L):
        s, p = f"h.{layer}.", f"blocks.{layer}."
        g1, b1 = w[s + "ln_1.weight"], w[s + "ln_1.bias"]
        r[p + "norm1.gamma"], r[p + "norm1.beta"] = g1, b1
        h1 = r[p + "norm1.out"] = layer_norm(x, g1, b1, eps)
        Wa, ba = w[s + "attn.c_attn.weight"], w[s + "attn.c_attn.bias"]  # (D, 3D), (3D,)
        qkv = conv1d(h1, Wa, ba)
        for i, t in enumerate("QKV"):
            r[p + "attn.W_" + t] = [[[Wa[k][i * D + h * d + j] for j in range(d)] for k in range(D)] for h in range(H)]
            r[p + "attn.b_" + t] = [[ba[i * D + h * d + j] for j in range(d)] for h in range(H)]
            r[p + "attn." + t] = heads_of(qkv, H, d, i * D)
        att = attention(r[p + "attn.Q"], r[p + "attn.K"], r[p + "attn.V"], d)
        r.update({p + "attn." + k: v for k, v in att.items()})
        Wp, bp = w[s + "attn.c_proj.weight"], w[s + "attn.c_proj.bias"]  # (D, D) in × out
        r[p + "attn.W_O"] = [[[Wp[h * d + t][o] for o in range(D)] for t in range(d)] for h in range(H)]
        r[p + "attn.b_O"] = bp
        concat = [[att["Z"][h][i][t] for h in range(H) for t in range(d)] for i in range(n)]
        attn_out = r[p + "attn.out"] = conv1d(concat, Wp, bp)
        resid = r[p + "attn.resid"] = add(x, attn_out)
        g2, b2 = w[s + "ln_2.weight"], w[s + "ln_2.bias"]
        r[p + "norm2.gamma"], r[p + "norm2.beta"] = g2, b2
        h2 = r[p + "norm2.out"] = layer_norm(resid, g2, b2, eps)
        Wf, bf, Wc, bc = (w[s + "mlp.c_fc.weight"], w[s + "mlp.c_fc.bias"], w[s + "mlp.c_proj.weight"],
                          w[s + "mlp.c_proj.bias"])
        r[p + "ffn.W_1"], r[p + "ffn.b_1"], r[p + "ffn.W_2"], r[p + "ffn.b_2"] = Wf, bf, Wc, bc
        hh = r[p + "ffn.h"] = conv1d(h2, Wf, bf)
        act = r[p + "ffn.act"] = [[gelu_tanh(v) for v in row] for row in hh]
        f_out = r[p + "ffn.out"] = conv1d(act, Wc, bc)
        x = r[p + "out"] = add(resid, f_out)
    r["final_norm.gamma"], r["final_norm.beta"] = w["ln_f.weight"], w["ln_f.bias"]
    r["final_norm.out"] = layer_norm(x, w["ln_f.weight"], w["ln_f.bias"], eps)
    return r


# --- Llama, Qwen2, Mistral --------------------------------------------------------------------------------


def rotate(M, cos, sin):
    """Each row m of each head: m·cos + rotate_half(m)·sin, rotate_half(m) = (−m[d/2:], m[:d/2])."""
    out = []
    for head in M:
        rows = []
        for i, m in enumerate(head):
            half = len(m) // 2
            rot = [-m[c + half] if c < half else m[c - half] for c in range(len(m))]
            rows.append([m[c] * cos[i][c] + rot[c] * sin[i][c] for c in range(len(m))])
        out.append(rows)
    return out


def llama(weights: dict, cfg: dict, ids: list[int]) -> dict:
    w = strip_prefix(weights, "embed_tokens.weight")
    D, H, L = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_hidden_layers"]
    Hkv = cfg.get("num_key_value_heads") or H
    d, n, eps, group = D // H, len(ids), cfg["rms_norm_eps"], H // Hkv
    theta = (cfg.get("rope_parameters") or {}).get("rope_theta", cfg.get("rope_theta", 10000.0))
    qkv_bias = cfg["model_type"] == "qwen2" or cfg.get("attention_bias", False)
    o_bias = cfg["model_type"] == "llama" and cfg.get("attention_bias", False)
    r = {"embed.token": [w["embed_tokens.weight"][i] for i in ids]}
    x = r["X"] = [list(row) for row in r["embed.token"]]
    angle = [[pos / theta ** (2 * (c % (d // 2)) / d) for c in range(d)] for pos in range(n)]
    cos = r["rope.cos"] = [[math.cos(a) for a in row] for row in angle]
    sin = r["rope.sin"] = [[math.sin(a) for a in row] for row in angle]
    for layer in range(L):
        s, p = f"layers.{layer}.", f"blocks.{layer}."
        a = s + "self_attn."
        g1 = r[p + "norm1.gamma"] = w[s + "input_layernorm.weight"]
        h1 = r[p + "norm1.out"] = rms_norm(x, g1, eps)
        for t, proj, heads in (("Q", "q_proj", H), ("K", "k_proj", Hkv), ("V", "v_proj", Hkv)):
            W = w[a + proj + ".weight"]  # (heads·d, D)
            b = w[a + proj + ".bias"] if qkv_bias else None
            r[p + "attn.W_" + t] = [[[W[h * d + j][k] for j in range(d)] for k in range(D)] for h in range(heads)]
            if b is not None:
                r[p + "attn.b_" + t] = [[b[h * d + j] for j in range(d)] for h in range(heads)]
            r[p + "attn." + t] = heads_of(linear(h1, W, b), heads, d)
        Qr = r[p + "attn.Q_rot"] = rotate(r[p + "attn.Q"], cos, sin)
        Kr = r[p + "attn.K_rot"] = rotate(r[p + "attn.K"], cos, sin)
        V = r[p + "attn.V"]
        if group > 1:  # query head h reads kv head h // group
            r[p + "attn.kv_head"] = [h // group for h in range(H)]
            Kr = r[p + "attn.K_rep"] = [Kr[h // group] for h in range(H)]
            V = r[p + "attn.V_rep"] = [V[h // group] for h in range(H)]
        att = attention(Qr, Kr, V, d)
        r.update({p + "attn." + k: v for k, v in att.items()})
        Wo = w[a + "o_proj.weight"]  # (D, H·d)
        r[p + "attn.W_O"] = [[[Wo[o][h * d + t] for o in range(D)] for t in range(d)] for h in range(H)]
        bo = None
        if o_bias:
            bo = r[p + "attn.b_O"] = w[a + "o_proj.bias"]
        concat = [[att["Z"][h][i][t] for h in range(H) for t in range(d)] for i in range(n)]
        attn_out = r[p + "attn.out"] = linear(concat, Wo, bo)
        resid = r[p + "attn.resid"] = add(x, attn_out)
        g2 = r[p + "norm2.gamma"] = w[s + "post_attention_layernorm.weight"]
        h2 = r[p + "norm2.out"] = rms_norm(resid, g2, eps)
        m = s + "mlp."
        Wg, Wu, Wd = w[m + "gate_proj.weight"], w[m + "up_proj.weight"], w[m + "down_proj.weight"]
        r[p + "ffn.W_gate"], r[p + "ffn.W_up"], r[p + "ffn.W_down"] = transpose(Wg), transpose(Wu), transpose(Wd)
        gate = r[p + "ffn.gate"] = linear(h2, Wg)
        up = r[p + "ffn.up"] = linear(h2, Wu)
        act = r[p + "ffn.act"] = [[g / (1.0 + math.exp(-g)) for g in row] for row in gate]
        gated = r[p + "ffn.gated"] = [[av * uv for av, uv in zip(ra, ru)] for ra, ru in zip(act, up)]
        f_out = r[p + "ffn.out"] = linear(gated, Wd)
        x = r[p + "out"] = add(resid, f_out)
    r["final_norm.gamma"] = w["norm.weight"]
    r["final_norm.out"] = rms_norm(x, w["norm.weight"], eps)
    return r
