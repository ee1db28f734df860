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


class Message(Exception):
    """An error that carries an i18n key and its fields instead of a sentence.

    The computing modules raise these and stay print-free; `str(error)` renders the sentence in the
    language current when it is shown (fields that are themselves Messages render in it too). A text
    that is not a key is kept as it is, so `SomeError("plain words")` still works.
    """

    def __init__(self, key: str, **fields) -> None:
        super().__init__(key)
        self.key = key
        self.fields = fields

    def __str__(self) -> str:
        if self.key not in MESSAGES:
            return self.key
        return t(self.key, **{k: str(v) if isinstance(v, Message) else v for k, v in self.fields.items()})


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
    # --- #5: errors raised by the core modules (config, tokenize, trace_data.select, export, cli.app) ---
    "config.positive": {
        "en": "{name} must be a positive whole number, got {value}",
        "zh": "{name} 必须是正整数，得到的是 {value}",
    },
    "config.divisible": {
        "en": "d_model ({d_model}) must be divisible by the number of heads ({n_heads}), "
              "because each head gets d_model / heads dimensions",
        "zh": "d_model（{d_model}）必须能被头数（{n_heads}）整除，因为每个头分到 d_model / 头数 维",
    },
    "config.seed": {
        "en": "seed must be a whole number >= 0, got {value}",
        "zh": "种子必须是 >= 0 的整数，得到的是 {value}",
    },
    "config.choice": {
        "en": "{name} must be one of {allowed}; got {value}",
        "zh": "{name} 必须是 {allowed} 之一；得到的是 {value}",
    },
    "config.ln_eps": {
        "en": "ln_eps must be a positive number, got {value}",
        "zh": "ln_eps 必须是正数，得到的是 {value}",
    },
    "config.not_object": {"en": "config must be an object", "zh": "config 必须是一个对象"},
    "config.unknown_keys": {"en": "unknown config key(s): {keys}", "zh": "未知的配置项：{keys}"},
    "error.tokenizer": {
        "en": "unknown tokenizer {value}; choose one of {allowed}",
        "zh": "未知的分词器 {value}；请从 {allowed} 中选择",
    },
    "error.select.steps": {
        "en": "--steps {pattern} matches no step; steps are named like X, blocks.0.attn.Q, "
              "blocks.0.attn.weights (see --json)",
        "zh": "--steps {pattern} 没有匹配到任何步骤；步骤名形如 X、blocks.0.attn.Q、blocks.0.attn.weights（见 --json）",
    },
    "error.select.layer": {
        "en": "--layer {layer} is out of range: this model has layers 0 to {last}",
        "zh": "--layer {layer} 超出范围：这个模型的层号是 0 到 {last}",
    },
    "error.select.head": {
        "en": "--head {head} is out of range: this trace has heads {heads}",
        "zh": "--head {head} 超出范围：这份追踪数据的头号是 {heads}",
    },
    "error.try_help": {
        "en": "Try 'attntrace {command} --help' for help.",
        "zh": "运行 'attntrace {command} --help' 查看帮助。",
    },
    "error.is_dir": {"en": "it is a directory", "zh": "这是一个目录"},
    "error.not_utf8": {"en": "not UTF-8 text (byte {byte})", "zh": "不是 UTF-8 文本（第 {byte} 字节）"},
    "trace.write_nan": {
        "en": "step {name} holds NaN or infinity; the trace format does not allow them",
        "zh": "步骤 {name} 含有 NaN 或无穷大；追踪格式不允许这些值",
    },
    "trace.at": {"en": "line {line}, column {column}", "zh": "第 {line} 行第 {column} 列"},
    "trace.not_utf8": {
        "en": "not a trace: the file is not UTF-8 text (byte {byte})",
        "zh": "不是追踪文件：文件不是 UTF-8 文本（第 {byte} 字节）",
    },
    "trace.empty": {"en": "not a trace: the file is empty", "zh": "不是追踪文件：文件是空的"},
    "trace.cut_short": {
        "en": "the file is cut short: the JSON ends early at {where}",
        "zh": "文件不完整：JSON 在{where}提前结束",
    },
    "trace.bad_json": {"en": "not valid JSON at {where}: {reason}", "zh": "不是有效的 JSON，位置在{where}：{reason}"},
    "trace.too_deep": {"en": "not a trace: the JSON is nested too deeply", "zh": "不是追踪文件：JSON 嵌套太深"},
    "trace.ragged": {"en": "{where}: data has rows of different lengths", "zh": "{where}：data 的各行长度不一"},
    "trace.mask_bool": {"en": "{where}: a mask holds true/false values", "zh": "{where}：掩码只能是 true/false"},
    "trace.not_numbers": {
        "en": "{where}: data must be numbers in nested lists (found {kind})",
        "zh": "{where}：data 必须是嵌套列表中的数字（发现的是{kind}）",
    },
    "trace.kind.bool": {"en": "true/false", "zh": "true/false 值"},
    "trace.kind.text": {"en": "text", "zh": "文本"},
    "trace.kind.mixed": {"en": "mixed or nested values", "zh": "混合或嵌套的值"},
    "trace.not_finite": {
        "en": "{where}: NaN or infinity at index {index}; every value must be a finite number",
        "zh": "{where}：下标 {index} 处是 NaN 或无穷大；每个值都必须是有限的数",
    },
    "trace.not_object": {
        "en": "not a trace: the top level must be a JSON object",
        "zh": "不是追踪文件：顶层必须是 JSON 对象",
    },
    "trace.format": {"en": "not a trace: \"format\" is {found}, expected {expected}",
                     "zh": "不是追踪文件：\"format\" 是 {found}，应为 {expected}"},
    "trace.version": {
        "en": "trace format version {found} is not supported; this attntrace ({attntrace}) reads version {expected}",
        "zh": "不支持追踪格式版本 {found}；这个 attntrace（{attntrace}）读取版本 {expected}",
    },
    "trace.tokens": {"en": "\"tokens\" must be a non-empty list of non-empty strings",
                     "zh": "\"tokens\" 必须是非空字符串组成的非空列表"},
    "trace.config": {"en": "\"config\": {reason}", "zh": "\"config\"：{reason}"},
    "trace.text": {"en": "\"text\" must be a string", "zh": "\"text\" 必须是字符串"},
    "trace.heads": {"en": "\"heads\" must list distinct head numbers from 0 to {last}",
                    "zh": "\"heads\" 必须列出 0 到 {last} 之间互不相同的头号"},
    "trace.steps": {"en": "\"steps\" must be a list of steps", "zh": "\"steps\" 必须是步骤的列表"},
    "trace.step_object": {"en": "{where}: a step must be an object with a \"name\"",
                          "zh": "{where}：每个步骤必须是带有 \"name\" 的对象"},
    "trace.unknown_step": {"en": "{where}: unknown step name, skipped", "zh": "{where}：未知的步骤名，已跳过"},
    "trace.no_layer": {
        "en": "{where}: layer {layer} does not exist; the config has {n_layers} layer(s)",
        "zh": "{where}：第 {layer} 层不存在；配置中只有 {n_layers} 层",
    },
    "trace.twice": {"en": "{where}: the step appears twice", "zh": "{where}：这个步骤出现了两次"},
    "trace.no_data": {"en": "{where}: the step has no \"data\"", "zh": "{where}：这个步骤没有 \"data\""},
    "trace.shape_declared": {
        "en": "{where}: \"shape\" says {declared} but the data has shape {shape}",
        "zh": "{where}：\"shape\" 写的是 {declared}，但 data 的形状是 {shape}",
    },
    "trace.shape": {
        "en": "{where}: shape {shape} disagrees with {n} tokens and the config (expected {expected})",
        "zh": "{where}：形状 {shape} 与 {n} 个词元和配置不符（应为 {expected}）",
    },
    "trace.formula": {"en": "{where}: \"formula\" must be a string", "zh": "{where}：\"formula\" 必须是字符串"},
    # --- end of #5 core errors ----------------------------------------------------------------------------
    # --- #6 pretrained models (helper H5) -----------------------------------------------------------------
    "config.needs_model": {
        "en": "{name}={value} belongs to a pretrained checkpoint; load one with --model DIR "
              "(or attntrace.trace(text, model=DIR))",
        "zh": "{name}={value} 只用于预训练模型；请用 --model DIR 加载一个（或 attntrace.trace(text, model=DIR)）",
    },
    "model.install": {
        "en": "tracing a pretrained model needs safetensors and tokenizers ({missing} is not installed); "
              "install them with: pip install \"attntrace[models]\"",
        "zh": "追踪预训练模型需要 safetensors 和 tokenizers（未安装 {missing}）；"
              "请运行：pip install \"attntrace[models]\"",
    },
    "model.missing": {
        "en": "the model folder {path} does not exist; --model takes a local Hugging Face checkpoint folder "
              "(config.json, model.safetensors, tokenizer.json or vocab.txt)",
        "zh": "模型文件夹 {path} 不存在；--model 需要一个本地的 Hugging Face 模型文件夹"
              "（config.json、model.safetensors、tokenizer.json 或 vocab.txt）",
    },
    "model.not_dir": {
        "en": "{path} is a file, not a folder; --model takes the checkpoint's folder "
              "(config.json, model.safetensors, tokenizer.json or vocab.txt)",
        "zh": "{path} 是文件而不是文件夹；--model 需要模型所在的文件夹（config.json、model.safetensors、"
              "tokenizer.json 或 vocab.txt）",
    },
    "model.no_config": {
        "en": "{path} has no config.json, so it is not a Hugging Face checkpoint folder (found: {found})",
        "zh": "{path} 中没有 config.json，所以它不是 Hugging Face 模型文件夹（找到：{found}）",
    },
    "model.bad_config": {"en": "cannot read {path}: {reason}", "zh": "无法读取 {path}：{reason}"},
    "model.config_field": {
        "en": "{path} has no \"{field}\"; a BERT config.json gives it",
        "zh": "{path} 中没有 \"{field}\"；BERT 的 config.json 应当包含它",
    },
    "model.architecture": {
        "en": "{path} describes model_type {found} (architectures: {architectures}); attntrace supports "
              "BERT-family checkpoints with model_type \"bert\", such as bert-base-uncased or all-MiniLM-L6-v2",
        "zh": "{path} 描述的是 model_type {found}（architectures：{architectures}）；attntrace 支持 "
              "model_type 为 \"bert\" 的 BERT 系列模型，例如 bert-base-uncased 或 all-MiniLM-L6-v2",
    },
    "model.unsupported": {
        "en": "{path} has {field} = {found}; attntrace supports {field} = {supported}",
        "zh": "{path} 中 {field} = {found}；attntrace 只支持 {field} = {supported}",
    },
    "model.pickle_only": {
        "en": "{path} has its weights only in {file}; attntrace reads model.safetensors only, because loading "
              "a pickled file can run any code inside it. Save the model as safetensors first, e.g. with "
              "transformers: model.save_pretrained(folder, safe_serialization=True)",
        "zh": "{path} 的权重只有 {file}；attntrace 只读取 model.safetensors，"
              "因为加载 pickle 文件可能执行其中的任意代码。请先把模型保存为 safetensors，"
              "例如用 transformers：model.save_pretrained(folder, safe_serialization=True)",
    },
    "model.no_weights": {
        "en": "{path} has no model.safetensors (found: {found})",
        "zh": "{path} 中没有 model.safetensors（找到：{found}）",
    },
    "model.bad_weights": {"en": "cannot read the weights in {file}: {reason}",
                          "zh": "无法读取 {file} 中的权重：{reason}"},
    "model.tensor_missing": {
        "en": "{file} has no tensor {name} (needed for {step}); is it a BERT checkpoint?",
        "zh": "{file} 中没有张量 {name}（{step} 需要它）；这是 BERT 模型吗？",
    },
    "model.tensor_shape": {
        "en": "{file}: tensor {name} has shape {found}, but config.json implies {expected}",
        "zh": "{file}：张量 {name} 的形状是 {found}，但按 config.json 应为 {expected}",
    },
    "model.no_tokenizer": {
        "en": "{path} has neither tokenizer.json nor vocab.txt, so its WordPiece tokens are unknown (found: {found})",
        "zh": "{path} 中既没有 tokenizer.json 也没有 vocab.txt，无法得到它的 WordPiece 词元（找到：{found}）",
    },
    "model.bad_tokenizer": {"en": "cannot read the tokenizer {file}: {reason}",
                            "zh": "无法读取分词器 {file}：{reason}"},
    "model.too_long": {
        "en": "the text has {n} tokens with [CLS] and [SEP], but {model} has positions for at most {max}; "
              "give a shorter text",
        "zh": "这段文本加上 [CLS] 和 [SEP] 共 {n} 个词元，但 {model} 最多只有 {max} 个位置；请缩短文本",
    },
    "model.token_id": {
        "en": "the tokenizer gives id {id} for {token}, but the embedding table has {vocab} rows: "
              "the tokenizer and the weights do not belong together",
        "zh": "分词器给 {token} 的编号是 {id}，但词向量表只有 {vocab} 行：分词器和权重不匹配",
    },
    "model.options": {
        "en": "{options} cannot be used with --model: the checkpoint's config.json fixes the model and its tokenizer",
        "zh": "{options} 不能与 --model 同时使用：模型及其分词器由模型的 config.json 决定",
    },
    "model.npz_stdout": {
        "en": "--npz writes a binary archive: give a file name, not '-'",
        "zh": "--npz 写的是二进制归档：请给出文件名，而不是 '-'",
    },
    "model.npz_bad": {"en": "not an attntrace npz archive: {reason}", "zh": "不是 attntrace 的 npz 归档：{reason}"},
    "notice.npz": {"en": "the trace (npz)", "zh": "追踪数据（npz）"},
    "render.model_config": {
        "en": "model={model} · d_model={d_model} · heads={heads} · layers={layers} · d_ff={d_ff} · ε={eps}",
        "zh": "模型={model} · d_model={d_model} · 头数={heads} · 层数={layers} · d_ff={d_ff} · ε={eps}",
    },
    "why.embed.token.model": {
        "en": "Each token's row of the checkpoint's learned embedding table; WordPiece splits rare words "
              "into ##pieces, and [CLS] and [SEP] mark the start and end.",
        "zh": "每个词元在模型词向量表中的那一行；WordPiece 把生僻词拆成 ## 开头的片段，[CLS] 和 [SEP] 标记开头和结尾。",
    },
    "why.W_Q.model": {
        "en": "Learned projections turn each input vector into a query, a key and a value.",
        "zh": "学到的投影矩阵把每个输入向量变成查询 q、键 k 和值 v。",
    },
    # --- end of #6 pretrained models ----------------------------------------------------------------------
    # --- #2 core: input checks found by the tests ----------------------------------------------------------
    "error.text_not_unicode": {
        "en": "the text is not valid UTF-8 (an undecodable byte at character {position}); "
              "check your terminal's encoding",
        "zh": "文本不是有效的 UTF-8（第 {position} 个字符处有无法解码的字节）；请检查终端的编码设置",
    },
    # --- end of #2 core -------------------------------------------------------------------------------------
}
