"""The model configuration: every number and choice needed to rebuild a trace."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields

from .i18n import Message
from .tokenize import TOKENIZERS as _SPLITTERS

TEXT_TOKENIZERS = tuple(_SPLITTERS)  # for any text (--tokenizer): the splitters attntrace.tokenize has
CHECKPOINT_POSITIONAL = ("learned", "rope")  # a pretrained checkpoint's positions: rows it learned, or rotations
POSITIONAL = ("sinusoidal", "none", *CHECKPOINT_POSITIONAL)
MASKS = ("none", "causal")
# a model's own: a pretrained checkpoint's (wordpiece, bpe, sentencepiece), a built-in model's words (vocab)
CHECKPOINT_TOKENIZERS = ("wordpiece", "bpe", "sentencepiece", "vocab")
TOKENIZERS = (*TEXT_TOKENIZERS, *CHECKPOINT_TOKENIZERS)
ACTIVATIONS = ("relu", "gelu", "gelu_tanh", "silu")  # gelu_tanh: GPT-2's gelu_new; silu: the gate of SwiGLU
# The architecture a trace follows: the seeded encoder, the post-norm encoders (BERT, DistilBERT, RoBERTa,
# XLM-RoBERTa), GPT-2's pre-norm decoder, or a Llama-style decoder (RMSNorm, rotary positions, grouped K/V,
# SwiGLU; also Qwen2 and Mistral).
FAMILIES = ("seeded", "bert", "distilbert", "roberta", "xlm-roberta", "gpt2", "llama")
DECODERS = ("gpt2", "llama")  # pre-norm, causal, a final norm after the last layer
MAX_POSITION_OFFSET = 65536  # RoBERTa's offset is padding_idx + 1, a token id: below any vocabulary size

# Upper bounds on the sizes, so a hostile or mistyped trace file or option ("n_layers": 1000000000,
# --d-model 100000000) is refused with a message instead of hanging or running out of memory. They are
# generous enough for every real BERT-family checkpoint: bert-base 768/12/12/3072, bert-large 1024/24/16/4096,
# Megatron-BERT 3.9B 2560/48/40/10240 (d_model/n_layers/n_heads/d_ff); even an 8192-wide model with
# 256 heads of 32 dimensions and an 8x feed-forward fits. Anything past them is not a model to read by eye.
LIMITS = {"d_model": 8192, "n_heads": 256, "n_layers": 128, "d_ff": 65536}


class ConfigError(Message, ValueError):
    """A configuration that cannot describe a model (a usage error on the command line); see i18n."""


@dataclass(frozen=True)
class Config:
    d_model: int = 4  # as in the textbook example of 4-dimensional word vectors
    n_heads: int = 1
    n_layers: int = 1
    d_ff: int | None = None  # None -> 2 * d_model, small enough to read (the original paper uses 4x)
    seed: int = 0
    positional: str = "sinusoidal"
    mask: str = "none"  # "causal": a token attends only to itself and earlier tokens, as in GPT
    tokenizer: str = "default"
    activation: str = "relu"  # the feed-forward non-linearity; BERT checkpoints use the exact (erf) GELU
    ln_eps: float = 1e-5  # added to the variance in layer normalization so it never divides by zero
    qkv_bias: bool = False  # the seeded encoder has none, so Q = X·W_Q exactly as in the textbook
    embed_norm: bool = False  # BERT normalizes the summed embeddings before layer 0
    model: str | None = None  # name of a pretrained checkpoint, None for the seeded encoder
    family: str = "seeded"  # which plan runs, see FAMILIES
    token_type: bool = True  # with embed_norm: BERT and RoBERTa add a segment row T[segment]; DistilBERT has none
    position_offset: int = 0  # the position row of token i is P[i + offset]; RoBERTa's is padding_idx + 1
    # --- decoder families (GPT-2, Llama-style); the defaults describe the encoders above -------------------
    n_kv_heads: int | None = None  # None -> n_heads; fewer: grouped-query attention, kv head h // (H / H_kv)
    rope_theta: float | None = None  # the rotary base θ (positional "rope" only)
    out_bias: bool | None = None  # b_O; None -> qkv_bias (Qwen2 has q/k/v biases but no b_O)

    def __post_init__(self) -> None:
        if self.d_ff is None:
            object.__setattr__(self, "d_ff", 2 * self.d_model)
        for name in ("d_model", "n_heads", "n_layers", "d_ff"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigError("config.positive", name=name, value=repr(value))
            if value > LIMITS[name]:
                raise ConfigError("config.too_large", name=name, limit=LIMITS[name], value=value)
        if self.d_model % self.n_heads:
            raise ConfigError("config.divisible", d_model=self.d_model, n_heads=self.n_heads)
        if self.n_kv_heads is None:
            object.__setattr__(self, "n_kv_heads", self.n_heads)
        kv = self.n_kv_heads
        if isinstance(kv, bool) or not isinstance(kv, int) or kv < 1:
            raise ConfigError("config.positive", name="n_kv_heads", value=repr(kv))
        if self.n_heads % kv:
            raise ConfigError("config.kv_heads", n_kv_heads=kv, n_heads=self.n_heads)
        if self.out_bias is None:
            object.__setattr__(self, "out_bias", self.qkv_bias)
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or self.seed < 0:
            raise ConfigError("config.seed", value=repr(self.seed))
        for name, allowed in (
            ("positional", POSITIONAL),
            ("mask", MASKS),
            ("tokenizer", TOKENIZERS),
            ("activation", ACTIVATIONS),
            ("family", FAMILIES),
        ):
            if not isinstance(getattr(self, name), str):
                raise ConfigError("config.not_text", name=name, value=repr(getattr(self, name)))
            if getattr(self, name) not in allowed:
                raise ConfigError("config.choice", name=name, allowed=", ".join(allowed),
                                  value=repr(getattr(self, name)))
        # ln_eps only keeps the variance away from zero: a number of 1 or more would swamp it
        eps = self.ln_eps
        if isinstance(eps, bool) or not isinstance(eps, (int, float)) or not (math.isfinite(eps) and 0 < eps < 1):
            raise ConfigError("config.ln_eps", value=repr(eps))
        # a trace file's "qkv_bias": "no" must not count as true (any non-empty string is truthy)
        for name in ("qkv_bias", "embed_norm", "token_type", "out_bias"):
            if not isinstance(getattr(self, name), bool):
                raise ConfigError("config.not_bool", name=name, value=repr(getattr(self, name)))
        if self.model is not None and not (isinstance(self.model, str) and self.model):
            raise ConfigError("config.model", value=repr(self.model))
        off = self.position_offset
        if isinstance(off, bool) or not isinstance(off, int) or not 0 <= off <= MAX_POSITION_OFFSET:
            raise ConfigError("config.position_offset", value=repr(off), limit=MAX_POSITION_OFFSET)
        self._check_family()

    def seeded_conflict(self) -> tuple[str, str] | None:
        """The (field, value) the seeded encoder cannot draw: learned positions, a checkpoint's tokenizer, the
        embedding norm, a pretrained family or a position offset come from a checkpoint. A trace file may hold
        them (verify checks a user's BERT-style trace); only `attntrace.trace` without a model refuses them."""
        if self.model is None:
            for name, values in (("positional", ("learned", "rope")), ("tokenizer", CHECKPOINT_TOKENIZERS),
                                 ("embed_norm", (True,)), ("family", FAMILIES[1:])):
                if getattr(self, name) in values:
                    return name, repr(getattr(self, name))
            if self.position_offset:
                return "position_offset", repr(self.position_offset)
        return None

    def _check_family(self) -> None:
        """What only some families have: grouped K/V and rotary positions belong to the Llama-style plan."""
        if self.n_kv_heads != self.n_heads and self.family != "llama":
            raise ConfigError("config.family_only", name="n_kv_heads", family="llama", found=self.family)
        rope, theta = self.positional == "rope", self.rope_theta
        if rope != (self.family == "llama"):
            raise ConfigError("config.family_only", name="positional='rope'", family="llama", found=self.family)
        if rope and (isinstance(theta, bool) or not isinstance(theta, (int, float)) or not math.isfinite(theta)
                     or theta <= 1):
            raise ConfigError("config.rope_theta", value=repr(theta))
        if not rope and theta is not None:
            raise ConfigError("config.family_only", name="rope_theta", family="llama", found=self.family)
        if self.family in DECODERS and self.mask != "causal":
            raise ConfigError("config.decoder_mask", family=self.family, value=repr(self.mask))

    @property
    def d_head(self) -> int:
        return self.d_model // self.n_heads

    @property
    def group(self) -> int:
        """Query heads per K/V head: query head h reads kv head h // group."""
        return self.n_heads // self.n_kv_heads

    def to_dict(self) -> dict:
        """Every field, except that the pretrained families' fields are left out where they say nothing new
        (the seeded family, token-type rows, no position offset, one K/V head per query head, b_O as qkv_bias),
        so a seeded trace is written as before they existed; from_dict fills them in again."""
        out = asdict(self)
        for name, default in (("family", "seeded"), ("token_type", True), ("position_offset", 0),
                              ("n_kv_heads", self.n_heads), ("rope_theta", None), ("out_bias", self.qkv_bias)):
            if out[name] == default:
                del out[name]
        return out

    @classmethod
    def from_dict(cls, data: dict, required: tuple[str, ...] = ()) -> Config:
        """Build a Config from a dict, rejecting keys it does not know (with their names) and, when
        `required` names fields, a dict that lacks any of them."""
        if not isinstance(data, dict):
            raise ConfigError("config.not_object")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known - {"attntrace_version"})
        if unknown:
            raise ConfigError("config.unknown_keys", keys=", ".join(unknown))
        lacking = [name for name in required if name not in data]
        if lacking:
            raise ConfigError("config.required", names=", ".join(lacking))
        return cls(**{k: v for k, v in data.items() if k in known})


# The fields a trace file must state: every shape follows from them. The others have defaults (the
# dataclass's), which a trace file may leave out.
REQUIRED = ("d_model", "n_heads", "n_layers")
# Which config fields size each axis kind of attntrace.steps, to say which was defaulted when a shape disagrees.
AXIS_FIELDS = {"model": ("d_model",), "head": ("n_heads",), "kv_head": ("n_kv_heads",),
               "head_dim": ("d_model", "n_heads"), "ff": ("d_ff",)}
