"""The sentences of the teaching views: --focus, compare, --view, the interactive page."""

MESSAGES: dict[str, dict[str, str]] = {
    # focus.*
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
    "focus.more_keys": {"en": "… {n} more keys (--rows all shows every key) …",
                        "zh": "… 另有 {n} 个键（--rows all 显示全部键）…"},

    # compare.*
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
    "compare.x.one_position": {
        "en": "Its row of X (position {pos} in both):",
        "zh": "它在 X 中的那一行（两句中都在位置 {pos}）：",
    },

    # view.*
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

    # page.*
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
    "page.default_view": {
        "en": "the page holds the attention steps and each layer's output ({shown} of {total} steps); choose "
              "others with --steps (--steps '*' puts in every step, a much larger page)",
        "zh": "页面包含注意力的各步和每层的输出（共 {total} 步中的 {shown} 步）；用 --steps 选择其他步骤"
              "（--steps '*' 放入全部步骤，页面会大得多）",
    },

    # decoder families: GPT-2, Llama, Qwen2, Mistral; readable byte-level tokens; their porting hints
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

    # the first screen: the attention path, its map, the untrained warning, axis notes, rounding, ranked heads
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
}
