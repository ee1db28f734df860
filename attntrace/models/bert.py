"""Local Hugging Face encoder checkpoints (BERT, DistilBERT, RoBERTa, XLM-RoBERTa), mapped onto
attntrace's step names.

A checkpoint folder holds `config.json` (the sizes), `model.safetensors` (the weights) and
`tokenizer.json` or the family's vocabulary files (`vocab.txt`; RoBERTa's `vocab.json` and `merges.txt`).
Nothing is fetched from the network, and weights are read from safetensors only: a `pytorch_model.bin` is
a pickle, and unpickling a file can run any code inside it.

The weights become the parameters of the same encoder plan the seeded model runs (`models.plan.plan` with
`embed_norm`, `qkv_bias` and GELU), so every step keeps its name. For BERT (the other families' tables,
in attntrace/models/distilbert.py and roberta.py, differ only in names, the token type and the position
offset):

    embeddings.word_embeddings[ids]          -> embed.token        (n, D)  the rows of this input only
    embeddings.position_embeddings[0..n-1]   -> embed.position     (n, D)  RoBERTa: rows offset … offset+n−1
    embeddings.token_type_embeddings[types]  -> embed.token_type   (n, D)  DistilBERT: none
    embeddings.LayerNorm                     -> embed.ln.gamma/beta, X = LayerNorm(embed.sum)
    encoder.layer.{l}.attention.self.query   -> blocks.{l}.attn.W_Q (H, D, d), b_Q (H, d); key, value alike
    encoder.layer.{l}.attention.output.dense -> blocks.{l}.attn.W_O (H, d, D), b_O (D,)
    encoder.layer.{l}.attention.output.LayerNorm -> blocks.{l}.ln1
    encoder.layer.{l}.intermediate.dense     -> blocks.{l}.ffn.W_1 (D, F), b_1 (F,)
    encoder.layer.{l}.output.dense           -> blocks.{l}.ffn.W_2 (F, D), b_2 (D,)
    encoder.layer.{l}.output.LayerNorm       -> blocks.{l}.ln2

PyTorch's Linear stores its weight as (out, in) and computes x·Wᵀ + b, so each weight is transposed
before it is split into heads. Weights stored in float32, float16 or bfloat16 are widened exactly
(attntrace/models/tensors.py) to the dtype of the computation: float64 by default, float32 on request.
Shapes: n tokens, D = hidden_size, H heads, d = D / H, F = intermediate_size.
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
from ..i18n import Message, os_reason
from .distilbert import DISTILBERT
from .errors import MissingDependency, ModelError, TextTooLong
from .family import BERT, GPT2, LLAMA, DecoderFamily, Family, shown_label
from .roberta import ROBERTA, XLM_ROBERTA
from .tensors import COMPUTE, SafetensorsError, Stored, as_float, first_nonfinite, read_header

if TYPE_CHECKING:
    from .builtin import WordModel

# by model_type; the decoders' plans and loaders are in gpt2.py and llama.py
FAMILIES = {t: f for f in (BERT, DISTILBERT, ROBERTA, XLM_ROBERTA, GPT2, LLAMA) for t in f.model_types}
SUPPORTED_TYPES = tuple(FAMILIES)
WEIGHTS = "model.safetensors"
WEIGHTS_INDEX = "model.safetensors.index.json"  # a checkpoint sharded over several safetensors files
PICKLED = ("pytorch_model.bin", "pytorch_model.bin.index.json", "tf_model.h5", "flax_model.msgpack")
_GENERIC_FOLDER = re.compile(r"^(model|checkpoint|[0-9a-f]{40})$")  # names that say nothing of the model
_REMOTE_NAME = re.compile(r"^[A-Za-z0-9][\w.-]*(/[\w.-]+)?$")  # org/name (or an old bare name) on the Hub
# Models whose vocabulary covers most scripts, suggested when a text becomes unknown tokens
WIDE_VOCABULARIES = (("xlm-roberta", "XLM-RoBERTa (xlm-roberta-base)"), ("qwen2", "Qwen2 (Qwen/Qwen2-0.5B)"))


@dataclass(frozen=True)
class Checkpoint:
    """A loaded checkpoint: its Config, its layer weights by step name and its embedding tables."""

    name: str
    path: Path
    config: Config
    params: dict[str, np.ndarray]  # every blocks.* and embed.ln.* parameter, in `dtype`, by step name
    word_embeddings: Stored  # (vocab, D), as stored: only the rows of an input are converted
    position_embeddings: Stored | None  # (max_positions, D); None with rotary positions (Llama-style)
    token_type_embeddings: Stored | None  # (type_vocab, D); None for DistilBERT
    tokenizer: object  # a tokenizers.Tokenizer without padding or truncation
    dtype: str = "float64"  # what the forward pass computes in
    pad_id: int | None = None  # RoBERTa's padding_idx: a position is counted only for other tokens

    @property
    def family(self) -> Family | DecoderFamily:
        return next(f for f in FAMILIES.values() if f.name == self.config.family)

    @property
    def max_tokens(self) -> int:
        return self.position_embeddings.shape[0] - self.config.position_offset

    def encode(self, text: str) -> tuple[list[str], np.ndarray, np.ndarray]:
        """The tokens as the model sees them ([CLS] … [SEP], <s> … </s>), their ids and their segment ids."""
        tokens, ids, type_ids, _ = self._encode(text)
        return tokens, ids, type_ids

    def _encode(self, text: str):
        from ..tokenize import EmptyTextError

        if not text.strip():
            raise EmptyTextError("error.empty_text")
        enc = self.tokenizer.encode(text)
        ids = np.asarray(enc.ids, dtype=np.int64)  # (n,)
        self._check_length(len(ids))
        vocab = self.word_embeddings.shape[0]
        bad = np.flatnonzero((ids < 0) | (ids >= vocab))
        if len(bad):
            i = int(bad[0])
            raise ModelError("model.token_id", id=int(ids[i]), token=repr(enc.tokens[i]), vocab=vocab)
        type_ids = np.asarray(enc.type_ids, dtype=np.int64)  # (n,)
        if self.token_type_embeddings is not None:
            types = self.token_type_embeddings.shape[0]
            bad = np.flatnonzero((type_ids < 0) | (type_ids >= types))  # a tokenizer.json's post-processor sets them
            if len(bad):
                i = int(bad[0])
                raise ModelError("model.type_id", id=int(type_ids[i]), token=repr(enc.tokens[i]), types=types)
        if self.pad_id is not None and (ids == self.pad_id).any():  # the model would skip its position
            raise ModelError("model.pad_in_text", token=enc.tokens[int(np.flatnonzero(ids == self.pad_id)[0])],
                             model=self.name)
        # each token as the vocabulary names its id, as transformers' convert_ids_to_tokens does: a Unigram
        # tokenizer (XLM-R) keeps an unknown piece's own text in enc.tokens, but the model sees <unk>
        tokens = [self.tokenizer.id_to_token(int(i)) for i in ids]
        return tokens, ids, type_ids, enc

    def _check_length(self, n: int) -> None:
        if n > self.max_tokens:
            first, last = self.family.special
            raise TextTooLong("model.too_long", n=n, model=self.name, max=self.max_tokens, first=first, last=last)

    def embed(self, ids: np.ndarray, type_ids: np.ndarray) -> dict[str, np.ndarray]:
        """The embedding rows of one input, by step name: only these rows enter the trace."""
        n, off, dtype = len(ids), self.config.position_offset, COMPUTE[self.dtype]

        def rows(table: Stored, index) -> np.ndarray:
            return as_float(table.raw()[index], table.dtype, dtype)

        out = {"embed.token": rows(self.word_embeddings, ids)}  # (vocab, D)[ids] -> (n, D)
        table = self.position_embeddings  # None with rotary positions: they enter inside attention
        if table is not None and off:  # the table's first rows too, so that the offset can be checked
            out["embed.position_table"] = rows(table, slice(0, off + n))  # (off + n, D)
        elif table is not None:
            out["embed.position"] = rows(table, slice(0, n))  # (n, D)
        if self.token_type_embeddings is not None:
            out["embed.token_type"] = rows(self.token_type_embeddings, type_ids)  # (n, D)
        return out

    def inputs(self, text: str) -> tuple[list[str], dict[str, np.ndarray]]:
        """Tokens and every parameter the encoder plan needs for `text`."""
        tokens, ids, type_ids = self.encode(text)
        params = dict(self.params)
        params.update(self.embed(ids, type_ids))
        return tokens, params

    def unknown(self, text: str) -> Message | None:
        """A warning when the vocabulary turns part of `text` into the unknown token: how much, which
        characters, and which models cover them. None when every character has a token of its own."""
        tokens, ids, _, enc = self._encode(text)
        unk = self.unk_token
        if unk is None:
            return None
        unk_id = self.tokenizer.token_to_id(unk)
        spans = [enc.offsets[i] for i, id_ in enumerate(ids) if id_ == unk_id]
        if not spans:
            return None
        chars = "".join(text[a:b] for a, b in spans)
        seen = "".join(dict.fromkeys(c for c in chars if not c.isspace()))
        share = len([c for c in chars if not c.isspace()]) / max(1, len([c for c in text if not c.isspace()]))
        return Message("model.unknown_tokens", count=len(spans), n=len(tokens), unk=unk, chars=seen[:40],
                       share=f"{share:.0%}", model=self.name,
                       others=", ".join(text for family, text in WIDE_VOCABULARIES if family != self.config.family))

    @property
    def unk_token(self) -> str | None:
        """The vocabulary's unknown token: WordPiece and BPE name theirs; a Unigram model (XLM-R) keeps only
        an id, so the usual names are tried. None when the vocabulary has none (byte-level BPE never needs it)."""
        named = getattr(getattr(self.tokenizer, "model", None), "unk_token", None)
        return next((t for t in (named, "<unk>", "[UNK]") if t and self.tokenizer.token_to_id(t) is not None), None)


# --- loading --------------------------------------------------------------------------------------------


# The models extra, as pyproject.toml pins it (a test keeps the two in step): module name, requirement.
MODELS_EXTRA = (("safetensors", "safetensors>=0.4"), ("tokenizers", "tokenizers>=0.15"))  # pyproject's models extra
# What loading a model imports: safetensors files are read by attntrace's own numpy reader (tensors.py), so only
# the tokenizers are needed at run time; the message still installs the whole extra.
RUNTIME = ("tokenizers",)


def _require():
    """The optional dependencies, imported only when a model is loaded; every one missing is named at once."""
    import importlib

    missing = []
    for module in RUNTIME:
        try:
            importlib.import_module(module)
        except ImportError:
            missing.append(module)
    if missing:
        raise MissingDependency("model.install.missing", missing=", ".join(missing),
                                command="pip install " + " ".join(f'"{pin}"' for _, pin in MODELS_EXTRA))


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
        raise ModelError(error, **fields, reason=os_reason(e)) from None
    if not stat.S_ISREG(info.st_mode):
        raise ModelError(error, **fields, reason=Message("model.not_regular"))
    return info


def _read_json(path: Path, error: str, /, **fields):
    """A small JSON file of the checkpoint, read with attntrace's bounds (long numbers, deep nesting)."""
    from ..io.jsonread import loads

    if _regular(path, error, **fields).st_size > JSON_LIMIT:
        raise ModelError(error, **fields, reason=Message("model.file_too_big", limit=JSON_LIMIT // 2**20))
    try:
        return loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as e:  # JSONDecodeError and JsonLimitError are ValueErrors
        raise ModelError(error, **fields, reason=str(e)) from None


def _one_of(allowed) -> object:
    """The values a config.json option may take, for a message: `'gelu'`, or `'a', 'b' or 'c'` in its language."""
    shown = [repr(a) for a in allowed]
    if len(shown) == 1:
        return shown[0]
    return Message("model.supported.one_of", first=", ".join(shown[:-1]), last=shown[-1])


def _short_repr(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def hub_cache() -> Path:
    """Where the Hugging Face libraries keep downloaded models: $HF_HUB_CACHE, $HF_HOME/hub or
    ~/.cache/huggingface/hub, each model in models--org--name/snapshots/<commit>/."""
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"])
    home = os.environ.get("HF_HOME") or os.path.join(os.environ.get("XDG_CACHE_HOME") or "~/.cache", "huggingface")
    return Path(home).expanduser() / "hub"


def _missing(path: str) -> ModelError:
    """A folder that does not exist; a Hub name such as FacebookAI/roberta-base gets where its download is."""
    if not _REMOTE_NAME.match(path):
        return ModelError("model.missing", path=path)
    snapshots = hub_cache() / ("models--" + path.replace("/", "--")) / "snapshots"
    found = sorted(p for p in snapshots.iterdir() if p.is_dir()) if snapshots.is_dir() else []
    if found:
        return ModelError("model.remote_cached", path=path, folder=str(found[-1]))
    if "/" not in path:  # a bare name is more often a mistyped local folder than an old Hub name
        return ModelError("model.missing", path=path)
    return ModelError("model.remote", path=path, cache=str(snapshots / "<commit>"))


def _read_config(folder: Path) -> tuple[dict, Family | DecoderFamily]:
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
    family = FAMILIES.get(found) if isinstance(found, str) else None
    if family is None:
        raise ModelError("model.architecture", path=str(path), found=_short_repr(found),
                         architectures=", ".join(architectures) or "-",
                         supported=", ".join(f'"{t}"' for t in SUPPORTED_TYPES))
    for key, allowed, default in family.options:
        value = data.get(key, default)
        if not any(type(value) is type(a) and value == a for a in allowed):  # 0 is not False
            raise ModelError("model.unsupported", path=str(path), field=key, found=_short_repr(value),
                             supported=_one_of(allowed), family=shown_label(family))
    for key in family.sizes.values():
        if key not in data:
            raise ModelError("model.config_field", path=str(path), field=key, family=shown_label(family))
    for key in (*family.sizes.values(), "type_vocab_size"):
        if key not in data:
            continue  # type_vocab_size: the family's default
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ModelError("model.config_type", path=str(path), field=key,
                             expected=Message("model.expect.positive"), found=_short_repr(value))
    if family.eps_key is not None:
        eps = data.get(family.eps_key, family.eps_default)
        if isinstance(eps, bool) or not isinstance(eps, (int, float)) or not (math.isfinite(eps) and 0 < eps < 1):
            raise ModelError("model.config_type", path=str(path), field=family.eps_key,
                             expected=Message("model.expect.eps"), found=_short_repr(eps))
    return data, family


def _config(data: dict, family: Family, name: str, path: Path) -> Config:
    sizes = {k: data[v] for k, v in family.sizes.items()}
    eps = data.get(family.eps_key, family.eps_default) if family.eps_key else family.eps_default
    try:
        eps = float(eps)
    except (TypeError, ValueError):
        raise ModelError("model.bad_config", path=str(path / "config.json"),
                         reason=f"{family.eps_key} is {eps!r}, not a number") from None
    offset = family.position_offset(data)
    if offset < 0:
        raise ModelError("model.bad_config", path=str(path / "config.json"),
                         reason=f"pad_token_id is {data.get('pad_token_id')!r}, not a token id")
    try:
        return Config(d_model=sizes["d_model"], n_heads=sizes["n_heads"], n_layers=sizes["n_layers"],
                      d_ff=sizes["d_ff"], positional="learned", tokenizer=family.tokenizer,
                      activation=data.get(family.activation_key, "gelu"), ln_eps=eps, qkv_bias=True,
                      embed_norm=True, model=name, family=family.name, token_type=family.token_type,
                      position_offset=offset)
    except (ConfigError, TypeError, ValueError) as e:
        raise ModelError("model.bad_config", path=str(path / "config.json"), reason=str(e)) from None


# --- safetensors, checked by our own code before the library sees a file --------------------------------

DTYPE_BYTES = {"BOOL": 1, "U8": 1, "I8": 1, "F8_E5M2": 1, "F8_E4M3": 1, "I16": 2, "U16": 2, "F16": 2, "BF16": 2,
               "I32": 4, "U32": 4, "F32": 4, "I64": 8, "U64": 8, "F64": 8}


def check_safetensors(path: Path) -> None:
    """Read and check a safetensors header: its length, its JSON, and that every tensor's dtype, shape and
    byte range agree and lie inside the file. The library trusts the header, and a tensor claiming 32 GB in
    a small file makes its Rust code panic (an error Python's `except Exception` does not catch)."""
    from ..io.jsonread import loads

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
            try:
                header = loads(f.read(n).decode("utf-8"))
            except (UnicodeDecodeError, ValueError) as e:  # JSONDecodeError and JsonLimitError are ValueErrors
                raise bad("model.st.not_json", reason=str(e)) from None
    except OSError as e:
        raise ModelError("model.bad_weights", file=str(path), reason=os_reason(e)) from None
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
    """The tensors of one checkpoint, memory-mapped from one or more safetensors files."""

    def __init__(self, folder: Path, family: Family | DecoderFamily, dtype: str) -> None:
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
        self.family, self.dtype = family, COMPUTE[dtype]
        self.where: dict[str, Stored] = {}
        for f in files:
            check_safetensors(f)
            try:
                self.where.update(read_header(f))
            except (SafetensorsError, OSError) as e:
                raise ModelError("model.bad_weights", file=str(f), reason=str(e) or type(e).__name__) from None
        self.file = files[0] if len(files) == 1 else folder / WEIGHTS_INDEX
        # BertModel saves "embeddings.…", BertForMaskedLM and friends "bert.embeddings.…"; GPT2Model "wte…",
        # GPT2LMHeadModel "transformer.wte…"
        suffix = family.embedding_tensor
        found = [k for k in self.where if k == suffix or k.endswith("." + suffix)]
        self.prefix = min(found, key=len)[: -len(suffix)] if found else family.prefixes[0]

    def stored(self, name: str, shape: tuple[int, ...], step: str) -> Stored:
        """The tensor `name` as stored (LayerNorm's weight/bias are gamma/beta in older checkpoints),
        checked for shape, dtype and finite values."""
        candidates = [name]
        if name.endswith("LayerNorm.weight"):
            candidates.append(name[: -len("weight")] + "gamma")
        elif name.endswith("LayerNorm.bias"):
            candidates.append(name[: -len("bias")] + "beta")
        for key in (self.prefix + c for c in candidates):
            if key in self.where:
                t = self.where[key]
                if t.shape != shape:
                    raise ModelError("model.tensor_shape", file=str(t.file), name=key, expected=list(shape),
                                     found=list(t.shape))
                try:
                    value = t.raw()
                    as_float(value[:0], t.dtype)  # only the dtype matters here
                except (SafetensorsError, ValueError) as e:
                    raise ModelError("model.bad_weights", file=str(t.file), reason=f"{key} {e}") from None
                bad = first_nonfinite(value, t.dtype)  # NaN or inf: every number after it would be NaN
                if bad is not None:
                    count, index = bad
                    raise ModelError("model.not_finite", file=str(t.file), name=key, count=count, index=list(index),
                                     value=str(as_float(value[index], t.dtype)))
                return t
        raise ModelError("model.tensor_missing", file=str(self.file), name=self.prefix + name, step=step,
                         family=shown_label(self.family))

    def get(self, name: str, shape: tuple[int, ...], step: str) -> np.ndarray:
        """The tensor `name` in the dtype of the computation."""
        t = self.stored(name, shape, step)
        return as_float(t.raw(), t.dtype, self.dtype)


def _split_heads_in(W: np.ndarray, H: int) -> np.ndarray:
    """A Linear weight (D_out, D_in) as per-head projections: Wᵀ split by columns."""
    D_out, D_in = W.shape
    return W.T.reshape(D_in, H, D_out // H).transpose(1, 0, 2)  # (D_out, D_in) -> (D_in, D_out) -> (H, D_in, d)


def _weights(tensors: _Tensors, config: Config, data: dict, family: Family):
    D, H, F = config.d_model, config.n_heads, config.d_ff
    d = D // H
    get = tensors.get
    e = family.embeddings
    vocab, positions = data[family.sizes["vocab"]], data[family.sizes["positions"]]
    tables = (
        tensors.stored(e + "word_embeddings.weight", (vocab, D), "embed.token"),
        tensors.stored(e + "position_embeddings.weight", (positions, D), "embed.position"),
        tensors.stored(e + "token_type_embeddings.weight", (data.get("type_vocab_size", 2), D), "embed.token_type")
        if family.token_type else None,
    )
    params = {
        "embed.ln.gamma": get(e + "LayerNorm.weight", (D,), "embed.ln.gamma"),
        "embed.ln.beta": get(e + "LayerNorm.bias", (D,), "embed.ln.beta"),
    }
    for layer in range(config.n_layers):
        p = f"blocks.{layer}."

        def m(role: str, layer: int = layer) -> str:
            return family.tensor(role, layer)

        for t in ("Q", "K", "V"):
            W = get(m(t) + ".weight", (D, D), f"{p}attn.W_{t}")
            b = get(m(t) + ".bias", (D,), f"{p}attn.b_{t}")
            params[f"{p}attn.W_{t}"] = _split_heads_in(W, H)  # (H, D, d)
            params[f"{p}attn.b_{t}"] = b.reshape(H, d)  # (D,) -> (H, d)
        W_O = get(m("O") + ".weight", (D, D), f"{p}attn.W_O")
        params[f"{p}attn.W_O"] = W_O.T.reshape(H, d, D)  # (D_out, H·d) -> (H·d, D) -> (H, d, D)
        params[f"{p}attn.b_O"] = get(m("O") + ".bias", (D,), f"{p}attn.b_O")
        params[f"{p}ffn.W_1"] = get(m("W_1") + ".weight", (F, D), f"{p}ffn.W_1").T  # (F, D) -> (D, F)
        params[f"{p}ffn.b_1"] = get(m("W_1") + ".bias", (F,), f"{p}ffn.b_1")
        params[f"{p}ffn.W_2"] = get(m("W_2") + ".weight", (D, F), f"{p}ffn.W_2").T  # (D, F) -> (F, D)
        params[f"{p}ffn.b_2"] = get(m("W_2") + ".bias", (D,), f"{p}ffn.b_2")
        for ln in ("ln1", "ln2"):
            params[f"{p}{ln}.gamma"] = get(m(ln) + ".weight", (D,), f"{p}{ln}.gamma")
            params[f"{p}{ln}.beta"] = get(m(ln) + ".bias", (D,), f"{p}{ln}.beta")
    # contiguous copies: a transposed view would make every matmul of the forward pass stride through memory
    return {k: np.ascontiguousarray(v) for k, v in params.items()}, tables


# the tokenizer_config.json fields attntrace uses, and the types each may have
_SETTINGS = {"unk_token": (str,), "cls_token": (str,), "sep_token": (str,), "do_lower_case": (bool,),
             "strip_accents": (bool, type(None)), "tokenize_chinese_chars": (bool,),
             "add_prefix_space": (bool,), "trim_offsets": (bool,)}


def _tokenizer_settings(path: Path) -> dict:
    settings = _read_json(path, "model.bad_tokenizer", file=str(path))
    if not isinstance(settings, dict):
        raise ModelError("model.bad_tokenizer", file=str(path), reason=Message("model.not_object"))
    for key, types in _SETTINGS.items():
        if key in settings and not (type(settings[key]) in types and settings[key] != ""):
            raise ModelError("model.bad_tokenizer", file=str(path), reason=Message(
                "model.setting_type", field=key, found=_short_repr(settings[key])))
    return settings


def _settings(folder: Path) -> dict:
    """tokenizer_config.json, when there is one (lower-casing, special tokens), its fields type-checked."""
    path = folder / "tokenizer_config.json"
    return _tokenizer_settings(path) if path.exists() else {}


def _special_ids(tok, tokens: tuple[str, ...], file: Path) -> list[tuple[str, int]]:
    ids = [(s, tok.token_to_id(s)) for s in tokens]
    missing = [s for s, i in ids if i is None]
    if missing:
        raise ModelError("model.bad_tokenizer", file=str(file), reason=f"no {missing[0]} in the vocabulary")
    return ids


def _wordpiece(folder: Path, settings: dict, family: Family):
    """BERT's WordPiece from vocab.txt, lower-cased as tokenizer_config.json says (uncased by default)."""
    from tokenizers import Tokenizer, normalizers, pre_tokenizers, processors
    from tokenizers.models import WordPiece

    vocab = folder / "vocab.txt"
    try:
        tok = Tokenizer(WordPiece.from_file(str(vocab), unk_token=settings.get("unk_token", "[UNK]")))
    except Exception as e:
        raise ModelError("model.bad_tokenizer", file=str(vocab), reason=str(e)) from None
    tok.normalizer = normalizers.BertNormalizer(
        lowercase=bool(settings.get("do_lower_case", True)), strip_accents=settings.get("strip_accents"),
        handle_chinese_chars=bool(settings.get("tokenize_chinese_chars", True)))
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    cls, sep = settings.get("cls_token", "[CLS]"), settings.get("sep_token", "[SEP]")
    ids = _special_ids(tok, (cls, sep), vocab)
    tok.post_processor = processors.TemplateProcessing(
        single=f"{cls} $A {sep}", pair=f"{cls} $A {sep} $B:1 {sep}:1", special_tokens=ids)
    return tok


def _byte_level_bpe(folder: Path, settings: dict, family: Family | DecoderFamily):
    """Byte-level BPE from vocab.json and merges.txt: RoBERTa's with <s> … </s> around the text, GPT-2's
    with nothing around it."""
    from tokenizers import Tokenizer, decoders, pre_tokenizers, processors
    from tokenizers.models import BPE

    vocab, merges = folder / "vocab.json", folder / "merges.txt"
    try:
        tok = Tokenizer(BPE.from_file(str(vocab), str(merges)))
    except Exception as e:
        raise ModelError("model.bad_tokenizer", file=str(vocab), reason=str(e)) from None
    prefix = bool(settings.get("add_prefix_space", False))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=prefix)
    tok.decoder = decoders.ByteLevel()
    if not family.special:
        return tok
    (bos, bos_id), (eos, eos_id) = _special_ids(tok, (settings.get("cls_token", "<s>"),
                                                      settings.get("sep_token", "</s>")), vocab)
    tok.post_processor = processors.RobertaProcessing((eos, eos_id), (bos, bos_id), add_prefix_space=prefix,
                                                      trim_offsets=bool(settings.get("trim_offsets", True)))
    return tok


_FROM_FILES = {"wordpiece": _wordpiece, "bpe": _byte_level_bpe}


def _tokenizer(folder: Path, family: Family | DecoderFamily):
    """The checkpoint's tokenizer, with padding and truncation off: attntrace shows the tokens as they are."""
    from tokenizers import Tokenizer

    tok_json = folder / "tokenizer.json"
    if tok_json.is_file():
        try:
            tok = Tokenizer.from_file(str(tok_json))
        except Exception as e:  # tokenizers raises a plain Exception for a malformed file
            raise ModelError("model.bad_tokenizer", file=str(tok_json), reason=str(e)) from None
    elif family.tokenizer_files and all((folder / f).is_file() for f in family.tokenizer_files):
        tok = _FROM_FILES[family.tokenizer](folder, _settings(folder), family)
    else:
        files = " + ".join(family.tokenizer_files)
        raise ModelError("model.no_tokenizer", path=str(folder), found=_listing(folder), family=shown_label(family),
                         files=f"tokenizer.json or {files}" if files else "tokenizer.json")
    tok.no_padding()
    tok.no_truncation()
    return tok


def load(path: str | Path, dtype: str = "float64") -> Checkpoint | WordModel:
    """Load a local checkpoint folder (BERT, DistilBERT, RoBERTa, XLM-RoBERTa; GPT-2, Llama, Qwen2, Mistral:
    see attntrace.models.decoder), or a built-in model by name (see attntrace.models.builtin: "it-demo";
    write ./it-demo for a folder of that name). `dtype` is what the forward pass computes in: float64 (the
    default, for fidelity) or float32 (faster on large models). Raises ModelError saying what is wrong with
    the folder."""
    from .builtin import is_builtin, load_builtin

    if dtype not in COMPUTE:
        raise ValueError(f"dtype must be one of {', '.join(COMPUTE)}, got {dtype!r}")
    if is_builtin(path):
        return load_builtin(path)
    folder = Path(path)
    if not folder.exists():
        raise _missing(str(path))
    if not folder.is_dir():
        raise ModelError("model.not_dir", path=str(path))
    _require()
    data, family = _read_config(folder)
    name = model_name(folder)
    if isinstance(family, DecoderFamily):  # its own plan and tensor names
        import importlib

        return importlib.import_module(f".{family.module}", __package__).load(folder, data, name, dtype, family)
    config = _config(data, family, name, folder)
    tensors = _Tensors(folder, family, dtype)
    params, tables = _weights(tensors, config, data, family)
    tokenizer = _tokenizer(folder, family)
    pad = data.get("pad_token_id") if config.position_offset else None
    return Checkpoint(name, folder, config, params, *tables, tokenizer=tokenizer, dtype=dtype, pad_id=pad)


def trace_model(text: str, model: str | Path | Checkpoint, dtype: str = "float64"):
    """Tokenize `text` with the checkpoint's tokenizer, run attntrace's encoder with its weights and
    record every step. `model` is a checkpoint folder or a Checkpoint from `load` (load once, trace many;
    a loaded checkpoint keeps the dtype it was loaded with), or a built-in model's name ("it-demo"). A text
    the vocabulary does not cover (tokens that are [UNK]) gets a warning in `trace.notes`.

    >>> t = trace_model("The animal didn't cross the street because it was too tired.", "all-MiniLM-L6-v2")
    >>> t.tokens[:3]
    ['[CLS]', 'the', 'animal']
    """
    from ..tokenize import TextTypeError
    from .builtin import WordModel, is_builtin, trace_builtin
    from .plan import build_trace, check_trace_size, forward

    if not isinstance(text, str):  # before a folder is read: the checkpoint's tokenizer would fail obscurely
        raise TextTypeError("error.text_type", type=type(text).__name__)

    if isinstance(model, WordModel) or is_builtin(model):
        return trace_builtin(text, model)
    ckpt = model if isinstance(model, Checkpoint) else load(model, dtype)
    tokens, params = ckpt.inputs(text)
    check_trace_size(ckpt.config, len(tokens))  # before any step is computed
    with np.errstate(all="ignore"):  # weights too large overflow to inf/NaN: kept in the trace, which says so
        values = forward(ckpt.config, len(tokens), params, dtype=COMPUTE[ckpt.dtype])
    trace = build_trace(text, tokens, ckpt.config, values)
    warning = ckpt.unknown(text)
    if warning is not None:
        trace.notes.append(str(warning))
    return trace
