"""Write the tiny decoder checkpoints in this folder and transformers' own outputs for them.

For each family (GPT-2, DistilGPT-2, Llama, Qwen2, Mistral): a random model of a few layers, heads and a
small vocabulary, saved by transformers itself (config.json, model.safetensors) with a byte-level BPE
tokenizer trained here on a small English/Chinese corpus, and `reference.npz`: for every text, the
tokenizer's pieces and ids, and transformers' attention weights (layers, H, n, n) and last hidden state
(n, D), computed with the model loaded from the saved folder in float64 and in float32 (eager attention).
tests/test_decoder_hf_reference.py compares attntrace's traces with them; attntrace shares no code with
transformers, and CI needs no torch.

Needs torch and transformers, which attntrace never uses; run it in its own environment:

    python -m venv /work/venv-ref-dec && /work/venv-ref-dec/bin/pip install torch==2.13.0 transformers \
        safetensors tokenizers
    /work/venv-ref-dec/bin/python tests/data/families/make_decoders.py

transformers computes three parts of a Llama, Qwen2 or Mistral model in float32 even when the model is
float64: the rotary cos/sin tables (inv_freq and the angles), RMSNorm (it casts to float32) and the softmax
(dtype=torch.float32), which leaves its "float64" outputs about 1e-7 to 1e-6 from exact. For those families
the file also holds `float64_exact`: the same forward pass with those three computed in float64 (the
patches below change the dtype only, not the formulas).

Weights are stored as float32, except tiny-llama (bfloat16) and tiny-distilgpt2 (float16), so that the
loader's conversions are tested; the float64 reference is computed from exactly the stored numbers.
"""

from __future__ import annotations

import contextlib
import json
import shutil
from pathlib import Path

import numpy as np
import tokenizers
import torch
import transformers
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers

HERE = Path(__file__).resolve().parent
CORPUS = [
    "The animal didn't cross the street because it was too tired.",
    "The animal didn't cross the street because it was too wide.",
    "The cat sat on the mat. Attention is all you need!",
    "今天晚上吃河马。我们今天学习注意力机制。",
    "注意力就是你所需要的。模型读中文也读英文。",
    "Transformers read English and 中文 side by side, 一个词一个词地读。",
]
TEXTS = {
    "en": "The animal didn't cross the street.",
    "zh": "今天晚上吃河马。",
    "mixed": "Attention 注意力 is all you need! 鳄鱼",  # 鳄鱼 is not in the corpus: byte pieces
}


def train_tokenizer(vocab_size: int, bos: str | None) -> Tokenizer:
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    special = ["<|endoftext|>"] + ([bos] if bos else [])
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=special, show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator(CORPUS * 3, trainer)
    if bos:  # Llama-style tokenizers put a BOS token first
        tok.post_processor = processors.TemplateProcessing(single=f"{bos} $A",
                                                           special_tokens=[(bos, tok.token_to_id(bos))])
    return tok


def randomize(model: torch.nn.Module, seed: int) -> None:
    """Weights large enough that attention is far from uniform (transformers initializes with σ = 0.02)."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() == 1 and ("norm" in name or "ln_" in name):
                p.copy_(1.0 + 0.2 * torch.randn(p.shape, generator=g) if name.endswith("weight")
                        else 0.2 * torch.randn(p.shape, generator=g))
            else:
                p.copy_(0.4 * torch.randn(p.shape, generator=g))


def families():
    from transformers import GPT2Config, LlamaConfig, MistralConfig, Qwen2Config

    return {
        "tiny-gpt2": (GPT2Config(vocab_size=0, n_positions=40, n_embd=16, n_layer=2, n_head=4,
                                 activation_function="gelu_new", layer_norm_epsilon=1e-5), torch.float32, None),
        "tiny-distilgpt2": (GPT2Config(vocab_size=0, n_positions=40, n_embd=12, n_layer=3, n_head=3, n_inner=20,
                                       activation_function="gelu_new"), torch.float16, None),
        "tiny-llama": (LlamaConfig(vocab_size=0, hidden_size=16, intermediate_size=24, num_hidden_layers=2,
                                   num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=40,
                                   rms_norm_eps=1e-6, rope_theta=10000.0, tie_word_embeddings=True), torch.bfloat16,
                       "<s>"),
        "tiny-qwen2": (Qwen2Config(vocab_size=0, hidden_size=16, intermediate_size=24, num_hidden_layers=2,
                                   num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=40,
                                   rms_norm_eps=1e-6, rope_theta=1000000.0, tie_word_embeddings=False),
                       torch.float32, None),
        "tiny-mistral": (MistralConfig(vocab_size=0, hidden_size=16, intermediate_size=24, num_hidden_layers=2,
                                       num_attention_heads=4, num_key_value_heads=1, max_position_embeddings=40,
                                       rms_norm_eps=1e-5, rope_theta=10000.0, sliding_window=24,
                                       tie_word_embeddings=False), torch.float32, "<s>"),
    }


@contextlib.contextmanager
def exact_float64():
    """Patch transformers' Llama, Qwen2 and Mistral modules, while the block runs, so that the rotary tables,
    RMSNorm and the softmax stay in the model's dtype (float64) instead of float32."""
    import importlib

    saved = []
    for family, prefix in (("llama", "Llama"), ("qwen2", "Qwen2"), ("mistral", "Mistral")):
        mod = importlib.import_module(f"transformers.models.{family}.modeling_{family}")

        def rms_forward(self, h):
            variance = h.pow(2).mean(-1, keepdim=True)
            return self.weight * (h * torch.rsqrt(variance + self.variance_epsilon))

        def rotary_forward(self, x, position_ids):
            cfg = self.config
            dim = getattr(cfg, "head_dim", None) or cfg.hidden_size // cfg.num_attention_heads
            inv_freq = 1.0 / (cfg.rope_parameters["rope_theta"] ** (torch.arange(0, dim, 2, dtype=torch.float64) / dim))
            freqs = position_ids[..., None].to(torch.float64) * inv_freq
            emb = torch.cat((freqs, freqs), dim=-1)
            return emb.cos().to(x.dtype), emb.sin().to(x.dtype)

        def eager(module, query, key, value, attention_mask, scaling, dropout=0.0, mod=mod, **kwargs):
            key_states = mod.repeat_kv(key, module.num_key_value_groups)
            value_states = mod.repeat_kv(value, module.num_key_value_groups)
            attn_weights = torch.matmul(query, key_states.transpose(2, 3)) * scaling
            if attention_mask is not None:
                attn_weights = attn_weights + attention_mask
            attn_weights = torch.nn.functional.softmax(attn_weights, dim=-1)  # in query's dtype
            return torch.matmul(attn_weights, value_states).transpose(1, 2).contiguous(), attn_weights

        for owner, attr, new in ((getattr(mod, prefix + "RMSNorm"), "forward", rms_forward),
                                 (getattr(mod, prefix + "RotaryEmbedding"), "forward", rotary_forward),
                                 (mod, "eager_attention_forward", eager)):
            saved.append((owner, attr, getattr(owner, attr)))
            setattr(owner, attr, new)
    try:
        yield
    finally:
        for owner, attr, old in saved:
            setattr(owner, attr, old)


