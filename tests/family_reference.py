"""BERT, DistilBERT, RoBERTa and XLM-RoBERTa from their formulas, with plain loops, under attntrace's step names.

Shares no code with attntrace and never imports it: the safetensors file is parsed here with `json` and
`struct` (bfloat16 decoded as the top half of a float32, float16 with struct's "e" format), and every
intermediate is computed with `for` loops, `math.exp`, `math.sqrt` and `math.erf`. The token ids come
from the committed outputs of the model's own tokenizer, so nothing here tokenizes.

The families, as their transformers modeling code defines them:
* BERT: X = LayerNorm(E[id] + P[i] + T[segment]); the tensors are embeddings.* and encoder.layer.{l}.*, possibly
  under "bert." and with the old LayerNorm.gamma/beta names; ε from config.json.
* DistilBERT: X = LayerNorm(E[id] + P[i]) with ε = 1e-12 everywhere, no token-type row; the tensors are
  transformer.layer.{l}.attention.q_lin/k_lin/v_lin/out_lin, sa_layer_norm, ffn.lin1/lin2, output_layer_norm.
* RoBERTa and XLM-RoBERTa: BERT's tensors under "roberta." or none, X = LayerNorm(E[id] + P[pos] + T[0]) with
  pos = padding_idx + 1 + (the number of non-padding tokens before and at i) − 1, i.e. create_position_ids_
  from_input_ids; ε from config.json.
"""

from __future__ import annotations

import json
import math
import struct
from pathlib import Path

_FORMATS = {"F32": ("f", 4), "F16": ("e", 2), "F64": ("d", 8), "I64": ("q", 8)}


def read_safetensors(path: Path) -> dict[str, list]:
    """Every tensor of the file as nested lists of Python floats."""
    raw = path.read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    out = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        data = raw[8 + n + begin: 8 + n + end]
        if entry["dtype"] == "BF16":
            count = len(data) // 2
            bits = struct.unpack(f"<{count}H", data)
            flat = [struct.unpack("<f", struct.pack("<I", b << 16))[0] for b in bits]
        else:
            fmt, size = _FORMATS[entry["dtype"]]
            flat = list(struct.unpack(f"<{len(data) // size}{fmt}", data))
        out[name] = _nest(flat, entry["shape"])
    return out


def _nest(flat: list, shape: list[int]):
    if len(shape) <= 1:
        return flat if shape else flat[0]
    step = math.prod(shape[1:])
    return [_nest(flat[i * step:(i + 1) * step], shape[1:]) for i in range(shape[0])]


def layer_norm(x, gamma, beta, eps):
    out = []
    for row in x:
        mean = sum(row) / len(row)
        var = sum((v - mean) ** 2 for v in row) / len(row)
        out.append([(v - mean) / math.sqrt(var + eps) * g + b for v, g, b in zip(row, gamma, beta)])
    return out


def linear(x, W, b):
    """PyTorch's Linear: y = x·Wᵀ + b, W stored as (out, in)."""
    return [[sum(row[k] * W[o][k] for k in range(len(row))) + b[o] for o in range(len(W))] for row in x]


def roberta_positions(ids: list[int], padding_idx: int) -> list[int]:
    """fairseq's make_positions: non-padding tokens count from padding_idx + 1; padding keeps padding_idx."""
    out, count = [], 0
    for i in ids:
        if i != padding_idx:
            count += 1
            out.append(padding_idx + count)
        else:
            out.append(padding_idx)
    return out


NAMES = {
    "distilbert": {"layer": "transformer.layer.{l}.", "Q": "attention.q_lin", "K": "attention.k_lin",
                   "V": "attention.v_lin", "O": "attention.out_lin", "ln1": "sa_layer_norm", "W_1": "ffn.lin1",
                   "W_2": "ffn.lin2", "ln2": "output_layer_norm"},
    "roberta": {"layer": "encoder.layer.{l}.", "Q": "attention.self.query", "K": "attention.self.key",
                "V": "attention.self.value", "O": "attention.output.dense", "ln1": "attention.output.LayerNorm",
                "W_1": "intermediate.dense", "W_2": "output.dense", "ln2": "output.LayerNorm"},
}
NAMES["xlm-roberta"] = NAMES["bert"] = NAMES["roberta"]


