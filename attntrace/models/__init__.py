"""Pretrained checkpoints: load a local Hugging Face folder (the encoders BERT, DistilBERT, RoBERTa, XLM-RoBERTa;
the decoders GPT-2, Llama, Qwen2, Mistral) and trace it step by step.

    >>> from attntrace.models import load, trace_model
    >>> ckpt = load("path/to/all-MiniLM-L6-v2")          # config.json, model.safetensors, tokenizer.json
    >>> t = trace_model("The animal didn't cross the street because it was too tired.", ckpt)
    >>> t.step("blocks.5.attn.weights").shape            # (heads, n, n)
    >>> load("path/to/xlm-roberta-base", dtype="float32")  # float64 by default

The family tables are in family.py, distilbert.py and roberta.py (the decoders' plans and tensor names in
gpt2.py and llama.py, what they share in decoder.py); tensors.py reads safetensors (float32, float16,
bfloat16) memory-mapped. Needs the optional dependencies: pip install "safetensors>=0.4" "tokenizers>=0.15"
(from a clone: pip install -e ".[models]").
"""

from .bert import Checkpoint, MissingDependency, ModelError, TextTooLong, load, trace_model

__all__ = ["Checkpoint", "MissingDependency", "ModelError", "TextTooLong", "load", "trace_model"]