def main() -> None:
    from transformers import AutoModel, AutoModelForCausalLM, PreTrainedTokenizerFast

    for seed, (name, (config, dtype, bos)) in enumerate(families().items()):
        folder = HERE / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        tok = train_tokenizer(640, bos)
        config.vocab_size = tok.get_vocab_size()
        torch.manual_seed(seed)
        # GPT2LMHeadModel and Qwen2ForCausalLM (untied: an lm_head of its own) save their weights under a
        # prefix (transformer., model.); the others are bare models
        with_head = name in ("tiny-gpt2", "tiny-qwen2")
        model = (AutoModelForCausalLM if with_head else AutoModel).from_config(config)
        randomize(model, seed)
        model.to(dtype).save_pretrained(folder)
        if name == "tiny-distilgpt2":  # GPT-2's own vocabulary files instead of tokenizer.json
            tok.model.save(str(folder))
        else:
            tok.save(str(folder / "tokenizer.json"))
        if name == "tiny-distilgpt2":
            fast = PreTrainedTokenizerFast(tokenizer_object=_from_vocab_files(folder))
        else:
            fast = PreTrainedTokenizerFast(tokenizer_file=str(folder / "tokenizer.json"))
        arrays = {}
        runs = [("float64", torch.float64), ("float32", torch.float32)]
        if config.model_type != "gpt2":
            runs.append(("float64_exact", torch.float64))
        for precision, torch_dtype in runs:
            with exact_float64() if precision == "float64_exact" else contextlib.nullcontext():
                arrays.update(run(folder, fast, precision, torch_dtype))
        arrays["texts"] = np.array([json.dumps(TEXTS, ensure_ascii=False)])
        arrays["versions"] = np.array([f"torch {torch.__version__}", f"transformers {transformers.__version__}",
                                       f"tokenizers {tokenizers.__version__}", f"stored {dtype}"])
        np.savez_compressed(folder / "reference.npz", **arrays)
        print(name, sorted(p.name for p in folder.iterdir()), sum(p.stat().st_size for p in folder.iterdir()))


def run(folder: Path, fast, precision: str, torch_dtype) -> dict[str, np.ndarray]:
    from transformers import AutoModel

    arrays = {}
    # the bare model, also of a checkpoint with a head: last_hidden_state, not logits
    m = AutoModel.from_pretrained(folder, dtype=torch_dtype, attn_implementation="eager").eval()
    for key, text in TEXTS.items():
        enc = fast(text, return_tensors="pt")
        with torch.no_grad():
            out = m(input_ids=enc["input_ids"], output_attentions=True)
        arrays[f"{key}.tokens"] = np.array(fast.convert_ids_to_tokens(enc["input_ids"][0]))
        arrays[f"{key}.ids"] = enc["input_ids"][0].numpy()
        arrays[f"{key}.{precision}.attentions"] = np.stack([a[0].numpy() for a in out.attentions])
        arrays[f"{key}.{precision}.last_hidden_state"] = out.last_hidden_state[0].numpy()
    return arrays


def _from_vocab_files(folder: Path) -> Tokenizer:
    tok = Tokenizer(models.BPE.from_file(str(folder / "vocab.json"), str(folder / "merges.txt")))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    return tok


if __name__ == "__main__":
    main()
