"""The decoder families traced by attntrace against Hugging Face transformers' own forward pass.

tests/data/families/make_decoders.py made each tiny checkpoint once with transformers and saved, beside it,
transformers' attention weights and last hidden state in float64 and float32 (and, for the Llama-style
families, `float64_exact`: the same pass with the three parts transformers computes in float32 even in a
float64 model, the rotary tables, RMSNorm and the softmax, kept in float64). attntrace shares no code with
it; CI needs no torch.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("tokenizers", reason="needs the models extra: tokenizers")

DATA = Path(__file__).with_name("data") / "families"
FAMILIES = ["tiny-gpt2", "tiny-distilgpt2", "tiny-llama", "tiny-qwen2", "tiny-mistral"]


def _reference(family: str):
    return np.load(DATA / family / "reference.npz", allow_pickle=False)


def _texts(ref) -> dict[str, str]:
    return json.loads(str(ref["texts"][0]))


@pytest.fixture(scope="module", params=FAMILIES)
def family(request):
    return request.param


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_attention_and_last_hidden_state_match_transformers(family, dtype):
    from attntrace.models import load, trace_model

    ref = _reference(family)
    ckpt = load(DATA / family, dtype=dtype)
    key = "float64_exact" if dtype == "float64" and "en.float64_exact.attentions" in ref else dtype
    tol = 1e-10 if dtype == "float64" else 1e-5
    for text_key, text in _texts(ref).items():
        t = trace_model(text, ckpt)
        assert t.tokens == list(ref[f"{text_key}.tokens"]), f"{family}: tokens differ from the model's tokenizer"
        assert t.step("X").dtype == np.dtype(dtype)
        attentions = ref[f"{text_key}.{key}.attentions"]  # (layers, H, n, n)
        for layer in range(attentions.shape[0]):
            np.testing.assert_allclose(t.step(f"blocks.{layer}.attn.weights"), attentions[layer], rtol=0, atol=tol,
                                       err_msg=f"{family} {text_key}: blocks.{layer}.attn.weights ({key})")
        np.testing.assert_allclose(t.step("final_norm.out"), ref[f"{text_key}.{key}.last_hidden_state"], rtol=0,
                                   atol=tol, err_msg=f"{family} {text_key}: the last hidden state ({key})")


@pytest.mark.parametrize("family", ["tiny-llama", "tiny-qwen2", "tiny-mistral"])
def test_transformers_own_float64_pass_is_within_its_float32_parts(family):
    """Against transformers' unmodified float64 pass (float32 rotary tables, RMSNorm and softmax): the weights
    within 1e-6; the last hidden state, which has been through five float32 RMSNorms, within 5e-6 (2.0e-6
    measured, on tiny-qwen2)."""
    from attntrace.models import load, trace_model

    ref = _reference(family)
    ckpt = load(DATA / family)
    for text_key, text in _texts(ref).items():
        t = trace_model(text, ckpt)
        attentions = ref[f"{text_key}.float64.attentions"]
        for layer in range(attentions.shape[0]):
            np.testing.assert_allclose(t.step(f"blocks.{layer}.attn.weights"), attentions[layer], rtol=0, atol=1e-6)
        hidden = ref[f"{text_key}.float64.last_hidden_state"]
        np.testing.assert_allclose(t.step("final_norm.out"), hidden, rtol=0, atol=5e-6)
        # and it is not exact: the float32 parts show (so the exact reference above is a different pass)
        assert np.abs(t.step("final_norm.out") - hidden).max() > 1e-9


def test_stored_dtypes_cover_bfloat16_and_float16():
    headers = {}
    for family in FAMILIES:
        raw = (DATA / family / "model.safetensors").read_bytes()
        header = json.loads(raw[8: 8 + int.from_bytes(raw[:8], "little")])
        headers[family] = {v["dtype"] for k, v in header.items() if k != "__metadata__"}
    assert headers["tiny-llama"] == {"BF16"} and headers["tiny-distilgpt2"] == {"F16"}
    assert headers["tiny-qwen2"] == {"F32"}


def test_chinese_gets_real_pieces_on_qwen2():
    from attntrace.models import load

    tokens, ids, _ = load(DATA / "tiny-qwen2").encode("今天晚上吃河马。注意力")
    decoded = [bytes(_BYTES[c] for c in tok).decode("utf-8", "replace") for tok in tokens]
    assert "".join(decoded) == "今天晚上吃河马。注意力"
    assert all("\ufffd" not in piece for piece in decoded)  # whole characters, not byte fragments
    assert len(ids) < len("今天晚上吃河马。注意力".encode())  # merged: fewer pieces than bytes


def _byte_table() -> dict[str, int]:
    """GPT-2's printable stand-ins for the 256 bytes, from its published rule (written here independently)."""
    keep = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    table, extra = {}, 0
    for b in range(256):
        if b in keep:
            table[chr(b)] = b
        else:
            table[chr(256 + extra)] = b
            extra += 1
    return table


_BYTES = _byte_table()
