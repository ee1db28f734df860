"""The public Python API: text in, Trace out."""

from __future__ import annotations

from ..config import Config, ConfigError
from ..tokenize import tokenize
from ..trace_data import Trace
from .plan import build_trace, check_trace_size, forward
from .weights import SEEDED_LIMIT_GIB, seeded_bytes, seeded_params, token_embeddings


def trace(text: str, config: Config | None = None, **options) -> Trace:
    """Tokenize `text`, run the seeded encoder and record every step.

    >>> t = trace("今天晚上吃河马", n_heads=1, seed=0)
    >>> t.tokens
    ['今天', '晚上', '吃', '河马']
    >>> t.step("blocks.0.attn.weights").shape
    (1, 4, 4)

    `options` are the fields of `Config` (d_model, n_heads, n_layers, d_ff, seed, positional, mask,
    tokenizer); pass either them or a whole `config`. `model="path/to/checkpoint"` traces a pretrained
    checkpoint instead (BERT, DistilBERT, RoBERTa, XLM-RoBERTa, GPT-2, Llama, Qwen2 or Mistral), computing in
    `dtype="float64"` (or "float32"); see attntrace.models; needs tokenizers and safetensors:
    pip install "safetensors>=0.4" "tokenizers>=0.15".
    """
    model = options.pop("model", None)
    if model is not None:  # a checkpoint folder or a loaded attntrace.models.Checkpoint
        dtype = options.pop("dtype", "float64")
        if config is not None or options:
            raise TypeError("a pretrained model fixes its own config: pass model= (and dtype=) alone")
        from .bert import trace_model

        return trace_model(text, model, dtype)
    if config is not None and options:
        raise TypeError("pass either config or keyword options, not both")
    config = config or Config(**options)
    conflict = config.seeded_conflict()
    if conflict is not None:
        raise ConfigError("config.needs_model", name=conflict[0], value=conflict[1])
    if seeded_bytes(config) > SEEDED_LIMIT_GIB * 2**30:
        raise ConfigError("error.seeded_too_big", d_model=config.d_model, layers=config.n_layers, d_ff=config.d_ff,
                          gib=seeded_bytes(config) / 2**30, limit=SEEDED_LIMIT_GIB)
    tokens = tokenize(text, config.tokenizer)
    check_trace_size(config, len(tokens))  # before any weight is drawn or step computed
    params = seeded_params(config)
    params["embed.token"] = token_embeddings(tokens, config)  # (n, D)
    values = forward(config, len(tokens), params)
    return build_trace(text, tokens, config, values)
