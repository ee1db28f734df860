"""A local Hugging Face BERT-family checkpoint, mapped onto attntrace's step names.

A checkpoint folder holds `config.json` (the sizes), `model.safetensors` (the weights) and
`tokenizer.json` or `vocab.txt` (the WordPiece vocabulary). Nothing is fetched from the network, and
weights are read from safetensors only: a `pytorch_model.bin` is a pickle, and unpickling a file can run
any code inside it.

The weights become the parameters of the same encoder plan the seeded model runs (`encoder.plan` with
`embed_norm`, `qkv_bias` and the exact GELU), so every step keeps its name:

    embeddings.word_embeddings[ids]          -> embed.token        (n, D)  the rows of this input only
    embeddings.position_embeddings[0..n-1]   -> embed.position     (n, D)
    embeddings.token_type_embeddings[types]  -> embed.token_type   (n, D)
    embeddings.LayerNorm                     -> embed.ln.gamma/beta, X = LayerNorm(embed.sum)
    encoder.layer.{l}.attention.self.query   -> blocks.{l}.attn.W_Q (H, D, d), b_Q (H, d); key, value alike
    encoder.layer.{l}.attention.output.dense -> blocks.{l}.attn.W_O (H, d, D), b_O (D,)
    encoder.layer.{l}.attention.output.LayerNorm -> blocks.{l}.ln1
    encoder.layer.{l}.intermediate.dense     -> blocks.{l}.ffn.W_1 (D, F), b_1 (F,)
    encoder.layer.{l}.output.dense           -> blocks.{l}.ffn.W_2 (F, D), b_2 (D,)
    encoder.layer.{l}.output.LayerNorm       -> blocks.{l}.ln2

PyTorch's Linear stores its weight as (out, in) and computes x·Wᵀ + b, so each weight is transposed
before it is split into heads. Shapes: n tokens, D = hidden_size, H heads, d = D / H, F = intermediate_size.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..config import Config, ConfigError
from ..i18n import Message

SUPPORTED_TYPES = ("bert",)
WEIGHTS = "model.safetensors"
WEIGHTS_INDEX = "model.safetensors.index.json"  # a checkpoint sharded over several safetensors files
PICKLED = ("pytorch_model.bin", "pytorch_model.bin.index.json", "tf_model.h5", "flax_model.msgpack")
_GENERIC_FOLDER = re.compile(r"^(model|checkpoint|[0-9a-f]{40})$")  # names that say nothing of the model


class ModelError(Message, ValueError):
    """A folder that is not a checkpoint attntrace can load; the message says what was found (see i18n)."""


class MissingDependency(ModelError):
    """safetensors or tokenizers is not installed."""


class TextTooLong(ModelError):
    """More tokens than the checkpoint has positions for."""


@dataclass(frozen=True)
class Checkpoint:
    """A loaded checkpoint: its Config, its layer weights by step name and its embedding tables."""

    name: str
    path: Path
    config: Config
    params: dict[str, np.ndarray]  # every blocks.* and embed.ln.* parameter, float64, by step name
    word_embeddings: np.ndarray  # (vocab, D), as stored
    position_embeddings: np.ndarray  # (max_positions, D)
    token_type_embeddings: np.ndarray  # (type_vocab, D)
    tokenizer: object  # a tokenizers.Tokenizer without padding or truncation

    @property
    def max_tokens(self) -> int:
        return self.position_embeddings.shape[0]

    def encode(self, text: str) -> tuple[list[str], np.ndarray, np.ndarray]:
        """WordPiece tokens as the model sees them ([CLS] … [SEP]), their ids and their segment ids."""
        from ..tokenize import EmptyTextError

        if not text.strip():
            raise EmptyTextError("error.empty_text")
        enc = self.tokenizer.encode(text)
        ids = np.asarray(enc.ids, dtype=np.int64)  # (n,)
        if len(ids) > self.max_tokens:
            raise TextTooLong("model.too_long", n=len(ids), model=self.name, max=self.max_tokens)
        vocab = self.word_embeddings.shape[0]
        bad = np.flatnonzero((ids < 0) | (ids >= vocab))
        if len(bad):
            i = int(bad[0])
            raise ModelError("model.token_id", id=int(ids[i]), token=repr(enc.tokens[i]), vocab=vocab)
        return list(enc.tokens), ids, np.asarray(enc.type_ids, dtype=np.int64)

    def embed(self, ids: np.ndarray, type_ids: np.ndarray) -> dict[str, np.ndarray]:
        """The embedding rows of one input, by step name: only these n rows enter the trace."""
        n = len(ids)
        return {
            "embed.token": self.word_embeddings[ids].astype(np.float64),  # (vocab, D)[ids] -> (n, D)
            "embed.position": self.position_embeddings[:n].astype(np.float64),  # (n, D)
            "embed.token_type": self.token_type_embeddings[type_ids].astype(np.float64),  # (n, D)
        }

    def inputs(self, text: str) -> tuple[list[str], dict[str, np.ndarray]]:
        """Tokens and every parameter the encoder plan needs for `text`."""
        tokens, ids, type_ids = self.encode(text)
        params = dict(self.params)
        params.update(self.embed(ids, type_ids))
        return tokens, params


# --- loading --------------------------------------------------------------------------------------------


def _require():
    """The optional dependencies, imported only when a model is loaded."""
    try:
        import safetensors  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError as e:
        raise MissingDependency("model.install", missing=e.name or "safetensors/tokenizers") from None


def _listing(folder: Path) -> str:
    names = sorted(p.name + ("/" if p.is_dir() else "") for p in folder.iterdir())
    if not names:
        return "-"
    return ", ".join(names[:12]) + (", …" if len(names) > 12 else "")


def model_name(folder: Path) -> str:
    """A readable name: the folder's, or its parent's when the folder is called `model` or is a hash
    (as in a Hugging Face cache, models--org--name/snapshots/<hash>)."""
    folder = folder.resolve()
    for part in (folder, *folder.parents):
        if not _GENERIC_FOLDER.match(part.name) and part.name not in ("snapshots", ""):
            name = part.name
            return name.removeprefix("models--").replace("--", "/") if name.startswith("models--") else name
    return folder.name


def _read_config(folder: Path) -> dict:
    path = folder / "config.json"
    if not path.is_file():
        raise ModelError("model.no_config", path=str(folder), found=_listing(folder))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ModelError("model.bad_config", path=str(path), reason=str(e)) from None
    if not isinstance(data, dict):
        raise ModelError("model.bad_config", path=str(path), reason="the top level is not an object")
    found = data.get("model_type")
    if found not in SUPPORTED_TYPES:
        raise ModelError("model.architecture", path=str(path), found=repr(found),
                         architectures=", ".join(data.get("architectures") or []) or "-")
    for key, allowed, default in (
        ("hidden_act", ("gelu",), "gelu"),
        ("position_embedding_type", ("absolute",), "absolute"),
        ("is_decoder", (False,), False),
    ):
        if data.get(key, default) not in allowed:
            raise ModelError("model.unsupported", path=str(path), field=key, found=repr(data[key]),
                             supported=" or ".join(map(repr, allowed)))
    for key in ("hidden_size", "num_attention_heads", "num_hidden_layers", "intermediate_size", "vocab_size",
                "max_position_embeddings"):
        if key not in data:
            raise ModelError("model.config_field", path=str(path), field=key)
    return data


def _config(data: dict, name: str, path: Path) -> Config:
    try:
        return Config(d_model=data["hidden_size"], n_heads=data["num_attention_heads"],
                      n_layers=data["num_hidden_layers"], d_ff=data["intermediate_size"],
                      positional="learned", tokenizer="wordpiece", activation="gelu",
                      ln_eps=float(data.get("layer_norm_eps", 1e-12)), qkv_bias=True, embed_norm=True, model=name,
                      family="bert")
    except (ConfigError, TypeError, ValueError) as e:
        raise ModelError("model.bad_config", path=str(path / "config.json"), reason=str(e)) from None


def weight_files(folder: Path) -> list[Path]:
    """The safetensors files of a checkpoint folder: model.safetensors, or the shards its index names."""
    single, index = folder / WEIGHTS, folder / WEIGHTS_INDEX
    if single.is_file():
        return [single]
    if index.is_file():
        try:
            weight_map = json.loads(index.read_text(encoding="utf-8"))["weight_map"]
            return [folder / f for f in sorted(set(weight_map.values()))]
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
            raise ModelError("model.bad_weights", file=str(index), reason=repr(e)) from None
    pickled = [p for p in PICKLED if (folder / p).exists()]
    if pickled:
        raise ModelError("model.pickle_only", path=str(folder), file=pickled[0])
    raise ModelError("model.no_weights", path=str(folder), found=_listing(folder))


class _Tensors:
    """The tensors of one checkpoint, read lazily from one or more safetensors files."""

    def __init__(self, folder: Path) -> None:
        from safetensors import safe_open

        files = weight_files(folder)
        self.where: dict[str, tuple[Path, object]] = {}
        for f in files:
            try:
                handle = safe_open(str(f), framework="numpy")
            except Exception as e:  # safetensors raises its own error types for a damaged header
                raise ModelError("model.bad_weights", file=str(f), reason=str(e) or type(e).__name__) from None
            for key in handle.keys():  # noqa: SIM118 (a safe_open handle is not a dict)
                self.where[key] = (f, handle)
        self.file = files[0] if len(files) == 1 else folder / WEIGHTS_INDEX
        # BertModel saves "embeddings.…", BertForMaskedLM and friends "bert.embeddings.…"
        suffix = "embeddings.word_embeddings.weight"
        found = [k for k in self.where if k == suffix or k.endswith("." + suffix)]
        self.prefix = min(found, key=len)[: -len(suffix)] if found else ""

    def get(self, name: str, shape: tuple[int, ...], step: str) -> np.ndarray:
        """The tensor `name` (LayerNorm's weight/bias are gamma/beta in older checkpoints), checked for shape."""
        candidates = [name]
        if name.endswith("LayerNorm.weight"):
            candidates.append(name[: -len("weight")] + "gamma")
        elif name.endswith("LayerNorm.bias"):
            candidates.append(name[: -len("bias")] + "beta")
        for key in (self.prefix + c for c in candidates):
            if key in self.where:
                f, handle = self.where[key]
                try:
                    value = handle.get_tensor(key)
                except Exception as e:  # a file cut short, a dtype numpy cannot hold
                    raise ModelError("model.bad_weights", file=str(f), reason=str(e) or type(e).__name__) from None
                if tuple(value.shape) != shape:
                    raise ModelError("model.tensor_shape", file=str(f), name=key, expected=list(shape),
                                     found=list(value.shape))
                if value.dtype.kind != "f":
                    raise ModelError("model.bad_weights", file=str(f), reason=f"{key} holds {value.dtype}, not floats")
                bad = np.argwhere(~np.isfinite(value))  # NaN or inf: every number after it would be NaN
                if len(bad):
                    raise ModelError("model.not_finite", file=str(f), name=key, count=len(bad),
                                     index=list(map(int, bad[0])), value=str(value[tuple(bad[0])]))
                return value
        raise ModelError("model.tensor_missing", file=str(self.file), name=self.prefix + name, step=step)


def _split_heads_in(W: np.ndarray, H: int) -> np.ndarray:
    """A Linear weight (D_out, D_in) as per-head projections: Wᵀ split by columns."""
    D_out, D_in = W.shape
    return W.T.reshape(D_in, H, D_out // H).transpose(1, 0, 2)  # (D_out, D_in) -> (D_in, D_out) -> (H, D_in, d)


def _weights(tensors: _Tensors, config: Config, data: dict) -> tuple[dict[str, np.ndarray], tuple[np.ndarray, ...]]:
    D, H, F = config.d_model, config.n_heads, config.d_ff
    d = D // H

    def get(name: str, shape: tuple[int, ...], step: str) -> np.ndarray:
        return tensors.get(name, shape, step)

    def f64(a: np.ndarray) -> np.ndarray:
        return np.asarray(a, dtype=np.float64)

    e = "embeddings."
    tables = (
        get(e + "word_embeddings.weight", (data["vocab_size"], D), "embed.token"),
        get(e + "position_embeddings.weight", (data["max_position_embeddings"], D), "embed.position"),
        get(e + "token_type_embeddings.weight", (data.get("type_vocab_size", 2), D), "embed.token_type"),
    )
    params = {
        "embed.ln.gamma": f64(get(e + "LayerNorm.weight", (D,), "embed.ln.gamma")),
        "embed.ln.beta": f64(get(e + "LayerNorm.bias", (D,), "embed.ln.beta")),
    }
    for layer in range(config.n_layers):
        src, p = f"encoder.layer.{layer}.", f"blocks.{layer}."
        for hf, t in (("query", "Q"), ("key", "K"), ("value", "V")):
            W = get(f"{src}attention.self.{hf}.weight", (D, D), f"{p}attn.W_{t}")
            b = get(f"{src}attention.self.{hf}.bias", (D,), f"{p}attn.b_{t}")
            params[f"{p}attn.W_{t}"] = f64(_split_heads_in(W, H))  # (H, D, d)
            params[f"{p}attn.b_{t}"] = f64(b).reshape(H, d)  # (D,) -> (H, d)
        W_O = get(f"{src}attention.output.dense.weight", (D, D), f"{p}attn.W_O")
        params[f"{p}attn.W_O"] = f64(W_O).T.reshape(H, d, D)  # (D_out, H·d) -> (H·d, D) -> (H, d, D)
        params[f"{p}attn.b_O"] = f64(get(f"{src}attention.output.dense.bias", (D,), f"{p}attn.b_O"))
        params[f"{p}ln1.gamma"] = f64(get(f"{src}attention.output.LayerNorm.weight", (D,), f"{p}ln1.gamma"))
        params[f"{p}ln1.beta"] = f64(get(f"{src}attention.output.LayerNorm.bias", (D,), f"{p}ln1.beta"))
        params[f"{p}ffn.W_1"] = f64(get(f"{src}intermediate.dense.weight", (F, D), f"{p}ffn.W_1")).T  # (D, F)
        params[f"{p}ffn.b_1"] = f64(get(f"{src}intermediate.dense.bias", (F,), f"{p}ffn.b_1"))
        params[f"{p}ffn.W_2"] = f64(get(f"{src}output.dense.weight", (D, F), f"{p}ffn.W_2")).T  # (F, D)
        params[f"{p}ffn.b_2"] = f64(get(f"{src}output.dense.bias", (D,), f"{p}ffn.b_2"))
        params[f"{p}ln2.gamma"] = f64(get(f"{src}output.LayerNorm.weight", (D,), f"{p}ln2.gamma"))
        params[f"{p}ln2.beta"] = f64(get(f"{src}output.LayerNorm.bias", (D,), f"{p}ln2.beta"))
    # contiguous copies: a transposed view would make every matmul of the forward pass stride through memory
    return {k: np.ascontiguousarray(v) for k, v in params.items()}, tables


def _tokenizer(folder: Path):
    """The checkpoint's tokenizer, with padding and truncation off: attntrace shows the tokens as they are."""
    from tokenizers import Tokenizer, normalizers, pre_tokenizers, processors
    from tokenizers.models import WordPiece

    tok_json, vocab = folder / "tokenizer.json", folder / "vocab.txt"
    if tok_json.is_file():
        try:
            tok = Tokenizer.from_file(str(tok_json))
        except Exception as e:  # tokenizers raises a plain Exception for a malformed file
            raise ModelError("model.bad_tokenizer", file=str(tok_json), reason=str(e)) from None
    elif vocab.is_file():
        settings = {}
        settings_path = folder / "tokenizer_config.json"
        if settings_path.is_file():
            try:
                settings = json.loads(settings_path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
                raise ModelError("model.bad_tokenizer", file=str(settings_path), reason=str(e)) from None
        try:
            tok = Tokenizer(WordPiece.from_file(str(vocab), unk_token=settings.get("unk_token", "[UNK]")))
        except Exception as e:
            raise ModelError("model.bad_tokenizer", file=str(vocab), reason=str(e)) from None
        lower = bool(settings.get("do_lower_case", True))  # BertTokenizer's default: uncased
        tok.normalizer = normalizers.BertNormalizer(
            lowercase=lower, strip_accents=settings.get("strip_accents"),
            handle_chinese_chars=bool(settings.get("tokenize_chinese_chars", True)))
        tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
        cls, sep = settings.get("cls_token", "[CLS]"), settings.get("sep_token", "[SEP]")
        ids = {s: tok.token_to_id(s) for s in (cls, sep)}
        missing = [s for s, i in ids.items() if i is None]
        if missing:
            raise ModelError("model.bad_tokenizer", file=str(vocab), reason=f"no {missing[0]} in the vocabulary")
        tok.post_processor = processors.TemplateProcessing(
            single=f"{cls} $A {sep}", pair=f"{cls} $A {sep} $B:1 {sep}:1", special_tokens=list(ids.items()))
    else:
        raise ModelError("model.no_tokenizer", path=str(folder), found=_listing(folder))
    tok.no_padding()
    tok.no_truncation()
    return tok


def load(path: str | Path) -> Checkpoint:
    """Load a local BERT-family checkpoint folder. Raises ModelError saying what is wrong with it."""
    folder = Path(path)
    if not folder.exists():
        raise ModelError("model.missing", path=str(path))
    if not folder.is_dir():
        raise ModelError("model.not_dir", path=str(path))
    _require()
    data = _read_config(folder)
    name = model_name(folder)
    config = _config(data, name, folder)
    tensors = _Tensors(folder)
    params, tables = _weights(tensors, config, data)
    tokenizer = _tokenizer(folder)
    return Checkpoint(name, folder, config, params, *tables, tokenizer=tokenizer)
