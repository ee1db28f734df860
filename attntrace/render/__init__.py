"""Rich renderables for everything a Trace holds; renderers never compute and never print.

    tables.py    one table per step, the step pages, labels of tokens, rows and columns
    views.py     --view heads / model: grids of attention weights
    focus.py     --focus: the worked arithmetic of teach.focus
    path.py      the attention path's guide around the step tables
    pages.py     what explain and show print: the view's pages, then --focus
    compare.py   compare: teach.compare side by side
    verify.py    the verify report
    diff.py      the diff report
"""

# --view: every step's tables, one layer's heads side by side, every layer × head as small grids. Here, in a
# module that imports nothing, so that the command line's choices come from it without loading Rich or numpy.
VIEWS = ("steps", "heads", "model")