def reference(family: str, ids: list[int], w: dict, cfg: dict, type_ids: list[int] | None = None) -> dict:
    """Every step of the family's forward pass, by attntrace's step name."""
    prefix = next(p for p in ("", "bert.", "roberta.", "distilbert.") if p + "embeddings.word_embeddings.weight" in w)
    w = {k[len(prefix):]: v for k, v in w.items() if k.startswith(prefix)}
    for k in list(w):  # the old names of LayerNorm's weight and bias
        if k.endswith("LayerNorm.gamma") or k.endswith("LayerNorm.beta"):
            w[k.replace("LayerNorm.gamma", "LayerNorm.weight").replace("LayerNorm.beta", "LayerNorm.bias")] = w[k]
    names = NAMES[family]
    distil = family == "distilbert"
    D = cfg["dim"] if distil else cfg["hidden_size"]
    H = cfg["n_heads"] if distil else cfg["num_attention_heads"]
    L = cfg["n_layers"] if distil else cfg["num_hidden_layers"]
    eps = 1e-12 if distil else cfg["layer_norm_eps"]
    act = cfg.get("activation" if distil else "hidden_act", "gelu")
    d, n = D // H, len(ids)
    r = {}
    P = w["embeddings.position_embeddings.weight"]
    r["embed.token"] = [w["embeddings.word_embeddings.weight"][i] for i in ids]
    if distil:
        r["embed.position"] = [P[i] for i in range(n)]
        r["embed.sum"] = [[r["embed.token"][i][k] + r["embed.position"][i][k] for k in range(D)] for i in range(n)]
    else:
        if family == "bert":
            r["embed.position"] = [P[i] for i in range(n)]
        else:
            pos = roberta_positions(ids, cfg["pad_token_id"])
            r["embed.position_table"] = [P[i] for i in range(max(pos) + 1)]
            r["embed.position"] = [P[p] for p in pos]
        r["embed.token_type"] = [w["embeddings.token_type_embeddings.weight"][s] for s in (type_ids or [0] * n)]
        r["embed.sum"] = [[r["embed.token"][i][k] + r["embed.position"][i][k] + r["embed.token_type"][i][k]
                           for k in range(D)] for i in range(n)]
    r["embed.ln.gamma"], r["embed.ln.beta"] = w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"]
    x = r["X"] = layer_norm(r["embed.sum"], r["embed.ln.gamma"], r["embed.ln.beta"], eps)
    for layer in range(L):
        src, p = names["layer"].format(l=layer), f"blocks.{layer}."

        def t(role, part, src=src):
            return w[f"{src}{names[role]}.{part}"]

        for m in ("Q", "K", "V"):
            W, b = t(m, "weight"), t(m, "bias")
            r[f"{p}attn.W_{m}"] = [[[W[h * d + j][k] for j in range(d)] for k in range(D)] for h in range(H)]
            r[f"{p}attn.b_{m}"] = [[b[h * d + j] for j in range(d)] for h in range(H)]
            full = linear(x, W, b)
            r[f"{p}attn.{m}"] = [[[full[i][h * d + j] for j in range(d)] for i in range(n)] for h in range(H)]
        Q, K, V = r[f"{p}attn.Q"], r[f"{p}attn.K"], r[f"{p}attn.V"]
        scores = [[[sum(Q[h][i][j] * K[h][k][j] for j in range(d)) for k in range(n)] for i in range(n)]
                  for h in range(H)]
        scaled = [[[s / math.sqrt(d) for s in row] for row in head] for head in scores]
        weights = []
        for head in scaled:
            rows = []
            for row in head:
                e = [math.exp(s - max(row)) for s in row]
                rows.append([v / sum(e) for v in e])
            weights.append(rows)
        Z = [[[sum(weights[h][i][k] * V[h][k][j] for k in range(n)) for j in range(d)] for i in range(n)]
             for h in range(H)]
        r[f"{p}attn.scores"], r[f"{p}attn.scaled"], r[f"{p}attn.weights"], r[f"{p}attn.Z"] = scores, scaled, weights, Z
        WO, bO = t("O", "weight"), t("O", "bias")
        r[f"{p}attn.W_O"] = [[[WO[o][h * d + j] for o in range(D)] for j in range(d)] for h in range(H)]
        r[f"{p}attn.b_O"] = bO
        concat = [[Z[h][i][j] for h in range(H) for j in range(d)] for i in range(n)]
        out = r[f"{p}attn.out"] = linear(concat, WO, bO)
        resid = r[f"{p}attn.resid"] = [[x[i][k] + out[i][k] for k in range(D)] for i in range(n)]
        r[f"{p}ln1.gamma"], r[f"{p}ln1.beta"] = t("ln1", "weight"), t("ln1", "bias")
        h1 = r[f"{p}ln1.out"] = layer_norm(resid, r[f"{p}ln1.gamma"], r[f"{p}ln1.beta"], eps)
        W1, b1 = t("W_1", "weight"), t("W_1", "bias")
        r[f"{p}ffn.W_1"], r[f"{p}ffn.b_1"] = [list(c) for c in zip(*W1)], b1
        hh = r[f"{p}ffn.h"] = linear(h1, W1, b1)
        if act == "gelu":
            a = [[0.5 * v * (1.0 + math.erf(v / math.sqrt(2.0))) for v in row] for row in hh]
        else:
            a = [[max(v, 0.0) for v in row] for row in hh]
        r[f"{p}ffn.act"] = a
        W2, b2 = t("W_2", "weight"), t("W_2", "bias")
        r[f"{p}ffn.W_2"], r[f"{p}ffn.b_2"] = [list(c) for c in zip(*W2)], b2
        f_out = r[f"{p}ffn.out"] = linear(a, W2, b2)
        resid2 = r[f"{p}ffn.resid"] = [[h1[i][k] + f_out[i][k] for k in range(D)] for i in range(n)]
        r[f"{p}ln2.gamma"], r[f"{p}ln2.beta"] = t("ln2", "weight"), t("ln2", "bias")
        x = r[f"{p}out"] = layer_norm(resid2, r[f"{p}ln2.gamma"], r[f"{p}ln2.beta"], eps)
    return r
