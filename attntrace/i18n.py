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
    "error.same_output": {
        "en": "{first} and {second} both name {path}; one would overwrite the other, so give each its own file",
        "zh": "{first} 和 {second} 都指向 {path}；一个会覆盖另一个，请为每个输出指定不同的文件",
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
        "en": "ln_eps must be a number greater than 0 and less than 1, got {value}",
        "zh": "ln_eps 必须是大于 0 且小于 1 的数，得到的是 {value}",
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
    "model.default_view": {
        "en": "showing the attention weights ({shown} of {total} steps); choose others with --steps, --layer or "
              "--head (--steps '*' shows all), or save every step with --json or --npz",
        "zh": "只显示注意力权重（共 {total} 步中的 {shown} 步）；用 --steps、--layer 或 --head 选择其他步骤"
              "（--steps '*' 显示全部），或用 --json、--npz 保存全部步骤",
    },
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
    # --- #3 verify: hints for the first wrong step, the report table (helper H2) ----------------------------
    "diagnose.generic": {
        "en": "recompute this step from your own earlier steps with its formula; the first wrong cell shows where "
              "it starts to differ.",
        "zh": "用这一步的公式、从你自己前面的步骤重新计算；第一个出错的单元格指出了从哪里开始不一致。",
    },
    "diagnose.X": {
        "en": "X = token embedding + positional encoding, row by row: check the encoding is added and that sin and "
              "cos alternate by column (2i, 2i+1).",
        "zh": "X = 词向量 + 位置编码，逐行相加：检查是否加了位置编码，以及 sin 和 cos 是否按列交替（2i、2i+1）。",
    },
    "diagnose.X.no_position": {
        "en": "X equals the token embeddings: the positional encoding was not added.",
        "zh": "X 等于词向量：没有加上位置编码。",
    },
    "diagnose.X.halves": {
        "en": "X = embeddings + an encoding with sin in the first half of the columns and cos in the second; "
              "here sin goes in the even columns (2i) and cos in the odd ones (2i+1).",
        "zh": "X = 词向量 + 前半列 sin、后半列 cos 的位置编码；这里 sin 放在偶数列（2i），cos 放在奇数列（2i+1）。",
    },
    "diagnose.position": {
        "en": "PE[pos, 2i] = sin(pos/10000^(2i/d)), PE[pos, 2i+1] = cos(pos/10000^(2i/d)): check the exponent "
              "and that sin and cos alternate.",
        "zh": "PE[pos, 2i] = sin(pos/10000^(2i/d))，PE[pos, 2i+1] = cos(pos/10000^(2i/d))："
              "检查指数，以及 sin 和 cos 是否交替。",
    },
    "diagnose.position.halves": {
        "en": "sin fills the first half of the columns and cos the second; they should alternate: sin in column 2i, "
              "cos in column 2i+1.",
        "zh": "sin 填在前半列、cos 填在后半列；它们应当交替：第 2i 列 sin，第 2i+1 列 cos。",
    },
    "diagnose.position.i_over_d": {
        "en": "the angle uses 10000^(i/d) with the column index i; columns 2i and 2i+1 share one angle, "
              "pos/10000^(2i/d).",
        "zh": "角度用了以列号 i 计算的 10000^(i/d)；第 2i 列和第 2i+1 列应共用同一个角度 pos/10000^(2i/d)。",
    },
    "diagnose.position.swapped": {
        "en": "sin and cos are swapped: sin goes in the even columns (2i), cos in the odd ones (2i+1).",
        "zh": "sin 和 cos 放反了：偶数列（2i）是 sin，奇数列（2i+1）是 cos。",
    },
    "diagnose.qkv": {
        "en": "Q = X·W_Q for each head (likewise K, V): check for a transposed W, another head's slice of W, "
              "or the wrong input (layer l reads the previous layer's output).",
        "zh": "每个头都是 Q = X·W_Q（K、V 同理）：检查 W 是否转置了、是否用了别的头的那部分 W，"
              "或输入是否用错（第 l 层读的是上一层的输出）。",
    },
    "diagnose.qkv.transposed": {
        "en": "{t} equals X·{w}ᵀ: {w} is transposed. It maps d_model inputs (rows) to d_k outputs (columns), "
              "so {t} = X·{w}.",
        "zh": "{t} 等于 X·{w}ᵀ：{w} 被转置了。它的行对应 d_model 个输入、列对应 d_k 个输出，所以 {t} = X·{w}。",
    },
    "diagnose.qkv.reshape": {
        "en": "{t} is X·{w} for all heads reshaped straight to (heads, n, d_k); split the columns per head "
              "first: reshape to (n, heads, d_k), then move the head axis to the front.",
        "zh": "{t} 是把所有头的 X·{w} 直接 reshape 成 (头, n, d_k)；应先按头切分列：reshape 成 (n, 头, d_k)，"
              "再把头这一维移到最前。",
    },
    "diagnose.qkv.other_head": {
        "en": "some heads of {t} were computed with another head's slice of {w}: head h uses {w}[h].",
        "zh": "{t} 的某些头用了别的头的那部分 {w}：第 h 个头应当用 {w}[h]。",
    },
    "diagnose.qkv.other_weight": {
        "en": "{t} was computed with {other} instead of {w}.",
        "zh": "{t} 是用 {other} 而不是 {w} 算出来的。",
    },
    "diagnose.qkv.layer_input": {
        "en": "layer {layer} computed {t} from X; its input is the previous layer's output, blocks.{prev}.out.",
        "zh": "第 {layer} 层用 X 计算了 {t}；它的输入应是上一层的输出 blocks.{prev}.out。",
    },
    "diagnose.qkv.no_position": {
        "en": "{t} was computed from the token embeddings without the positional encoding; use X.",
        "zh": "{t} 是用没加位置编码的词向量算出来的；应当用 X。",
    },
    "diagnose.scores": {
        "en": "scores = Q·Kᵀ for each head, row i = query i, column j = key j: check the order and that no "
              "scaling happens yet.",
        "zh": "每个头 scores = Q·Kᵀ，第 i 行是查询 i，第 j 列是键 j：检查乘的顺序，并且这里还不缩放。",
    },
    "diagnose.scores.swapped": {
        "en": "scores equals K·Qᵀ, the transpose: rows must be queries and columns keys, scores = Q·Kᵀ.",
        "zh": "scores 等于 K·Qᵀ，也就是转置：行应是查询、列应是键，scores = Q·Kᵀ。",
    },
    "diagnose.scores.scaled_early": {
        "en": "scores is already divided by √d_k = {root}; keep scores = Q·Kᵀ and scale in the next step.",
        "zh": "scores 已经除过 √d_k = {root}；scores 应保持为 Q·Kᵀ，在下一步再缩放。",
    },
    "diagnose.scaled": {
        "en": "scaled = scores / √d_k with d_k = {d_k} (the width of one head), so divide by {root}: forgot √d_k, "
              "divided by d_k, or used d_model?",
        "zh": "scaled = scores / √d_k，d_k = {d_k}（一个头的宽度），即除以 {root}：是忘了除 √d_k、除成了 d_k，"
              "还是用了 d_model？",
    },
    "diagnose.scaled.no_sqrt": {
        "en": "scaled equals scores: the division by √d_k = √{d_k} = {root} is missing.",
        "zh": "scaled 等于 scores：漏了除以 √d_k = √{d_k} = {root}。",
    },
    "diagnose.scaled.by_d_k": {
        "en": "scaled equals scores / d_k: divide by the square root, √{d_k} = {root}, not by {d_k}.",
        "zh": "scaled 等于 scores / d_k：应除以平方根 √{d_k} = {root}，而不是 {d_k}。",
    },
    "diagnose.scaled.d_model": {
        "en": "scaled equals scores / √d_model = scores / {root_model}: use one head's width, √d_k = {root}.",
        "zh": "scaled 等于 scores / √d_model = scores / {root_model}：应当用一个头的宽度，√d_k = {root}。",
    },
    "diagnose.scaled.times": {
        "en": "scaled equals scores · √d_k: divide by √d_k = {root} instead of multiplying.",
        "zh": "scaled 等于 scores · √d_k：应当除以 √d_k = {root}，而不是乘。",
    },
    "diagnose.scaled.masked": {
        "en": "scaled holds the mask already (a large negative number where a query may not look); in the trace "
              "scaled is scores / √d_k, and the mask is applied inside softmax (weights).",
        "zh": "scaled 里已经放了掩码（不能看的位置是很大的负数）；追踪数据中的 scaled 是 scores / √d_k，"
              "掩码在 softmax（weights）里再用。",
    },
    "diagnose.mask": {
        "en": "mask[i, j] is true when j ≤ i: a token sees itself and the tokens before it.",
        "zh": "当 j ≤ i 时 mask[i, j] 为 true：每个词能看到自己和它前面的词。",
    },
    "diagnose.mask.upper": {
        "en": "the mask is the wrong way round (true for j ≥ i); query i may see keys j ≤ i.",
        "zh": "掩码方向反了（j ≥ i 处为 true）；查询 i 只能看 j ≤ i 的键。",
    },
    "diagnose.mask.diagonal": {
        "en": "the mask hides the diagonal; a token must see itself (j ≤ i, not j < i).",
        "zh": "掩码把对角线也遮住了；每个词必须能看到自己（j ≤ i，而不是 j < i）。",
    },
    "diagnose.mask.none": {
        "en": "the mask is all true; a causal mask hides the keys after each query (j > i).",
        "zh": "掩码全是 true；因果掩码要遮住每个查询之后的键（j > i）。",
    },
    "diagnose.weights": {
        "en": "weights = softmax of each row of scaled (over the keys, the last axis): check the axis, that masked "
              "cells are left out before exp (not zeroed after), and that the input is scaled, not scores.",
        "zh": "weights = 对 scaled 的每一行做 softmax（沿键，即最后一维）：检查方向，被遮住的位置要在 exp 之前去掉"
              "（而不是之后置零），以及输入是 scaled 而不是 scores。",
    },
    "diagnose.weights.axis": {
        "en": "softmax was taken over the wrong axis: each column sums to 1. Take it along each row (over the keys, "
              "the last axis).",
        "zh": "softmax 的方向错了：现在是每一列之和为 1。应沿每一行（沿键，即最后一维）做 softmax。",
    },
    "diagnose.weights.mask_after": {
        "en": "the mask was applied after softmax: masked cells were zeroed in an unmasked softmax, so rows no "
              "longer sum to 1. Set masked cells to −∞ before softmax.",
        "zh": "掩码是在 softmax 之后才用的：在没有掩码的 softmax 结果里把被遮住的位置置零，每行之和就不再是 1。"
              "应在 softmax 之前把被遮住的位置设为 −∞。",
    },
    "diagnose.weights.no_mask": {
        "en": "the mask was not applied: queries attend to later tokens. Set masked cells to −∞ before softmax.",
        "zh": "没有使用掩码：查询关注到了后面的词。应在 softmax 之前把被遮住的位置设为 −∞。",
    },
    "diagnose.weights.scores": {
        "en": "softmax was taken of scores, not of scaled: the division by √d_k = {root} is lost.",
        "zh": "softmax 用的是 scores 而不是 scaled：除以 √d_k = {root} 这一步丢了。",
    },
    "diagnose.weights.twice": {
        "en": "scaled was divided by √d_k = {root} once more before softmax; it is already scaled.",
        "zh": "在 softmax 之前又把 scaled 除了一次 √d_k = {root}；它已经缩放过了。",
    },
    "diagnose.weights.no_sum": {
        "en": "weights holds exp(scaled) without dividing by the row's sum.",
        "zh": "weights 只是 exp(scaled)，没有除以这一行的和。",
    },
    "diagnose.weights.whole": {
        "en": "softmax was taken over the whole matrix of a head; take it row by row.",
        "zh": "softmax 是对一个头的整个矩阵做的；应当逐行做。",
    },
    "diagnose.weights.rows": {
        "en": "Your rows sum to {low}–{high}, not 1.",
        "zh": "你的各行之和在 {low}–{high} 之间，而不是 1。",
    },
    "diagnose.Z": {
        "en": "Z = weights·V for each head: row i mixes the value vectors with row i's weights.",
        "zh": "每个头 Z = weights·V：第 i 行用第 i 行的权重把值向量加权相加。",
    },
    "diagnose.Z.transposed": {
        "en": "Z equals weightsᵀ·V: weights is transposed; row i of Z uses row i of weights.",
        "zh": "Z 等于 weightsᵀ·V：weights 被转置了；Z 的第 i 行用 weights 的第 i 行。",
    },
    "diagnose.Z.K": {
        "en": "Z equals weights·K: the weighted sum is of the values V, not the keys.",
        "zh": "Z 等于 weights·K：加权求和的对象是值 V，而不是键 K。",
    },
    "diagnose.out": {
        "en": "out = Σ_h Z_h·W_O,h: each head's Z times its W_O, summed over heads.",
        "zh": "out = Σ_h Z_h·W_O,h：每个头的 Z 乘以它的 W_O，再对所有头求和。",
    },
    "diagnose.out.mean": {
        "en": "out is the mean over heads; it is the sum Σ_h Z_h·W_O,h.",
        "zh": "out 是对头取平均；应当是求和 Σ_h Z_h·W_O,h。",
    },
    "diagnose.resid": {
        "en": "resid = the sub-layer's input + its output: check the residual is added, with the right input.",
        "zh": "resid = 子层的输入 + 子层的输出：检查是否加了残差，以及加的输入是否正确。",
    },
    "diagnose.resid.missing": {
        "en": "resid equals the sub-layer's output: the residual (its input) was not added.",
        "zh": "resid 等于子层的输出：没有加上残差（子层的输入）。",
    },
    "diagnose.resid.wrong_input": {
        "en": "ffn.resid adds attn.resid; in a post-norm layer it adds ln1.out, the feed-forward's own input.",
        "zh": "ffn.resid 加的是 attn.resid；在后归一化（post-norm）层中应加 ln1.out，即前馈网络自己的输入。",
    },
    "diagnose.ln": {
        "en": "LayerNorm of each row: (x − mean) / √(var + ε) · γ + β, with the population variance (divide by "
              "d_model) and ε inside the root.",
        "zh": "对每一行做层归一化：(x − mean) / √(var + ε) · γ + β，方差用总体方差（除以 d_model），ε 在根号里面。",
    },
    "diagnose.ln.sample_var": {
        "en": "LayerNorm used the sample variance (divide by d_model − 1); it uses the population variance "
              "(divide by d_model).",
        "zh": "层归一化用了样本方差（除以 d_model − 1）；应当用总体方差（除以 d_model）。",
    },
    "diagnose.ln.eps_outside": {
        "en": "ε was added outside the square root, √var + ε; it goes inside, √(var + ε).",
        "zh": "ε 加在了根号外面，√var + ε；应当在根号里面，√(var + ε)。",
    },
    "diagnose.ln.no_eps": {
        "en": "LayerNorm left out ε; divide by √(var + ε).",
        "zh": "层归一化漏了 ε；应除以 √(var + ε)。",
    },
    "diagnose.ln.axis": {
        "en": "LayerNorm normalized each column (over tokens); normalize each row (over d_model).",
        "zh": "层归一化是按列（跨词）做的；应当按行（沿 d_model）做。",
    },
    "diagnose.ln.affine": {
        "en": "LayerNorm left out the scale γ and shift β.",
        "zh": "层归一化漏了缩放 γ 和平移 β。",
    },
    "diagnose.ln.no_resid": {
        "en": "LayerNorm was applied to the sub-layer's output alone; it normalizes the residual sum (resid).",
        "zh": "层归一化只作用在子层的输出上；它应当归一化残差之和（resid）。",
    },
    "diagnose.ffn": {
        "en": "x·W + b, row by row: check the bias and the orientation of W.",
        "zh": "逐行计算 x·W + b：检查偏置以及 W 的方向。",
    },
    "diagnose.ffn.no_bias": {"en": "the bias b was not added.", "zh": "没有加上偏置 b。"},
    "diagnose.act": {
        "en": "the activation works cell by cell (ReLU: max(0, h)).",
        "zh": "激活函数逐个元素计算（ReLU：max(0, h)）。",
    },
    "diagnose.act.other": {
        "en": "act equals {other}(h); this configuration uses the other activation (see the formula).",
        "zh": "act 等于 {other}(h)；这个配置用的是另一个激活函数（见公式）。",
    },
    "diagnose.or": {"en": "Or, the same numbers: {what}", "zh": "或者（数值相同）：{what}"},
    "trace.unknown_step_near": {
        "en": "{where}: unknown step name, skipped; did you mean {name}?",
        "zh": "{where}：未知的步骤名，已跳过；是不是想写 {name}？",
    },
    "trace.shape_head": {
        "en": "{where}: shape {shape} has no head axis; per-head steps put the head first even with one head "
              "(expected {expected}: wrap the matrix in one more pair of brackets)",
        "zh": "{where}：形状 {shape} 缺少头这一维；按头计算的步骤即使只有一个头也要把头放在最前"
              "（应为 {expected}：在矩阵外面再套一层方括号）",
    },
    "verify.col.step": {"en": "step", "zh": "步骤"},
    "verify.col.status": {"en": "status", "zh": "状态"},
    "verify.col.abs": {"en": "max |Δ|", "zh": "最大 |Δ|"},
    "verify.col.rel": {"en": "max rel", "zh": "最大相对"},
    "verify.col.cell": {"en": "first wrong cell expected → found", "zh": "第一个错误单元格 应为 → 实际"},
    "verify.steps": {"en": "{n} steps", "zh": "{n} 个步骤"},
    "verify.col.from_inputs": {"en": "from inputs", "zh": "从输入重算"},
    "verify.status.ok": {"en": "ok", "zh": "正确"},
    "verify.status.wrong": {"en": "wrong", "zh": "错误"},
    "verify.status.missing": {"en": "missing", "zh": "缺失"},
    "verify.status.not checked": {"en": "not checked", "zh": "未检查"},
    "verify.status.given": {"en": "given", "zh": "输入"},
    "verify.needs": {"en": "needs {names}", "zh": "需要 {names}"},
    "verify.all_heads": {"en": "all heads", "zh": "所有头"},
    "verify.from.wrong": {"en": "wrong {err}", "zh": "错误 {err}"},
    "verify.title": {
        "en": "attntrace verify {path}: tokens {tokens}",
        "zh": "attntrace verify {path}：词元 {tokens}",
    },
    "verify.caption": {
        "en": "status: each step against the formula applied to your own earlier steps. from the inputs: against "
              "the value recomputed from X (or the embeddings) and the weights alone.",
        "zh": "状态：每一步与用你自己前面的步骤代入公式的结果比较。"
              "从输入重算：与只用 X（或词向量）和权重重新算出的值比较。",
    },
    "verify.summary": {
        "en": "{ok} ok · {wrong} wrong · {missing} missing · {not_checked} not checked · rtol={rtol}, atol={atol}",
        "zh": "{ok} 正确 · {wrong} 错误 · {missing} 缺失 · {not_checked} 未检查 · rtol={rtol}，atol={atol}",
    },
    "verify.pass": {"en": "Every step present is right.", "zh": "所有给出的步骤都正确。"},
    "verify.first_wrong": {"en": "First wrong step: {name}", "zh": "第一个出错的步骤：{name}"},
    "verify.hint": {"en": "Hint: {hint}", "zh": "提示：{hint}"},
    "verify.later": {
        "en": "Later steps are checked against your own earlier values, so each is judged on its own; "
              "'from the inputs' shows how far the mistake carried.",
        "zh": "后面的步骤都与用你自己前面的值算出的结果比较，所以每一步单独评判；“从输入重算”一栏显示错误传到了哪里。",
    },
    "verify.nothing": {
        "en": "nothing can be recomputed: the trace lacks {needs}. A trace needs \"tokens\", \"config\", X and the "
              "weights of the steps to check (blocks.0.attn.W_Q, W_K and W_V for Q, K and V); see the README, "
              "\"Checking your own attention\"",
        "zh": "无法重新计算：追踪数据缺少 {needs}。追踪数据需要 \"tokens\"、\"config\"、X 以及要检查的步骤所用的权重"
              "（Q、K、V 需要 blocks.0.attn.W_Q、W_K 和 W_V）；见 README 的“Checking your own attention”一节",
    },
    "verify.no_steps": {
        "en": "nothing to check: the trace holds only inputs ({names}); add the steps you computed, "
              "e.g. blocks.0.attn.Q, scores, scaled, weights, Z",
        "zh": "没有可检查的内容：追踪数据只有输入（{names}）；请加上你算出的步骤，"
              "例如 blocks.0.attn.Q、scores、scaled、weights、Z",
    },
    "verify.bad_tol": {
        "en": "--{name} must be a finite number ≥ 0, got {value}",
        "zh": "--{name} 必须是 ≥ 0 的有限数，得到的是 {value}",
    },
    "notice.report": {"en": "the verification report", "zh": "检查报告"},
    # --- end of #3 verify -----------------------------------------------------------------------------------
    # --- #5 teaching views: --focus, --view, compare, --step, --svg/--html ---------------------------------
    "error.token.unknown": {
        "en": "no token {token} in the sentence; the tokens are: {tokens}",
        "zh": "句子里没有词元 {token}；词元有：{tokens}",
    },
    "error.token.ambiguous": {
        "en": "{token} occurs more than once (positions {positions}); give a position or text@position. "
              "The tokens are: {tokens}",
        "zh": "{token} 出现了不止一次（位置 {positions}）；请给出位置或 词元@位置。词元有：{tokens}",
    },
    "error.focus.missing": {
        "en": "the worked arithmetic needs steps this trace does not hold: {steps}",
        "zh": "逐步计算需要的步骤不在这份追踪数据中：{steps}",
    },
    "focus.title": {
        "en": "Worked arithmetic for {token} (position {pos}) · layer {layer} · head {head}",
        "zh": "{token}（位置 {pos}）的逐步计算 · 第 {layer} 层 · 第 {head} 个头",
    },
    "focus.input": {
        "en": "x = the row of {token} in {source}: the token's input vector",
        "zh": "x = {source} 中 {token} 那一行：这个词的输入向量",
    },
    "focus.q": {
        "en": "1) q = x·W_Q: each component is a sum of products, q[c] = Σ_m x[m]·W_Q[m, c]",
        "zh": "1) q = x·W_Q：每个分量都是乘积之和，q[c] = Σ_m x[m]·W_Q[m, c]",
    },
    "focus.kv": {
        "en": "2) k_j = x_j·W_K and v_j = x_j·W_V for every token j that {token} attends to",
        "zh": "2) 对 {token} 关注的每个词 j：k_j = x_j·W_K，v_j = x_j·W_V",
    },
    "focus.dot": {
        "en": "3) the scores s_j = q·k_j = Σ_c q[c]·k_j[c], then ÷ √d_k = √{d_k} = {root}",
        "zh": "3) 分数 s_j = q·k_j = Σ_c q[c]·k_j[c]，再 ÷ √d_k = √{d_k} = {root}",
    },
    "focus.softmax": {
        "en": "4) softmax: subtract the row maximum m = {m}, take exp of each, add them up, divide each by the sum",
        "zh": "4) softmax：减去这一行的最大值 m = {m}，逐个取 exp，求和，再逐个除以和",
    },
    "focus.softmax.why": {
        "en": "Subtracting m changes no weight (it cancels between numerator and denominator) but keeps every "
              "exponent ≤ 0, so exp cannot overflow.",
        "zh": "减去 m 不会改变任何权重（分子分母中的 m 相互抵消），但让每个指数都 ≤ 0，exp 就不会溢出。",
    },
    "focus.masked": {"en": "masked: this key is hidden, so its weight is 0", "zh": "被掩码遮住：权重为 0"},
    "focus.z": {
        "en": "5) z = Σ_j w_j·v_j: each component of the output is the weights times the values, added up",
        "zh": "5) z = Σ_j w_j·v_j：输出的每个分量都是权重乘以值向量的对应分量，再相加",
    },
    "focus.more_terms": {"en": "… {n} more terms …", "zh": "… 另有 {n} 项 …"},
    "focus.more_components": {"en": "… {n} more components …", "zh": "… 另有 {n} 个分量 …"},
    "view.heads.title": {
        "en": "blocks.{layer}.attn.weights: every head, side by side",
        "zh": "blocks.{layer}.attn.weights：所有的头并排显示",
    },
    "view.heads.caption": {
        "en": "Each cell is a weight × 100 (rounded); rows are queries, columns are keys by position; "
              "each row adds up to about 100. Darker cells get more attention; · marks a masked key.",
        "zh": "每格是权重 × 100（四舍五入）；行是查询，列是按位置编号的键；每行之和约为 100。"
              "颜色越深关注越多；· 表示被掩码遮住的键。",
    },
    "view.model.title": {
        "en": "Every layer × head (L = layer, H = head)",
        "zh": "所有层 × 所有头（L = 层，H = 头）",
    },
    "view.model.caption": {
        "en": "Each cell is a weight in tenths (0–9, where 9 stands for 0.85–1); rows are queries, columns keys, "
              "both by position. A diagonal means a head looks at the token itself; a line just below it, at the "
              "previous token; a full column, at one token (often punctuation).",
        "zh": "每格是以十分之一为单位的权重（0–9，9 表示 0.85–1）；行是查询，列是键，都按位置编号。"
              "对角线表示这个头关注词本身；紧贴对角线下方的一条线表示关注前一个词；整列都深表示都关注同一个词（常是标点）。",
    },
    "view.cut": {
        "en": "showing {shown} of {total} keys; see all with a wider terminal (COLUMNS=…) or --json",
        "zh": "只显示了 {total} 个键中的 {shown} 个；要看全部，请加宽终端（COLUMNS=…）或用 --json",
    },
    "view.no_weights": {
        "en": "the selection holds no attention weights to draw; drop --steps or include *.weights",
        "zh": "所选内容中没有可画的注意力权重；去掉 --steps 或包含 *.weights",
    },
    "error.view": {"en": "unknown view {view}; choose one of {views}", "zh": "未知的视图 {view}；请从 {views} 中选择"},
    "compare.title": {"en": "{token} in two contexts", "zh": "{token} 在两个语境中"},
    "compare.same": {"en": "identical", "zh": "完全相同"},
    "compare.different": {"en": "different", "zh": "不同"},
    "compare.input.heading": {"en": "1) The input vector", "zh": "1) 输入向量"},
    "compare.embedding": {
        "en": "The token embedding E[{token}] in S1 and S2:",
        "zh": "S1 和 S2 中的词向量 E[{token}]：",
    },
    "compare.x": {
        "en": "Its row of X (positions {pos_a} and {pos_b}):",
        "zh": "它在 X 中的那一行（位置 {pos_a} 和 {pos_b}）：",
    },
    "compare.x.no_positions": {
        "en": "There is no positional encoding, so X = E[token]: the input is the same wherever the token stands.",
        "zh": "没有位置编码，X = E[token]：无论这个词在哪个位置，输入都一样。",
    },
    "compare.x.same_position": {
        "en": "X = E[token] + PE[pos], and the token stands at position {pos} in both sentences, so X is the same too.",
        "zh": "X = E[token] + PE[pos]，这个词在两个句子里都在位置 {pos}，所以 X 也相同。",
    },
    "compare.x.other_position": {
        "en": "X = E[token] + PE[pos]: the embedding is the same, but the token stands at position {pos_a} in S1 "
              "and {pos_b} in S2, so X differs by PE[{pos_a}] − PE[{pos_b}]. Only the position differs, "
              "not the word.",
        "zh": "X = E[token] + PE[pos]：词向量相同，但这个词在 S1 中位于 {pos_a}、在 S2 中位于 {pos_b}，"
              "所以 X 相差 PE[{pos_a}] − PE[{pos_b}]。不同的只是位置，而不是词本身。",
    },
    "compare.attention.heading": {
        "en": "2) What {token} attends to in each sentence",
        "zh": "2) {token} 在每个句子中关注什么",
    },
    "compare.attention.why": {
        "en": "Its row of the attention weights over the tokens both sentences share, then each sentence's own "
              "(— where a sentence lacks the token). A different context changes every weight, because softmax "
              "divides by a sum over all the keys.",
        "zh": "它那一行注意力权重：先列两个句子共有的词，再列各自独有的词（— 表示该句没有这个词）。"
              "语境不同，每个权重都会变，因为 softmax 要除以所有键的总和。",
    },
    "compare.attention.table": {"en": "layer {layer} · head {head}", "zh": "第 {layer} 层 · 第 {head} 个头"},
    "compare.key": {"en": "key", "zh": "键"},
    "compare.output.heading": {
        "en": "3) The output vector of {token} (the same word, now carrying its context)",
        "zh": "3) {token} 的输出向量（同一个词，现在带上了语境）",
    },
    "compare.cosine.heading": {"en": "4) Cosine similarity", "zh": "4) 余弦相似度"},
    "compare.cosine.why": {
        "en": "cos(u, v) = u·v / (|u| |v|): 1 when the two vectors point the same way, 0 when they are unrelated.",
        "zh": "cos(u, v) = u·v / (|u| |v|)：两个向量方向相同时为 1，毫不相关时为 0。",
    },
    "compare.step": {"en": "step", "zh": "步骤"},
    "compare.cosine": {"en": "cosine S1 vs S2", "zh": "S1 与 S2 的余弦"},
    "compare.cosine.final": {
        "en": "Cosine similarity of the two outputs of {token} ({step}):",
        "zh": "{token} 两个输出向量（{step}）的余弦相似度：",
    },
    "compare.verdict.same": {
        "en": "the same vector: the context made no difference here",
        "zh": "是同一个向量：这里语境没有带来差别",
    },
    "compare.verdict.different": {
        "en": "different vectors: the same input, changed by its context",
        "zh": "是不同的向量：同样的输入，被语境改变了",
    },
    "error.compare.missing": {
        "en": "the comparison needs steps a trace does not hold: {steps}",
        "zh": "比较需要的步骤不在追踪数据中：{steps}",
    },
    "error.compare.config": {
        "en": "the two traces were made with different configurations; compare needs the same model for both",
        "zh": "两份追踪数据的配置不同；比较需要两个句子使用同一个模型",
    },
    "step.prompt": {"en": "Enter: next step · q: stop ", "zh": "回车：下一步 · q：停止 "},
    "notice.svg": {"en": "the SVG picture", "zh": "SVG 图片"},
    "notice.html": {"en": "the HTML page", "zh": "HTML 页面"},
    "notice.json": {"en": "the comparison", "zh": "比较结果"},
    "error.picture_stdout": {
        "en": "--svg and --html need a file name ('-' is not allowed: stdout holds the printed output)",
        "zh": "--svg 和 --html 需要文件名（不能用 '-'：标准输出已用于打印的内容）",
    },
    "error.compare.in_sentence": {"en": "{sentence}: {reason}", "zh": "{sentence}：{reason}"},
    # --- end of #5 teaching views -------------------------------------------------------------------------
    # --- #4 homework (attntrace/homework, cli/homework.py) ------------------------------------------------
    "hw.roster.columns": {
        "en": "the roster needs the columns id and name; missing: {missing} (found: {found})",
        "zh": "名单需要 id 和 name 两列；缺少：{missing}（现有：{found}）",
    },
    "hw.roster.empty_id": {"en": "the roster has an empty id at {where}", "zh": "名单第 {where} 处的 id 为空"},
    "hw.roster.control": {
        "en": "the roster id {id} at {where} holds a control character (NUL, newline, …)",
        "zh": "名单 {where} 处的 id {id} 含有控制字符（NUL、换行等）",
    },
    "hw.roster.duplicate": {"en": "the roster lists the id {id} twice", "zh": "名单中 id {id} 出现了两次"},
    "hw.roster.same_file": {
        "en": "the ids {a!r} and {b!r} both become the file name {file!r}; make them differ in letters or digits",
        "zh": "id {a!r} 和 {b!r} 都会变成文件名 {file!r}；请让它们在字母或数字上有所区别",
    },
    "hw.roster.extra_cells": {
        "en": "the roster has more cells than columns at {where} (a comma in a name needs quotes)",
        "zh": "名单 {where} 处的单元格比列多（名字里的逗号需要加引号）",
    },
    "hw.roster.csv": {"en": "the roster is not valid CSV at {where}: {reason}",
                      "zh": "名单在 {where} 处不是有效的 CSV：{reason}"},
    "hw.roster.empty": {"en": "the roster lists no students", "zh": "名单里没有学生"},
    "hw.gen.d_head": {"en": "--d-head must be 1 or 4 (so √d_head is whole), got {d}",
                      "zh": "--d-head 必须是 1 或 4（这样 √d_head 是整数），得到的是 {d}"},
    "hw.gen.range": {"en": "the range {low}..{high} is empty: the minimum is above the maximum",
                     "zh": "范围 {low}..{high} 为空：最小值大于最大值"},
    "hw.gen.zero_range": {"en": "the range 0..0 gives only zeros; widen it, e.g. --range -1..1",
                          "zh": "范围 0..0 只能得到 0；请放宽，例如 --range -1..1"},
    "hw.gen.tokens": {"en": "--tokens {low}..{high} is not a range of positive token counts",
                      "zh": "--tokens {low}..{high} 不是有效的词元数范围"},
    "hw.gen.seed": {"en": "--seed must be ≥ 0, got {seed}", "zh": "--seed 必须 ≥ 0，得到的是 {seed}"},
    "hw.gen.text_tokens": {
        "en": "--text gives {n} tokens ({tokens}); an exercise needs {low} to {high} (see --tokens)",
        "zh": "--text 得到 {n} 个词元（{tokens}）；练习需要 {low} 到 {high} 个（见 --tokens）",
    },
    "hw.gen.no_sentence": {
        "en": "no built-in sentence has {low} to {high} tokens; use --tokens 2..4 or give --text",
        "zh": "没有内置句子的词元数在 {low} 到 {high} 之间；请用 --tokens 2..4 或给出 --text",
    },
    "hw.gen.exhausted": {
        "en": "no usable exercise for {who} in {attempts} draws; most were rejected because {reason}. "
              "A wide range makes scores large, so softmax rows round to one-hot; a narrow one gives few distinct "
              "exercises: try another --range or --d-head",
        "zh": "为{who}抽取了 {attempts} 次仍没有可用的练习；多数被拒绝的原因是：{reason}。范围太宽时分数很大，"
              "softmax 的行四舍五入后成了独热；范围太窄时不同的练习太少：请换一个 --range 或 --d-head",
    },
    "hw.gen.who": {"en": "student {id}", "zh": "学生 {id} "},
    "hw.gen.who_none": {"en": "the class", "zh": "这个班"},
    "hw.gen.why.zero_row": {"en": "a row of Q or K was all zeros", "zh": "Q 或 K 有一行全为 0"},
    "hw.gen.why.tied": {"en": "a row of scores was all tied", "zh": "某一行分数全部相同"},
    "hw.gen.why.one_hot": {
        "en": "a row of weights rounded to one-hot", "zh": "某一行权重四舍五入后成了独热（一个 1，其余为 0）",
    },
    "hw.gen.why.duplicate": {
        "en": "the numbers repeated another student's", "zh": "数字与另一位学生的完全相同",
    },
    "hw.gen.range_size": {
        "en": "--range {low}..{high} is too wide for work by hand: entries must lie within -{limit}..{limit}",
        "zh": "--range {low}..{high} 太宽，无法手算：数值必须在 -{limit}..{limit} 之内",
    },
    "hw.key.json": {"en": "the key is not valid JSON at line {line}, column {column}: {reason}",
                    "zh": "答案密钥（key.json）在第 {line} 行第 {column} 列不是有效的 JSON：{reason}"},
    "hw.key.format": {"en": "not a homework key: \"format\" must be {expected!r}",
                      "zh": "不是作业的答案密钥（key.json）：\"format\" 必须是 {expected!r}"},
    "hw.key.version": {"en": "key version {version!r} is not supported; this attntrace reads version {supported}",
                       "zh": "不支持答案密钥版本 {version!r}；本版 attntrace 读取版本 {supported}"},
    "hw.key.field": {"en": "the key's {where} is missing or wrong; expected {expected}",
                     "zh": "答案密钥的 {where} 缺失或有误；应为 {expected}"},
    "hw.key.value": {"en": "the key's {where} is {value!r}; it must be a number from {low} to {high}",
                     "zh": "答案密钥的 {where} 是 {value!r}；必须是 {low} 到 {high} 之间的数"},
    "hw.key.trace": {"en": "the key's {where}: {reason}", "zh": "答案密钥的 {where}：{reason}"},
    "hw.sheet.title": {"en": "Self-attention by hand", "zh": "手算自注意力"},
    "hw.sheet.name": {"en": "Name", "zh": "姓名"},
    "hw.sheet.id": {"en": "ID", "zh": "学号"},
    "hw.sheet.variant": {"en": "Variant", "zh": "题目编号"},
    "hw.sheet.sentence": {
        "en": "Sentence: {text} · tokens: {tokens} · one attention head, d_model = d_k = {d}",
        "zh": "句子：{text} · 词元：{tokens} · 一个注意力头，d_model = d_k = {d}",
    },
    "hw.sheet.instructions": {
        "en": "Compute each step below by hand (a calculator for exp is fine). Keep at least 4 decimal places in "
              "your working and give answers to {decimals} decimal places. Write your answers into {template}.",
        "zh": "请手算下面每一步（计算 exp 可用计算器）。中间过程至少保留 4 位小数，答案保留 {decimals} 位小数。"
              "把答案填入 {template}。",
    },
    "hw.sheet.given": {"en": "Given", "zh": "已知"},
    "hw.sheet.compute": {"en": "Compute", "zh": "计算"},
    "hw.sheet.working": {"en": "Working:", "zh": "计算过程："},
    "hw.sheet.xelatex": {"en": "Compile with xelatex: the sheet holds Chinese text.",
                         "zh": "请用 xelatex 编译：本页含有中文。"},
    "hw.toml.header": {"en": "attntrace homework: submission of {who}, variant {code}",
                       "zh": "attntrace 作业：{who} 的答案，题目编号 {code}"},
    "hw.toml.fill": {"en": "Replace the zeros with your answers to {decimals} decimal places; one row per line.",
                     "zh": "把 0 换成你的答案，保留 {decimals} 位小数；每行一个行向量。"},
    "hw.toml.axes": {"en": "rows: {rows}; columns: {cols}", "zh": "行：{rows}；列：{cols}"},
    "hw.sub.not_text": {"en": "the file is not UTF-8 text", "zh": "文件不是 UTF-8 文本"},
    "hw.sub.unreadable": {"en": "the file is not TOML or JSON ({reason})", "zh": "文件不是 TOML 或 JSON（{reason}）"},
    "hw.sub.not_table": {"en": "the file must hold a table/object with student_id and answers",
                         "zh": "文件必须是包含 student_id 和 answers 的表/对象"},
    "hw.sub.no_id": {"en": "the file has no student_id", "zh": "文件中没有 student_id"},
    "hw.sub.no_answers": {"en": "the file has no [answers] table", "zh": "文件中没有 [answers] 表"},
    "hw.sub.not_numbers": {"en": "the answer must be rows of numbers", "zh": "答案必须是由数字组成的行"},
    "hw.sub.ragged": {"en": "the answer's rows have different lengths", "zh": "答案各行长度不同"},
    "hw.sub.shape": {"en": "the answer is {found} but must be {expected}",
                     "zh": "答案的形状是 {found}，应为 {expected}"},
    "hw.sub.nan": {"en": "the answer holds NaN or infinity (row {row}, column {col})",
                   "zh": "答案含有 NaN 或无穷大（第 {row} 行第 {col} 列）"},
    "hw.sub.missing_step": {"en": "no answer for {step}", "zh": "没有 {step} 的答案"},
    "hw.sub.extra_step": {"en": "{step} is not asked for and was ignored", "zh": "{step} 不是要求计算的步骤，已忽略"},
    "hw.sub.unknown_id": {"en": "the student id {id!r} is not in the key",
                          "zh": "答案密钥（key.json）中没有学号 {id!r}"},
    "hw.sub.duplicate": {"en": "the student id {id!r} is in more than one file ({files}); none of them was graded",
                         "zh": "学号 {id!r} 出现在多个文件中（{files}）；都没有评分"},
    "hw.sub.variant": {"en": "the file says variant {found} but this student's variant is {expected}",
                       "zh": "文件中的题目编号是 {found}，但该学生的题目编号是 {expected}"},
    "hw.fb.title": {"en": "Feedback for {who}", "zh": "{who} 的作业反馈"},
    "hw.fb.file": {"en": "file", "zh": "文件"},
    "hw.fb.total": {"en": "Total: {total} / {possible}", "zh": "总分：{total} / {possible}"},
    "hw.fb.not_graded": {"en": "Not graded: see the problems below.", "zh": "未评分：见下面的问题。"},
    "hw.fb.problems": {"en": "Problems", "zh": "问题"},
    "hw.fb.notes": {"en": "Notes", "zh": "说明"},
    "hw.fb.rule": {
        "en": "A cell is right when it is within {half} of the exact value ({decimals} decimal places), plus an "
              "allowance for rounding your earlier answers to {decimals} places.",
        "zh": "一个格子与精确值相差不超过 {half}（{decimals} 位小数），再加上你前面答案四舍五入到 {decimals} 位带来的"
              "误差余量，即算正确。",
    },
    "hw.fb.missing": {"en": "No usable answer.", "zh": "没有可用的答案。"},
    "hw.fb.all_right": {"en": "All {n} cells right.", "zh": "{n} 个格子全部正确。"},
    "hw.fb.wrong": {"en": "{wrong} of {n} cells differ from the exact answer:",
                    "zh": "{n} 个格子中有 {wrong} 个与精确答案不同："},
    "hw.fb.cell": {"en": "cell", "zh": "格子"},
    "hw.fb.yours": {"en": "your answer", "zh": "你的答案"},
    "hw.fb.expected": {"en": "expected", "zh": "正确答案"},
    "hw.fb.ecf_col": {"en": "error carried forward", "zh": "错误延续"},
    "hw.fb.ecf_yes": {"en": "right given your earlier answers ({value})", "zh": "按你前面的答案是对的（{value}）"},
    "hw.fb.ecf": {
        "en": "Error carried forward: {n} cell(s) are right given your own {inputs}, so they earn {share} of "
              "their credit.",
        "zh": "错误延续：有 {n} 个格子按你自己的 {inputs} 计算是正确的，因此得到该格 {share} 的分数。",
    },
    "hw.fb.ecf_blocked": {
        "en": "No error carried forward here: your answer for {steps} is missing, of the wrong shape or all zeros "
              "(or depends on one that is).",
        "zh": "这里不适用错误延续：你的 {steps} 答案缺失、形状不对或全为 0（或依赖于这样的答案）。",
    },
    "hw.fb.trivial": {"en": "This answer is all zeros (the template's placeholders): it earns nothing and carries "
                            "no credit forward to later steps.",
                      "zh": "这个答案全为 0（模板里的占位值）：不得分，也不会为后面的步骤带来错误延续的分数。"},
    "hw.summary.title": {"en": "Grades", "zh": "成绩"},
    "hw.summary.caption": {
        "en": "{graded} graded · {problems} with problems · mean {mean} of {possible}",
        "zh": "已评分 {graded} 份 · 有问题 {problems} 份 · 平均 {mean} / {possible}",
    },
    "hw.summary.id": {"en": "student", "zh": "学号"},
    "hw.summary.total": {"en": "total", "zh": "总分"},
    "hw.summary.possible": {"en": "(points possible)", "zh": "（满分）"},
    "hw.summary.cut": {"en": "showing {shown} of {total} rows (every problem); the CSV has them all",
                       "zh": "显示了 {total} 行中的 {shown} 行（含所有有问题的）；CSV 中有全部"},
    "hw.summary.status": {"en": "status", "zh": "状态"},
    "hw.status.ok": {"en": "ok", "zh": "正常"},
    "hw.status.blank": {"en": "blank", "zh": "未作答"},
    "hw.status.problem": {"en": "problem", "zh": "有问题"},
    "hw.status.not_submitted": {"en": "not submitted", "zh": "未提交"},
    "hw.cli.range": {"en": "--range must look like -2..2 (two whole numbers), got {value!r}",
                     "zh": "--range 的格式应为 -2..2（两个整数），得到的是 {value!r}"},
    "hw.cli.tokens": {"en": "--tokens must look like 2..4 or 3, got {value!r}",
                      "zh": "--tokens 的格式应为 2..4 或 3，得到的是 {value!r}"},
    "hw.cli.range_both": {"en": "give either --range or --min/--max, not both",
                          "zh": "--range 与 --min/--max 只能二选一"},
    "hw.cli.ask": {"en": "--ask: unknown step {step!r}; choose from {choices}",
                   "zh": "--ask：未知步骤 {step!r}；可选 {choices}"},
    "hw.cli.roster": {"en": "{path}: {reason}", "zh": "{path}：{reason}"},
    "hw.cli.outside": {"en": "refusing to write {path}: it is outside {out}", "zh": "拒绝写入 {path}：它在 {out} 之外"},
    "hw.cli.no_files": {"en": "give at least one submission file", "zh": "请至少给出一个学生提交的文件"},
    "hw.cli.bad_decimals": {"en": "--decimals must be from 0 to 10, got {value}",
                            "zh": "--decimals 必须在 0 到 10 之间，得到的是 {value}"},
    "hw.cli.bad_share": {"en": "--ecf-share must be from 0 to 1, got {value}",
                         "zh": "--ecf-share 必须在 0 到 1 之间，得到的是 {value}"},
    "hw.cli.wrote_set": {"en": "wrote {n} exercise(s) and the key to {out}",
                         "zh": "已将 {n} 份练习和答案密钥写入 {out}"},
    "hw.cli.grades": {"en": "the grades", "zh": "成绩"},
    "hw.cli.feedback": {"en": "wrote {n} feedback file(s) to {out}", "zh": "已将 {n} 份反馈写入 {out}"},
    "hw.cli.problems": {"en": "{n} submission(s) had problems; see the status column",
                        "zh": "有 {n} 份提交有问题；见 status 一栏"},
    # --- end of #4 homework --------------------------------------------------------------------------------
    # --- review fixes: hostile sizes, config types, empty selections -----------------------------------------
    "config.too_large": {
        "en": "{name} must be at most {limit} (larger than any BERT-family model attntrace can show), got {value}",
        "zh": "{name} 不能超过 {limit}（已大于 attntrace 能展示的任何 BERT 系列模型），得到的是 {value}",
    },
    "config.not_bool": {
        "en": "{name} must be true or false, got {value}",
        "zh": "{name} 必须是 true 或 false，得到的是 {value}",
    },
    "config.not_text": {"en": "{name} must be a string, got {value}", "zh": "{name} 必须是字符串，得到的是 {value}"},
    "config.model": {
        "en": "model must be a checkpoint name (a non-empty string) or null, got {value}",
        "zh": "model 必须是模型名称（非空字符串）或 null，得到的是 {value}",
    },
    "error.memory": {
        "en": "not enough memory for this trace; try a shorter text or smaller sizes (--d-model, --layers, --d-ff)",
        "zh": "内存不足，无法完成这次追踪；请缩短文本或减小尺寸（--d-model、--layers、--d-ff）",
    },
    "error.seeded_too_big": {
        "en": "--d-model {d_model} --layers {layers} --d-ff {d_ff} would draw {gib:.1f} GiB of seeded weights; "
              "the limit is {limit} GiB (a bert-base-sized encoder needs 0.6 GiB). Use smaller sizes, or --model "
              "for a real checkpoint",
        "zh": "--d-model {d_model} --layers {layers} --d-ff {d_ff} 需要生成 {gib:.1f} GiB 的随机权重；"
              "上限是 {limit} GiB（bert-base 大小的编码器需要 0.6 GiB）。请减小尺寸，或用 --model 加载真实模型",
    },
    "error.memory.file": {
        "en": "not enough memory to read this trace file",
        "zh": "内存不足，无法读取这个追踪文件",
    },
    "error.select.nothing": {
        "en": "the selection {options} keeps no step of this trace; choose steps inside the layer "
              "(e.g. --steps '*.weights' --layer 0) or drop one of the options",
        "zh": "选择条件 {options} 没有留下这份追踪数据中的任何步骤；请选该层中的步骤"
              "（例如 --steps '*.weights' --layer 0），或去掉其中一个选项",
    },
    "error.select.steps_empty": {
        "en": "--steps {value} names no step; give names or globs such as --steps '*.weights'",
        "zh": "--steps {value} 没有给出任何步骤名；请给出步骤名或通配符，例如 --steps '*.weights'",
    },
    # --- end of review fixes -------------------------------------------------------------------------------
    # --- review fixes 2: non-finite numbers, odd token specs --------------------------------------------------
    "model.not_finite": {
        "en": "{file}: tensor {name} holds {count} NaN or infinite value(s) (the first, {value}, at {index}); "
              "a checkpoint with non-finite weights cannot be traced",
        "zh": "{file}：张量 {name} 含有 {count} 个 NaN 或无穷大的值（第一个是 {value}，位于 {index}）；"
              "权重不是有限数的模型无法追踪",
    },
    "error.unwritable": {
        "en": "cannot write {path}: {reason}. The numbers overflowed, most likely because the weights are "
              "very large; run without {option} to see the numbers",
        "zh": "无法写入 {path}：{reason}。数值溢出了，很可能是因为权重过大；去掉 {option} 再运行可以看到这些数值",
    },
    "error.focus.no_keys": {
        "en": "{token} (position {query}) may attend to no key in layer {layer}: row {query} of "
              "blocks.{layer}.attn.mask is all false, so its softmax has no terms to show",
        "zh": "{token}（位置 {query}）在第 {layer} 层不能关注任何键：blocks.{layer}.attn.mask 的第 {query} 行"
              "全是 false，它的 softmax 没有可以展示的项",
    },
    "notice.not_finite": {
        "en": "from step {name} on, the trace holds NaN or infinity: the numbers overflowed, most likely "
              "because the weights are very large",
        "zh": "从步骤 {name} 起，追踪中出现了 NaN 或无穷大：数值溢出了，很可能是因为权重过大",
    },
    # --- end of review fixes 2 ------------------------------------------------------------------------------
    # --- review fixes 3: compare's repeated tokens and verdict, token specs read two ways --------------------
    "compare.key.repeats": {
        "en": "A token that occurs more than once is labelled with its positions, token@S1↔S2 (— where a sentence "
              "lacks it): the first occurrence in S1 is paired with the first in S2, the second with the second.",
        "zh": "出现不止一次的词元标出它的位置：词元@S1位置↔S2位置（— 表示该句没有）：S1 中的第一个与 S2 中的第一个"
              "配对，第二个与第二个配对。",
    },
    "compare.verdict.different_x": {
        "en": "different vectors: the input already differed, because the token stands at position {pos_a} in "
              "S1 and {pos_b} in S2 (so X differs), and its context changed it further",
        "zh": "是不同的向量：输入本来就不同，因为这个词在 S1 中位于 {pos_a}、在 S2 中位于 {pos_b}（所以 X 不同），"
              "语境又进一步改变了它",
    },
    "error.token.two_readings": {
        "en": "{token} can be read two ways: the token {token} (position {positions}), or position {pos} "
              "(the token {other}). Write {as_text} for the token {token}, or {as_position} for position {pos}. "
              "The tokens are: {tokens}",
        "zh": "{token} 有两种读法：词元 {token}（位置 {positions}），或位置 {pos}（词元 {other}）。"
              "要词元 {token} 请写 {as_text}，要位置 {pos} 请写 {as_position}。词元有：{tokens}",
    },
    # --- end of review fixes 3 ------------------------------------------------------------------------------
    # --- decoder families: GPT-2 and Llama-style checkpoints, their steps and their tokens -----------------
    "config.kv_heads": {
        "en": "n_kv_heads = {n_kv_heads} must divide n_heads = {n_heads} (each K/V head serves a whole group of "
              "query heads)",
        "zh": "n_kv_heads = {n_kv_heads} 必须整除 n_heads = {n_heads}（每个 K/V 头服务一整组查询头）",
    },
    "config.family_only": {
        "en": "{name} belongs to the {family} family, but family is {found}",
        "zh": "{name} 只属于 {family} 系列，但 family 是 {found}",
    },
    "config.rope_theta": {
        "en": "rope_theta must be a finite number greater than 1, got {value}",
        "zh": "rope_theta 必须是大于 1 的有限数，得到的是 {value}",
    },
    "config.decoder_mask": {
        "en": "the {family} family is a decoder: its mask is 'causal', not {value}",
        "zh": "{family} 系列是解码器：它的掩码是 'causal'，而不是 {value}",
    },
    "model.architecture_any": {
        "en": "{path} describes model_type {found} (architectures: {architectures}); attntrace supports "
              "model_type {supported}",
        "zh": "{path} 描述的是 model_type {found}（architectures：{architectures}）；attntrace 支持的 model_type "
              "有 {supported}",
    },
    "model.config_field_family": {
        "en": "{path} has no \"{field}\"; a {family} config.json gives it",
        "zh": "{path} 中没有 \"{field}\"；{family} 的 config.json 应当包含它",
    },
    "model.remote_name": {
        "en": "{name} is not a folder here; it looks like a Hugging Face Hub name, and attntrace never downloads. "
              "Give the local folder: a model downloaded with huggingface_hub is kept in {cache}",
        "zh": "{name} 不是本地文件夹；它像是 Hugging Face Hub 上的名字，而 attntrace 从不下载。"
              "请给出本地文件夹：用 huggingface_hub 下载的模型保存在 {cache}",
    },
    "model.dtype_family": {
        "en": "--dtype {dtype} is for the decoder families (GPT-2, Llama, Qwen2, Mistral); {family} checkpoints "
              "are traced in float64",
        "zh": "--dtype {dtype} 只用于解码器系列（GPT-2、Llama、Qwen2、Mistral）；{family} 模型用 float64 追踪",
    },
    "model.no_bpe_tokenizer": {
        "en": "{path} has no {wanted}, so its tokens are unknown (found: {found})",
        "zh": "{path} 中没有 {wanted}，无法得到它的词元（找到：{found}）",
    },
    "model.too_long_decoder": {
        "en": "the text has {n} tokens, but {model} has positions for at most {max}; give a shorter text",
        "zh": "这段文本共 {n} 个词元，但 {model} 最多只有 {max} 个位置；请缩短文本",
    },
    "model.window": {
        "en": "the text has {n} tokens, more than {model}'s sliding attention window of {window}; attntrace "
              "does not apply the window, so give a text of at most {window} tokens",
        "zh": "这段文本共 {n} 个词元，超过了 {model} 的滑动注意力窗口 {window}；attntrace 不实现滑动窗口，"
              "请给出不超过 {window} 个词元的文本",
    },
    "model.dtype_needs_model": {
        "en": "--dtype chooses what a checkpoint is computed in: use it with --model DIR (the seeded encoder is "
              "float64)",
        "zh": "--dtype 选择模型用哪种浮点类型计算：请与 --model DIR 一起使用（种子编码器总是 float64）",
    },
    "focus.rotated": {
        "en": "Here q and k_j are the rows of blocks.{layer}.attn.{q} and {k}: q and k above after the rotation "
              "by their positions (rope.cos, rope.sin).",
        "zh": "这里的 q 和 k_j 是 blocks.{layer}.attn.{q} 和 {k} 的行：即上面的 q、k 按各自位置旋转之后"
              "（rope.cos、rope.sin）。",
    },
    "compare.x.rope": {
        "en": "Rotary positions: X = E[token], and the position enters later, inside attention, as the rotation "
              "of Q and K; so X is the same wherever the token stands.",
        "zh": "旋转位置编码：X = E[token]，位置在注意力内部才以 Q、K 的旋转加入；所以无论这个词在哪个位置，X 都一样。",
    },
    "diagnose.rope": {
        "en": "rotate-half RoPE, as transformers: x_rot = x·cos + rotate_half(x)·sin with rotate_half(x) = "
              "(−x[d/2:], x[:d/2]), and cos, sin from rope.cos, rope.sin; Q and K only, before the scores.",
        "zh": "rotate-half 旋转位置编码，与 transformers 相同：x_rot = x·cos + rotate_half(x)·sin，"
              "rotate_half(x) = (−x[d/2:], x[:d/2])，cos、sin 取自 rope.cos、rope.sin；只作用于 Q 和 K，在算分数之前。",
    },
    "diagnose.rope.interleaved": {
        "en": "{t}_rot rotates adjacent pairs (x0, x1), (x2, x3), … (the interleaved layout of GPT-J and Meta's "
              "original code); transformers' checkpoints pair dimension c with c + d/2 (rotate_half).",
        "zh": "{t}_rot 旋转的是相邻的两维 (x0, x1)、(x2, x3)……（GPT-J 和 Meta 原始代码的交错布局）；"
              "transformers 的模型把第 c 维与第 c + d/2 维配对（rotate_half）。",
    },
    "diagnose.rope.missing": {
        "en": "{t}_rot equals {t}: the rotation was not applied.",
        "zh": "{t}_rot 等于 {t}：没有做旋转。",
    },
    "diagnose.rope.direction": {
        "en": "{t}_rot turns the other way: the sign of sin (or of rotate_half's −x[d/2:]) is flipped.",
        "zh": "{t}_rot 转反了方向：sin 的符号（或 rotate_half 中 −x[d/2:] 的符号）反了。",
    },
    "diagnose.rope.scaled": {
        "en": "{t}_rot is already divided by √d_k = √{d_k} = {root}: the scaling belongs to scaled, after the "
              "scores, not to the rotation.",
        "zh": "{t}_rot 已经除以了 √d_k = √{d_k} = {root}：缩放属于 scaled 这一步（在分数之后），不属于旋转。",
    },
    "diagnose.rope.on_v": {
        "en": "V was rotated too: RoPE turns Q and K only; V keeps its positions out.",
        "zh": "V 也被旋转了：旋转位置编码只作用于 Q 和 K，V 不带位置。",
    },
    "diagnose.kv": {
        "en": "grouped K/V: query head h reads kv head h // (H / H_kv), so consecutive query heads share one "
              "(repeat_interleave, as transformers' repeat_kv).",
        "zh": "分组 K/V：查询头 h 读取 K/V 头 h // (H / H_kv)，相邻的查询头共用一个（repeat_interleave，"
              "与 transformers 的 repeat_kv 相同）。",
    },
    "diagnose.kv.tiled": {
        "en": "the {kv} K/V heads are repeated in the wrong order: 0, 1, …, 0, 1 (tile) instead of each one "
              "{group} times in a row (query head h uses kv head h // {group}).",
        "zh": "{kv} 个 K/V 头的重复顺序错了：0, 1, …, 0, 1（tile），而应是每个连续重复 {group} 次"
              "（查询头 h 使用 K/V 头 h // {group}）。",
    },
    "diagnose.norm": {
        "en": "the norm before the sub-layer: RMSNorm x / √(mean(x²) + ε) · γ (no mean, no β) for Llama-style "
              "models, LayerNorm for GPT-2; its input is the un-normalized residual stream.",
        "zh": "子层之前的归一化：Llama 类模型用 RMSNorm x / √(mean(x²) + ε) · γ（不减均值，没有 β），"
              "GPT-2 用层归一化；它的输入是未归一化的残差流。",
    },
    "diagnose.rms.mean": {
        "en": "the mean was subtracted: that is LayerNorm; RMSNorm divides x itself by √(mean(x²) + ε).",
        "zh": "减去了均值：那是层归一化；RMSNorm 直接把 x 除以 √(mean(x²) + ε)。",
    },
    "diagnose.rms.affine": {
        "en": "RMSNorm left out the scale γ.",
        "zh": "RMSNorm 漏了缩放 γ。",
    },
    "diagnose.prenorm.resid": {
        "en": "the residual added {norm}, the normalized input; in a pre-norm layer it adds the un-normalized "
              "input back.",
        "zh": "残差加的是归一化后的 {norm}；前置归一化的层加回的是未归一化的输入。",
    },
    "diagnose.prenorm.skipped": {
        "en": "{t} was computed from {input}, without the norm before attention: {t} = norm1.out·W_{t}.",
        "zh": "{t} 是直接用 {input} 算的，漏了注意力之前的归一化：{t} = norm1.out·W_{t}。",
    },
    "diagnose.swiglu": {
        "en": "SwiGLU: gated = SiLU(gate) ⊙ up, with gate = x·W_gate and up = x·W_up.",
        "zh": "SwiGLU：gated = SiLU(gate) ⊙ up，其中 gate = x·W_gate，up = x·W_up。",
    },
    "diagnose.swiglu.swapped": {
        "en": "act is SiLU(up): the SiLU belongs to gate (gate_proj), and up (up_proj) multiplies it.",
        "zh": "act 是 SiLU(up)：SiLU 应作用于 gate（gate_proj），up（up_proj）再与它相乘。",
    },
    "model.not_finite_row": {
        "en": "{file}: row {row} of the table behind {step} holds {value} (column {col}); a checkpoint with "
              "non-finite weights cannot be traced",
        "zh": "{file}：{step} 所用表的第 {row} 行含有 {value}（第 {col} 列）；权重不是有限数的模型无法追踪",
    },
    "render.kv_head": {"en": "kv head {head}", "zh": "第 {head} 个 K/V 头"},
    "render.kv_shared": {
        "en": "Grouped-query attention: {kv} K/V heads for {heads} query heads, so each K/V head serves {group} "
              "query heads (query head h uses kv head h // {group}; heads 0–{last} share kv head 0).",
        "zh": "分组查询注意力：{heads} 个查询头只有 {kv} 个 K/V 头，每个 K/V 头服务 {group} 个查询头"
              "（查询头 h 使用 K/V 头 h // {group}；头 0–{last} 共用 K/V 头 0）。",
    },
    "why.rope": {
        "en": "Rotary positions: Q and K (never V) are turned by an angle that grows with the position, so q·k "
              "depends on how far apart two tokens are.",
        "zh": "旋转位置编码：Q 和 K（不含 V）按随位置增长的角度旋转，于是 q·k 取决于两个词相距多远。",
    },
    "why.prenorm": {
        "en": "Pre-norm: the norm comes before the sub-layer, and the residual adds the un-normalized input back.",
        "zh": "前置归一化：归一化放在子层之前，残差加回的是未归一化的输入。",
    },
    "why.Q_rot": {
        "en": "Rotate-half: each pair (c, c + d/2) of a position's vector is rotated by that position's angle, "
              "as transformers does it (not adjacent pairs).",
        "zh": "rotate-half：每个位置向量中的一对 (c, c + d/2) 按该位置的角度旋转，与 transformers 相同"
              "（不是相邻的两维）。",
    },
    "why.kv_head": {
        "en": "Which K/V head each query head reads: consecutive query heads share one.",
        "zh": "每个查询头读取哪个 K/V 头：相邻的查询头共用一个。",
    },
    "why.swiglu": {
        "en": "SwiGLU: the SiLU of the gate decides, cell by cell, how much of up passes.",
        "zh": "SwiGLU：门的 SiLU 逐格决定 up 通过多少。",
    },
    "why.final_norm": {
        "en": "Pre-norm layers leave their output un-normalized; one last norm follows the last layer.",
        "zh": "前置归一化的层输出未经归一化；最后一层之后再做一次归一化。",
    },
    "why.ln.decoder": {
        "en": "The layer's output: the attention's residual plus the feed-forward's output, not normalized.",
        "zh": "这一层的输出：注意力的残差加上前馈网络的输出，未经归一化。",
    },
    # --- end of decoder families ----------------------------------------------------------------------------
}
