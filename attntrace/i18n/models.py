"""The sentences of attntrace.models: loading a checkpoint folder, the built-in models, capture from PyTorch."""

MESSAGES: dict[str, dict[str, str]] = {
    # model.*
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
              "roberta-base, xlm-roberta-base, gpt2, Llama, Qwen2.5-0.5B or Mistral-7B",
        "zh": "{path} 描述的是 model_type {found}（architectures：{architectures}）；attntrace 支持的 "
              "model_type 有 {supported}，例如 bert-base-uncased、all-MiniLM-L6-v2、distilbert-base-uncased、"
              "roberta-base、xlm-roberta-base、gpt2、Llama、Qwen2.5-0.5B 或 Mistral-7B",
    },
    "model.unsupported": {
        "en": "{path} has {field} = {found}; attntrace supports {family} checkpoints with {field} = {supported}",
        "zh": "{path} 中 {field} = {found}；对 {family} 模型，attntrace 只支持 {field} = {supported}",
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
    "model.default_view": {
        "en": "showing the attention weights ({shown} of {total} steps); choose others with --steps, --layer or "
              "--head (--all shows all), or save every step with --json or --npz",
        "zh": "只显示注意力权重（共 {total} 步中的 {shown} 步）；用 --steps、--layer 或 --head 选择其他步骤"
              "（--all 显示全部），或用 --json、--npz 保存全部步骤",
    },
    "model.not_finite": {
        "en": "{file}: tensor {name} holds {count} NaN or infinite value(s) (the first, {value}, at {index}); "
              "a checkpoint with non-finite weights cannot be traced",
        "zh": "{file}：张量 {name} 含有 {count} 个 NaN 或无穷大的值（第一个是 {value}，位于 {index}）；"
              "权重不是有限数的模型无法追踪",
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
    "model.dtype_needs_model": {
        "en": "--dtype chooses the precision of a pretrained model's forward pass; use it with --model DIR "
              "(the seeded encoder always computes in float64)",
        "zh": "--dtype 用来选择预训练模型前向计算的精度；请与 --model DIR 一起使用（种子编码器总是用 float64 计算）",
    },

    # builtin.*
    "builtin.unknown": {
        "en": "{model} knows only the words it was trained on: {count} token(s) are [UNK] ({words})",
        "zh": "{model} 只认识训练时见过的词：有 {count} 个词元是 [UNK]（{words}）",
    },
    "builtin.damaged": {
        "en": "the built-in model {model} cannot be read ({reason}); reinstall attntrace",
        "zh": "无法读取内置模型 {model}（{reason}）；请重新安装 attntrace",
    },

    # capture.*
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

    # decoder families: GPT-2, Llama, Qwen2, Mistral; readable byte-level tokens; their porting hints
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
    # the packages a pretrained model needs
    "model.install.missing": {
        "en": "tracing a pretrained model needs the models extra; not installed: {missing}. "
              "Install it with: {command}",
        "zh": "追踪预训练模型需要 models 附加依赖；未安装：{missing}。请运行：{command}",
    },

    # what a refused config.json field must be, and a family's name, in the sentence that refuses it
    "model.family.llama": {"en": "Llama-style (Llama, Qwen2, Mistral)", "zh": "Llama、Qwen2、Mistral"},
    "model.supported.object": {"en": "an object", "zh": "一个 JSON 对象"},
    "model.supported.number": {"en": "a number", "zh": "一个数"},
    "model.supported.no_rope_scaling": {"en": "'default' (no rope scaling)", "zh": "'default'（不做 RoPE 缩放）"},
    "model.supported.one_of": {"en": "{first} or {last}", "zh": "{first} 或 {last}"},
}
