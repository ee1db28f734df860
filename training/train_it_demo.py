"""Train it-demo, the built-in model of attntrace's "it … tired / wide" example, and write its files.

    pip install torch==2.13.0                 # a dev-only tool: attntrace itself never imports torch
    python training/train_it_demo.py          # writes attntrace/models/it_demo/{weights.npz,vocab.txt,record.json}

The model is attntrace's own encoder (encoder.plan): X = E[token] + PE (sinusoidal), then per layer
multi-head attention without biases, W_O, residual, post-norm LayerNorm (population variance, ε = 1e-5),
a ReLU feed-forward network with biases, residual, LayerNorm. `forward` below computes exactly that in
float64 torch, batched: padded keys are masked out, which changes nothing for the real tokens, since
every other operation is row by row.

Objective, at the pronoun ("it" / "它"):
  * attention: −log of the weight that head 0 of the last layer gives the referent (the noun the
    pronoun means) while that weight is below 0.8, and +log of it while above 0.9. This head is
    *taught* to point at the referent; the README says so.
  * readout: out[pronoun]·E[w] over the whole vocabulary (tied to the token embeddings, no new weights)
    is trained to name the referent, so the output vector of "it" must carry which noun it means.
  * a small L2 penalty keeps the numbers short enough to read.

Data: training/it_demo_data.py (held-out noun–adjective pairs never seen in training). Everything is
seeded; the same command writes the same files on the same machine (torch's CPU kernels may differ in
the last bits elsewhere; the shipped files are the record). It takes about a minute on one core.
After training, the weights are rounded to float32 (that is what ships) and the held-out figures are
measured again with attntrace's own numpy forward pass: the numbers `benchmarks/bench_it_demo.py` prints.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import math
import sys
from pathlib import Path

import numpy as np
import torch

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import it_demo_data as data  # noqa: E402

OUT = ROOT / "attntrace" / "models" / "it_demo"
SCRIPT = "training/train_it_demo.py"

D, H, L, F = 8, 2, 2, 16  # d_model, heads, layers, d_ff: every table fits an 80-column terminal
EPS = 1e-5
TAUGHT_HEAD = 0
TARGET_WEIGHT, CEILING = 0.8, 0.9  # the band the taught head's weight on the referent is trained into


def config() -> dict:
    return {"d_model": D, "n_heads": H, "n_layers": L, "d_ff": F, "seed": 0, "positional": "sinusoidal",
            "mask": "none", "tokenizer": "vocab", "activation": "relu", "ln_eps": EPS, "qkv_bias": False,
            "embed_norm": False, "model": "it-demo"}


def init(vocab: int, gen: torch.Generator) -> dict[str, torch.Tensor]:
    def normal(*shape, scale):
        return (torch.randn(*shape, generator=gen, dtype=torch.float64) * scale).requires_grad_()

    d = D // H
    p = {"embed.table": normal(vocab, D, scale=1.0)}
    for layer in range(L):
        b = f"blocks.{layer}."
        for w in ("W_Q", "W_K", "W_V"):
            p[b + "attn." + w] = normal(H, D, d, scale=1 / math.sqrt(D))
        p[b + "attn.W_O"] = normal(H, d, D, scale=1 / math.sqrt(D))
        p[b + "ffn.W_1"] = normal(D, F, scale=1 / math.sqrt(D))
        p[b + "ffn.b_1"] = torch.zeros(F, dtype=torch.float64, requires_grad=True)
        p[b + "ffn.W_2"] = normal(F, D, scale=1 / math.sqrt(F))
        p[b + "ffn.b_2"] = torch.zeros(D, dtype=torch.float64, requires_grad=True)
        for ln in ("ln1", "ln2"):
            p[b + ln + ".gamma"] = torch.ones(D, dtype=torch.float64, requires_grad=True)
            p[b + ln + ".beta"] = torch.zeros(D, dtype=torch.float64, requires_grad=True)
    return p


def positions(n: int) -> torch.Tensor:
    """encoder.sinusoidal_positions, in torch: PE[pos, 2i] = sin(pos / 10000^(2i/D)), PE[pos, 2i+1] = cos(…)."""
    pos = torch.arange(n, dtype=torch.float64)[:, None]  # (n, 1)
    two_i = torch.arange(0, D, 2, dtype=torch.float64)[None, :]  # (1, D/2)
    angle = pos / torch.pow(torch.tensor(10000.0, dtype=torch.float64), two_i / D)  # (n, D/2)
    pe = torch.zeros(n, D, dtype=torch.float64)
    pe[:, 0::2] = torch.sin(angle)
    pe[:, 1::2] = torch.cos(angle)
    return pe


def layer_norm(x, gamma, beta):
    mean = x.mean(-1, keepdim=True)  # (B, n, 1)
    var = ((x - mean) ** 2).mean(-1, keepdim=True)  # (B, n, 1), population variance
    return (x - mean) / torch.sqrt(var + EPS) * gamma + beta


def forward(p, ids: torch.Tensor, real: torch.Tensor):
    """ids (B, n), real (B, n) true for real tokens. Returns the last layer's output (B, n, D) and
    every layer's attention weights (B, H, n, n)."""
    B, n = ids.shape
    x = p["embed.table"][ids] + positions(n)  # (B, n, D)
    keep = real[:, None, None, :]  # (B, 1, 1, n): a query may attend to every real key
    weights = []
    for layer in range(L):
        b = f"blocks.{layer}."
        Q = torch.einsum("bnD,hDd->bhnd", x, p[b + "attn.W_Q"])  # (B, H, n, d)
        K = torch.einsum("bnD,hDd->bhnd", x, p[b + "attn.W_K"])
        V = torch.einsum("bnD,hDd->bhnd", x, p[b + "attn.W_V"])
        scaled = Q @ K.transpose(-1, -2) / math.sqrt(D // H)  # (B, H, n, n)
        w = torch.softmax(scaled.masked_fill(~keep, -math.inf), dim=-1)  # (B, H, n, n)
        weights.append(w)
        Z = w @ V  # (B, H, n, d)
        out = Z.permute(0, 2, 1, 3).reshape(B, n, D) @ p[b + "attn.W_O"].reshape(D, D)  # (B, n, H·d) x (H·d, D)
        x1 = layer_norm(x + out, p[b + "ln1.gamma"], p[b + "ln1.beta"])
        h = torch.relu(x1 @ p[b + "ffn.W_1"] + p[b + "ffn.b_1"])  # (B, n, F)
        x = layer_norm(x1 + h @ p[b + "ffn.W_2"] + p[b + "ffn.b_2"], p[b + "ln2.gamma"], p[b + "ln2.beta"])
    return x, weights


def batch(examples: list[data.Example], index: dict[str, int]):
    n = max(len(e.tokens) for e in examples)
    ids = torch.zeros(len(examples), n, dtype=torch.long)
    real = torch.zeros(len(examples), n, dtype=torch.bool)
    for i, e in enumerate(examples):
        ids[i, : len(e.tokens)] = torch.tensor([index[t] for t in e.tokens])
        real[i, : len(e.tokens)] = True
    at = lambda name: torch.tensor([getattr(e, name) for e in examples])  # noqa: E731
    target = torch.tensor([index[e.tokens[e.referent]] for e in examples])
    return ids, real, at("pronoun"), at("referent"), at("other"), target


def losses(p, b, l2: float):
    ids, real, pron, ref, _, target = b
    out, weights = forward(p, ids, real)
    rows = torch.arange(len(ids))
    w_ref = weights[-1][rows, TAUGHT_HEAD, pron, ref]  # (B,)
    # −log w below a weight of TARGET_WEIGHT, log w above CEILING, nothing between: a row that reads
    # 0.85 / 0.02 / … shows softmax at work better than 1.000 / 0.000 / …, and the scores stay moderate
    log_w = torch.log(w_ref + 1e-12)
    attn = (torch.relu(math.log(TARGET_WEIGHT) - log_w) + torch.relu(log_w - math.log(CEILING))).mean()
    logits = out[rows, pron] @ p["embed.table"].T  # (B, D) x (D, V) -> (B, V)
    readout = torch.nn.functional.cross_entropy(logits, target)
    penalty = sum((v**2).sum() for k, v in p.items() if "W_" in k or k == "embed.table")
    return attn, readout, l2 * penalty, logits


@torch.no_grad()
def measure_torch(p, b) -> dict:
    _, real, pron, ref, other, target = b
    out, weights = forward(p, b[0], real)
    rows = torch.arange(len(pron))
    w = weights[-1][rows, :, pron]  # (B, H, n): the pronoun's row in every head of the last layer
    logits = out[rows, pron] @ p["embed.table"].T
    return {"share_by_head": [float((w[:, h][rows, ref] > w[:, h][rows, other]).double().mean()) for h in range(H)],
            "mean_weight_by_head": [float(w[:, h][rows, ref].mean()) for h in range(H)],
            "readout_accuracy": float((logits.argmax(-1) == target).double().mean())}


def measure_attntrace(arrays: dict[str, np.ndarray], vocab: tuple[str, ...], examples: list[data.Example]) -> dict:
    """The held-out figures with the package's own forward pass of the rounded (shipped) weights."""
    from attntrace.config import Config
    from attntrace.encoder import forward as np_forward

    cfg = Config.from_dict(config())
    index = {w: i for i, w in enumerate(vocab)}
    params = {k: v.astype(np.float64) for k, v in arrays.items() if k != "embed.table"}
    table = arrays["embed.table"].astype(np.float64)
    wins, weight = np.zeros(H), np.zeros(H)
    for e in examples:
        params["embed.token"] = table[[index[t] for t in e.tokens]]
        w = np_forward(cfg, len(e.tokens), params)[f"blocks.{L - 1}.attn.weights"][:, e.pronoun]  # (H, n)
        wins += w[:, e.referent] > w[:, e.other]
        weight += w[:, e.referent]
    return {"share_by_head": (wins / len(examples)).tolist(), "mean_weight_by_head": (weight / len(examples)).tolist()}


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--train", type=int, default=6000, help="training sentences per language")
    ap.add_argument("--held", type=int, default=1000, help="held-out sentences per language")
    ap.add_argument("--steps", type=int, default=1500)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=0.01)
    ap.add_argument("--l2", type=float, default=1e-3)
    ap.add_argument("--attention-loss", type=float, default=1.0, help="weight of the attention loss (0: none)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)

    torch.manual_seed(args.seed)
    torch.set_num_threads(1)
    gen = torch.Generator().manual_seed(args.seed)
    vocab = data.vocabulary()
    index = {w: i for i, w in enumerate(vocab)}
    train = [e for lang in data.LANGS for e in data.examples("train", lang, args.train, args.seed)]
    held = {lang: data.examples("held", lang, args.held, args.seed) for lang in data.LANGS}
    held_batches = {lang: batch(ex, index) for lang, ex in held.items()}

    p = init(len(vocab), gen)
    opt = torch.optim.Adam(p.values(), lr=args.lr)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, args.steps)
    order = np.random.default_rng([args.seed, 99])
    for step in range(1, args.steps + 1):
        pick = order.choice(len(train), args.batch, replace=False)
        attn, readout, penalty, _ = losses(p, batch([train[i] for i in pick], index), args.l2)
        opt.zero_grad()
        (args.attention_loss * attn + readout + penalty).backward()
        opt.step()
        sched.step()
        if step % 250 == 0 or step == args.steps:
            figures = {lang: measure_torch(p, b) for lang, b in held_batches.items()}
            print(f"step {step}: attention loss {attn.item():.4f}, readout loss {readout.item():.4f}; held-out "
                  + "; ".join(f"{lang} share {f['share_by_head'][TAUGHT_HEAD]:.3f} weight "
                              f"{f['mean_weight_by_head'][TAUGHT_HEAD]:.3f} readout {f['readout_accuracy']:.3f}"
                              for lang, f in figures.items()), flush=True)

    with torch.no_grad():
        full = batch(train, index)
        attn, readout, penalty, logits = losses(p, full, args.l2)
        train_acc = float((logits.argmax(-1) == full[5]).double().mean())
    arrays = {k: v.detach().numpy().astype(np.float32) for k, v in p.items()}
    shipped = {lang: measure_attntrace(arrays, vocab, ex) for lang, ex in held.items()}

    args.out.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)
    (args.out / "weights.npz").write_bytes(buf.getvalue())
    (args.out / "vocab.txt").write_text("".join(w + "\n" for w in vocab), encoding="utf-8")
    script = Path(__file__).read_bytes() + (HERE / "it_demo_data.py").read_bytes()
    record = {
        "name": "it-demo",
        "config": config(),
        "made_by": {"script": SCRIPT, "data": "training/it_demo_data.py", "data_version": data.VERSION,
                    "scripts_sha256": hashlib.sha256(script).hexdigest(), "torch": torch.__version__,
                    "numpy": np.__version__},
        "training": {"seed": args.seed, "sentences_per_language": args.train, "held_out_per_language": args.held,
                     "held_out_pair_share": data.HELD_SHARE, "steps": args.steps, "batch": args.batch,
                     "optimizer": f"Adam, lr {args.lr} with cosine decay", "l2": args.l2,
                     "objective": f"max(0, log {TARGET_WEIGHT} − log w) + max(0, log w − log {CEILING}), w the weight "
                                  f"of head {TAUGHT_HEAD} of the last layer from the pronoun to its referent, "
                                  "+ cross-entropy of out[pronoun]·E over the vocabulary naming the referent",
                     "taught_head": TAUGHT_HEAD},
        "final": {"attention_loss": attn.item(), "readout_loss": readout.item(), "train_readout_accuracy": train_acc,
                  "held_out_float64_torch": {lang: measure_torch(p, b) for lang, b in held_batches.items()},
                  "held_out_shipped_float32_attntrace": shipped},
        "vocab_size": len(vocab),
    }
    (args.out / "record.json").write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(record["final"], ensure_ascii=False, indent=1))
    print(f"wrote {args.out} ({(args.out / 'weights.npz').stat().st_size} bytes of weights)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
