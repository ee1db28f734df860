"""Capture a trace from a live PyTorch model, so that `verify` and `diff` work on it in three lines:

    >>> from attntrace.capture import capture
    >>> ref = capture(torch_layer, x, tokens)                  # nn.MultiheadAttention, TransformerEncoderLayer(s)
    >>> diff(my_port_trace, ref).first_divergent

Needs the optional torch extra (`pip install torch`); attntrace imports torch only here, and only when called.

The model's own modules compute every number (its projections, its attention weights, its layer norms, its
feed-forward layers), run one by one in eval mode with gradients off; the weights are the module's parameters.
The layouts are mapped as `Trace.from_arrays(..., layout="torch")` does: weights out × in are transposed, heads
split (W_Q by columns, W_O by rows), and PyTorch's mask (true where blocked) inverted. The module's own forward
is run too, and its output must match the captured one, so glue that drifted from PyTorch's is an error.
"""

from __future__ import annotations

import math

from .i18n import Message
from .trace_data import Trace


class CaptureError(Message, ValueError):
    """A module attntrace cannot capture, or one whose layout it does not model (pre-norm, a final norm)."""


def _torch():
    try:
        import torch
    except ImportError:
        raise CaptureError("capture.no_torch") from None
    return torch


def capture(module, x, tokens: list[str] | None = None, *, attn_mask=None, is_causal: bool = False) -> Trace:
    """Run `module` on `x` (n × d_model, or with a batch of one) and record every step it computes.

    `module`: torch.nn.MultiheadAttention (self-attention), nn.TransformerEncoderLayer (post-norm, as
    attntrace's layer) or nn.TransformerEncoder of them. `attn_mask` as PyTorch takes it (true, or −inf, where
    attention is blocked); only a causal mask is modelled, so pass `is_causal=True` or that mask."""
    torch = _torch()
    nn = torch.nn
    layers = None
    if isinstance(module, nn.TransformerEncoder):
        if module.norm is not None:
            raise CaptureError("capture.final_norm")
        layers = list(module.layers)
    elif isinstance(module, nn.TransformerEncoderLayer):
        layers = [module]
    elif not isinstance(module, nn.MultiheadAttention):
        raise CaptureError("capture.module", kind=type(module).__name__)
    mha = module if layers is None else layers[0].self_attn
    batch_first = getattr(mha, "batch_first", False)
    x = torch.as_tensor(x)
    x2 = x.reshape(-1, mha.embed_dim) if x.dim() == 3 else x  # (n, D): a batch of one
    n = x2.shape[0]
    tokens = list(tokens) if tokens is not None else [f"t{i}" for i in range(n)]
    causal = is_causal or _is_causal(torch, attn_mask, n)
    mask = torch.triu(torch.ones(n, n, dtype=torch.bool), 1) if causal else None  # PyTorch's: true = blocked

    arrays: dict = {"X": x2}
    was = module.training
    module.eval()
    try:
        with torch.no_grad():
            h = x2
            for layer, block in enumerate(layers or [None]):
                attn = mha if block is None else block.self_attn
                out = _attention(torch, attn, h, mask, f"blocks.{layer}.", arrays)
                h = out if block is None else _rest_of_layer(torch, block, h, f"blocks.{layer}.", arrays)
            _same_as_forward(torch, module, x2, mask, batch_first, h, layers is None)
    finally:
        module.train(was)

    bias = mha.in_proj_bias is not None
    config = {"d_model": mha.embed_dim, "n_heads": mha.num_heads, "n_layers": len(layers or [None]),
              "positional": "none", "mask": "causal" if causal else "none", "qkv_bias": bias}
    if layers:
        first = layers[0]
        config.update(d_ff=first.linear1.out_features, ln_eps=float(first.norm1.eps),
                      activation=_activation(torch, first))
    from .layouts import from_arrays

    return from_arrays(tokens, config, arrays, layout="torch", text=" ".join(tokens))


def _is_causal(torch, attn_mask, n: int) -> bool:
    if attn_mask is None:
        return False
    blocked = attn_mask if attn_mask.dtype == torch.bool else attn_mask != 0
    if not torch.equal(blocked.reshape(n, n).cpu(), torch.triu(torch.ones(n, n, dtype=torch.bool), 1)):
        raise CaptureError("capture.mask")
    return True


