"""The help of every command and option (help.<command>[.<option>], help.opt.<option> when shared), and
Click's own sentences ("en" is Click's wording, read back to fill the Chinese)."""

MESSAGES: dict[str, dict[str, str]] = {
    # help.*
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
        "en": 'Write a sheet (Markdown and LaTeX) and a TOML submission template per student, class.tex with every\n'
              'sheet to print, and key.json.\n'
              '\nExample:  attntrace homework new --out hw1/ --roster students.csv --config course.toml --due '
              '"Friday 23:59"',
        "zh": '为每个学生写一份练习（Markdown 和 LaTeX）和一份 TOML 提交模板，写出可一次打印全部练习的 class.tex，'
              '以及 key.json。\n\n示例：attntrace homework new '
              '--out hw1/ --roster students.csv --config course.toml --due "Friday 23:59"',
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
        'en': 'How many tokens a sentence has, e.g. 4 or 2..4 [default: 3 for every student, or what --text gives].',
        'zh': '一个句子有多少个词元，例如 4 或 2..4［默认：每个学生都是 3 个，或由 --text 决定］。',
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
        'en': "Credit for a cell right only given the student's own earlier answers, where it uses a wrong cell "
              "directly; a slip is charged once [default: the key's, 1.0].",
        'zh': '只有按学生自己前面的答案才算对、并直接用到错误格子的格子得到的分数比例；一个错误只扣一次'
              '［默认：取自答案密钥，1.0］。',
    },
    'help.explain': {
        "en": 'Tokenize TEXT, run a small seeded Transformer encoder and show every number it compu'
              'tes.\n'
              '\n'
              'With --model DIR, run a pretrained checkpoint instead (BERT, DistilBERT, RoBERTa, XLM-RoBERTa, '
              'GPT-2, Llama,\n'
              'Qwen2 or Mistral: its own tokens, weights and sizes); --model it-demo runs the built-in model '
              'trained so that\n'
              '"it" attends to the noun it means.\n'
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
              '加上 --model DIR 则改为运行预训练模型（BERT、DistilBERT、RoBERTa、XLM-RoBERTa、GPT-2、Llama、'
              'Qwen2 或 Mistral：使用'
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
        "en": 'Show a saved trace as explain would; --json and --npz write the steps shown (a homework variant too).\n'
              '\n'
              'Example:  attntrace explain "Attention is all you need" --json t.json && attntrace s'
              'how t.json --layer 0\n'
              '\n'
              'Example:  attntrace show t.json --page view.html\n'
              '\n'
              'Example:  attntrace show hw1/key.json --variant s001 --json s001.json',
        "zh": '像 explain 一样显示保存下来的追踪数据；--json 和 --npz 写出所显示的步骤'
              '（作业密钥中的一个变体也可以）。\n'
              '\n'
              '示例：attntrace explain "Attention is all you need" --json t.json && attntrace show '
              't.json --layer 0\n'
              '\n'
              '示例：attntrace show t.json --page view.html\n'
              '\n'
              '示例：attntrace show hw1/key.json --variant s001 --json s001.json',
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
        "en": 'Trace a local Hugging Face checkpoint folder (BERT, DistilBERT, RoBERTa, XLM-RoBERTa, GPT-2, '
              'Llama, Qwen2, Mistral: config.json, model.safetensors, tokenizer.json) instead of the seeded '
              'encoder; needs pip install safetensors tokenizers. Or a built-in model: it-demo, a tiny encoder '
              'trained so that "it" attends to the noun it means.',
        "zh": '追踪一个本地的 Hugging Face 模型文件夹（BERT、DistilBERT、RoBERTa、XLM-RoBERTa、GPT-2、Llama、'
              'Qwen2、Mistral：conf'
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

    # click.*
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

    # grading policy: duplicates, integrity, error carried forward, known mistakes, overrides
    "help.homework.grade.duplicates": {
        "en": "A student's several different files: the newest counts (latest), or none (error). Identical "
              "files always count once.",
        "zh": "同一学生提交了几个不同的文件时：按最新的评分（latest），或都不评分（error）。相同的文件总是只算一次。",
    },
    "help.homework.grade.overrides": {
        "en": "CSV of points set by hand (student_id,step,points,reason), applied on every grading run.",
        "zh": "手动设定分数的 CSV（student_id,step,points,reason），每次评分都会应用。",
    },
    "help.homework.grade.no_solutions": {
        "en": "Feedback names the wrong cells without the expected values [default: the key's, show them].",
        "zh": "反馈只指出错误的格子，不给出正确答案［默认：取自答案密钥，给出］。",
    },

    # homework check: a student's own file, without the key
    "help.homework.check": {
        "en": "Check your answer file before you submit it, without the key: TOML syntax (with line and column), "
              "that it is your variant's file, that every asked step is filled with numbers of the right shape, "
              "and no step is unknown. It never says whether an answer is right. Exit 0 when every file is "
              "ready, 1 when something must be fixed, 2 for a usage problem.\n\n"
              "Example:  attntrace homework check s001.toml",
        "zh": "提交前检查你的答案文件，不需要答案密钥：TOML 语法（给出行号和列号）、是否是你这套题目的文件、每个要求的"
              "步骤是否都填好了形状正确的数字，以及有没有未知的步骤。它从不告诉你答案对不对。所有文件都可以提交时"
              "退出码为 0，有需要改正的地方时为 1，用法错误时为 2。\n\n示例：attntrace homework check s001.toml",
    },
    "help.homework.check.files": {"en": "Your answer files (the TOML template, filled in).",
                                  "zh": "你的答案文件（填好的 TOML 模板）。"},

    # grades for the course site, class statistics, answer keys for TAs
    "help.homework.grade.format_": {
        "en": "The CSV's layout: plain (every step), canvas (Canvas's gradebook import) or moodle (Moodle's grade "
              "import).",
        "zh": "CSV 的格式：plain（每一步都有）、canvas（Canvas 成绩册导入）或 moodle（Moodle 成绩导入）。",
    },
    "help.homework.grade.excel": {
        "en": "Start the CSV with a UTF-8 byte-order mark, so Excel shows Chinese names right.",
        "zh": "在 CSV 开头写入 UTF-8 BOM（字节序标志），这样 Excel 能正确显示中文姓名。",
    },
    "help.homework.grade.assignment": {
        "en": "The grade column's name for canvas/moodle; Canvas fills an existing assignment named with its id: "
              "'Homework 1 (12345)' [default: Homework].",
        "zh": "canvas/moodle 中成绩列的名称；写成带编号的名称（'Homework 1 (12345)'）时，Canvas 会填入已有的该作业"
              "［默认：Homework］。",
    },
    "help.homework.grade.id_field": {
        "en": "What the student ids are on the course site: canvas sis-user-id, sis-login-id or id; moodle "
              "idnumber, username or email [default: login/email when every id is an email].",
        "zh": "学号在课程网站上对应的字段：canvas 为 sis-user-id、sis-login-id 或 id；moodle 为 idnumber、username "
              "或 email［默认：学号都是邮箱时用 login/email］。",
    },
    "help.homework.grade.report": {
        "en": "Write the class statistics as Markdown (.md) or HTML (.html); it names no student.",
        "zh": "把全班统计写成 Markdown（.md）或 HTML（.html）；其中不出现学生的名字。",
    },
    "help.homework.grade.histogram": {
        "en": "Write the histogram of totals as an SVG image.",
        "zh": "把总分分布直方图写成 SVG 图片。",
    },
    "help.opt.variant": {
        "en": "From a homework key.json: the variant of this student id, variant code or file name.",
        "zh": "从作业的 key.json 中选出这名学生（学号、题目编号或文件名）的那一套题目。",
    },
    "help.homework.key-sheet": {
        "en": "Write a readable answer key per variant for TAs: <id>.md and <id>.tex, and _all.md/_all.tex with "
              "them all.\n\nEach asked step's exact answer to the key's decimals, its points and the tolerance "
              "grading allows.\n\nExample:  attntrace homework key-sheet --key hw1/key.json --out hw1-keys/",
        "zh": "为助教写出每套题目的答案：<id>.md 和 <id>.tex，以及包含全部题目的 _all.md/_all.tex。\n\n"
              "每个要求计算的步骤都给出保留到密钥小数位数的精确答案、分值，以及评分允许的误差。\n\n"
              "示例：attntrace homework key-sheet --key hw1/key.json --out hw1-keys/",
    },
    "help.homework.key-sheet.key": {
        "en": "The key.json that `homework new` wrote.",
        "zh": "`homework new` 写出的 key.json。",
    },
    "help.homework.key-sheet.out": {
        "en": "Folder for the answer keys (keep it away from students/).",
        "zh": "存放答案的文件夹（不要放进 students/）。",
    },
    "help.homework.key-sheet.variant": {
        "en": "Only this student id, variant code or file name; again for more [default: every variant].",
        "zh": "只写这名学生（学号、题目编号或文件名）的答案；可多次给出［默认：每一套］。",
    },

    # sheets a teacher prints: course settings, points, sentence pools, LaTeX
    "help.homework.new.sentences": {
        "en": "Built-in sentences to pick from: zh, en or mixed [default: mixed].",
        "zh": "从哪些内置句子中选：zh（中文）、en（英文）或 mixed（两者都有）［默认：mixed］。",
    },
    "help.homework.new.title": {
        "en": "The sheets' title [default: Self-attention by hand].",
        "zh": "练习的标题［默认：手算自注意力］。",
    },
    "help.homework.new.due": {
        "en": "When the work is due, as printed, e.g. 'Friday 23:59'.",
        "zh": "截止时间，按原样印在练习上，例如“周五 23:59”。",
    },
    "help.homework.new.instructions": {
        "en": "How to hand in, printed on every sheet, e.g. 'Upload the .toml file to Moodle'.",
        "zh": "提交方式，印在每份练习上，例如“把 .toml 文件上传到 Moodle”。",
    },
    "help.homework.new.config": {
        "en": "A course file (TOML): title, due, instructions, lang, sentences and [points] per step; options given "
              "here win.",
        "zh": "课程设置文件（TOML）：title、due、instructions、lang、sentences 以及每一步的 [points]；"
              "命令行上给出的选项优先。",
    },

    # the first screen: the attention path, its map, the untrained warning, axis notes, rounding, ranked heads
    "help.compare.all_": {
        "en": "Show every head's attention row, ranked by how much it changes (without it: the top 3).",
        "zh": "显示每个头的注意力那一行，按变化大小排序（不加时只显示变化最大的 3 个）。",
    },
    "help.opt.all_": {
        "en": "Show every step: the embedding's parts and the whole layer, not only the attention path "
              "(the same as --steps all).",
        "zh": "显示每一步：X 的组成部分和整个层，而不只是注意力路径（与 --steps all 相同）。",
    },

    # the Chinese user's gaps: the root option's help
    "help.opt.version": {
        "en": "Show the version and exit.",
        "zh": "显示版本号并退出。",
    },
}
