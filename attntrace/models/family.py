"""What differs between the families attntrace loads: one table per family, one loader for all encoders.

BERT, DistilBERT, RoBERTa and XLM-RoBERTa are the same post-norm encoder (`models.plan.plan` with
`embed_norm`, biases and GELU); they differ in the names of their tensors and config fields, in whether a
token-type row is added, in where the position rows start and in the tokenizer. A `Family` lists exactly
that; `attntrace.models.bert` reads any of them through it. The decoder families (GPT-2, Llama-style) have
plans of their own: their `DecoderFamily` tables name the module that maps their tensors, and their
config.json is checked by the same code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

# The modules of one layer, by the step they give (the names below follow BERT):
#   Q, K, V, O: the attention's Linear layers -> attn.W_Q/b_Q, …, attn.W_O/b_O
#   ln1, ln2: the two LayerNorms -> ln1.gamma/beta, ln2.gamma/beta
#   W_1, W_2: the feed-forward Linear layers -> ffn.W_1/b_1, ffn.W_2/b_2
LAYER_ROLES = ("Q", "K", "V", "O", "ln1", "W_1", "W_2", "ln2")
# Config fields read from config.json: d_model, n_heads, n_layers, d_ff, and the two table sizes
SIZE_FIELDS = ("d_model", "n_heads", "n_layers", "d_ff", "vocab", "positions")


def shown_label(family) -> object:
    """A family's name for messages, in the language current when it is shown where the catalogue has one
    (`model.family.llama`: Llama、Qwen2、Mistral), else its label as people write it (BERT, GPT-2)."""
    from ..i18n import Message, has

    key = f"model.family.{family.name}"
    return Message(key) if has(key) else family.label


@dataclass(frozen=True)
class Family:
    name: str  # Config.family, and the model_type in config.json
    label: str  # as people write it, for messages
    model_types: tuple[str, ...]
    prefixes: tuple[str, ...]  # what *ForMaskedLM and friends put before every name: "bert.", "roberta."
    sizes: dict[str, str]  # SIZE_FIELDS -> config.json key
    layer: str  # the prefix of layer l's tensors, with {l}
    modules: dict[str, str]  # LAYER_ROLES -> module name inside a layer
    activation_key: str  # config.json's key for the feed-forward non-linearity
    options: tuple[tuple[str, tuple, object], ...]  # (key, allowed values, default) config.json must keep to
    tokenizer: str  # Config.tokenizer: wordpiece, bpe, sentencepiece
    tokenizer_files: tuple[str, ...]  # what can stand in for tokenizer.json
    token_type: bool = True  # a token-type (segment) embedding is added
    eps_key: str | None = "layer_norm_eps"  # None: the family fixes ε (DistilBERT: 1e-12)
    eps_default: float = 1e-12
    position_offset: Callable[[dict], int] = field(default=lambda data: 0)  # from config.json
    embeddings: str = "embeddings."
    special: tuple[str, str] = ("[CLS]", "[SEP]")  # the tokens around a sentence, for messages

    @property
    def embedding_tensor(self) -> str:
        """The token embedding table, without the prefix: found first, it gives the checkpoint's prefix."""
        return self.embeddings + "word_embeddings.weight"

    def tensor(self, role: str, layer: int) -> str:
        """The module name of `role` in `layer`, without the prefix: encoder.layer.3.attention.self.query"""
        return self.layer.format(l=layer) + self.modules[role]


BERT_MODULES = {
    "Q": "attention.self.query", "K": "attention.self.key", "V": "attention.self.value",
    "O": "attention.output.dense", "ln1": "attention.output.LayerNorm",
    "W_1": "intermediate.dense", "W_2": "output.dense", "ln2": "output.LayerNorm",
}
BERT_SIZES = {"d_model": "hidden_size", "n_heads": "num_attention_heads", "n_layers": "num_hidden_layers",
              "d_ff": "intermediate_size", "vocab": "vocab_size", "positions": "max_position_embeddings"}
BERT_OPTIONS = (
    ("hidden_act", ("gelu", "relu"), "gelu"),
    ("position_embedding_type", ("absolute",), "absolute"),
    ("is_decoder", (False,), False),
    ("add_cross_attention", (False,), False),
)

BERT = Family(
    name="bert", label="BERT", model_types=("bert",), prefixes=("bert.",), sizes=BERT_SIZES,
    layer="encoder.layer.{l}.", modules=BERT_MODULES, activation_key="hidden_act", options=BERT_OPTIONS,
    tokenizer="wordpiece", tokenizer_files=("vocab.txt",),
)


# --- decoder families -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DecoderFamily:
    """A decoder family: its plan and loader are in attntrace.models.<module> (gpt2.py, llama.py); what
    config.json must hold (sizes, options, ε) is checked by the same code as the encoder families'."""

    name: str  # Config.family
    label: str
    model_types: tuple[str, ...]
    prefixes: tuple[str, ...]  # what *ForCausalLM puts before every name: "transformer.", "model."
    sizes: dict[str, str]  # SIZE_FIELDS -> config.json key (GPT-2's d_ff is optional: n_inner or 4·d_model)
    options: tuple[tuple[str, tuple, object], ...]
    embedding_tensor: str  # the token embedding table, without the prefix: found first, it gives the prefix
    module: str  # attntrace.models.<module> has load(folder, data, name, dtype, family) and plan(config, n)
    eps_key: str
    eps_default: float
    tokenizer: str = "bpe"  # byte-level BPE (GPT-2, Qwen2, Llama 3) or SentencePiece BPE (Llama 2, Mistral)
    tokenizer_files: tuple[str, ...] = ()  # what can stand in for tokenizer.json
    special: tuple[str, ...] = ()  # no tokens are put around the text (tokenizer.json's post-processor may)


GPT2 = DecoderFamily(
    name="gpt2", label="GPT-2", model_types=("gpt2",), prefixes=("transformer.",),
    sizes={"d_model": "n_embd", "n_heads": "n_head", "n_layers": "n_layer", "vocab": "vocab_size",
           "positions": "n_positions"},
    options=(("activation_function", ("gelu_new", "gelu_pytorch_tanh", "gelu"), "gelu_new"),
             ("scale_attn_weights", (True,), True), ("scale_attn_by_inverse_layer_idx", (False,), False),
             ("add_cross_attention", (False,), False)),
    embedding_tensor="wte.weight", module="gpt2", eps_key="layer_norm_epsilon", eps_default=1e-5,
    tokenizer_files=("vocab.json", "merges.txt"),
)
LLAMA = DecoderFamily(
    name="llama", label="Llama-style (Llama, Qwen2, Mistral)", model_types=("llama", "qwen2", "mistral"),
    prefixes=("model.",),
    sizes={"d_model": "hidden_size", "n_heads": "num_attention_heads", "n_layers": "num_hidden_layers",
           "d_ff": "intermediate_size", "vocab": "vocab_size", "positions": "max_position_embeddings"},
    options=(("hidden_act", ("silu",), "silu"), ("mlp_bias", (False,), False)),
    embedding_tensor="embed_tokens.weight", module="llama", eps_key="rms_norm_eps", eps_default=1e-6,
)