def _attention(torch, mha, x, mask, p: str, arrays: dict):
    """One self-attention with the module's own projections and its own attention weights."""
    if not mha._qkv_same_embed_dim or mha.bias_k is not None or mha.add_zero_attn:
        raise CaptureError("capture.module", kind="MultiheadAttention(kdim/vdim, add_bias_kv or add_zero_attn)")
    F = torch.nn.functional
    H, D = mha.num_heads, mha.embed_dim
    d = D // H
    n = x.shape[0]
    Wq, Wk, Wv = mha.in_proj_weight.chunk(3)  # each (D, D), out × in
    bq, bk, bv = mha.in_proj_bias.chunk(3) if mha.in_proj_bias is not None else (None, None, None)
    a = p + "attn."
    q, k, v = F.linear(x, Wq, bq), F.linear(x, Wk, bk), F.linear(x, Wv, bv)  # (n, D) each
    batch = x.unsqueeze(1) if not mha.batch_first else x.unsqueeze(0)  # (n, 1, D) or (1, n, D)
    out, weights = mha(batch, batch, batch, attn_mask=mask, need_weights=True, average_attn_weights=False)
    weights = weights[0]  # (H, n, n), the module's own softmax
    V = v.reshape(n, H, d).transpose(0, 1)  # (n, D) -> (H, n, d)
    Q, K = q.reshape(n, H, d).transpose(0, 1), k.reshape(n, H, d).transpose(0, 1)
    scores = Q @ K.transpose(1, 2)  # (H, n, d) x (H, d, n) -> (H, n, n)
    arrays.update({a + "W_Q": Wq, a + "W_K": Wk, a + "W_V": Wv, a + "Q": q, a + "K": k, a + "V": v,
                   a + "scores": scores, a + "scaled": scores / math.sqrt(d), a + "weights": weights,
                   a + "Z": weights @ V,  # (H, n, n) x (H, n, d) -> (H, n, d)
                   a + "W_O": mha.out_proj.weight, a + "out": out.reshape(n, D)})
    if mask is not None:
        arrays[a + "mask"] = mask
    if bq is not None:
        arrays.update({a + "b_Q": bq, a + "b_K": bk, a + "b_V": bv, a + "b_O": mha.out_proj.bias})
    return out.reshape(n, D)


def _rest_of_layer(torch, block, x, p: str, arrays: dict):
    """Residual, norm, feed-forward, residual, norm: post-norm, as attntrace's layer and BERT."""
    if block.norm_first:
        raise CaptureError("capture.pre_norm")
    a, f = p + "attn.", p + "ffn."
    resid = x + arrays[a + "out"]  # the layer input + attn.out
    ln1 = block.norm1(resid)
    h = block.linear1(ln1)  # (n, F)
    act = block.activation(h)
    out = block.linear2(act)  # (n, D)
    resid2 = ln1 + out
    y = block.norm2(resid2)

    def _b(norm):
        return norm.bias if norm.bias is not None else torch.zeros_like(norm.weight)

    arrays.update({a + "resid": resid, p + "ln1.gamma": block.norm1.weight, p + "ln1.beta": _b(block.norm1),
                   p + "ln1.out": ln1, f + "W_1": block.linear1.weight, f + "b_1": block.linear1.bias,
                   f + "h": h, f + "act": act, f + "W_2": block.linear2.weight, f + "b_2": block.linear2.bias,
                   f + "out": out, f + "resid": resid2, p + "ln2.gamma": block.norm2.weight,
                   p + "ln2.beta": _b(block.norm2), p + "out": y})
    return y


def _activation(torch, block) -> str:
    act = block.activation
    F = torch.nn.functional
    if act is F.relu or isinstance(act, torch.nn.ReLU):
        return "relu"
    if (act is F.gelu or isinstance(act, torch.nn.GELU)) and getattr(act, "approximate", "none") == "none":
        return "gelu"
    raise CaptureError("capture.activation", kind=getattr(act, "__name__", type(act).__name__))


def _same_as_forward(torch, module, x, mask, batch_first: bool, captured, attention_only: bool) -> None:
    """The module's own forward must give what was captured, step by step."""
    batch = x.unsqueeze(0) if batch_first else x.unsqueeze(1)
    if attention_only:
        return  # the output *is* the module's forward (mha(...) above)
    kwargs = {"mask": mask} if isinstance(module, torch.nn.TransformerEncoder) else {"src_mask": mask}
    expected = module(batch, **kwargs).reshape(captured.shape)
    if not torch.allclose(expected, captured, rtol=1e-4, atol=1e-5):
        err = float((expected - captured).abs().max())
        raise CaptureError("capture.drift", err=f"{err:.2e}")
