"""Teaching computations over a finished Trace, as data (the render package draws them).

    focus.py     one query token's attention worked out: dot products, ÷√d_k, exp, the sum, the weighted sum
    compare.py   one token's attention in two sentences, and how much each head's row changes
"""
