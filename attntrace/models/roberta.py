"""RoBERTa and XLM-RoBERTa: BERT's tensors under the `roberta.` prefix, with two differences.

* Positions start at padding_idx + 1. fairseq numbers the tokens of a sentence from padding_idx + 1
  (the rows below are reserved for padding), so the first token takes row 2 of `position_embeddings`
  when pad_token_id is 1, and the table has max_position_embeddings = 514 rows for 512 tokens. Taking
  rows 0 … n − 1, as for BERT, is the classic porting bug: `embed.position` is P[pos + 2].
* The tokenizer: byte-level BPE for RoBERTa (`Ġ` marks a space), a SentencePiece Unigram model for
  XLM-RoBERTa (`▁` marks a word start), with <s> … </s> around the sentence. There is one token type.

XLM-RoBERTa is RoBERTa's architecture trained on 100 languages: the same table, its own model_type.
"""

from __future__ import annotations

from .family import BERT_MODULES, BERT_OPTIONS, BERT_SIZES, Family


def _offset(data: dict) -> int:
    """padding_idx + 1, padding_idx being config.json's pad_token_id (1 in every released checkpoint)."""
    pad = data.get("pad_token_id", 1)
    return pad + 1 if isinstance(pad, int) and not isinstance(pad, bool) and pad >= 0 else -1


_COMMON = dict(prefixes=("roberta.",), sizes=BERT_SIZES, layer="encoder.layer.{l}.", modules=BERT_MODULES,
               activation_key="hidden_act", options=BERT_OPTIONS, eps_default=1e-5, position_offset=_offset,
               special=("<s>", "</s>"))

ROBERTA = Family(name="roberta", label="RoBERTa", model_types=("roberta",), tokenizer="bpe",
                 tokenizer_files=("vocab.json", "merges.txt"), **_COMMON)
XLM_ROBERTA = Family(name="xlm-roberta", label="XLM-RoBERTa", model_types=("xlm-roberta",),
                     tokenizer="sentencepiece", tokenizer_files=(), **_COMMON)
