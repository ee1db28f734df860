"""Write the tiny DistilBERT, RoBERTa and XLM-RoBERTa checkpoints in this folder and the outputs of
transformers' own forward pass on them, which tests/test_families.py compares attntrace's trace with.

Each checkpoint is random (2 layers, 4 heads, d_model 16, a vocabulary of a few hundred pieces) and is
saved by transformers itself (config.json, model.safetensors, tokenizer.json): DistilBERT in bfloat16,
RoBERTa in float16 and XLM-RoBERTa in float32, so the loader reads every stored dtype. The tokenizers are
trained here with `tokenizers` on a small English/Chinese corpus and wrapped in the family's own
transformers tokenizer class (WordPiece, byte-level BPE, SentencePiece-style Unigram), so XLM-R cuts
Chinese into real pieces. `<family>.reference.npz` holds, for each sentence, the tokens and ids of the
transformers tokenizer and the attention weights, hidden states and last hidden state of the model run in
float64 and in float32, from the weights as stored (widening them is exact). The tokenizer trainers do not
order tied pieces the same way on every run, so regenerate every file together (as this script does).

Needs torch and transformers, which attntrace itself never uses (run it in a separate environment):

    python3 -m venv /tmp/venv-ref && /tmp/venv-ref/bin/pip install torch==2.13.0 transformers==5.24.0 \
        safetensors tokenizers sentencepiece
    HF_HUB_OFFLINE=1 /tmp/venv-ref/bin/python tests/data/families/make_encoders.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import tokenizers
import torch
import transformers
from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, trainers

HERE = Path(__file__).parent
SIZES = dict(layers=2, heads=4, hidden=16, ff=32, positions=40)

CORPUS = """The animal didn't cross the street because it was too tired.
The animal didn't cross the street because it was too wide.
The cat sat on the mat, and the dog sat on the rug.
Birds sing at dawn; the river runs to the sea.
It was the best of times, it was the worst of times.
A small model can read a short sentence, word by word.
Attention weights show which words a token looks at.
今天晚上吃河马。
今天晚上我们吃饭，明天早上喝茶。
河马在河里游泳，猫在家里睡觉。
我喜欢读书，也喜欢写字。
这只动物没有过马路，因为它太累了。
这条街太宽了，所以动物没有过去。
中文和英文可以写在同一句话里：attention 很有用。
晚上好，今天天气很好。
我们今天学习注意力机制。
"""

SENTENCES = {
    "distilbert": {"tired": "The animal didn't cross the street because it was too tired.",
                   "zh": "今天晚上吃河马"},
    "roberta": {"tired": "The animal didn't cross the street because it was too tired.",
                "cat": "The cat sat on the mat, and the dog sat on the rug."},
    "xlm-roberta": {"zh": "今天晚上吃河马", "mixed": "这只动物没有过马路，因为它太累了。 The animal was too tired.",
                    "unk": "жук 今天"},  # Cyrillic is not in the corpus: <unk>
}


def lines() -> list[str]:
    return [s for s in CORPUS.splitlines() if s.strip()] * 3


def wordpiece_tokenizer(folder: Path):
    """BERT's WordPiece, uncased, trained on the English lines only: Chinese becomes [UNK], as in MiniLM."""
    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    english = [s for s in lines() if s.isascii()]
    tok.train_from_iterator(english, trainers.WordPieceTrainer(vocab_size=200, special_tokens=specials))
    vocab = tok.get_vocab()
    return transformers.DistilBertTokenizer(vocab=vocab, do_lower_case=True)


