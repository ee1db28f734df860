"""Every user-facing sentence, in English and Chinese.

`t("key", **fields)` returns the sentence in the current language. The language comes from
`set_lang()` (the CLI's `--lang`), else from the locale (LC_ALL, LC_MESSAGES, LANG: zh* gives
Chinese), else English. Formulas stay in mathematical notation and are not translated.
A test asserts that every key has both languages and that every key the code uses exists.
"""

from __future__ import annotations

import os

LANGS = ("en", "zh")
_lang: str | None = None


def default_lang() -> str:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def set_lang(lang: str | None) -> None:
    global _lang
    if lang is not None and lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGS)}")
    _lang = lang


def get_lang() -> str:
    return _lang or default_lang()


def t(key: str, **fields) -> str:
    entry = MESSAGES[key]
    return entry[get_lang()].format(**fields)


MESSAGES: dict[str, dict[str, str]] = {
    # --- reasons shown under a step ---------------------------------------------------------------
    "why.embed.token": {
        "en": "Each token's row depends only on the seed and the token's text, so a word has the same "
              "vector in every sentence.",
        "zh": "每个词的向量只取决于随机种子和词本身，所以同一个词在任何句子里的输入向量都相同。",
    },
    "why.embed.position": {
        "en": "Attention itself ignores word order; adding a position signal lets the model tell positions apart.",
        "zh": "注意力本身不区分词序；加上位置编码，模型才能分辨词的位置。",
    },
    "why.X": {
        "en": "One row per token: the input to the first layer.",
        "zh": "每个词一行：第一层的输入。",
    },
    "why.W_Q": {
        "en": "Learned projections (seeded here) turn each input vector into a query, a key and a value.",
        "zh": "可学习的投影矩阵（这里由随机种子生成）把每个输入向量变成查询 q、键 k 和值 v。",
    },
    "why.Q": {
        "en": "Each row is a query: what this token is looking for.",
        "zh": "每一行是一个查询 q：这个词在寻找什么。",
    },
    "why.K": {
        "en": "Each row is a key: what this token offers to be found by.",
        "zh": "每一行是一个键 k：这个词凭什么被找到。",
    },
    "why.V": {
        "en": "Each row is a value: what this token passes on when attended to.",
        "zh": "每一行是一个值 v：这个词被关注时传递出去的内容。",
    },
    "why.scores": {
        "en": "Row i, column j is q_i·k_j: how well query i matches key j.",
        "zh": "第 i 行第 j 列是 q_i·k_j：查询 i 与键 j 的匹配程度。",
    },
    "why.scaled": {
        "en": "A dot product of d_k terms has variance that grows with d_k; dividing by √d_k keeps it near 1 "
              "so softmax does not saturate.",
        "zh": "d_k 项点积的方差随 d_k 增大；除以 √d_k 让它保持在 1 附近，softmax 才不会饱和。",
    },
    "why.mask": {
        "en": "Causal mask: a token may attend only to itself and earlier tokens.",
        "zh": "因果掩码：每个词只能关注自己和前面的词。",
    },
    "why.weights": {
        "en": "softmax(x)_j = exp(x_j − max x) / Σ exp(x − max x); subtracting the row maximum changes "
              "nothing but keeps exp from overflowing. Each row sums to 1.",
        "zh": "softmax(x)_j = exp(x_j − max x) / Σ exp(x − max x)；减去行最大值不改变结果，只防止 exp 溢出。"
              "每行之和为 1。",
    },
    "why.Z": {
        "en": "Each row is a weighted sum of the value vectors, using that row's attention weights.",
        "zh": "每一行是值向量的加权和，权重就是该行的注意力权重。",
    },
    "why.out": {
        "en": "The heads' outputs are projected back to d_model and added up.",
        "zh": "各个头的输出投影回 d_model 维并相加。",
    },
    "why.resid": {
        "en": "The residual connection adds the sub-layer's input back, so information can pass straight through.",
        "zh": "残差连接把子层的输入加回来，让信息可以直接通过。",
    },
    "why.ln": {
        "en": "Layer normalization rescales each row to mean 0 and variance 1, then applies γ and β.",
        "zh": "层归一化把每一行变成均值 0、方差 1，再乘 γ 加 β。",
    },
    "why.ffn": {
        "en": "The feed-forward network works on each token separately, with the same weights.",
        "zh": "前馈网络对每个词分别计算，使用相同的权重。",
    },
    "why.act": {
        "en": "The non-linearity: without it the two matrices would collapse into one.",
        "zh": "非线性激活：没有它，两个矩阵相乘就等于一个矩阵。",
    },
    # --- rendering ----------------------------------------------------------------------------------
    "render.row_sum": {"en": "Σ row", "zh": "行和"},
    "render.head": {"en": "head {head}", "zh": "第 {head} 个头"},
    "render.cut": {
        "en": "showing {shown} of {total} columns; see all with a wider terminal (COLUMNS=…), "
              "a lower --precision, or --json",
        "zh": "只显示了 {total} 列中的 {shown} 列；要看全部，请加宽终端（COLUMNS=…）、降低 --precision 或用 --json",
    },
    "render.tokens": {"en": "tokens", "zh": "词元"},
    "render.config": {
        "en": "d_model={d_model} · heads={heads} · layers={layers} · d_ff={d_ff} · seed={seed} · "
              "positional={positional} · mask={mask}",
        "zh": "d_model={d_model} · 头数={heads} · 层数={layers} · d_ff={d_ff} · 种子={seed} · "
              "位置编码={positional} · 掩码={mask}",
    },
    # --- errors and notices ---------------------------------------------------------------------------
    "error.prefix": {"en": "Error", "zh": "错误"},
    "error.empty_text": {
        "en": "the text is empty: give a sentence with at least one word, e.g. attntrace explain \"今天晚上吃河马\"",
        "zh": "文本为空：请给出至少包含一个词的句子，例如 attntrace explain \"今天晚上吃河马\"",
    },
    "error.exists": {
        "en": "{path} already exists; pass --force to overwrite it",
        "zh": "{path} 已存在；如需覆盖请加 --force",
    },
    "error.read": {"en": "cannot read {path}: {reason}", "zh": "无法读取 {path}：{reason}"},
    "error.write": {"en": "cannot write {path}: {reason}", "zh": "无法写入 {path}：{reason}"},
    "error.trace": {"en": "{path}: {reason}", "zh": "{path}：{reason}"},
    "notice.wrote": {"en": "wrote {what} to {path}", "zh": "已将{what}写入 {path}"},
    "notice.trace": {"en": "the trace", "zh": "追踪数据"},
}
