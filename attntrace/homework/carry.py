"""Error carried forward, charged once: which cells of a step read a slip of an earlier answer directly.

A *slip* is a cell that is wrong given the student's own earlier answers (the mistake is made there).
A *carried* cell is right given the student's own earlier answers but not against the exact answer.

* A slip earns nothing: it is charged where it is made.
* A carried cell that reads a slip directly (scores[i, j] reads row i of Q and row j of K) earns
  `ecf_share` of its credit: the slip is charged once more where it is used.
* A carried cell that reads only right or carried cells earns full credit: the only thing wrong with it is
  the same slip, charged already. So one slip costs the same however many steps come after it.

Which cells a cell reads follows from the rules of the exercise (exercise.py):

    Q, K, V[i, j]   row i of X, column j of W        (givens: never a slip)
    scores[i, j]    row i of Q, row j of K
    scaled[i, j]    scores[i, j]
    weights[i, j]   row i of scaled                  (the softmax normalises the whole row)
    Z[i, k]         row i of weights, column k of V
"""

from __future__ import annotations

import numpy as np


def reads_slip(short: str, shape: tuple[int, int], slips: dict[str, np.ndarray]) -> np.ndarray:
    """bool (r, c): the cells of step `short` that read a slip of an earlier asked answer directly. `slips`
    holds, per asked answer graded so far, its slipped cells; a given or unasked step has none (only the
    reductions over rows or columns of `none` are read, so its shape need not be the input's)."""
    none = np.zeros(shape, dtype=bool)
    out = none.copy()
    if short == "scores":
        out |= slips.get("Q", none).any(axis=1)[:, None]  # (n,) -> (n, 1): row i of Q
        out |= slips.get("K", none).any(axis=1)[None, :]  # (n,) -> (1, n): row j of K
    elif short == "scaled":
        out |= slips.get("scores", none)
    elif short == "weights":
        out |= slips.get("scaled", none).any(axis=1, keepdims=True)  # (n, 1): the whole row
    elif short == "Z":
        out |= slips.get("weights", none).any(axis=1)[:, None]  # (n, 1): row i of weights
        out |= slips.get("V", none).any(axis=0)[None, :]  # (1, d): column k of V
    return out
