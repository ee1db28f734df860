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

import math
import os
import re
import stat
import struct
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

import numpy as np

from ..config import Config, ConfigError
from ..i18n import Message

if TYPE_CHECKING:
    from .builtin import WordModel

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
        type_ids = np.asarray(enc.type_ids, dtype=np.int64)  # (n,)
        types = self.token_type_embeddings.shape[0]
        bad = np.flatnonzero((type_ids < 0) | (type_ids >= types))  # a tokenizer.json's post-processor sets them
        if len(bad):
            i = int(bad[0])
            raise ModelError("model.type_id", id=int(type_ids[i]), token=repr(enc.tokens[i]), types=types)
        return list(enc.tokens), ids, type_ids

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


# --- reading the folder's files: regular files inside the folder, of bounded size ------------------------

JSON_LIMIT = 64 * 2**20  # config.json, the shard index, tokenizer_config.json: a few KB in every real checkpoint
HEADER_LIMIT = 100 * 2**20  # a safetensors header, as the safetensors library itself bounds it


def _regular(path: Path, error: str, /, **fields) -> os.stat_result:
    """os.stat of a file that must be a regular one: opening a FIFO would wait forever for a writer."""
    try:
        info = os.stat(path)
    except OSError as e:
        raise ModelError(error, **fields, reason=e.strerror or str(e)) from None
    if not stat.S_ISREG(info.st_mode):
        raise ModelError(error, **fields, reason=Message("model.not_regular"))
    return info


