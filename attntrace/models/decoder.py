"""What the decoder families (GPT-2, Llama-style) share: the safetensors reader, the checkpoint, the
tokenizer and the pre-norm attention block of their plans.

safetensors files are read here directly (an 8-byte header length, a JSON header, then the raw tensors)
and memory-mapped, so a 150 000-row embedding table costs nothing until a row is used, and bfloat16,
which numpy cannot hold, is converted by its bits: a bfloat16 is the upper 16 bits of a float32.

Shapes: n tokens, D = d_model, H query heads, H_kv K/V heads, d = d_head, F = d_ff, V = vocabulary.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..config import Config, ConfigError
from ..encoder import Param, Rule, causal_mask, merge_heads, project, qk, repeat_kv, rope, softmax
from .bert import WEIGHTS_INDEX, ModelError, TextTooLong, _listing, weight_files

# safetensors dtype names -> how numpy reads their bytes (BF16 is read as uint16 and converted)
_DTYPES = {"F64": np.float64, "F32": np.float32, "F16": np.float16, "BF16": np.uint16}


def bf16_to_f32(bits: np.ndarray) -> np.ndarray:
    """bfloat16 bit patterns (uint16) as float32: the same sign, exponent and top 7 mantissa bits."""
    wide = bits.astype(np.uint32)  # one new array, shifted in place
    wide <<= 16
    return wide.view(np.float32)


class SafetensorsFile:
    """One safetensors file, memory-mapped; `raw(name)` is a read-only view of a tensor's stored numbers."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            with open(path, "rb") as f:
                size = int.from_bytes(f.read(8), "little")
                if not 0 < size < 100_000_000:
                    raise ValueError(f"a header of {size} bytes")
                header = json.loads(f.read(size))
            self.map = np.memmap(path, dtype=np.uint8, mode="r")
        except (OSError, ValueError) as e:
            raise ModelError("model.bad_weights", file=str(path), reason=str(e) or type(e).__name__) from None
        header.pop("__metadata__", None)
        self.header, self.start = header, 8 + size

    def names(self) -> list[str]:
        return list(self.header)

    def raw(self, name: str) -> np.ndarray:
        entry = self.header[name]
        dtype = _DTYPES.get(entry.get("dtype"))
        if dtype is None:
            raise ModelError("model.bad_weights", file=str(self.path), reason=f"{name} holds {entry.get('dtype')}, "
                             "not floats (F64, F32, F16 or BF16)")
        begin, end = entry["data_offsets"]
        shape = tuple(entry["shape"])
        count = math.prod(shape)
        if end - begin != count * np.dtype(dtype).itemsize or self.start + end > len(self.map):
            raise ModelError("model.bad_weights", file=str(self.path), reason=f"{name}: the file is cut short")
        return self.map[self.start + begin: self.start + end].view(dtype).reshape(shape)

    def is_bf16(self, name: str) -> bool:
        return self.header[name].get("dtype") == "BF16"


def check_finite(value: np.ndarray, file: Path, name: str) -> None:
    """NaN or inf in a weight would make every number after it NaN: refuse it, saying where."""
    with np.errstate(over="ignore"):  # a finite sum proves every value finite, without a mask
        if np.isfinite(value.sum()):
            return
    bad = np.argwhere(~np.isfinite(value))
    if len(bad):
        raise ModelError("model.not_finite", file=str(file), name=name, count=len(bad),
                         index=[int(i) for i in bad[0]], value=str(value[tuple(bad[0])]))


class Tensors:
    """The tensors of one checkpoint folder (one file or a sharded index), by name, checked as they are read."""

    def __init__(self, folder: Path, embedding_suffix: str, dtype: str) -> None:
        files = weight_files(folder)
        self.dtype = np.dtype(dtype)
        self.where: dict[str, SafetensorsFile] = {}
        for f in files:
            handle = SafetensorsFile(f)
            for key in handle.names():
                self.where[key] = handle
        self.file = files[0] if len(files) == 1 else folder / WEIGHTS_INDEX
        # GPT2Model saves "wte.weight", GPT2LMHeadModel "transformer.wte.weight"; LlamaModel "embed_tokens…",
        # LlamaForCausalLM "model.embed_tokens…"
        found = [k for k in self.where if k == embedding_suffix or k.endswith("." + embedding_suffix)]
        self.prefix = min(found, key=len)[: -len(embedding_suffix)] if found else ""

    def get(self, name: str, shape: tuple[int, ...], step: str, stored: bool = False) -> np.ndarray:
        """The tensor `name` (after the folder's prefix), checked for shape and finite values; converted to
        the compute dtype (a copy), or with `stored` as stored (a memory-mapped view, bfloat16 as its bits:
        an embedding table, of which an input reads a few rows, checked for finite values when they are read)."""
        dtype = None if stored else self.dtype
        key = self.prefix + name
        handle = self.where.get(key)
        if handle is None:
            raise ModelError("model.tensor_missing", file=str(self.file), name=key, step=step)
        value = handle.raw(key)
        if tuple(value.shape) != shape:
            raise ModelError("model.tensor_shape", file=str(handle.path), name=key, expected=list(shape),
                             found=list(value.shape))
        if stored:
            return value
        if handle.is_bf16(key):
            value = bf16_to_f32(value)
        value = value.astype(dtype, copy=False)  # float32 stays the converted (or mapped) array
        check_finite(value, handle.path, key)
        return value

    def has(self, name: str) -> bool:
        return self.prefix + name in self.where


