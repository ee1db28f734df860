"""Built-in models: tiny encoders shipped inside the package, each trained for one lesson.

`it-demo` is attntrace's own encoder (the plan of `attntrace.models.plan`: sinusoidal positions, post-norm
layers, ReLU feed-forward, no biases in attention) with trained parameters instead of seeded draws, so
every caption, `verify` rule, `--focus` and view works on it unchanged. It was trained by
`training/train_it_demo.py` (in the repository, not in the package) on templated sentences such as
"The animal didn't cross the street because it was too tired / wide." and
"动物没有过马路，因为它太累了 / 太宽了", so that in its last layer the pronoun attends to the noun it refers to.

A built-in model is a folder inside the package holding

    weights.npz   every parameter by step name (float32, read without pickle) and `embed.table`, the
                  (vocab, d_model) table of token embeddings
    vocab.txt     one word per line; line k is row k of embed.table; line 0 is [UNK]
    record.json   the Config, and how the weights were made (seed, data sizes, steps, loss, accuracy,
                  the script and its version)

Tokens are attntrace's default tokenizer's words, lower-cased, then mapped onto the vocabulary: a run of
Chinese is cut into known words with the fewest unknown characters (rjieba keeps 太累 whole, the
vocabulary has 太 and 累), and whatever is still unknown becomes [UNK], which the trace's notes name.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from ..config import Config
from ..i18n import t
from .errors import ModelError

BUILTIN = {"it-demo": "it_demo"}  # model name -> its folder inside attntrace/models
UNK = "[UNK]"
TABLE = "embed.table"  # the token embedding table inside weights.npz


class BuiltinError(ModelError):
    """A built-in model's files are damaged (a broken install)."""


def is_builtin(model: object) -> bool:
    return isinstance(model, str) and model in BUILTIN


def vocab_tokens(text: str, vocab: Mapping[str, int]) -> tuple[list[str], list[str]]:
    """The tokens of `text` in a word vocabulary, and the words that became [UNK] (in order, each once).

    Latin-script words, numbers and punctuation are the default tokenizer's, lower-cased. A run of Chinese
    characters is cut into the vocabulary's words with the fewest unknown characters, then the fewest
    words (rjieba alone would give 太累 for 太 累 and 熊停 for 熊 停); what is left unknown is cut where
    rjieba cuts it, each piece one [UNK].

    >>> vocab_tokens("动物没有过马路，因为它太累了", dict.fromkeys("动物 没有 过 马路 ， 因为 它 太 累 了".split(), 0))
    (['动物', '没有', '过', '马路', '，', '因为', '它', '太', '累', '了'], [])
    """
    from ..tokenize import tokenize

    tokens: list[str] = []
    unknown: list[str] = []
    words = tokenize(text, "default")
    i = 0
    while i < len(words):
        if _is_chinese(words[i]):  # the whole run of Chinese words, as rjieba cut it
            j = i
            while j < len(words) and _is_chinese(words[j]):
                j += 1
            pieces = _segment_chinese(words[i:j], vocab)
            i = j
        else:  # the notice names an unknown word as it was written
            word = words[i].lower()
            pieces = [(word, True)] if word in vocab else [(words[i], False)]
            i += 1
        for piece, known in pieces:
            tokens.append(piece if known else UNK)
            if not known and piece not in unknown:
                unknown.append(piece)
    return tokens, unknown


def _is_chinese(word: str) -> bool:
    from ..tokenize import _is_han

    return all(_is_han(ch) for ch in word)


