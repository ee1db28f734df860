"""The sentences of attntrace.check: the verify report, the hints that name a mistake, diff."""

MESSAGES: dict[str, dict[str, str]] = {
    # verify.*
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

    # diagnose.*
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

    # diff.*
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

    # decoder families: GPT-2, Llama, Qwen2, Mistral; readable byte-level tokens; their porting hints
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
    "diagnose.act.exact": {
        "en": "act equals the exact GELU, 0.5·h·(1 + erf(h/√2)); this model uses GELU's tanh approximation, "
              "0.5·h·(1 + tanh(√(2/π)·(h + 0.044715·h³))) (GPT-2's gelu_new; PyTorch: approximate=\"tanh\").",
        "zh": "act 等于精确的 GELU 0.5·h·(1 + erf(h/√2))；这个模型用的是 GELU 的 tanh 近似 "
              "0.5·h·(1 + tanh(√(2/π)·(h + 0.044715·h³)))（GPT-2 的 gelu_new；PyTorch：approximate=\"tanh\"）。",
    },
    "diagnose.swiglu": {
        "en": "SwiGLU: gated = SiLU(gate) ⊙ up, with gate = x·W_gate and up = x·W_up.",
        "zh": "SwiGLU：gated = SiLU(gate) ⊙ up，其中 gate = x·W_gate，up = x·W_up。",
    },
    "diagnose.swiglu.swapped": {
        "en": "act is SiLU(up): the SiLU belongs to gate (gate_proj), and up (up_proj) multiplies it.",
        "zh": "act 是 SiLU(up)：SiLU 应作用于 gate（gate_proj），up（up_proj）再与它相乘。",
    },
    # verify of a trace that holds some of the heads, and the heading of the steps after the last layer
    "verify.subset.note": {
        "en": "This trace holds heads {heads} only, and {n} step(s) sum over every head: {names}. No trace of "
              "these heads can have them checked, so they do not fail it; the steps after them are checked from "
              "the trace's own values.",
        "zh": "这份追踪数据只有第 {heads} 个头，而 {n} 个步骤是对所有头求和：{names}。"
              "只含这些头的追踪数据无法检查它们，所以不算未通过；它们后面的步骤用追踪数据自己的值检查。",
    },
    "verify.after_layers": {"en": "after the layers", "zh": "各层之后"},
    "verify.pass_subset": {
        "en": "Every step that a trace of these heads can check is right.",
        "zh": "只含这些头的追踪数据能检查的步骤全部正确。",
    },
}