def _read_json(path: Path, error: str, /, **fields):
    """A small JSON file of the checkpoint, read with attntrace's bounds (long numbers, deep nesting)."""
    from ..jsonread import loads

    if _regular(path, error, **fields).st_size > JSON_LIMIT:
        raise ModelError(error, **fields, reason=Message("model.file_too_big", limit=JSON_LIMIT // 2**20))
    try:
        return loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as e:  # JSONDecodeError and JsonLimitError are ValueErrors
        raise ModelError(error, **fields, reason=str(e)) from None


SIZE_FIELDS = ("hidden_size", "num_attention_heads", "num_hidden_layers", "intermediate_size", "vocab_size",
               "max_position_embeddings")


def _short_repr(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _read_config(folder: Path) -> dict:
    path = folder / "config.json"
    if not path.exists():
        raise ModelError("model.no_config", path=str(folder), found=_listing(folder))
    data = _read_json(path, "model.bad_config", path=str(path))
    if not isinstance(data, dict):
        raise ModelError("model.bad_config", path=str(path), reason=Message("model.not_object"))
    architectures = data.get("architectures", [])
    if not (isinstance(architectures, list) and all(isinstance(a, str) for a in architectures)):
        raise ModelError("model.config_type", path=str(path), field="architectures",
                         expected=Message("model.expect.names"), found=_short_repr(architectures))
    found = data.get("model_type")
    if not isinstance(found, str) or found not in SUPPORTED_TYPES:
        raise ModelError("model.architecture", path=str(path), found=_short_repr(found),
                         architectures=", ".join(architectures) or "-")
    for key, allowed, default in (
        ("hidden_act", ("gelu",), "gelu"),
        ("position_embedding_type", ("absolute",), "absolute"),
        ("is_decoder", (False,), False),
    ):
        value = data.get(key, default)
        if not any(type(value) is type(a) and value == a for a in allowed):  # 0 is not False
            raise ModelError("model.unsupported", path=str(path), field=key, found=_short_repr(value),
                             supported=" or ".join(map(repr, allowed)))
    for key in SIZE_FIELDS:
        if key not in data:
            raise ModelError("model.config_field", path=str(path), field=key)
    for key in (*SIZE_FIELDS, "type_vocab_size"):
        value = data.get(key, 2)  # type_vocab_size: BERT's two segments when not given
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ModelError("model.config_type", path=str(path), field=key,
                             expected=Message("model.expect.positive"), found=_short_repr(value))
    eps = data.get("layer_norm_eps", 1e-12)
    if isinstance(eps, bool) or not isinstance(eps, (int, float)) or not (math.isfinite(eps) and 0 < eps < 1):
        raise ModelError("model.config_type", path=str(path), field="layer_norm_eps",
                         expected=Message("model.expect.eps"), found=_short_repr(eps))
    return data


def _config(data: dict, name: str, path: Path) -> Config:
    try:
        return Config(d_model=data["hidden_size"], n_heads=data["num_attention_heads"],
                      n_layers=data["num_hidden_layers"], d_ff=data["intermediate_size"],
                      positional="learned", tokenizer="wordpiece", activation="gelu",
                      ln_eps=float(data.get("layer_norm_eps", 1e-12)), qkv_bias=True, embed_norm=True, model=name)
    except (ConfigError, TypeError, ValueError) as e:
        raise ModelError("model.bad_config", path=str(path / "config.json"), reason=str(e)) from None


# --- safetensors, checked by our own code before the library sees a file --------------------------------

DTYPE_BYTES = {"BOOL": 1, "U8": 1, "I8": 1, "F8_E5M2": 1, "F8_E4M3": 1, "I16": 2, "U16": 2, "F16": 2, "BF16": 2,
               "I32": 4, "U32": 4, "F32": 4, "I64": 8, "U64": 8, "F64": 8}


def check_safetensors(path: Path) -> None:
    """Read and check a safetensors header: its length, its JSON, and that every tensor's dtype, shape and
    byte range agree and lie inside the file. The library trusts the header, and a tensor claiming 32 GB in
    a small file makes its Rust code panic (an error Python's `except Exception` does not catch)."""
    from ..jsonread import loads

    def bad(key: str, **fields) -> ModelError:
        return ModelError("model.bad_weights", file=str(path), reason=Message(key, **fields))

    size = _regular(path, "model.bad_weights", file=str(path)).st_size
    try:
        with open(path, "rb") as f:
            prefix = f.read(8)
            if len(prefix) < 8:
                raise bad("model.st.short")
            (n,) = struct.unpack("<Q", prefix)  # the header's length, a little-endian u64
            if n > min(HEADER_LIMIT, size - 8):
                raise bad("model.st.header_size", n=n, size=size)
            header = loads(f.read(n).decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as e:
        if isinstance(e, ModelError):
            raise
        raise ModelError("model.bad_weights", file=str(path), reason=str(e)) from None
    if not isinstance(header, dict):
        raise bad("model.not_object")
    data_bytes = size - 8 - n
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if not (isinstance(entry, dict) and entry.get("dtype") in DTYPE_BYTES and isinstance(entry.get("shape"), list)
                and all(isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in entry["shape"])
                and isinstance(entry.get("data_offsets"), list) and len(entry["data_offsets"]) == 2
                and all(isinstance(o, int) and not isinstance(o, bool) for o in entry["data_offsets"])):
            raise bad("model.st.entry", name=_short_repr(name))
        begin, end = entry["data_offsets"]
        needed = math.prod(entry["shape"]) * DTYPE_BYTES[entry["dtype"]]
        if not 0 <= begin <= end <= data_bytes or end - begin != needed:
            raise bad("model.st.range", name=_short_repr(name), needed=needed, begin=begin, end=end, size=data_bytes)


def _library_error(e: BaseException) -> bool:
    """An error from the Rust libraries: any Exception, or pyo3's PanicException, which is a BaseException."""
    return isinstance(e, Exception) or type(e).__name__ == "PanicException"


def _shard(folder: Path, index: Path, name) -> Path:
    """A file the index names: a plain relative path inside the folder (never ../ or absolute), regular."""
    if not isinstance(name, str) or not name or "\0" in name:
        raise ModelError("model.bad_weights", file=str(index),
                         reason=Message("model.shard_name", name=_short_repr(name)))
    pure = PurePath(name)
    if pure.is_absolute() or pure.anchor or ".." in pure.parts or "\\" in name:
        raise ModelError("model.bad_weights", file=str(index),
                         reason=Message("model.shard_outside", name=_short_repr(name)))
    return folder / pure


class _Tensors:
    """The tensors of one checkpoint, read lazily from one or more safetensors files."""

    def __init__(self, folder: Path) -> None:
        from safetensors import safe_open

        single, index = folder / WEIGHTS, folder / WEIGHTS_INDEX
        if single.exists():
            files = [single]
        elif index.exists():
            data = _read_json(index, "model.bad_weights", file=str(index))
            weight_map = data.get("weight_map") if isinstance(data, dict) else None
            if not isinstance(weight_map, dict) or not weight_map:
                raise ModelError("model.bad_weights", file=str(index), reason=Message("model.no_weight_map"))
            names = list(dict.fromkeys(weight_map.values()))
            files = [_shard(folder, index, name) for name in sorted(names, key=str)]
        else:
            pickled = [p for p in PICKLED if (folder / p).exists()]
            if pickled:
                raise ModelError("model.pickle_only", path=str(folder), file=pickled[0])
            raise ModelError("model.no_weights", path=str(folder), found=_listing(folder))
        self.where: dict[str, tuple[Path, object]] = {}
        for f in files:
            check_safetensors(f)
            try:
                handle = safe_open(str(f), framework="numpy")
            except BaseException as e:  # safetensors raises its own error types for a damaged header
                if not _library_error(e):
                    raise
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
                except BaseException as e:  # a file cut short, a dtype numpy cannot hold
                    if not _library_error(e):
                        raise
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


# the tokenizer_config.json fields attntrace uses, and the types each may have
_SETTINGS = {"unk_token": (str,), "cls_token": (str,), "sep_token": (str,), "do_lower_case": (bool,),
             "strip_accents": (bool, type(None)), "tokenize_chinese_chars": (bool,)}


def _tokenizer_settings(path: Path) -> dict:
    settings = _read_json(path, "model.bad_tokenizer", file=str(path))
    if not isinstance(settings, dict):
        raise ModelError("model.bad_tokenizer", file=str(path), reason=Message("model.not_object"))
    for key, types in _SETTINGS.items():
        if key in settings and not (type(settings[key]) in types and settings[key] != ""):
            raise ModelError("model.bad_tokenizer", file=str(path), reason=Message(
                "model.setting_type", field=key, found=_short_repr(settings[key])))
    return settings


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
        if settings_path.exists():
            settings = _tokenizer_settings(settings_path)
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


def load(path: str | Path) -> Checkpoint | WordModel:
    """Load a local BERT-family checkpoint folder, or a built-in model by name (see attntrace.models.builtin:
    "it-demo"; write ./it-demo for a folder of that name). Raises ModelError saying what is wrong with it."""
    from .builtin import is_builtin, load_builtin

    if is_builtin(path):
        return load_builtin(path)
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


def trace_model(text: str, model: str | Path | Checkpoint):
    """Tokenize `text` with the checkpoint's tokenizer, run attntrace's encoder with its weights and
    record every step. `model` is a checkpoint folder or a Checkpoint from `load` (load once, trace many),
    or a built-in model's name ("it-demo").

    >>> t = trace_model("The animal didn't cross the street because it was too tired.", "all-MiniLM-L6-v2")
    >>> t.tokens[:3]
    ['[CLS]', 'the', 'animal']
    """
    from ..api import build_trace
    from ..encoder import check_trace_size, forward
    from .builtin import WordModel, is_builtin, trace_builtin

    if isinstance(model, WordModel) or is_builtin(model):
        return trace_builtin(text, model)
    ckpt = model if isinstance(model, Checkpoint) else load(model)
    tokens, params = ckpt.inputs(text)
    check_trace_size(ckpt.config, len(tokens))  # before any step is computed
    with np.errstate(all="ignore"):  # weights too large overflow to inf/NaN: kept in the trace, which says so
        values = forward(ckpt.config, len(tokens), params)
    return build_trace(text, tokens, ckpt.config, values)