def _segment_chinese(rjieba_words: list[str], vocab: Mapping[str, int]) -> list[tuple[str, bool]]:
    """(piece, known) for a run of Chinese text: known words of `vocab` with the fewest unknown characters,
    then the fewest pieces (dynamic programming over the run); unknown stretches cut at rjieba's cuts."""
    run = "".join(rjieba_words)
    cuts = {0}
    for w in rjieba_words:
        cuts.add(max(cuts) + len(w))
    longest = max(map(len, vocab), default=1)
    n = len(run)
    cost: list[tuple[int, int] | None] = [(0, 0)] + [None] * n  # (unknown characters, pieces) up to position k
    back: list[tuple[int, bool]] = [(0, False)] * (n + 1)
    for a in range(n):
        unk, count = cost[a]
        for b in range(a + 1, min(n, a + longest) + 1):
            known = run[a:b] in vocab
            if not known and b > a + 1:
                continue
            option = (unk + (0 if known else 1), count + 1)
            if cost[b] is None or option < cost[b]:
                cost[b], back[b] = option, (a, known)
    pieces: list[tuple[str, bool]] = []
    b = n
    while b > 0:
        a, known = back[b]
        if not known and pieces and not pieces[-1][1] and b not in cuts:
            pieces[-1] = (run[a:b] + pieces[-1][0], False)  # one unknown stretch, up to rjieba's next cut
        else:
            pieces.append((run[a:b], known))
        b = a
    return pieces[::-1]


@dataclass(frozen=True)
class WordModel:
    """A built-in model: its Config, its layer parameters by step name, its vocabulary and its record."""

    name: str
    config: Config
    params: dict[str, np.ndarray]  # every blocks.* parameter, float64, by step name
    table: np.ndarray  # (vocab, D) token embeddings, row k for vocab[k]
    vocab: tuple[str, ...]
    record: dict = field(default_factory=dict)

    def encode(self, text: str) -> tuple[list[str], np.ndarray, list[str]]:
        """Tokens as the model sees them, their ids and the words that became [UNK]."""
        index = {w: i for i, w in enumerate(self.vocab)}
        tokens, unknown = vocab_tokens(text, index)
        return tokens, np.asarray([index[tok] for tok in tokens], dtype=np.int64), unknown

    def inputs(self, text: str) -> tuple[list[str], dict[str, np.ndarray], list[str]]:
        """Tokens, every parameter the encoder plan needs for `text`, and the words that became [UNK]."""
        tokens, ids, unknown = self.encode(text)
        params = dict(self.params)
        params["embed.token"] = self.table[ids]  # (vocab, D)[ids] -> (n, D)
        return tokens, params, unknown


def load_builtin(name: str) -> WordModel:
    """The built-in model `name` (see BUILTIN), read from the package's own files."""
    from importlib.resources import files

    folder = files("attntrace.models").joinpath(BUILTIN[name])
    try:
        record = json.loads(folder.joinpath("record.json").read_text(encoding="utf-8"))
        vocab = tuple(folder.joinpath("vocab.txt").read_text(encoding="utf-8").split("\n")[:-1])
        with np.load(io.BytesIO(folder.joinpath("weights.npz").read_bytes()), allow_pickle=False) as npz:
            arrays = {k: np.asarray(npz[k], dtype=np.float64) for k in npz.files}
        config = Config.from_dict(record["config"])
        table = arrays.pop(TABLE)
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise BuiltinError("builtin.damaged", model=name, reason=str(e) or type(e).__name__) from None
    if table.shape != (len(vocab), config.d_model) or vocab[:1] != (UNK,):
        raise BuiltinError("builtin.damaged", model=name,
                           reason=f"{TABLE} has shape {table.shape} for {len(vocab)} words of vocab.txt")
    return WordModel(name, config, arrays, table, vocab, record)


def trace_builtin(text: str, model: str | WordModel):
    """Trace `text` with a built-in model; the trace's notes name the words that became [UNK]."""
    from .plan import build_trace, check_trace_size, forward

    model = model if isinstance(model, WordModel) else load_builtin(model)
    tokens, params, unknown = model.inputs(text)
    check_trace_size(model.config, len(tokens))  # before any step is computed
    values = forward(model.config, len(tokens), params)
    trace = build_trace(text, tokens, model.config, values)
    if unknown:  # the tokenizer drops control characters; visible() keeps the notice safe whatever it gets
        from ..visible import visible

        trace.notes.append(t("builtin.unknown", model=model.name, count=tokens.count(UNK),
                             words=", ".join(map(visible, unknown))))
    return trace
