"""DistilBERT: BERT with half the layers, other tensor and config names, and no token-type embedding.

    embeddings.word_embeddings, embeddings.position_embeddings, embeddings.LayerNorm   (no token_type)
    transformer.layer.{l}.attention.q_lin / k_lin / v_lin / out_lin   -> attn.W_Q … W_O (and biases)
    transformer.layer.{l}.sa_layer_norm                               -> ln1
    transformer.layer.{l}.ffn.lin1 / ffn.lin2                         -> ffn.W_1 / ffn.W_2
    transformer.layer.{l}.output_layer_norm                           -> ln2

Every LayerNorm has ε = 1e-12, fixed in the model code rather than in config.json. DistilBERT multiplies
Q by 1/√d before Q·Kᵀ where BERT divides the scores: the same numbers up to rounding, so the steps keep
the seeded encoder's order (scores, then scaled).
"""

from __future__ import annotations

from .family import Family

DISTILBERT = Family(
    name="distilbert", label="DistilBERT", model_types=("distilbert",), prefixes=("distilbert.",),
    sizes={"d_model": "dim", "n_heads": "n_heads", "n_layers": "n_layers", "d_ff": "hidden_dim",
           "vocab": "vocab_size", "positions": "max_position_embeddings"},
    layer="transformer.layer.{l}.",
    modules={"Q": "attention.q_lin", "K": "attention.k_lin", "V": "attention.v_lin", "O": "attention.out_lin",
             "ln1": "sa_layer_norm", "W_1": "ffn.lin1", "W_2": "ffn.lin2", "ln2": "output_layer_norm"},
    activation_key="activation", options=(("activation", ("gelu", "relu"), "gelu"),),
    tokenizer="wordpiece", tokenizer_files=("vocab.txt",), token_type=False, eps_key=None,
)