def bpe_tokenizer(folder: Path):
    """RoBERTa's byte-level BPE with its <s> <pad> </s> <unk> <mask>."""
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    specials = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]
    english = [s for s in lines() if s.isascii()]
    trainer = trainers.BpeTrainer(vocab_size=300, special_tokens=specials,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator(english, trainer)
    data = tok.to_str()
    import json

    model = json.loads(data)["model"]
    merges = [tuple(m.split(" ")) if isinstance(m, str) else tuple(m) for m in model["merges"]]
    return transformers.RobertaTokenizer(vocab=model["vocab"], merges=merges)


def unigram_tokenizer(folder: Path):
    """XLM-R's SentencePiece-style Unigram (▁ marks a word start), trained on English and Chinese."""
    tok = Tokenizer(models.Unigram())
    tok.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.WhitespaceSplit(),
                                                 pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")])
    specials = ["<s>", "<pad>", "</s>", "<unk>"]
    trainer = trainers.UnigramTrainer(vocab_size=400, special_tokens=specials, unk_token="<unk>",
                                      max_piece_length=4)
    tok.train_from_iterator(lines(), trainer)
    import json

    vocab = [tuple(v) for v in json.loads(tok.to_str())["model"]["vocab"]]
    vocab = [(p, s) for p, s in vocab if p not in specials]
    full = [("<s>", 0.0), ("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0), *vocab, ("<mask>", 0.0)]
    return transformers.XLMRobertaTokenizer(vocab=full)


def randomize(model: torch.nn.Module, seed: int) -> None:
    """Every weight drawn anew, large enough that attention is far from uniform; LayerNorm scales near 1."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            noise = torch.randn(p.shape, generator=g, dtype=torch.float64)
            if "LayerNorm.weight" in name or "layer_norm.weight" in name:
                p.copy_(1.0 + 0.2 * noise)
            elif name.endswith("bias"):
                p.copy_(0.3 * noise)
            else:
                p.copy_(0.5 * noise)


def build(family: str) -> None:
    folder = HERE / family
    folder.mkdir(exist_ok=True)
    s = SIZES
    if family == "distilbert":
        tok = wordpiece_tokenizer(folder)
        cfg = transformers.DistilBertConfig(vocab_size=len(tok), dim=s["hidden"], n_heads=s["heads"],
                                            n_layers=s["layers"], hidden_dim=s["ff"],
                                            max_position_embeddings=s["positions"], pad_token_id=tok.pad_token_id)
        model, dtype, seed = transformers.DistilBertModel(cfg), torch.bfloat16, 1
    else:
        tok = bpe_tokenizer(folder) if family == "roberta" else unigram_tokenizer(folder)
        cls = transformers.RobertaConfig if family == "roberta" else transformers.XLMRobertaConfig
        cfg = cls(vocab_size=len(tok), hidden_size=s["hidden"], num_attention_heads=s["heads"],
                  num_hidden_layers=s["layers"], intermediate_size=s["ff"],
                  max_position_embeddings=s["positions"] + 2, type_vocab_size=1, layer_norm_eps=1e-5,
                  pad_token_id=tok.pad_token_id, bos_token_id=tok.bos_token_id, eos_token_id=tok.eos_token_id)
        model_cls = transformers.RobertaModel if family == "roberta" else transformers.XLMRobertaModel
        model = model_cls(cfg, add_pooling_layer=False)
        dtype, seed = (torch.float16, 2) if family == "roberta" else (torch.float32, 3)
    randomize(model, seed)
    model.to(dtype).save_pretrained(folder, safe_serialization=True)
    tok.save_pretrained(folder)
    for extra in ("special_tokens_map.json", "vocab.txt", "vocab.json", "merges.txt", "sentencepiece.bpe.model"):
        (folder / extra).unlink(missing_ok=True)  # tokenizer.json alone; the tests make the other layouts

    tok = transformers.AutoTokenizer.from_pretrained(folder)
    arrays: dict[str, np.ndarray] = {}
    for key, text in SENTENCES[family].items():
        enc = tok(text, return_tensors="pt")
        arrays[f"{key}.text"] = np.array(text)
        arrays[f"{key}.tokens"] = np.array(tok.convert_ids_to_tokens(enc["input_ids"][0]))
        arrays[f"{key}.ids"] = enc["input_ids"][0].numpy()
        for compute in (torch.float64, torch.float32):
            m = transformers.AutoModel.from_pretrained(folder, attn_implementation="eager", dtype=compute).eval()
            with torch.no_grad():
                out = m(input_ids=enc["input_ids"], output_attentions=True, output_hidden_states=True)
            suffix = "float64" if compute == torch.float64 else "float32"
            arrays[f"{key}.{suffix}.attentions"] = np.stack([a[0].numpy() for a in out.attentions])  # (L, H, n, n)
            arrays[f"{key}.{suffix}.hidden_states"] = np.stack([h[0].numpy() for h in out.hidden_states])  # (L+1, n, D)
            arrays[f"{key}.{suffix}.last_hidden_state"] = out.last_hidden_state[0].numpy()  # (n, D)
    arrays["stored_dtype"] = np.array(str(dtype).removeprefix("torch."))
    arrays["versions"] = np.array([f"torch {torch.__version__}", f"transformers {transformers.__version__}",
                                   f"tokenizers {tokenizers.__version__}"])
    np.savez_compressed(HERE / f"{family}.reference.npz", **arrays)


if __name__ == "__main__":
    for fam in SENTENCES:
        build(fam)
        print(fam, "ok")