def split_linear(W: np.ndarray, heads: int) -> np.ndarray:
    """A PyTorch Linear weight (heads·d, D), which computes x·Wᵀ, as per-head projections (heads, D, d)."""
    out, D = W.shape
    return np.ascontiguousarray(W.T.reshape(D, heads, out // heads).transpose(1, 0, 2))  # (D, H·d) -> (H, D, d)


def split_out(W_T: np.ndarray, heads: int) -> np.ndarray:
    """An output projection stored (H·d, D) (x·W convention) as per-head rows (H, d, D)."""
    rows, D = W_T.shape
    return np.ascontiguousarray(W_T.reshape(heads, rows // heads, D))  # (H·d, D) -> (H, d, D)


# --- the checkpoint ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DecoderCheckpoint:
    """A loaded decoder: its Config, its layer weights by step name (in the compute dtype), its embedding
    tables as stored (memory-mapped: only the rows an input uses are read) and its tokenizer."""

    name: str
    path: Path
    config: Config
    params: dict[str, np.ndarray]
    word_embeddings: np.ndarray  # (V, D) as stored
    position_embeddings: np.ndarray | None  # (max_positions, D) for GPT-2; None with rotary positions
    tokenizer: object
    max_tokens: int
    window: int | None = None  # a sliding attention window (Mistral, Qwen2): the text must fit inside it

    def encode(self, text: str) -> tuple[list[str], np.ndarray]:
        """The tokenizer's pieces as the model sees them, and their ids."""
        from ..tokenize import EmptyTextError

        if not text.strip():
            raise EmptyTextError("error.empty_text")
        enc = self.tokenizer.encode(text)
        ids = np.asarray(enc.ids, dtype=np.int64)  # (n,)
        if self.window is not None and len(ids) > self.window:
            raise TextTooLong("model.window", n=len(ids), model=self.name, window=self.window)
        if len(ids) > self.max_tokens:
            raise TextTooLong("model.too_long_decoder", n=len(ids), model=self.name, max=self.max_tokens)
        vocab = self.word_embeddings.shape[0]
        bad = np.flatnonzero((ids < 0) | (ids >= vocab))
        if len(bad):
            i = int(bad[0])
            raise ModelError("model.token_id", id=int(ids[i]), token=repr(enc.tokens[i]), vocab=vocab)
        return list(enc.tokens), ids

    def inputs(self, text: str) -> tuple[list[str], dict[str, np.ndarray]]:
        """Tokens and every parameter the family's plan needs for `text`."""
        tokens, ids = self.encode(text)
        params = dict(self.params)
        params["embed.token"] = self._rows(self.word_embeddings, ids, "embed.token")  # (V, D)[ids] -> (n, D)
        if self.position_embeddings is not None:
            params["embed.position"] = self._rows(self.position_embeddings, np.arange(len(ids)), "embed.position")
        return tokens, params

    def _rows(self, table: np.ndarray, ids: np.ndarray, step: str) -> np.ndarray:
        """Rows of a stored table in the compute dtype; only these are read, so they are checked here."""
        rows = table[ids]  # (n, D)
        rows = (bf16_to_f32(rows) if rows.dtype == np.uint16 else rows).astype(self.config.dtype)
        with np.errstate(over="ignore"):
            if not np.isfinite(rows.sum()):
                i, col = (int(v) for v in np.argwhere(~np.isfinite(rows))[0])
                raise ModelError("model.not_finite_row", file=str(self.path), step=step, row=int(ids[i]), col=col,
                                 value=str(rows[i, col]))
        return rows


def tokenizer(folder: Path, vocab_files: tuple[str, str] | None = None):
    """tokenizer.json (as Hugging Face saves it; its own post-processor decides on a BOS token), or GPT-2's
    vocab.json and merges.txt; padding and truncation off."""
    from tokenizers import Tokenizer, decoders, pre_tokenizers
    from tokenizers.models import BPE

    tok_json = folder / "tokenizer.json"
    if tok_json.is_file():
        try:
            tok = Tokenizer.from_file(str(tok_json))
        except Exception as e:  # tokenizers raises a plain Exception for a malformed file
            raise ModelError("model.bad_tokenizer", file=str(tok_json), reason=str(e)) from None
    elif vocab_files and all((folder / f).is_file() for f in vocab_files):
        vocab, merges = (str(folder / f) for f in vocab_files)
        try:
            tok = Tokenizer(BPE.from_file(vocab, merges))
        except Exception as e:
            raise ModelError("model.bad_tokenizer", file=vocab, reason=str(e)) from None
        tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
        tok.decoder = decoders.ByteLevel()
    else:
        wanted = "tokenizer.json" + (f" ({' + '.join(vocab_files)})" if vocab_files else "")
        raise ModelError("model.no_bpe_tokenizer", path=str(folder), wanted=wanted, found=_listing(folder))
    tok.no_padding()
    tok.no_truncation()
    return tok


def make_config(path: Path, **fields) -> Config:
    try:
        return Config(mask="causal", tokenizer="bpe", **fields)
    except (ConfigError, TypeError, ValueError) as e:
        raise ModelError("model.bad_config", path=str(path / "config.json"), reason=str(e)) from None


def require(data: dict, path: Path, *keys: str) -> None:
    for key in keys:
        if key not in data:
            raise ModelError("model.config_field_family", path=str(path), field=key, family=data.get("model_type"))


def refuse(path: Path, field: str, found, supported: str) -> ModelError:
    return ModelError("model.unsupported", path=str(path), field=field, found=repr(found), supported=supported)


# --- the pre-norm attention block both decoder plans use ---------------------------------------------------


def attention_steps(config: Config, n: int, layer: int, x_in: str, x_norm: str) -> list[Rule | Param]:
    """Causal multi-head attention on `x_norm` (the normalized layer input), with rotary positions and
    grouped K/V where the config has them, added back onto `x_in`."""
    a = f"blocks.{layer}.attn."
    bias, rotary, grouped = config.qkv_bias, config.positional == "rope", config.n_kv_heads < config.n_heads
    d_k, norm = config.d_head, x_norm.split(".", 2)[-1]  # "norm1.out"
    steps: list[Rule | Param] = [Param(a + w) for w in ("W_Q", "W_K", "W_V")]
    if bias:
        steps += [Param(a + b) for b in ("b_Q", "b_K", "b_V")]
    for t in ("Q", "K", "V"):
        inputs = (x_norm, a + "W_" + t) + ((a + "b_" + t,) if bias else ())
        steps.append(Rule(a + t, inputs, project, formula=f"{t} = {norm}·W_{t}" + (f" + b_{t}" if bias else "")))
    q, k, v = a + "Q", a + "K", a + "V"
    if rotary:  # the rotation turns Q and K, never V, and before the scores are scaled
        steps.append(Rule(a + "Q_rot", (q, "rope.cos", "rope.sin"), rope))
        steps.append(Rule(a + "K_rot", (k, "rope.cos", "rope.sin"), rope))
        q, k = a + "Q_rot", a + "K_rot"
    if grouped:  # query head h reads kv head h // group: heads 0..group-1 share kv head 0
        group = config.group
        steps.append(Rule(a + "kv_head", (), lambda: np.arange(config.n_heads) // group,
                          formula=f"kv_head[h] = h // {group}"))
        steps.append(Rule(a + "K_rep", (k, a + "kv_head"), repeat_kv,
                          formula=f"K_rep[h] = {k.rsplit('.', 1)[-1]}[kv_head[h]]"))
        steps.append(Rule(a + "V_rep", (v, a + "kv_head"), repeat_kv))
        k, v = a + "K_rep", a + "V_rep"
    scores_formula = "scores = " + q.rsplit(".", 1)[-1] + "·" + k.rsplit(".", 1)[-1] + "ᵀ"
    steps.append(Rule(a + "scores", (q, k), qk, formula=scores_formula))
    steps.append(Rule(a + "scaled", (a + "scores",), lambda s: s / math.sqrt(d_k),
                      formula=f"scaled = scores / √d_k = scores / √{d_k}"))
    steps.append(Rule(a + "mask", (), lambda: causal_mask(n)))
    steps.append(Rule(a + "weights", (a + "scaled", a + "mask"), softmax,
                      formula="weights[i, :] = softmax(scaled[i, :] + M[i, :]),  M[i, j] = 0 if j ≤ i else −∞"))
    steps.append(Rule(a + "Z", (a + "weights", v), lambda w, V: w @ V,  # (H, n, n) x (H, n, d) -> (H, n, d)
                      formula="Z = weights·" + v.rsplit(".", 1)[-1]))
    steps.append(Param(a + "W_O"))
    if config.out_bias:
        steps.append(Param(a + "b_O"))
        steps.append(Rule(a + "out", (a + "Z", a + "W_O", a + "b_O"), merge_heads, formula="out = Σ_h Z_h·W_O,h + b_O"))
    else:
        steps.append(Rule(a + "out", (a + "Z", a + "W_O"), merge_heads))
    steps.append(Rule(a + "resid", (x_in, a + "out"), np.add, formula=f"resid = {_short(x_in)} + attn.out"))
    return steps


def layer_input(layer: int) -> str:
    return "X" if layer == 0 else f"blocks.{layer - 1}.out"


def _short(name: str) -> str:
    """X for layer 0's input, X_l for blocks.{l-1}.out (the input of layer l), as the encoder's formulas say."""
    return "X" if name == "X" else "X_" + str(int(name.split(".")[1]) + 1)
