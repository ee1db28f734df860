"""attntrace.capture against real PyTorch: the captured steps are the module's own numbers, they verify, and a
numpy port with a planted mistake is caught by diff at the right step. Skipped where torch is not installed,
except in CI (CI=true), which installs the torch extra: there a missing torch fails."""

from __future__ import annotations

import math
import os

import numpy as np
import pytest

if os.environ.get("CI") != "true":
    torch = pytest.importorskip("torch")
else:
    import torch  # CI installs the torch extra; a missing torch must fail there, not skip

from attntrace import Trace
from attntrace.capture import CaptureError, capture
from attntrace.diff import diff
from attntrace.verify import verify

D, H, F, N = 8, 2, 16, 5


def encoder(activation="relu", layers=2, seed=0, **kw):
    torch.manual_seed(seed)
    layer = torch.nn.TransformerEncoderLayer(D, H, F, dropout=0.1, batch_first=True, activation=activation, **kw)
    return torch.nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)


@pytest.mark.parametrize("activation", ["relu", "gelu"])
@pytest.mark.parametrize("causal", [False, True], ids=["no mask", "causal"])
def test_a_captured_encoder_verifies_and_holds_the_modules_own_numbers(activation, causal):
    enc = encoder(activation)
    x = torch.randn(1, N, D)
    mask = torch.nn.Transformer.generate_square_subsequent_mask(N) if causal else None  # -inf above the diagonal
    t = capture(enc, x, attn_mask=mask)
    v = verify(t)
    assert v.ok and v.counts()["ok"] == 2 * (15 + causal), v  # 15 steps a layer, and the mask
    enc.eval()
    with torch.no_grad():
        expected = enc(x, mask=mask, is_causal=causal).numpy()[0]
        mha = enc.layers[0].self_attn
        _, w = mha(x, x, x, attn_mask=mask, need_weights=True, average_attn_weights=False)
    assert np.allclose(t.step("blocks.1.out"), expected, atol=1e-5)  # the module's output
    assert np.allclose(t.step("blocks.0.attn.weights"), w.numpy()[0], atol=1e-6)  # the module's softmax
    assert t.config.mask == ("causal" if causal else "none") and t.config.activation == activation
    if causal:  # attntrace's mask: true where attention is allowed
        assert (t.step("blocks.0.attn.mask") == np.tril(np.ones((N, N), dtype=bool))).all()
    W = enc.layers[0].self_attn.in_proj_weight.detach().numpy()[:D]  # W_Q, out × in
    assert np.allclose(t.step("blocks.0.attn.W_Q")[1], W.T[:, D // H:])  # head 1: columns 4..7 of W_Qᵀ


def test_multihead_attention_alone():
    torch.manual_seed(1)
    mha = torch.nn.MultiheadAttention(D, H)
    x = torch.randn(N, D)
    t = capture(mha, x, ["a", "b", "c", "d", "e"])
    assert verify(t).ok and t.tokens == ["a", "b", "c", "d", "e"]
    with torch.no_grad():
        out, _ = mha(x, x, x)
    assert np.allclose(t.step("blocks.0.attn.out"), out.numpy(), atol=1e-6)


def _numpy_port(enc, x, bug=None):
    """A porter's numpy version of the encoder's first layer (attention only), in PyTorch's layout."""
    mha = enc.layers[0].self_attn
    W = mha.in_proj_weight.detach().numpy().astype(np.float64)
    b = mha.in_proj_bias.detach().numpy().astype(np.float64)
    Wo, bo = mha.out_proj.weight.detach().numpy().astype(np.float64), mha.out_proj.bias.detach().numpy()
    x = x.numpy()[0].astype(np.float64)
    q, k, v = (x @ W[i * D:(i + 1) * D].T + b[i * D:(i + 1) * D] for i in range(3))
    heads = [slice(h * D // H, (h + 1) * D // H) for h in range(H)]
    weights = []
    for s in heads:
        e = q[:, s] @ k[:, s].T / math.sqrt(D // H)
        e = np.exp(e - e.max(1, keepdims=True))
        weights.append(e / e.sum(1, keepdims=True))
    Z = np.concatenate([w @ v[:, s] for w, s in zip(weights, heads, strict=True)], axis=1)  # (n, D)
    out = Z @ (Wo if bug == "W_O_transposed" else Wo.T) + bo
    return {"X": x, "W_Q": W[:D], "W_K": W[D:2 * D], "W_V": W[2 * D:], "b_Q": b[:D], "b_K": b[D:2 * D],
            "b_V": b[2 * D:], "Q": q, "K": k, "V": v, "weights": np.stack(weights), "Z": Z, "W_O": Wo, "b_O": bo,
            "attn.out": out}


def test_three_lines_find_a_porters_first_wrong_step_and_why():
    enc = encoder(layers=1)
    x = torch.randn(1, N, D)
    config = {"d_model": D, "n_heads": H, "n_layers": 1, "d_ff": F, "positional": "none", "qkv_bias": True}
    right = Trace.from_arrays([f"t{i}" for i in range(N)], config, _numpy_port(enc, x), layout="torch")
    assert diff(right, capture(enc, x)).ok and verify(right).ok
    # the three lines a porter writes:
    mine = Trace.from_arrays([f"t{i}" for i in range(N)], config, _numpy_port(enc, x, "W_O_transposed"),
                             layout="torch")
    d = diff(mine, capture(enc, x))
    assert d.first_divergent.name == "blocks.0.attn.out"
    assert d.hint.causes == ("diagnose.out.transposed",), d.hint.message


def test_what_attntrace_does_not_model_is_refused_with_a_reason():
    with pytest.raises(CaptureError, match="pre-norm"):
        capture(encoder(norm_first=True), torch.randn(1, N, D))
    with pytest.raises(CaptureError, match="only a causal mask"):
        capture(encoder(), torch.randn(1, N, D), attn_mask=torch.eye(N, dtype=torch.bool))
    with pytest.raises(CaptureError, match="cannot capture a Linear"):
        capture(torch.nn.Linear(D, D), torch.randn(N, D))


def test_from_arrays_maps_torch_layouts():
    q = np.arange(N * D, dtype=float).reshape(N, D)
    blocked = np.triu(np.ones((N, N), dtype=bool), 1)  # PyTorch: true where blocked
    W = np.arange(D * D, dtype=float).reshape(D, D)  # out × in
    t = Trace.from_arrays(list("abcde"), {"d_model": D, "n_heads": H, "n_layers": 1, "mask": "causal"},
                          {"Q": torch.tensor(q)[None], "mask": blocked, "W_Q": W}, layout="torch")
    assert t.step("blocks.0.attn.Q").shape == (H, N, D // H)
    assert (t.step("blocks.0.attn.Q")[1] == q[:, D // H:]).all()  # head 1: the second half of the columns
    assert (t.step("blocks.0.attn.mask") == ~blocked).all()
    assert (t.step("blocks.0.attn.W_Q")[0] == W.T[:, :D // H]).all()
    with pytest.raises(KeyError, match=r"did you mean blocks\.0\.attn\.W_Q"):
        Trace.from_arrays(list("ab"), {"d_model": D, "n_heads": H, "n_layers": 1}, {"Wq": W}, layout="torch")
