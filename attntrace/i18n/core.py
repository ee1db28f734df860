"""The sentences of the data model and the step tables: why each step is there, configuration and trace-file
errors, the errors and notices every command shares."""

MESSAGES: dict[str, dict[str, str]] = {
    # why.*
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
    "why.embed.token.it-demo": {
        "en": "Each word's row of it-demo's trained embedding table (English and Chinese words of its training "
              "sentences; any other word is [UNK]).",
        "zh": "每个词在 it-demo 训练出的词向量表中的那一行（训练句子中的英文词和中文词；其他词都是 [UNK]）。",
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

    # render.*
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
    "render.model_config": {
        "en": "model={model} · d_model={d_model} · heads={heads} · layers={layers} · d_ff={d_ff} · ε={eps}",
        "zh": "模型={model} · d_model={d_model} · 头数={heads} · 层数={layers} · d_ff={d_ff} · ε={eps}",
    },
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
    "render.tokens.label": {"en": "tokens: ", "zh": "词元："},

    # value.*
    "value.positional.sinusoidal": {"en": "sinusoidal", "zh": "正弦"},
    "value.positional.none": {"en": "none", "zh": "无"},
    "value.mask.none": {"en": "none", "zh": "无"},
    "value.mask.causal": {"en": "causal", "zh": "因果"},

    # step.*
    "step.prompt": {"en": "Enter: next step · q: stop ", "zh": "回车：下一步 · q：停止 "},

    # config.*
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
    "config.needs_model": {
        "en": "{name}={value} belongs to a pretrained checkpoint; load one with --model DIR "
              "(or attntrace.trace(text, model=DIR))",
        "zh": "{name}={value} 只用于预训练模型；请用 --model DIR 加载一个（或 attntrace.trace(text, model=DIR)）",
    },
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
    "config.position_offset": {
        "en": "position_offset must be a whole number from 0 to {limit}, got {value}",
        "zh": "position_offset 必须是 0 到 {limit} 之间的整数，得到的是 {value}",
    },
    "config.required": {
        "en": "the config lacks {names}; a trace must state d_model, n_heads and n_layers (every shape follows "
              "from them; the other fields have defaults, see attntrace schema)",
        "zh": "config 缺少 {names}；追踪数据必须写明 d_model、n_heads 和 n_layers（所有形状都由它们决定；"
              "其余字段有默认值，见 attntrace schema）",
    },

    # trace.*
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
                    "zh": "\"heads\" 必须列出 0 到 {last} 之间互不相同的头的编号"},
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
    "trace.json_limit": {"en": "not a trace: {reason}", "zh": "不是追踪文件：{reason}"},
    "trace.unknown_more": {
        "en": "{n} more steps with unknown names, skipped",
        "zh": "另有 {n} 个步骤名未知，已跳过",
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
    "trace.no_step": {"en": "no step named {name} in this trace{near}",
                      "zh": "这份追踪数据中没有名为 {name} 的步骤{near}"},
    "trace.did_you_mean": {"en": "; did you mean {name}?", "zh": "；是不是想写 {name}？"},

    # error.*
    "error.prefix": {"en": "Error", "zh": "错误"},
    "error.prefixed": {"en": "Error: {message}", "zh": "错误：{message}"},
    "error.empty_text": {
        "en": "the text is empty: give a sentence with at least one word, e.g. \"今天晚上吃河马\"",
        "zh": "文本为空：请给出至少包含一个词的句子，例如“今天晚上吃河马”",
    },
    "error.text_type": {
        "en": "the text must be a str, not {type} (e.g. trace(\"今天晚上吃河马\"))",
        "zh": "文本必须是 str，而不是 {type}（例如 trace(\"今天晚上吃河马\")）",
    },
    "error.model_alone": {
        "en": "a pretrained model fixes its own config: pass model= (and dtype=) alone",
        "zh": "预训练模型自带配置：只传 model=（和 dtype=），不要再给其他设置",
    },
    "error.config_or_options": {
        "en": "pass either config or keyword options, not both",
        "zh": "config 和逐项设置（d_model=… 等）只能二选一，不能同时给",
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
        "zh": "{arg} 超出范围：这个模型只有层 0 到层 {last}",
    },
    "error.select.head": {
        "en": "{arg} is out of range: this trace has heads {heads}",
        "zh": "{arg} 超出范围：这份追踪数据只有这些头：{heads}",
    },
    "error.try_help": {
        "en": "Try 'attntrace {command} --help' for help.",
        "zh": "运行 'attntrace {command} --help' 查看帮助。",
    },
    "error.is_dir": {"en": "it is a directory", "zh": "这是一个目录"},
    "error.not_utf8": {"en": "not UTF-8 text (byte {byte})", "zh": "不是 UTF-8 文本（第 {byte} 字节）"},
    "error.text_not_unicode": {
        "en": "the text is not valid UTF-8 (an undecodable byte at character {position}); "
              "check your terminal's encoding",
        "zh": "文本不是有效的 UTF-8（第 {position} 个字符处有无法解码的字节）；请检查终端的编码设置",
    },
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
    "error.view": {"en": "unknown view {view}; choose one of {views}", "zh": "未知的视图 {view}；请从 {views} 中选择"},
    "error.compare.missing": {
        "en": "the comparison needs steps a trace does not hold: {steps}",
        "zh": "比较需要的步骤不在追踪数据中：{steps}",
    },
    "error.compare.config": {
        "en": "the two traces were made with different configurations; compare needs the same model for both",
        "zh": "两份追踪数据的配置不同；比较需要两个句子使用同一个模型",
    },
    "error.picture_stdout": {
        "en": "--svg and --html need a file name ('-' is not allowed: stdout holds the printed output)",
        "zh": "--svg 和 --html 需要文件名（不能用 '-'：标准输出已用于打印的内容）",
    },
    "error.compare.in_sentence": {"en": "{sentence}: {reason}", "zh": "{sentence}：{reason}"},
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
    "error.token.two_readings": {
        "en": "{token} can be read two ways: the token {token} (position {positions}), or position {pos} "
              "(the token {other}). Write {as_text} for the token {token}, or {as_position} for position {pos}. "
              "The tokens are: {tokens}",
        "zh": "{token} 有两种读法：词元 {token}（位置 {positions}），或位置 {pos}（词元 {other}）。"
              "要词元 {token} 请写 {as_text}，要位置 {pos} 请写 {as_position}。词元有：{tokens}",
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
    "error.output": {
        "en": "cannot write the output: {reason}",
        "zh": "无法写出输出：{reason}",
    },
    "error.no_stdin": {
        "en": "standard input is closed; give a file name, or pipe the trace in",
        "zh": "标准输入已关闭；请给出文件名，或用管道传入追踪数据",
    },
    "error.page_stdout": {
        "en": "--page needs a file name ('-' is not allowed: stdout holds the printed output)",
        "zh": "--page 需要文件名（不能用 '-'：标准输出已用于打印的内容）",
    },

    # notice.*
    "notice.wrote": {"en": "wrote {what} to {path}", "zh": "{what}已写入 {path}"},
    "notice.trace": {"en": "the trace", "zh": "追踪数据"},
    "notice.npz": {"en": "the trace (npz)", "zh": "追踪数据（npz）"},
    "notice.report": {"en": "the verification report", "zh": "检查报告"},
    "notice.svg": {"en": "the SVG picture", "zh": "SVG 图片"},
    "notice.html": {"en": "the HTML page", "zh": "HTML 页面"},
    "notice.json": {"en": "the comparison", "zh": "比较结果"},
    "notice.not_finite": {
        "en": "from step {name} on, the trace holds NaN or infinity: the numbers overflowed, most likely "
              "because the weights are very large",
        "zh": "从步骤 {name} 起，追踪中出现了 NaN 或无穷大：数值溢出了，很可能是因为权重过大",
    },
    "notice.page": {"en": "the interactive page", "zh": "交互页面"},
    "notice.diff_report": {"en": "the diff report", "zh": "比较报告"},

    # files.*
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
    "files.not_regular": {"en": "it is not a regular file", "zh": "它不是普通文件"},
    "files.too_large": {"en": "it is larger than {limit} bytes", "zh": "它大于 {limit} 字节"},
    "files.not_a_trace_file": {
        "en": "not a file of a trace (a folder or a device)",
        "zh": "不是追踪数据文件（而是文件夹或设备）",
    },

    # json.*
    "json.long_int": {
        "en": "an integer of {digits} digits; attntrace reads integers of at most {limit} digits",
        "zh": "有一个 {digits} 位的整数；attntrace 只读取不超过 {limit} 位的整数",
    },
    "json.too_deep": {"en": "the JSON is nested too deeply", "zh": "JSON 嵌套太深"},

    # npz.*
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

    # decoder families: GPT-2, Llama, Qwen2, Mistral; readable byte-level tokens; their porting hints
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
    "render.kv_head": {"en": "kv head {head}", "zh": "第 {head} 个 K/V 头"},
    "render.kv_heads_config": {"en": "K/V heads={kv}", "zh": "K/V 头数={kv}"},
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

    # the first screen: the attention path, its map, the untrained warning, axis notes, rounding, ranked heads
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

    # why a read or write failed, by errno name (in English the system's own strerror is shown)
    "os.ENOENT": {"en": "No such file or directory", "zh": "没有这个文件或文件夹"},
    "os.EACCES": {"en": "Permission denied", "zh": "没有访问权限"},
    "os.EPERM": {"en": "Operation not permitted", "zh": "不允许这样操作"},
    "os.EISDIR": {"en": "Is a directory", "zh": "这是一个文件夹，不是文件"},
    "os.ENOTDIR": {"en": "Not a directory", "zh": "路径中有一部分不是文件夹"},
    "os.ENOSPC": {"en": "No space left on device", "zh": "磁盘空间不足"},
    "os.EDQUOT": {"en": "Disk quota exceeded", "zh": "超出了磁盘配额"},
    "os.EROFS": {"en": "Read-only file system", "zh": "文件系统是只读的"},
    "os.EEXIST": {"en": "File exists", "zh": "文件已存在"},
    "os.ENAMETOOLONG": {"en": "File name too long", "zh": "文件名太长"},
    "os.ELOOP": {"en": "Too many levels of symbolic links", "zh": "符号链接层数太多（可能成环）"},
    "os.EMFILE": {"en": "Too many open files", "zh": "打开的文件太多"},
    "os.ENFILE": {"en": "Too many open files in system", "zh": "系统中打开的文件太多"},
    "os.EIO": {"en": "Input/output error", "zh": "输入/输出错误"},
    "os.EBUSY": {"en": "Device or resource busy", "zh": "设备或资源正忙"},
    "os.ETXTBSY": {"en": "Text file busy", "zh": "文件正被执行，不能写入"},
    "os.EXDEV": {"en": "Invalid cross-device link", "zh": "不能跨文件系统移动"},
    "os.ENXIO": {"en": "No such device or address", "zh": "没有这个设备或地址"},
    "os.ENODEV": {"en": "No such device", "zh": "没有这个设备"},
    "os.EPIPE": {"en": "Broken pipe", "zh": "管道已关闭"},
    "os.EBADF": {"en": "Bad file descriptor", "zh": "文件描述符无效"},
    "os.EFBIG": {"en": "File too large", "zh": "文件太大"},
    "os.ENOTEMPTY": {"en": "Directory not empty", "zh": "文件夹不是空的"},
    "os.EAGAIN": {"en": "Resource temporarily unavailable", "zh": "资源暂时不可用"},
    "os.EINTR": {"en": "Interrupted system call", "zh": "被信号中断"},
    "os.ETIMEDOUT": {"en": "Connection timed out", "zh": "操作超时"},
    "os.ENOMEM": {"en": "Cannot allocate memory", "zh": "内存不足"},
}
