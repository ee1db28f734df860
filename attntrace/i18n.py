"""Every user-facing sentence, in English and Chinese.

`t("key", **fields)` returns the sentence in the current language. The language comes from
`set_lang()` (the CLI's `--lang`), else from the locale (LC_ALL, LC_MESSAGES, LANG: zh* gives
Chinese), else English. Formulas stay in mathematical notation and are not translated.
A test asserts that every key has both languages and that every key the code uses exists.
"""

from __future__ import annotations

import os
from contextlib import contextmanager

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


@contextmanager
def in_lang(lang: str):
    """Render messages in `lang` inside the block (a page carries both languages), then restore the choice."""
    global _lang
    before = _lang
    set_lang(lang)
    try:
        yield
    finally:
        _lang = before
def label(text: str) -> str:
    """A caption followed by its value: a space after it, none after a full-width colon (`相似度：0.99`)."""
    return text if text.endswith(("：", "；", "，")) else text + " "


def shown_value(setting: str, value: str) -> str:
    """A setting's value as shown on screen (`mask=因果` in Chinese); JSON and NPZ keep the identifier."""
    entry = MESSAGES.get(f"value.{setting}.{value}")
    return entry[get_lang()] if entry else value


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
        "zh": "每一行是一个键 k：这个词元以什么特征供查询来匹配。",
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
        "zh": "点积是 d_k 个乘积之和，它的方差随 d_k 增大而增大；除以 √d_k 让方差保持在 1 附近，softmax 才不会饱和。",
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
    "render.head": {"en": "head {head}", "zh": "头 {head}"},
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
    "error.prefixed": {"en": "Error: {message}", "zh": "错误：{message}"},
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
    "notice.wrote": {"en": "wrote {what} to {path}", "zh": "{what}已写入 {path}"},
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
        "en": "{arg} matches no step{near}; a bare name (Q, weights) picks that step in every layer, a full name "
              "(blocks.0.attn.Q) or a glob picks steps by name; the steps are: {names}",
        "zh": "{arg} 没有匹配到任何步骤{near}；单写步骤名（Q、weights）会选中每一层的该步骤，"
              "完整名（blocks.0.attn.Q）或通配符按名称选中步骤；可用的步骤有：{names}",
    },
    "error.select.layer": {
        "en": "{arg} is out of range: this model has layers 0 to {last}",
        "zh": "{arg} 超出范围：这个模型的层号是 0 到 {last}",
    },
    "error.select.head": {
        "en": "{arg} is out of range: this trace has heads {heads}",
        "zh": "{arg} 超出范围：这份追踪数据的头号是 {heads}",
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
        "zh": "{where}：层 {layer} 不存在；配置中只有 {n_layers} 层",
    },
    "trace.twice": {"en": "{where}: the step appears twice", "zh": "{where}：这个步骤出现了两次"},
    "trace.no_data": {"en": "{where}: the step has no \"data\"", "zh": "{where}：这个步骤没有 \"data\""},
    "trace.shape_declared": {
        "en": "{where}: \"shape\" says {declared} but the data has shape {shape}",
        "zh": "{where}：\"shape\" 写的是 {declared}，但 data 的形状是 {shape}",
    },
    "trace.shape": {
        "en": "{where}: shape {shape} disagrees with {n} tokens and the config (expected {expected}){fix}",
        "zh": "{where}：形状 {shape} 与 {n} 个词元和配置不符（应为 {expected}）{fix}",
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
              "install them with: pip install \"safetensors>=0.4\" \"tokenizers>=0.15\"",
        "zh": "追踪预训练模型需要 safetensors 和 tokenizers（未安装 {missing}）；"
              "请运行：pip install \"safetensors>=0.4\" \"tokenizers>=0.15\"",
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
        "en": "{path} has no \"{field}\"; a {family} config.json gives it",
        "zh": "{path} 中没有 \"{field}\"；{family} 的 config.json 应当包含它",
    },
    "model.architecture": {
        "en": "{path} describes model_type {found} (architectures: {architectures}); attntrace supports "
              "model_type {supported}, such as bert-base-uncased, all-MiniLM-L6-v2, distilbert-base-uncased, "
              "roberta-base or xlm-roberta-base",
        "zh": "{path} 描述的是 model_type {found}（architectures：{architectures}）；attntrace 支持的 "
              "model_type 有 {supported}，例如 bert-base-uncased、all-MiniLM-L6-v2、distilbert-base-uncased、"
              "roberta-base 或 xlm-roberta-base",
    },
    "model.unsupported": {
        "en": "{path} has {field} = {found}; attntrace supports {family} checkpoints with {field} = {supported}",
        "zh": "{path} 中 {field} = {found}；attntrace 只支持 {field} = {supported} 的 {family} 模型",
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
        "en": "{file} has no tensor {name} (needed for {step}); is it a {family} checkpoint?",
        "zh": "{file} 中没有张量 {name}（{step} 需要它）；这是 {family} 模型吗？",
    },
    "model.tensor_shape": {
        "en": "{file}: tensor {name} has shape {found}, but config.json implies {expected}",
        "zh": "{file}：张量 {name} 的形状是 {found}，但按 config.json 应为 {expected}",
    },
    "model.no_tokenizer": {
        "en": "{path} has no tokenizer: a {family} folder needs {files}, so its tokens are unknown (found: {found}). "
              "transformers writes tokenizer.json with AutoTokenizer.from_pretrained(folder).save_pretrained(folder)",
        "zh": "{path} 中没有分词器：{family} 模型文件夹需要 {files}，否则无法得到它的词元（找到：{found}）。"
              "可以用 transformers 的 AutoTokenizer.from_pretrained(folder).save_pretrained(folder) "
              "写出 tokenizer.json",
    },
    "model.bad_tokenizer": {"en": "cannot read the tokenizer {file}: {reason}",
                            "zh": "无法读取分词器 {file}：{reason}"},
    "model.too_long": {
        "en": "the text has {n} tokens with {first} and {last}, but {model} has positions for at most {max}; "
              "give a shorter text",
        "zh": "这段文本加上 {first} 和 {last} 共 {n} 个词元，但 {model} 最多只有 {max} 个位置；请缩短文本",
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
              "--head (--all shows all), or save every step with --json or --npz",
        "zh": "只显示注意力权重（共 {total} 步中的 {shown} 步）；用 --steps、--layer 或 --head 选择其他步骤"
              "（--all 显示全部），或用 --json、--npz 保存全部步骤",
    },
    "render.model_config": {
        "en": "model={model} · d_model={d_model} · heads={heads} · layers={layers} · d_ff={d_ff} · ε={eps}",
        "zh": "模型={model} · d_model={d_model} · 头数={heads} · 层数={layers} · d_ff={d_ff} · ε={eps}",
    },
    "why.embed.token.model": {
        "en": "Each token's row of the checkpoint's learned embedding table; WordPiece splits rare words "
              "into ##pieces, and [CLS] and [SEP] mark the start and end.",
        "zh": "每个词元在模型词向量表中的那一行；WordPiece 把生僻词拆成 ## 开头的片段，"
              "[CLS] 和 [SEP] 分别表示开头和结尾。",
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
        "zh": "{t} 是把所有头的 X·{w} 直接 reshape 成 (heads, n, d_k)；应先按头切分列：reshape 成 (n, heads, d_k)，"
              "再把头这一维移到最前。",
    },
    "diagnose.qkv.other_head": {
        "en": "some heads of {t} were computed with another head's slice of {w}: head h uses {w}[h].",
        "zh": "{t} 的某些头用了别的头的那部分 {w}：头 h 应当用 {w}[h]。",
    },
    "diagnose.qkv.other_weight": {
        "en": "{t} was computed with {other} instead of {w}.",
        "zh": "{t} 是用 {other} 而不是 {w} 算出来的。",
    },
    "diagnose.qkv.layer_input": {
        "en": "layer {layer} computed {t} from X; its input is the previous layer's output, blocks.{prev}.out.",
        "zh": "层 {layer} 用 X 计算了 {t}；它的输入应是上一层的输出 blocks.{prev}.out。",
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
        "en": "the activation works cell by cell ({activation}).",
        "zh": "激活函数逐个元素计算（{activation}）。",
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
        "en": "{name} must be a finite number ≥ 0, got {value}",
        "zh": "{name} 必须是 ≥ 0 的有限数，得到的是 {value}",
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
        "zh": "{token}（位置 {pos}）的逐步计算 · 层 {layer} · 头 {head}",
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
    "compare.attention.table": {"en": "layer {layer} · head {head}", "zh": "层 {layer} · 头 {head}"},
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
        "en": "the roster has no id column (such as id, Student ID, SIS User ID, ID number); missing: {missing} "
              "(found: {found}); name it with --id-column",
        "zh": "名单没有学号列（如 id、Student ID、SIS User ID、ID number、学号）；缺少：{missing}（现有：{found}）；"
              "请用 --id-column 指定",
    },
    # rosters as spreadsheets and course sites export them
    "hw.roster.no_column": {"en": "the roster has no column {column!r} (found: {found})",
                            "zh": "名单没有 {column!r} 这一列（现有：{found}）"},
    "hw.roster.encoding": {
        "en": "the roster is not UTF-8, UTF-16 or GB18030/GBK text; save it from the spreadsheet as "
              "\"CSV UTF-8\", or name its encoding with --encoding (e.g. --encoding cp1252)",
        "zh": "名单不是 UTF-8、UTF-16 或 GB18030/GBK 文本；请在表格软件中另存为“CSV UTF-8”，"
              "或用 --encoding 指定编码（例如 --encoding cp1252）",
    },
    "hw.roster.unknown_encoding": {"en": "--encoding {encoding!r} is not an encoding Python knows",
                                   "zh": "--encoding {encoding!r} 不是 Python 认识的编码"},
    "hw.roster.not_encoding": {"en": "the roster is not {encoding} text (byte {byte}); try another --encoding",
                               "zh": "名单不是 {encoding} 文本（第 {byte} 字节）；请换一个 --encoding"},
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
              "(e.g. {example}) or drop one of the options",
        "zh": "选择条件 {options} 没有留下这份追踪数据中的任何步骤；请选该层中的步骤"
              "（例如 {example}），或去掉其中一个选项",
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
        "zh": "{token}（位置 {query}）在层 {layer} 中不能关注任何键：blocks.{layer}.attn.mask 的第 {query} 行"
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
        "zh": "出现不止一次的词元标出它的位置：词元@S1 位置↔S2 位置（— 表示该句没有）：S1 中的第一个与 S2 中的第一个"
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
    # --- long inputs: rows cut, the trace-size limit, text from a file or stdin -------------------------------
    "render.rows_cut": {
        "en": "showing {shown} of {total} rows (the first {head} and the last {tail}); see all with --rows all, "
              "or save the numbers with --json or --npz",
        "zh": "只显示了 {total} 行中的 {shown} 行（前 {head} 行和后 {tail} 行）；要看全部请用 --rows all，"
              "或用 --json、--npz 保存全部数值",
    },
    "render.tokens_cut": {
        "en": "({shown} of {total} tokens shown; all with --rows all or in --json)",
        "zh": "（显示了 {total} 个词元中的 {shown} 个；用 --rows all 或 --json 查看全部）",
    },
    "error.rows": {
        "en": "--rows must be a whole number of at least 2 (the first and the last row) or 'all', not {value}",
        "zh": "--rows 必须是不小于 2 的整数（第一行和最后一行）或 all，而不是 {value}",
    },
    "error.trace_too_large": {
        "en": "{n} tokens are too many to trace: with d_model={d_model}, {heads} head(s) and {layers} layer(s) "
              "the trace would take about {gib:.1f} GiB, and the limit is {limit} GiB (every step is kept, and the "
              "attention weights grow with the square of the length). Use a shorter text, or fewer heads and layers",
        "zh": "{n} 个词元太多，无法追踪：d_model={d_model}、{heads} 个头、{layers} 层时，追踪约需 {gib:.1f} GiB，"
              "上限是 {limit} GiB（每一步都会保留，注意力权重随长度的平方增长）。请缩短文本，或减少头数和层数",
    },
    "error.text.both": {
        "en": "give the text either as TEXT or with --file, not both",
        "zh": "文本只能用 TEXT 或 --file 之一给出，不能同时给出",
    },
    "error.text.none": {
        "en": "no text to trace: give TEXT, '-' to read it from stdin, or --file PATH",
        "zh": "没有要追踪的文本：请给出 TEXT，或用 - 从标准输入读取，或用 --file PATH",
    },
    "error.text.too_big": {
        "en": "{path} holds more than {limit} MiB of text; a trace of that many tokens would be far past the "
              "memory limit. Trace a shorter passage",
        "zh": "{path} 中的文本超过 {limit} MiB；这么多词元的追踪会远远超出内存上限。请追踪较短的段落",
    },
    # --- built-in models: it-demo, its vocabulary and its files ----------------------------------------------
    "builtin.unknown": {
        "en": "{model} knows only the words it was trained on: {count} token(s) are [UNK] ({words})",
        "zh": "{model} 只认识训练时见过的词：有 {count} 个词元是 [UNK]（{words}）",
    },
    "builtin.damaged": {
        "en": "the built-in model {model} cannot be read ({reason}); reinstall attntrace",
        "zh": "无法读取内置模型 {model}（{reason}）；请重新安装 attntrace",
    },
    "why.embed.token.it-demo": {
        "en": "Each word's row of it-demo's trained embedding table (English and Chinese words of its training "
              "sentences; any other word is [UNK]).",
        "zh": "每个词在 it-demo 训练出的词向量表中的那一行（训练句子中的英文词和中文词；其他词都是 [UNK]）。",
    },
    # --- end of built-in models ------------------------------------------------------------------------------
    # --- hostile input: huge numbers, deep JSON, crafted checkpoints and archives, output streams -------------
    "json.long_int": {
        "en": "an integer of {digits} digits; attntrace reads integers of at most {limit} digits",
        "zh": "有一个 {digits} 位的整数；attntrace 只读取不超过 {limit} 位的整数",
    },
    "json.too_deep": {"en": "the JSON is nested too deeply", "zh": "JSON 嵌套太深"},
    "trace.json_limit": {"en": "not a trace: {reason}", "zh": "不是追踪文件：{reason}"},
    "error.output": {
        "en": "cannot write the output: {reason}",
        "zh": "无法写出输出：{reason}",
    },
    "error.no_stdin": {
        "en": "standard input is closed; give a file name, or pipe the trace in",
        "zh": "标准输入已关闭；请给出文件名，或用管道传入追踪数据",
    },
    "model.type_id": {
        "en": "the tokenizer gives the token {token} the segment id {id}, but the model has {types} segment rows "
              "(type_vocab_size)",
        "zh": "分词器给词元 {token} 的段落编号是 {id}，但模型只有 {types} 行段落向量（type_vocab_size）",
    },
    "model.config_type": {
        "en": "{path}: \"{field}\" must be {expected}, not {found}",
        "zh": "{path}：\"{field}\" 必须是{expected}，而不是 {found}",
    },
    "model.expect.names": {"en": "a list of names", "zh": "名称列表"},
    "model.expect.positive": {"en": "a positive integer", "zh": "正整数"},
    "model.expect.eps": {"en": "a number between 0 and 1", "zh": "0 到 1 之间的数"},
    "model.not_object": {"en": "the top level is not a JSON object", "zh": "顶层不是 JSON 对象"},
    "model.not_regular": {
        "en": "not a regular file (a folder, a FIFO or a device)",
        "zh": "不是普通文件（而是文件夹、FIFO 或设备）",
    },
    "model.file_too_big": {
        "en": "larger than {limit} MB, far more than such a file holds",
        "zh": "超过 {limit} MB，远大于这种文件应有的大小",
    },
    "model.setting_type": {
        "en": "\"{field}\" has the wrong type: {found}",
        "zh": "\"{field}\" 的类型不对：{found}",
    },
    "model.no_weight_map": {
        "en": "it has no \"weight_map\" naming the shard of each tensor",
        "zh": "其中没有列出各张量所在分片的 \"weight_map\"",
    },
    "model.shard_name": {"en": "{name} is not a file name", "zh": "{name} 不是文件名"},
    "model.shard_outside": {
        "en": "the shard {name} is outside the model folder; shards must be files in the folder itself",
        "zh": "分片 {name} 在模型文件夹之外；分片必须是该文件夹里的文件",
    },
    "model.st.not_json": {
        "en": "the header is not JSON: {reason}",
        "zh": "头部不是 JSON：{reason}",
    },
    "model.st.short": {
        "en": "the file is too short to hold a safetensors header",
        "zh": "文件太短，装不下 safetensors 头部",
    },
    "model.st.header_size": {
        "en": "the header claims {n} bytes, but the file has {size}",
        "zh": "头部声称有 {n} 字节，但文件只有 {size} 字节",
    },
    "model.st.entry": {
        "en": "the header entry {name} lacks a known dtype, a shape or its byte range",
        "zh": "头部条目 {name} 缺少已知的 dtype、形状或字节范围",
    },
    "model.st.range": {
        "en": "the tensor {name} needs {needed} bytes but its byte range is {begin}..{end} of the {size} bytes "
              "of data in the file",
        "zh": "张量 {name} 需要 {needed} 字节，但它的字节范围是文件中 {size} 字节数据里的 {begin}..{end}",
    },
    "npz.no_meta": {"en": "it has no \"meta\" entry", "zh": "其中没有 \"meta\" 条目"},
    "npz.meta": {"en": "\"meta\" is not one JSON string", "zh": "\"meta\" 不是一个 JSON 字符串"},
    "npz.no_steps": {"en": "\"meta\" holds no step list", "zh": "\"meta\" 中没有步骤列表"},
    "npz.no_array": {"en": "no array for step {name}", "zh": "步骤 {name} 没有对应的数组"},
    "npz.version": {
        "en": "{where}: .npy format version {version} is not supported",
        "zh": "{where}：不支持 .npy 格式版本 {version}",
    },
    "npz.dtype": {"en": "{where}: an array of {dtype}, not numbers", "zh": "{where}：数组类型是 {dtype}，不是数值"},
    "npz.too_big": {
        "en": "{where}: the arrays would unpack to more than {ratio} times the archive's size; "
              "attntrace writes archives uncompressed, so this one is damaged or crafted",
        "zh": "{where}：这些数组解压后会超过归档大小的 {ratio} 倍；attntrace 写的归档不压缩，"
              "所以这个归档已损坏或是伪造的",
    },
    "trace.unknown_more": {
        "en": "{n} more steps with unknown names, skipped",
        "zh": "另有 {n} 个步骤名未知，已跳过",
    },
    # --- file safety and bad homework input: output folders, locks, bounded submissions, strict keys ------
    "files.locked": {
        "en": "another run is writing {out} (its lock is {lock}); wait for it, or delete the lock if no run is left",
        "zh": "另一个运行正在写入 {out}（锁文件为 {lock}）；请等它结束，若已没有其他运行，请删除该锁文件",
    },
    "files.outside": {"en": "refusing to write {path}: it is outside {out}", "zh": "拒绝写入 {path}：它在 {out} 之外"},
    "files.holds_cwd": {"en": "{out} is (or holds) the current folder, and a set replaces its folder whole; "
                              "choose a folder of its own, e.g. hw1/",
                        "zh": "{out} 是（或包含）当前文件夹，而一套文件会整体替换它的文件夹；"
                              "请另选一个专用文件夹，例如 hw1/"},
    "files.not_folder": {"en": "{out} exists and is not a folder", "zh": "{out} 已存在且不是文件夹"},
    "files.exists": {
        "en": "{out} already exists and holds files; use --force to replace them",
        "zh": "{out} 已存在且其中有文件；如要替换请使用 --force",
    },
    "files.kept": {"en": "the previous {out} (key included) is kept as {backup}",
                   "zh": "之前的 {out}（含答案密钥）已保留为 {backup}"},
    "files.kept_other": {"en": "the previous {out} held other files; it is kept as {backup}",
                         "zh": "之前的 {out} 中有其他文件；已保留为 {backup}"},
    "hw.sub.too_large": {"en": "the file is larger than {limit} bytes; a submission is a few kilobytes",
                         "zh": "文件大于 {limit} 字节；一份提交只有几 KB"},
    "hw.sub.too_deep": {"en": "the file is nested more than {limit} levels deep",
                        "zh": "文件的嵌套超过 {limit} 层"},
    "hw.sub.too_many_keys": {"en": "the file has more than {limit} keys; a submission has a few",
                             "zh": "文件中的键超过 {limit} 个；一份提交只有几个"},
    "files.not_regular": {"en": "it is not a regular file", "zh": "它不是普通文件"},
    "hw.key.repeated": {"en": "the key's ask lists {step} twice", "zh": "答案密钥的 ask 中 {step} 出现了两次"},
    "hw.key.missing_step": {"en": "the key's {where} has no step {step}", "zh": "答案密钥的 {where} 中没有步骤 {step}"},
    "hw.key.step_shape": {"en": "the key's {where}: step {step} is {found} but must be {expected}",
                          "zh": "答案密钥的 {where}：步骤 {step} 的形状是 {found}，应为 {expected}"},
    "hw.key.bad_file": {"en": "the key's {where}.file {file!r} is not a safe file name (it would be {safe!r})",
                        "zh": "答案密钥的 {where}.file {file!r} 不是安全的文件名（应为 {safe!r}）"},
    "hw.key.same_id": {"en": "the key lists the student id {id!r} twice", "zh": "答案密钥中学生 id {id!r} 出现了两次"},
    "hw.key.same_file": {"en": "the key gives two students the file name {file!r}",
                         "zh": "答案密钥中两名学生的文件名都是 {file!r}"},
    "hw.key.bad_json": {"en": "the key is not valid JSON: {reason}", "zh": "答案密钥不是有效的 JSON：{reason}"},
    "files.too_large": {"en": "it is larger than {limit} bytes", "zh": "它大于 {limit} 字节"},
    "hw.roster.too_many": {"en": "the roster has more than {limit} students; split the class into several sets",
                           "zh": "名单中的学生超过 {limit} 名；请把班级分成几组"},
    "hw.gen.text_long": {"en": "--text is {n} characters long; an exercise done by hand has at most {limit}",
                         "zh": "--text 长 {n} 个字符；手算的练习最多 {limit} 个"},
    "hw.gen.max_tokens": {"en": "--tokens allows at most {limit} tokens (the exercise is done by hand), got {value}",
                          "zh": "--tokens 最多允许 {limit} 个词元（练习是手算的），得到的是 {value}"},
    # --- end of file safety and bad homework input ---------------------------------------------------------
    # --- the interactive page (attntrace/interactive: explain --page, show --page, Jupyter) --------------
    "page.title": {"en": "attntrace: attention, number by number", "zh": "attntrace：逐个数字看注意力"},
    "page.lang": {"en": "中文", "zh": "English"},
    "page.tab.head": {"en": "Head view", "zh": "头视图"},
    "page.tab.model": {"en": "Model view", "zh": "模型视图"},
    "page.tab.neuron": {"en": "Neuron view: the arithmetic", "zh": "神经元视图：逐步计算"},
    "page.tab.steps": {"en": "Step tables", "zh": "步骤表"},
    "page.layer": {"en": "layer", "zh": "层"},
    "page.heads": {"en": "heads", "zh": "头"},
    "page.heads.all": {"en": "all", "zh": "全选"},
    "page.heads.none": {"en": "none", "zh": "全不选"},
    "page.query": {"en": "query token", "zh": "查询词元"},
    "page.head_one": {"en": "head", "zh": "头"},
    "page.head.hint": {
        "en": "Queries on the left, keys on the right; a line's thickness is the weight, one colour per head. "
              "Point at a token (or focus it with Tab) to see only its lines and their numbers; click to keep it.",
        "zh": "左边是查询，右边是键；线越粗权重越大，每个头一种颜色。把鼠标指向一个词元（或用 Tab 键选中），"
              "只看它的连线和数值；点击可以固定。",
    },
    "page.head.table": {
        "en": "Weights of {token} as the {side}", "zh": "{token} 作为{side}的权重",
    },
    "page.head.line": {
        "en": "head {head} · {query} → {key}: {weight}", "zh": "头 {head} · {query} → {key}：{weight}",
    },
    "page.head.none_selected": {"en": "choose at least one head", "zh": "请至少选择一个头"},
    "page.side.query": {"en": "query", "zh": "查询"},
    "page.side.key": {"en": "key", "zh": "键"},
    "page.model.hint": {
        "en": "Every layer × head: row i, column j is the weight from query i to key j, darker for more. "
              "Click one (or press Enter on it) to open it in the head view.",
        "zh": "每个层 × 头：第 i 行第 j 列是查询 i 对键 j 的权重，颜色越深越大。点击一个（或按回车）在头视图中打开。",
    },
    "page.model.thumb": {
        "en": "layer {layer}, head {head}: open in the head view",
        "zh": "层 {layer}，头 {head}：在头视图中打开",
    },
    "page.neuron.hint": {
        "en": "Every number below is the trace's own, rounded to {precision} decimals. Point at a weight, or at "
              "a row, to light up the numbers it came from.",
        "zh": "下面每个数都来自追踪数据本身，保留 {precision} 位小数。指向一个权重或一行，会高亮它由哪些数算出。",
    },
    "page.neuron.title": {
        "en": "{token} (position {pos}) attends · layer {layer} · head {head}",
        "zh": "{token}（位置 {pos}）的注意力 · 层 {layer} · 头 {head}",
    },
    "page.neuron.kv": {
        "en": "grouped K/V: this head reads K and V of K/V head {kv}, shared with heads {shared}",
        "zh": "分组 K/V：这个头读取第 {kv} 个 K/V 头的 K 和 V，与第 {shared} 个头共用",
    },
    "page.neuron.q": {
        "en": "1) the query q of {token}: its row of {step}", "zh": "1) {token} 的查询 q：{step} 中它的那一行",
    },
    "page.neuron.k": {"en": "2) the keys k_j: the rows of {step}", "zh": "2) 键 k_j：{step} 的各行"},
    "page.neuron.scores": {
        "en": "3) the scores q·k_j, ÷ √d_k = √{d_k} = {root}, and the softmax over them",
        "zh": "3) 分数 q·k_j，÷ √d_k = √{d_k} = {root}，再对它们做 softmax",
    },
    "page.neuron.softmax": {
        "en": "m = max_j scaled_j = {m}: subtract it, take exp of each, add them up, divide each by the sum",
        "zh": "m = max_j scaled_j = {m}：减去它，逐个取 exp，求和，再逐个除以和",
    },
    "page.neuron.z": {"en": "4) z = Σ_j w_j·v_j, component by component", "zh": "4) z = Σ_j w_j·v_j，逐个分量"},
    "page.neuron.key": {"en": "key j", "zh": "键 j"},
    "page.neuron.dot": {"en": "scores_j = q·k_j", "zh": "scores_j = q·k_j"},
    "page.neuron.div": {"en": "scaled_j = scores_j / √d_k", "zh": "scaled_j = scores_j / √d_k"},
    "page.neuron.shift": {"en": "scaled_j − m", "zh": "scaled_j − m"},
    "page.neuron.exp": {"en": "e_j = exp(scaled_j − m)", "zh": "e_j = exp(scaled_j − m)"},
    "page.neuron.weight": {"en": "w_j = e_j / Σ e", "zh": "w_j = e_j / Σ e"},
    "page.neuron.sum": {"en": "Σ e", "zh": "Σ e"},
    "page.neuron.terms": {
        "en": "Point at a row above, or at a cell of z, to see its sum written out.",
        "zh": "指向上面的一行或 z 的一格，可以看到它的求和式。",
    },
    "page.neuron.missing": {
        "en": "the arithmetic of layer {layer} needs steps this page does not hold: {steps}",
        "zh": "层 {layer} 的逐步计算需要的步骤不在这个页面中：{steps}",
    },
    "page.neuron.vsum": {"en": "z (the trace's {step})", "zh": "z（追踪数据中的 {step}）"},
    "page.steps.map": {"en": "The path, step by step", "zh": "计算路径，一步一步"},
    "page.steps.hint": {
        "en": "Choose a step; in the map, ← and → (or ↑ ↓) move between steps, Home and End go to the ends.",
        "zh": "选择一个步骤；在路径图中用 ← →（或 ↑ ↓）在步骤间移动，Home 和 End 跳到两端。",
    },
    "page.steps.omitted": {
        "en": "{cells} numbers: a checkpoint's weights, the same for every sentence, are left out of the page "
              "to keep it small; the JSON and NPZ files hold them at full precision.",
        "zh": "共 {cells} 个数：模型的权重对每个句子都一样，为了让页面小巧没有放进来；"
              "JSON 和 NPZ 文件里有完整精度的值。",
    },
    "page.steps.head": {"en": "head axis", "zh": "头"},
    "page.kv_head": {"en": "K/V head {head}", "zh": "第 {head} 个 K/V 头"},
    "page.special": {
        "en": "a special token of the tokenizer, not a word of the sentence",
        "zh": "分词器的特殊词元，不是句子里的词",
    },
    "page.masked": {"en": "masked", "zh": "被遮住"},
    "page.no_weights": {
        "en": "this page holds no attention weights; make it from a trace with the *.weights steps",
        "zh": "这个页面没有注意力权重；请用包含 *.weights 步骤的追踪数据生成",
    },
    "page.precision": {
        "en": "numbers rounded to {precision} decimals (the JSON and NPZ keep full precision)",
        "zh": "数值保留 {precision} 位小数（JSON 和 NPZ 保留完整精度）",
    },
    "notice.page": {"en": "the interactive page", "zh": "交互页面"},
    "error.page_stdout": {
        "en": "--page needs a file name ('-' is not allowed: stdout holds the printed output)",
        "zh": "--page 需要文件名（不能用 '-'：标准输出已用于打印的内容）",
    },
    "page.default_view": {
        "en": "the page holds the attention steps and each layer's output ({shown} of {total} steps); choose "
              "others with --steps (--steps '*' puts in every step, a much larger page)",
        "zh": "页面包含注意力的各步和每层的输出（共 {total} 步中的 {shown} 步）；用 --steps 选择其他步骤"
              "（--steps '*' 放入全部步骤，页面会大得多）",
    },
    # --- end of the interactive page --------------------------------------------------------------------
    # --- encoder families: DistilBERT, RoBERTa, XLM-RoBERTa; unknown tokens; remote names ---------------------
    "config.position_offset": {
        "en": "position_offset must be a whole number from 0 to {limit}, got {value}",
        "zh": "position_offset 必须是 0 到 {limit} 之间的整数，得到的是 {value}",
    },
    "model.remote": {
        "en": "{path} is not a folder here. attntrace never downloads models: --model takes a local folder. "
              "A model downloaded with the Hugging Face libraries (huggingface-cli download {path}) is kept in "
              "{cache}; pass that folder",
        "zh": "这里没有 {path} 这个文件夹。attntrace 从不下载模型：--model 需要本地文件夹。用 Hugging Face 工具"
              "下载的模型（huggingface-cli download {path}）保存在 {cache}；请给出那个文件夹",
    },
    "model.remote_cached": {
        "en": "{path} is not a folder here (attntrace never downloads models), but the Hugging Face cache holds "
              "a download of it: --model {folder}",
        "zh": "这里没有 {path} 这个文件夹（attntrace 从不下载模型），但 Hugging Face 缓存里有它的下载："
              "--model {folder}",
    },
    "model.pad_in_text": {
        "en": "the text contains the padding token {token}; {model} gives a padding token no position, so it "
              "cannot stand inside a sentence. Remove it from the text",
        "zh": "文本中含有填充词元 {token}；{model} 不给填充词元分配位置，所以它不能出现在句子里。请把它从文本中去掉",
    },
    "model.unknown_tokens": {
        "en": "warning: {count} of the {n} tokens are {unk} ({share} of the text: {chars}): the vocabulary of "
              "{model} does not cover this script (at most part of it), so the model sees each of them as the "
              "same unknown token. Models whose vocabulary covers it: {others}",
        "zh": "警告：{n} 个词元中有 {count} 个是 {unk}（占文本的 {share}：{chars}）："
              "{model} 的词表不包含（或只包含一部分）这种文字，模型把它们都看成同一个未知词元。"
              "词表包含这种文字的模型：{others}",
    },
    "compare.x.model_same": {
        "en": "X = {formula}, and the token stands at position {pos} in both sentences, so X is the same too.",
        "zh": "X = {formula}，这个词在两个句子里都在位置 {pos}，所以 X 也相同。",
    },
    "compare.x.model_other": {
        "en": "X = {formula}: the embedding is the same, but the token stands at position {pos_a} in S1 and "
              "{pos_b} in S2, so it takes another position row ({row_a} and {row_b}) and X differs. Only the "
              "position differs, not the word.",
        "zh": "X = {formula}：词向量相同，但这个词在 S1 中位于 {pos_a}、在 S2 中位于 {pos_b}，所以用的是另一行位置向量"
              "（{row_a} 和 {row_b}），X 也就不同。不同的只是位置，而不是词本身。",
    },
    "diagnose.position.offset": {
        "en": "embed.position holds rows {found} of the position table, but {family} numbers positions from "
              "padding_idx + 1 = {offset}: token i takes row i + {offset} (rows {right}).",
        "zh": "embed.position 用的是位置表的第 {found} 行，但 {family} 的位置从 padding_idx + 1 = {offset} 开始编号："
              "第 i 个词元用第 i + {offset} 行（第 {right} 行）。",
    },
    "diagnose.position.learned": {
        "en": "embed.position is rows {right} of embed.position_table (token i takes row i + {offset}); check "
              "which rows you took.",
        "zh": "embed.position 是 embed.position_table 的第 {right} 行（第 i 个词元用第 i + {offset} 行）；"
              "请检查取的是哪些行。",
    },
    "model.dtype_needs_model": {
        "en": "--dtype chooses the precision of a pretrained model's forward pass; use it with --model DIR "
              "(the seeded encoder always computes in float64)",
        "zh": "--dtype 用来选择预训练模型前向计算的精度；请与 --model DIR 一起使用（种子编码器总是用 float64 计算）",
    },
    "why.embed.token.roberta": {
        "en": "Each token's row of the checkpoint's learned embedding table; byte-level BPE cuts text into "
              "pieces (Ġ marks a piece that starts after a space), and <s> and </s> mark the start and end.",
        "zh": "每个词元在模型词向量表中的那一行；字节级 BPE 把文本切成片段（Ġ 表示片段前有一个空格），"
              "<s> 和 </s> 表示开头和结尾。",
    },
    "why.embed.token.xlm-roberta": {
        "en": "Each token's row of the checkpoint's learned embedding table; a SentencePiece vocabulary of "
              "many languages cuts text into pieces (▁ marks the start of a word), and <s> and </s> mark the "
              "start and end.",
        "zh": "每个词元在模型词向量表中的那一行；多语言的 SentencePiece 词表把文本切成片段（▁ 表示一个词的开头），"
              "<s> 和 </s> 表示开头和结尾。",
    },
    "why.embed.position.offset": {
        "en": "A row of the learned position table, counted from padding_idx + 1 (2 in the released RoBERTa and "
              "XLM-R models), as fairseq did: no sentence uses the rows before. Rows from 0 are the classic "
              "porting bug.",
        "zh": "学到的位置表中的一行，沿用 fairseq 从 padding_idx + 1 开始数（已发布的 RoBERTa 和 XLM-R 模型中是 2）："
              "句子从不使用前面的行。从第 0 行开始取是移植时的常见错误。",
    },
    # --- end of encoder families ------------------------------------------------------------------------------
    # --- strict verify: config fields a trace must state, shape fixes, unknown and unchecked steps ----------
    "config.required": {
        "en": "the config lacks {names}; a trace must state d_model, n_heads and n_layers (every shape follows "
              "from them; the other fields have defaults, see attntrace schema)",
        "zh": "config 缺少 {names}；追踪数据必须写明 d_model、n_heads 和 n_layers（所有形状都由它们决定；"
              "其余字段有默认值，见 attntrace schema）",
    },
    "trace.fix.transpose": {
        "en": "; the sizes are there but in another order: transpose axes {a} and {b} (PyTorch's nn.Linear "
              "stores its weight as out × in)",
        "zh": "；各维的大小都对，只是顺序不同：请交换第 {a} 维和第 {b} 维"
              "（PyTorch 的 nn.Linear 把权重存成 输出 × 输入）",
    },
    "trace.fix.split_columns": {
        "en": "; split the columns per head: each head takes {d_head} consecutive columns, "
              "a.reshape(rows, {heads}, {d_head}).transpose(1, 0, 2)",
        "zh": "；请按列拆成各个头：每个头取相邻的 {d_head} 列，a.reshape(rows, {heads}, {d_head}).transpose(1, 0, 2)",
    },
    "trace.fix.split_rows": {
        "en": "; split the rows per head: each head takes {d_head} consecutive rows of W_O, "
              "W_O.reshape({heads}, {d_head}, d_model)",
        "zh": "；请按行拆成各个头：每个头取 W_O 相邻的 {d_head} 行，W_O.reshape({heads}, {d_head}, d_model)",
    },
    "trace.fix.defaulted": {
        "en": "; the config does not state it, so it took the default {names}: write the value your model uses",
        "zh": "；config 没有写明它，所以取了默认值 {names}：请写上你的模型实际用的值",
    },
    "verify.strict.unknown": {
        "en": "{n} step name(s) are not attntrace's and were not checked: {names}. Rename them (see the "
              "suggestions above and the step names in the README), or pass --lenient to skip them.",
        "zh": "{n} 个步骤名不是 attntrace 的，没有检查：{names}。请改名（见上面的建议和 README 中的步骤名），"
              "或加 --lenient 跳过它们。",
    },
    "verify.strict.not_checked": {
        "en": "{n} step(s) could not be checked: {names}. Add what they need, or pass --lenient to accept them "
              "unchecked.",
        "zh": "{n} 个步骤无法检查：{names}。请补上它们需要的内容，或加 --lenient 接受不检查。",
    },
    "verify.strict.unused": {
        "en": "{n} step(s) are not part of the model the config describes, so nothing checks them: {names}. "
              "Fix the config (e.g. \"qkv_bias\": true for b_Q, \"mask\": \"causal\" for a mask), or pass --lenient.",
        "zh": "{n} 个步骤不属于 config 描述的模型，所以没有检查：{names}。请改正 config（例如 b_Q 需要 "
              "\"qkv_bias\": true，掩码需要 \"mask\": \"causal\"），或加 --lenient。",
    },
    "verify.strict.fail": {
        "en": "Not verified: every step checked is right, but not every step present was checked.",
        "zh": "未通过：检查过的步骤都正确，但并非所有给出的步骤都检查过。",
    },
    "verify.pass_lenient": {
        "en": "Every step checked is right (--lenient: steps that could not be checked are not counted).",
        "zh": "检查过的步骤都正确（--lenient：无法检查的步骤不计）。",
    },
    # --- end of strict verify ---------------------------------------------------------------------------------
    # --- diff: a trace against a trusted one; the weight layouts and W_O mistakes it names ------------------
    "diff.tokens_count": {
        "en": "the traces cannot be compared: {mine} tokens against {ref} in the reference",
        "zh": "两份追踪数据无法比较：{mine} 个词元，参考数据有 {ref} 个",
    },
    "diff.no_heads": {
        "en": "the traces hold no head in common (heads {mine} against {ref} in the reference)",
        "zh": "两份追踪数据没有共同的头（头 {mine}，参考数据是 {ref}）",
    },
    "diff.note.tokens": {
        "en": "the tokens differ, first at position {at}: {mine} against {ref}; compared position by position",
        "zh": "词元不同，第一处在位置 {at}：{mine}，参考数据是 {ref}；按位置逐一比较",
    },
    "diff.note.config": {
        "en": "the configs differ (mine / reference): {fields}",
        "zh": "两份配置不同（我的 / 参考）：{fields}",
    },
    "diff.note.heads": {
        "en": "compared on the heads both traces hold: {heads}",
        "zh": "只比较两份追踪数据都有的头：{heads}",
    },
    "diff.title": {"en": "attntrace diff {mine} {ref}: tokens {tokens}",
                   "zh": "attntrace diff {mine} {ref}：词元 {tokens}"},
    "diff.col.cell": {"en": "first divergent cell reference → mine", "zh": "第一个不同的单元格 参考 → 我的"},
    "diff.status.same": {"en": "same", "zh": "相同"},
    "diff.status.differs": {"en": "differs", "zh": "不同"},
    "diff.status.shape": {"en": "shape", "zh": "形状不同"},
    "diff.status.only mine": {"en": "only mine", "zh": "只有我的"},
    "diff.status.only reference": {"en": "only reference", "zh": "只有参考"},
    "diff.shapes": {"en": "{mine} vs {ref}", "zh": "{mine} 对 {ref}"},
    "diff.summary": {
        "en": "{same} same · {differs} differ · {shape} of another shape · {only_mine} only in mine · "
              "{only_ref} only in the reference · rtol={rtol}, atol={atol}",
        "zh": "{same} 相同 · {differs} 不同 · {shape} 形状不同 · {only_mine} 只在我的中 · {only_ref} 只在参考中 · "
              "rtol={rtol}，atol={atol}",
    },
    "diff.pass": {"en": "Every step both traces hold agrees.", "zh": "两份追踪数据共有的步骤全部一致。"},
    "diff.nothing": {"en": "The traces have no step in common.", "zh": "两份追踪数据没有共同的步骤。"},
    "diff.first": {"en": "First divergent step: {name}", "zh": "第一个不同的步骤：{name}"},
    "diff.unknown": {
        "en": "{n} step name(s) are not attntrace's and were not compared: {names}. Rename them, or pass --lenient.",
        "zh": "{n} 个步骤名不是 attntrace 的，没有比较：{names}。请改名，或加 --lenient。",
    },
    "notice.diff_report": {"en": "the diff report", "zh": "比较报告"},
    "diagnose.param.transposed": {
        "en": "{w} is the reference's transposed: PyTorch's nn.Linear stores its weight as out × in (x·Wᵀ); "
              "transpose it before splitting it into heads.",
        "zh": "{w} 是参考值的转置：PyTorch 的 nn.Linear 把权重存成 输出 × 输入（x·Wᵀ）；请先转置再拆成各个头。",
    },
    "diagnose.param.reshape": {
        "en": "{w} was reshaped straight to (heads, d_model, d_k); split the columns per head instead: "
              "W.reshape(d_model, heads, d_k).transpose(1, 0, 2).",
        "zh": "{w} 被直接 reshape 成 (heads, d_model, d_k)；应当按列拆成各个头："
              "W.reshape(d_model, heads, d_k).transpose(1, 0, 2)。",
    },
    "diagnose.param.heads_order": {
        "en": "{w} holds the reference's heads in another order ({order}).",
        "zh": "{w} 中各个头的顺序与参考不同（{order}）。",
    },
    "diagnose.out.transposed": {
        "en": "out equals concat(Z)·W_Oᵀ: W_O is transposed (PyTorch's out_proj weight is out × in).",
        "zh": "out 等于 concat(Z)·W_Oᵀ：W_O 被转置了（PyTorch 的 out_proj 权重是 输出 × 输入）。",
    },
    "diagnose.out.reshape": {
        "en": "the heads were merged by Z.reshape(n, heads·d_k) without moving the head axis: use "
              "Z.transpose(1, 0, 2).reshape(n, heads·d_k), so that each row holds one token's heads side by side.",
        "zh": "合并各个头时直接用了 Z.reshape(n, 头数·d_k)，没有先移动头这一维：应当用 "
              "Z.transpose(1, 0, 2).reshape(n, 头数·d_k)，让每一行是同一个词元的各个头并排。",
    },
    "diagnose.out.heads_order": {
        "en": "the heads meet W_O in another order ({order}): head h's Z must multiply rows h·d_k … (h+1)·d_k − 1 "
              "of W_O.",
        "zh": "各个头与 W_O 相乘时顺序不对（{order}）：第 h 个头的 Z 应当乘 W_O 的第 h·d_k 到 (h+1)·d_k − 1 行。",
    },
    # --- end of diff ------------------------------------------------------------------------------------------
    # --- the Python API: unknown step names ------------------------------------------------------------------
    "trace.no_step": {"en": "no step named {name} in this trace{near}",
                      "zh": "这份追踪数据中没有名为 {name} 的步骤{near}"},
    "trace.did_you_mean": {"en": "; did you mean {name}?", "zh": "；是不是想写 {name}？"},
    # --- end of the Python API --------------------------------------------------------------------------------
    # --- hints that name the mistake: ε, biases, masks, GELU, token types, 16-bit floats ---------------------
    "diagnose.ln.eps": {
        "en": "the numbers fit a LayerNorm with ε = {eps}, not the config's {config}: set \"ln_eps\": {eps} in the "
              "config if your model uses it.",
        "zh": "这些数值符合 ε = {eps} 的 LayerNorm，而不是 config 中的 {config}：如果你的模型用的就是它，"
              "请在 config 中写 \"ln_eps\": {eps}。",
    },
    "diagnose.qkv.no_bias": {
        "en": "{t} = X·{w} without + {b} (the expected {t} minus yours is {b} in every row): the bias was left out.",
        "zh": "{t} = X·{w} 没有加 {b}（应有的 {t} 减去你的，每一行都等于 {b}）：漏掉了偏置。",
    },
    "diagnose.out.no_bias": {
        "en": "out = Σ_h Z_h·W_O,h without + b_O: the output bias was left out.",
        "zh": "out = Σ_h Z_h·W_O,h 没有加上 b_O：漏掉了输出偏置。",
    },
    "diagnose.mask.inverted": {
        "en": "the mask is inverted: it is true where attention is blocked, as PyTorch's attn_mask is; attntrace's "
              "mask is true where a query may attend. Save ~attn_mask.",
        "zh": "掩码反了：它在不允许关注的位置为 true（PyTorch 的 attn_mask 就是这样）；attntrace 的掩码在允许关注的"
              "位置为 true。请保存 ~attn_mask。",
    },
    "diagnose.weights.mask_inverted": {
        "en": "the softmax kept the blocked keys and dropped the allowed ones: the mask was used inverted "
              "(PyTorch's attn_mask is true where attention is blocked).",
        "zh": "softmax 保留了被屏蔽的键、去掉了允许的键：掩码用反了（PyTorch 的 attn_mask 在屏蔽处为 true）。",
    },
    "diagnose.act.tanh": {
        "en": "act equals GELU's tanh approximation, 0.5·h·(1 + tanh(√(2/π)·(h + 0.044715·h³))); this model uses "
              "the exact GELU, 0.5·h·(1 + erf(h/√2)) (PyTorch: approximate=\"none\").",
        "zh": "act 等于 GELU 的 tanh 近似 0.5·h·(1 + tanh(√(2/π)·(h + 0.044715·h³)))；这个模型用的是精确的 GELU，"
              "0.5·h·(1 + erf(h/√2))（PyTorch：approximate=\"none\"）。",
    },
    "diagnose.embed.no_token_type": {
        "en": "the token type (segment) embeddings were left out: embed.sum = embed.token + embed.position + "
              "embed.token_type, even for one sentence (segment 0's row).",
        "zh": "漏掉了词元类型（句段）嵌入：embed.sum = embed.token + embed.position + embed.token_type，"
              "即使只有一个句子（句段 0 的那一行）也要加。",
    },
    "diagnose.precision.bf16": {
        "en": "no mistake in the formula: every cell is off by a relative error of up to {rel} (about 2⁻⁸), the "
              "rounding of bfloat16. Compare in float32, or pass --rtol {rtol} --atol {rtol}.",
        "zh": "公式没有错：每个单元格都有最多 {rel}（约 2⁻⁸）的相对误差，这是 bfloat16 的舍入。"
              "请用 float32 比较，或加 --rtol {rtol} --atol {rtol}。",
    },
    "diagnose.precision.fp16": {
        "en": "no mistake in the formula: every cell is off by a relative error of up to {rel} (about 2⁻¹¹), the "
              "rounding of float16. Compare in float32, or pass --rtol {rtol} --atol {rtol}.",
        "zh": "公式没有错：每个单元格都有最多 {rel}（约 2⁻¹¹）的相对误差，这是 float16 的舍入。"
              "请用 float32 比较，或加 --rtol {rtol} --atol {rtol}。",
    },
    # --- end of hints that name the mistake -------------------------------------------------------------------
    # --- capture from a live PyTorch model ---------------------------------------------------------------------
    "capture.no_torch": {
        "en": "capturing a trace from a PyTorch model needs torch: pip install torch",
        "zh": "从 PyTorch 模型捕获追踪数据需要 torch：pip install torch",
    },
    "capture.module": {
        "en": "cannot capture a {kind}: attntrace captures torch.nn.MultiheadAttention (self-attention), "
              "nn.TransformerEncoderLayer and nn.TransformerEncoder; for other code use Trace.from_arrays",
        "zh": "无法捕获 {kind}：attntrace 能捕获 torch.nn.MultiheadAttention（自注意力）、"
              "nn.TransformerEncoderLayer 和 nn.TransformerEncoder；其他代码请用 Trace.from_arrays",
    },
    "capture.pre_norm": {
        "en": "the layer is pre-norm (norm_first=True); attntrace's layer is post-norm, as in the original "
              "Transformer and BERT",
        "zh": "这一层是前置归一化（norm_first=True）；attntrace 的层是后置归一化，与原始 Transformer 和 BERT 相同",
    },
    "capture.final_norm": {
        "en": "the encoder has a final norm (norm=...), which attntrace's encoder does not; capture its layers",
        "zh": "这个编码器最后还有一个归一化层（norm=...），attntrace 的编码器没有；请捕获它的各层",
    },
    "capture.mask": {
        "en": "only a causal mask is modelled (attn_mask true above the diagonal); pass is_causal=True or that mask",
        "zh": "只支持因果掩码（attn_mask 在对角线以上为 true）；请传 is_causal=True 或这个掩码",
    },
    "capture.activation": {
        "en": "the feed-forward activation {kind} is not one attntrace models (ReLU, or the exact GELU)",
        "zh": "前馈层的激活函数 {kind} 不是 attntrace 支持的（ReLU，或精确的 GELU）",
    },
    "capture.drift": {
        "en": "the captured steps do not reproduce the module's own output (largest difference {err}); "
              "this PyTorch version computes the layer differently",
        "zh": "捕获的步骤与模块自己的输出不一致（最大差 {err}）；这个 PyTorch 版本计算这一层的方式不同",
    },
    # --- end of capture -------------------------------------------------------------------------------------
    # --- Click's own sentences (usage errors); "en" is Click's wording, read back to fill the Chinese -------
    "click.error": {"en": "Error: {message}", "zh": "错误：{message}"},
    "click.try_help": {"en": "Try '{command} {option}' for help.", "zh": "运行 '{command} {option}' 查看帮助。"},
    "click.no_option": {"en": "No such option: {name}", "zh": "没有这个选项：{name}"},
    "click.possible": {"en": "{message} (Possible options: {options})", "zh": "{message}（可用的选项：{options}）"},
    "click.no_command": {"en": "No such command {name}.", "zh": "没有这个命令：{name}。"},
    "click.missing_argument": {"en": "Missing argument {name}.", "zh": "缺少参数 {name}。"},
    "click.missing_option": {"en": "Missing option {name}.", "zh": "缺少选项 {name}。"},
    "click.missing_command": {"en": "Missing command.", "zh": "缺少命令。"},
    "click.invalid_for": {"en": "Invalid value for {name}: {message}", "zh": "{name} 的值无效：{message}"},
    "click.invalid": {"en": "Invalid value: {message}", "zh": "无效的值：{message}"},
    "click.not_one_of": {"en": "{value} is not one of {choices}.", "zh": "{value} 不是 {choices} 之一。"},
    "click.not_valid": {"en": "{value} is not a valid {kind}.", "zh": "{value} 不是有效的{kind}。"},
    "click.kind.integer": {"en": "integer", "zh": "整数"},
    "click.kind.float": {"en": "float", "zh": "浮点数"},
    "click.kind.int": {"en": "int", "zh": "整数"},
    "click.range": {"en": "{value} is not in the range {range}.", "zh": "{value} 不在范围 {range} 内。"},
    "click.needs_value": {"en": "Option {name} requires an argument.", "zh": "选项 {name} 需要一个值。"},
    "click.needs_values": {"en": "Option {name} requires {n} arguments.", "zh": "选项 {name} 需要 {n} 个值。"},
    "click.no_value": {"en": "Option {name} does not take a value.", "zh": "选项 {name} 不接受值。"},
    "click.extra": {"en": "Got unexpected extra argument(s) ({args})", "zh": "多余的参数（{args}）"},
    "click.usage": {"en": "Usage: {rest}", "zh": "用法：{rest}"},
    "click.help_option": {"en": "Show this message and exit.", "zh": "显示本帮助并退出。"},
    "value.positional.sinusoidal": {"en": "sinusoidal", "zh": "正弦"},
    "value.positional.none": {"en": "none", "zh": "无"},
    "value.mask.none": {"en": "none", "zh": "无"},
    "value.mask.causal": {"en": "causal", "zh": "因果"},
    "render.tokens.label": {"en": "tokens: ", "zh": "词元："},
    "compare.x.one_position": {
        "en": "Its row of X (position {pos} in both):",
        "zh": "它在 X 中的那一行（两句中都在位置 {pos}）：",
    },
    # --- end of Click's own sentences -------------------------------------------------------------------------
    # --- help of every command and option (help.<command>[.<option>], help.opt.<option> when shared) -------
    'help.attntrace': {
        "en": 'Make Transformer self-attention visible, number by number.\n\nExample: '
              ' attntrace explain "今天晚上吃河马"',
        'zh': '把 Transformer 的自注意力逐个数字地展示出来。\n\n示例：attntrace explain "今天晚上吃河马"',
    },
    'help.schema': {
        'en': 'Print the JSON Schema of the trace format.\n\nExample:  attntrace schema > trace.schema.json',
        'zh': '打印追踪格式的 JSON Schema。\n\n示例：attntrace schema > trace.schema.json',
    },
    'help.compare': {
        "en": 'Follow one token through two sentences: the same input vector, a different attention '
              'row, a different\noutput, and the cosine similarity of the two outputs.\n\nExample: '
              ' attntrace compare "The animal didn\'t cross the street because it was too tired." "The '
              'animal\ndidn\'t cross the street because it was too wide." --token it',
        "zh": '在两个句子中跟踪同一个词元：输入向量相同，注意力权重的那一行不同，输出不同，'
              '并给出两个输出的余弦相似度。\n\n示例：attntrace compare "The animal '
              'didn\'t cross the street because it was too tired." "The animal didn\'t cross the street '
              'because it was too wide." --token it',
    },
    'help.homework': {
        "en": 'Per-student self-attention exercises, an answer key, and grading with error carried '
              'forward.\n\nExample:  attntrace homework new --out hw1/ --roster students.csv --seed '
              '2026',
        "zh": '为每个学生生成自注意力练习和答案密钥，并按错误延续评分。\n\n示例：attntrace '
              'homework new --out hw1/ --roster students.csv --seed 2026',
    },
    'help.homework.new': {
        "en": 'Write a sheet (Markdown and LaTeX) and a TOML submission template per student, and key.json.\n'
              '\nExample:  attntrace homework new --out hw1/ --roster students.csv --seed 2026 --ask '
              'weights,Z',
        "zh": '为每个学生写一份练习（Markdown 和 LaTeX）和一份 TOML 提交模板，并写出 '
              'key.json。\n\n示例：attntrace homework new '
              '--out hw1/ --roster students.csv --seed 2026 --ask weights,Z',
    },
    'help.homework.grade': {
        "en": 'Grade submissions: a summary table, a grades CSV and per-student feedback. Exit 1 if '
              'any had a problem.\n\nExample:  attntrace homework grade --key hw1/key.json submissions/*.toml'
              ' --csv grades.csv --feedback fb/',
        "zh": '给提交的作业评分：输出汇总表、成绩 CSV 和每个学生的反馈。有任何一份出问题时退出码为 '
              '1。\n\n示例：attntrace homework grade --key '
              'hw1/key.json submissions/*.toml --csv grades.csv --feedback fb/',
    },
    'help.explain.text': {
        'en': "The sentence to trace, Chinese, English or mixed ('-' reads it from stdin).",
        'zh': '要追踪的句子，中文、英文或混合均可（- 表示从标准输入读取）。',
    },
    'help.opt.file': {
        'en': 'Read the text from a UTF-8 file (at most 1 MiB) instead of TEXT.',
        'zh': '从 UTF-8 文件（最大 1 MiB）读取文本，代替 TEXT。',
    },
    'help.opt.tokenizer': {
        "en": 'default: words (Chinese segmented with rjieba); char: one token per character; space: '
              'split on whitespace only, for your own segmentation.',
        'zh': 'default：按词切分（中文用 rjieba 分词）；char：每个字一个词元；space：只按空白切分，用于你自己的分词。',
    },
    'help.opt.d_model': {
        'en': 'Width of the token vectors.',
        'zh': '词元向量的宽度。',
    },
    'help.opt.heads': {
        'en': 'Attention heads; must divide --d-model.',
        'zh': '注意力头数；必须能整除 --d-model。',
    },
    'help.opt.layers': {
        'en': 'Encoder layers.',
        'zh': '编码器层数。',
    },
    'help.opt.d_ff': {
        'en': 'Feed-forward width [default: 2 × d-model].',
        'zh': '前馈网络的宽度［默认：2 × d-model］。',
    },
    'help.opt.seed': {
        'en': 'Seed for every weight and embedding.',
        'zh': '生成所有权重和词向量的随机种子。',
    },
    'help.opt.positional': {
        'en': 'Positional encoding added to X.',
        'zh': '加到 X 上的位置编码。',
    },
    'help.opt.mask': {
        'en': 'causal: each token sees only itself and earlier tokens.',
        'zh': 'causal：每个词元只能看到自己和前面的词元。',
    },
    'help.opt.precision': {
        'en': 'Decimals shown.',
        'zh': '显示的小数位数。',
    },
    'help.opt.steps': {
        'en': "Show only these steps: names or globs, comma-separated or repeated, e.g. --steps '*.weights'.",
        'zh': "只显示这些步骤：步骤名或通配符，用逗号分隔或重复给出，例如 --steps '*.weights'。",
    },
    'help.opt.layer': {
        'en': 'Show only this layer.',
        'zh': '只显示这一层。',
    },
    'help.opt.head': {
        'en': 'Show only this head.',
        'zh': '只显示这个头。',
    },
    'help.opt.view': {
        "en": "steps: every step's tables; heads: heatmaps of the weights of all heads of a layer side "
              'by side; model: every layer × head as small shaded grids.',
        "zh": 'steps：每一步的表格；heads：一层中所有头的权重热图并排显示；model：所有层 '
              '× 头，每个画成一个小的灰度网格。',
    },
    'help.opt.rows': {
        "en": 'Rows shown of each matrix: a taller one shows its first and last rows around a … row '
              "('all': every row; --json and --npz always hold every number).",
        "zh": '每个矩阵显示的行数：更高的矩阵显示开头和结尾的行，中间用一行 … 表示（all：'
              '显示所有行；--json 和 --npz 总是保存全部数值）。',
    },
    'help.opt.focus': {
        "en": 'Write out the arithmetic of attention for one query token: its text, text@position, '
              'or its position (--layer and --head choose where).',
        'zh': '写出一个查询词元的注意力算式：用它的文本、文本@位置或位置指定（由 --layer 和 --head 选择在哪里）。',
    },
    'help.opt.step': {
        'en': 'Pause after each step (Enter: next, q: stop); ignored when input is not a terminal.',
        'zh': '每一步之后暂停（回车：下一步，q：停止）；输入不是终端时忽略。',
    },
    'help.opt.lang': {
        'en': 'Language of headings, captions and messages [default: from the locale, else en].',
        'zh': '标题、说明和消息的语言［默认：取自区域设置，否则为 en］。',
    },
    'help.opt.json_': {
        'en': "Write the trace as JSON to FILE ('-' for stdout, and then nothing else goes to stdout).",
        'zh': '把追踪数据以 JSON 写入 FILE（- 表示标准输出，此时标准输出不再有其他内容）。',
    },
    'help.opt.npz': {
        "en": "Write the selected steps as a numpy archive to FILE (arrays by step name, plus 'meta': "
              'the JSON header).',
        'zh': '把所选步骤写成 numpy 归档文件 FILE（按步骤名存放数组，另加 meta：JSON 头部）。',
    },
    'help.opt.svg': {
        'en': 'Also save exactly what is printed as an SVG picture.',
        'zh': '同时把打印的内容原样保存为 SVG 图片。',
    },
    'help.opt.html': {
        'en': 'Also save exactly what is printed as an HTML page.',
        'zh': '同时把打印的内容原样保存为 HTML 页面。',
    },
    'help.opt.force': {
        'en': 'Overwrite output files that exist.',
        'zh': '覆盖已存在的输出文件。',
    },
    'help.opt.quiet': {
        "en": 'Print nothing on stdout: only write the files asked for (--json, --npz, --svg, --html); '
              'notices and errors still go to stderr.',
        "zh": '不向标准输出打印任何内容：只写出要求的文件（--json、--npz、--svg、--html）；'
              '提示和错误仍输出到标准错误。',
    },
    'help.show.file': {
        'en': "A trace saved with --json ('-' reads stdin).",
        'zh': '用 --json 保存的追踪数据（- 表示从标准输入读取）。',
    },
    'help.verify.file': {
        'en': "A trace: written by explain --json, or by your own code ('-' reads stdin).",
        'zh': '追踪数据：由 explain --json 或你自己的代码写出（- 表示从标准输入读取）。',
    },
    'help.verify.rtol': {
        'en': 'Relative tolerance: a cell is right when |found − expected| ≤ atol + rtol·|expected| [default: 1e-4].',
        'zh': '相对容差：当 |实际 − 应为| ≤ atol + rtol·|应为| 时该格正确［默认：1e-4］。',
    },
    'help.verify.atol': {
        'en': 'Absolute tolerance, for cells whose expected value is near 0 [default: 1e-4].',
        'zh': '绝对容差，用于应为值接近 0 的格子［默认：1e-4］。',
    },
    'help.verify.json_': {
        'en': "Write the report as JSON to FILE ('-' for stdout, and then nothing else goes to stdout).",
        'zh': '把检查报告以 JSON 写入 FILE（- 表示标准输出，此时标准输出不再有其他内容）。',
    },
    'help.compare.s1': {
        'en': 'The first sentence.',
        'zh': '第一个句子。',
    },
    'help.compare.s2': {
        'en': 'The second sentence.',
        'zh': '第二个句子。',
    },
    'help.compare.token': {
        'en': 'The token to follow: its text (once in each sentence), text@position, or a position.',
        'zh': '要跟踪的词元：它的文本（在每个句子中各出现一次）、文本@位置，或位置。',
    },
    'help.homework.new.out': {
        'en': 'Folder for key.json and students/ (sheets and templates).',
        'zh': '存放 key.json 和 students/（练习和模板）的文件夹。',
    },
    'help.homework.new.seed': {
        'en': 'With the student id, decides every number.',
        'zh': '与学号一起决定每一个数。',
    },
    'help.homework.new.text': {
        'en': 'One sentence for every variant [default: a built-in Chinese or English sentence per student].',
        'zh': '所有题目共用的一个句子［默认：每个学生一个内置的中文或英文句子］。',
    },
    'help.homework.new.ask': {
        'en': 'Steps students compute, comma-separated; the others are given.',
        'zh': '学生要计算的步骤，用逗号分隔；其余步骤作为已知给出。',
    },
    'help.homework.new.range_': {
        'en': 'Whole numbers in X and the weights, e.g. --range=-2..2 [default: -1..1].',
        'zh': 'X 和权重中的整数范围，例如 --range=-2..2［默认：-1..1］。',
    },
    'help.homework.new.min_': {
        'en': 'Smallest entry (instead of --range).',
        'zh': '最小的元素（代替 --range）。',
    },
    'help.homework.new.max_': {
        'en': 'Largest entry (instead of --range).',
        'zh': '最大的元素（代替 --range）。',
    },
    'help.homework.new.d_head': {
        'en': '1 or 4: d_model = d_head, so √d_head is whole.',
        'zh': '1 或 4：d_model = d_head，所以 √d_head 是整数。',
    },
    'help.homework.new.tokens': {
        'en': 'How many tokens a sentence may have.',
        'zh': '一个句子可以有多少个词元。',
    },
    'help.homework.new.decimals': {
        'en': 'Answers are asked and graded to this many places.',
        'zh': '答案要求并按这么多位小数评分。',
    },
    'help.homework.grade.submissions': {
        'en': 'Submission files (TOML as the template, or JSON).',
        'zh': '提交的文件（按模板写的 TOML，或 JSON）。',
    },
    'help.homework.grade.key': {
        'en': 'The key.json that `homework new` wrote.',
        'zh': 'homework new 写出的 key.json。',
    },
    'help.homework.grade.csv': {
        'en': "Write the grades as CSV ('-' for stdout).",
        'zh': '把成绩写成 CSV（- 表示标准输出）。',
    },
    'help.homework.grade.feedback': {
        'en': 'Write a Markdown feedback file per student into this folder.',
        'zh': '把每个学生的 Markdown 反馈文件写入这个文件夹。',
    },
    'help.homework.grade.decimals': {
        'en': "Right to this many places [default: the key's, 2].",
        'zh': '精确到这么多位小数算对［默认：取自答案密钥，2］。',
    },
    'help.homework.grade.ecf_share': {
        'en': "Credit for a cell right only given the student's own earlier answers [default: the key's, 1.0].",
        'zh': '只有按学生自己前面的答案才算对的格子得到的分数比例［默认：取自答案密钥，1.0］。',
    },
    # --- end of help texts ------------------------------------------------------------------------------
    # --- help of the commands and options added with diff, --dtype, --page and --lenient ----------------
    'help.explain': {
        "en": 'Tokenize TEXT, run a small seeded Transformer encoder and show every number it compu'
              'tes.\n'
              '\n'
              'With --model DIR, run a pretrained checkpoint instead (BERT, DistilBERT, RoBERTa or '
              'XLM-RoBERTa: its own\n'
              'tokens, weights and sizes); --model it-demo runs the built-in model trained so that '
              '"it" attends to the\n'
              'noun it means.\n'
              '\n'
              'Example:  attntrace explain "今天晚上吃河马" --steps "*.weights"\n'
              '\n'
              'Example:  attntrace explain "今天晚上吃河马" --focus 今天 --lang zh\n'
              '\n'
              'Example:  attntrace explain --file paragraph.txt --quiet --json paragraph.json\n'
              '\n'
              'Example:  attntrace explain "The animal didn\'t cross the street because it was too '
              'tired." --page view.html',
        "zh": '对 TEXT 分词，运行一个由随机种子生成的小型 Transformer 编码器，并展示它算出的每一个数'
              '。\n'
              '\n'
              '加上 --model DIR 则改为运行预训练模型（BERT、DistilBERT、RoBERTa 或 XLM-RoBERTa：使用'
              '它自己的词元、权重和尺寸）；\n'
              '--model it-demo 运行内置模型，它经过训练，让 "it" 关注它所指的名词。\n'
              '\n'
              '示例：attntrace explain "今天晚上吃河马" --steps "*.weights"\n'
              '\n'
              '示例：attntrace explain "今天晚上吃河马" --focus 今天 --lang zh\n'
              '\n'
              '示例：attntrace explain --file paragraph.txt --quiet --json paragraph.json\n'
              '\n'
              '示例：attntrace explain "The animal didn\'t cross the street because it was too tire'
              'd." --page view.html',
    },
    'help.show': {
        "en": 'Show a saved trace as explain would.\n'
              '\n'
              'Example:  attntrace explain "Attention is all you need" --json t.json && attntrace s'
              'how t.json --layer 0\n'
              '\n'
              'Example:  attntrace show t.json --page view.html',
        "zh": '像 explain 一样显示保存下来的追踪数据。\n'
              '\n'
              '示例：attntrace explain "Attention is all you need" --json t.json && attntrace show '
              't.json --layer 0\n'
              '\n'
              '示例：attntrace show t.json --page view.html',
    },
    'help.verify': {
        "en": 'Recompute every step of a trace and show where it first goes wrong.\n'
              '\n'
              "Each step is checked two ways: against the formula applied to the trace's own earlie"
              'r steps (so one\n'
              'mistake does not make every later step wrong), and against the value recomputed from'
              ' the inputs alone.\n'
              'Exit code 0 when every step present was checked and is right, 1 when one is wrong, c'
              'ould not be\n'
              'checked or has an unknown name (--lenient: only wrong steps fail), or the file canno'
              't be checked,\n'
              '2 for a usage problem (e.g. a negative --rtol).\n'
              '\n'
              'Example:  attntrace explain "今天晚上吃河马" --json t.json && attntrace verify t.jso'
              'n',
        "zh": '重新计算追踪数据的每一步，并指出从哪一步开始出错。\n'
              '\n'
              '每一步都用两种方式检查：用追踪数据自己前面的步骤代入公式（这样一个错误不会让后面每一'
              '步都算错），以及只从输入重新算出的值。\n'
              '所有给出的步骤都检查过且正确时退出码为 0；有一步错误、无法检查或名称未知时为 1（--le'
              'nient：只有错误的步骤算失败），文件无法检查时也为 1；用法错误时为 2（例如 --rtol 为负'
              '数）。\n'
              '\n'
              '示例：attntrace explain "今天晚上吃河马" --json t.json && attntrace verify t.json',
    },
    'help.opt.model': {
        "en": 'Trace a local Hugging Face checkpoint folder (BERT, DistilBERT, RoBERTa, XLM-RoBERTa'
              ': config.json, model.safetensors, tokenizer.json) instead of the seeded encoder; nee'
              'ds pip install safetensors tokenizers. Or a built-in model: it-demo, a tiny encoder '
              'trained so that "it" attends to the noun it means.',
        "zh": '追踪一个本地的 Hugging Face 模型文件夹（BERT、DistilBERT、RoBERTa、XLM-RoBERTa：conf'
              'ig.json、model.safetensors、tokenizer.json），代替随机种子生成的编码器；需要 pip ins'
              'tall safetensors tokenizers。也可以用内置模型 it-demo：一个经过训练、让 "it" 关注它所'
              '指名词的小型编码器。',
    },
    'help.opt.dtype': {
        "en": 'With --model: compute in float64 (the default, for fidelity) or float32 (faster on a'
              ' large model). The weights may be stored in float32, float16 or bfloat16.',
        "zh": '与 --model 一起使用：用 float64 计算（默认，保证精度）或 float32（大模型上更快）。权'
              '重可以以 float32、float16 或 bfloat16 存储。',
    },
    'help.opt.page': {
        "en": 'Also save the interactive page: head, model and neuron views and the step tables, in'
              ' one HTML file that works offline.',
        "zh": '同时保存交互式页面：头视图、模型视图、神经元视图和各步的表格，都在一个可离线打开的 H'
              'TML 文件中。',
    },
    'help.opt.lenient': {
        "en": 'Pass when every step checked is right, even if some steps could not be checked or ha'
              've names attntrace does not know (by default these fail).',
        "zh": '只要检查过的步骤都正确就算通过，即使有些步骤无法检查或名称 attntrace 不认识（默认这些'
              '算失败）。',
    },
    'help.diff': {
        "en": 'Compare your trace with a trusted one, step by step, and show where they first diver'
              'ge.\n'
              '\n'
              'Per step: the largest absolute and relative difference and the first divergent cell,'
              ' on the heads both\n'
              'hold; steps present in one trace only are listed. Exit code 0 when every step both h'
              'old agrees, 1 when\n'
              'one differs or a file cannot be read, 2 for a usage problem.\n'
              '\n'
              'Example:  attntrace diff mine.npz reference.json',
        "zh": '把你的追踪数据与一份可信的追踪数据逐步比较，并指出从哪一步开始不一致。\n'
              '\n'
              '每一步：最大绝对误差和相对误差，以及第一个不一致的单元格，只比较两边都有的头；只在一'
              '边出现的步骤会列出来。两边共有的步骤都一致时退出码为 0，有一步不同或文件无法读取时为'
              ' 1，用法错误时为 2。\n'
              '\n'
              '示例：attntrace diff mine.npz reference.json',
    },
    'help.diff.mine': {
        "en": "Your trace: JSON or NPZ ('-' reads JSON from stdin).",
        "zh": '你的追踪数据：JSON 或 NPZ（"-" 从标准输入读取 JSON）。',
    },
    'help.diff.reference': {
        "en": 'The trusted trace to compare with: JSON or NPZ.',
        "zh": '用来比较的可信追踪数据：JSON 或 NPZ。',
    },
    'help.diff.rtol': {
        "en": 'Relative tolerance: a cell is right when |found − expected| ≤ atol + rtol·|expected|'
              ' [default: 1e-4].',
        "zh": '相对容差：当 |found − expected| ≤ atol + rtol·|expected| 时单元格算正确［默认：1e-4］'
              '。',
    },
    'help.diff.atol': {
        "en": 'Absolute tolerance, for cells whose expected value is near 0 [default: 1e-4].',
        "zh": '绝对容差，用于期望值接近 0 的单元格［默认：1e-4］。',
    },
    "help.diff.json_": {
        "en": "Write the report as JSON to FILE ('-' for stdout, and then nothing else goes to stdout).",
        "zh": "把比较报告以 JSON 写入 FILE（- 表示标准输出，此时标准输出不再有其他内容）。",
    },
    # --- help of the roster options for course-site exports ----------------------------------------------
    "help.homework.new.roster": {
        "en": "CSV with an id column and optionally names (course-site exports work): one variant per student. "
              "Without it, one exercise.",
        "zh": "含学号列（姓名列可选）的 CSV，课程网站导出的文件即可：每个学生一套题目。不给出时只生成一份练习。",
    },
    "help.homework.new.id_column": {
        "en": "The roster column holding student ids [default: id, Student ID, SIS User ID, …].",
        "zh": "名单中存放学号的列［默认：id、Student ID、SIS User ID 等］。",
    },
    "help.homework.new.name_column": {
        "en": "The roster column holding names; twice to join two (First name, Surname).",
        "zh": "名单中存放姓名的列；给出两次则把两列连起来（First name、Surname）。",
    },
    "help.homework.new.encoding": {
        "en": "The roster's encoding [default: UTF-8, UTF-16 or GB18030, detected].",
        "zh": "名单文件的编码［默认：自动识别 UTF-8、UTF-16 或 GB18030］。",
    },
    # --- reading a trace from something that is not a file ---------------------------------------------
    "files.not_a_trace_file": {
        "en": "not a file of a trace (a folder or a device)",
        "zh": "不是追踪数据文件（而是文件夹或设备）",
    },
    # --- the first screen: the attention path, its map, what rows and columns are, rounding, paging -------
    "path.map.label": {"en": "Attention path:", "zh": "注意力路径："},
    "path.map.note": {
        "en": "Each table's title starts with its place on this path.",
        "zh": "每张表格的标题开头标出它在这条路径上的位置。",
    },
    "path.untrained": {
        "en": "This seeded model is untrained: its weights are random draws (seed {seed}), so the numbers show how "
              "attention computes, not what a trained model attends to. For a trained one: --model it-demo.",
        "zh": "这个模型没有经过训练：它的权重是随机抽取的（种子 {seed}），所以这些数字展示的是注意力怎样计算，"
              "而不是训练好的模型会关注什么。想看训练过的模型：--model it-demo。",
    },
    "path.axes.in": {
        "en": "Rows: the {D} dimensions of x (d0–d{last}). Columns: the {d} dimensions of {vec}.",
        "zh": "行：x 的 {D} 个维度（d0–d{last}）。列：{vec} 的 {d} 个维度。",
    },
    "path.axes.in.head": {
        "en": "Rows: the {D} dimensions of x (d0–d{last}). Columns: the {d} dimensions of {vec} in head {head}, "
              "columns {first}–{end} of the full {D}×{D} {W}.",
        "zh": "行：x 的 {D} 个维度（d0–d{last}）。列：头 {head} 中 {vec} 的 {d} 个维度，"
              "即完整的 {D}×{D} {W} 的第 {first}–{end} 列。",
    },
    "path.axes.out": {
        "en": "Rows: the {d} dimensions of z. Columns: the {D} dimensions of the layer's output.",
        "zh": "行：z 的 {d} 个维度。列：这一层输出的 {D} 个维度。",
    },
    "path.axes.out.head": {
        "en": "Rows: the {d} dimensions of z in head {head}, rows {first}–{end} of the full {D}×{D} W_O. "
              "Columns: the {D} dimensions of the layer's output.",
        "zh": "行：头 {head} 中 z 的 {d} 个维度，即完整的 {D}×{D} W_O 的第 {first}–{end} 行。"
              "列：这一层输出的 {D} 个维度。",
    },
    "path.axes.scores": {
        "en": "Rows: the query token i (the one attending). Columns: the key token j (the one attended to).",
        "zh": "行：查询词元 i（发出注意的词元）。列：键词元 j（被注意的词元）。",
    },
    "path.head_axis": {
        "en": "{shape}: the first number of a shape counts the heads ({heads} here); each head has its own {rest} "
              "table.",
        "zh": "{shape}：形状中的第一个数是头的个数（这里是 {heads}）；每个头各有一张 {rest} 的表格。",
    },
    "path.rest": {
        "en": "Shown: the attention path ({shown} of {total} steps). The rest of the layer (residual, LayerNorm, "
              "feed-forward) and the parts of X: add --all.",
        "zh": "这里只显示注意力路径（共 {total} 步中的 {shown} 步）。层的其余部分（残差、LayerNorm、前馈网络）"
              "和 X 的组成部分：加上 --all。",
    },
    "path.rounded": {
        "en": "Values are printed rounded to {precision} decimals; each is computed unrounded, at full precision. "
              "More digits: --precision {more}; every digit: --json.",
        "zh": "打印的数值四舍五入到 {precision} 位小数；每个数值都按未舍入的完整精度计算。"
              "更多位数：--precision {more}；全部位数：--json。",
    },
    "path.rounded.max": {
        "en": "Values are printed rounded to {precision} decimals; each is computed unrounded, at full precision. "
              "Every digit: --json.",
        "zh": "打印的数值四舍五入到 {precision} 位小数；每个数值都按未舍入的完整精度计算。全部位数：--json。",
    },
    "render.shading": {
        "en": "Shading runs from the row's smallest weight (lightest) to its largest (darkest).",
        "zh": "底色在每一行内从最小的权重（最浅）到最大的权重（最深）。",
    },
    "step.prompt.at": {
        "en": "step {k} / {n} · Enter: next · q: quit ",
        "zh": "第 {k} / {n} 步 · 回车：下一步 · q：退出 ",
    },
    "compare.shading": {
        "en": "Shading runs, in each sentence's column, from its smallest weight (lightest) to its largest (darkest).",
        "zh": "底色在每个句子的那一列内从最小的权重（最浅）到最大的权重（最深）。",
    },
    "focus.rounding": {
        "en": "Numbers are shown rounded to {precision} decimals. A difference such as exp(a − m) is taken from "
              "the shown digits; every other result is computed from the unrounded values, so redoing it with "
              "the shown digits may differ in the last digit (more: --precision).",
        "zh": "数字四舍五入到 {precision} 位小数显示。像 exp(a − m) 里的差是用显示出来的数字算的；其余结果都由"
              "未舍入的数值算出，所以用显示的数字重算时最后一位可能不同（更多位数：--precision）。",
    },
    "compare.attention.ranked": {
        "en": "rank {rank} of {total} · change {change}",
        "zh": "{total} 个头中排第 {rank} · 变化 {change}",
    },
    "compare.change.why": {
        "en": "Heads are ranked by how much the row changes between the sentences: change = ½ Σ_j |S2 − S1| over "
              "every key (a key only one sentence has counts with weight 0 in the other); 0 means the same row, "
              "1 rows that share no weight.",
        "zh": "各个头按这一行在两句之间变化的多少排序：变化 = ½ Σ_j |S2 − S1|，对所有键求和（只在一句中出现的键，"
              "在另一句中的权重按 0 计）；0 表示这一行相同，1 表示两行没有任何共同的权重。",
    },
    "compare.heads_hidden": {
        "en": "Showing the {shown} of {total} heads whose row changes most; {hidden} more: --all shows every "
              "head, --layer and --head pick one.",
        "zh": "只显示 {total} 个头中这一行变化最大的 {shown} 个；另有 {hidden} 个：--all 显示所有的头，"
              "--layer 和 --head 选出其中一个。",
    },
    "help.compare.all_": {
        "en": "Show every head's attention row, ranked by how much it changes (without it: the top 3).",
        "zh": "显示每个头的注意力那一行，按变化大小排序（不加时只显示变化最大的 3 个）。",
    },
    "help.opt.all_": {
        "en": "Show every step: the embedding's parts and the whole layer, not only the attention path "
              "(the same as --steps all).",
        "zh": "显示每一步：X 的组成部分和整个层，而不只是注意力路径（与 --steps all 相同）。",
    },
    # --- end of the first screen
}
