"""The pages explain and show print: the chosen view, then the worked arithmetic of --focus.

    the steps view        every step's tables, in one piece, or a page per step for --step; with the
                          attention path's guide (render.path.PathGuide) when `path` is set
    --view heads / model  the pictures, the seeded encoder's untrained warning under their header
    --focus               the worked arithmetic (teach.focus), after the picture view if one was asked
                          for, else under the header of the whole trace

Nothing here computes: `focus` is the worked arithmetic the caller took from the trace. Only
render.tables is imported for the steps view in one piece, the views and the path guide when asked for.
"""

from __future__ import annotations

from rich.console import RenderableType

from ..trace_data import Trace
from .tables import DEFAULT_ROWS


def command_pages(trace: Trace, view: str = "steps", precision: int = 3, max_rows: int | None = DEFAULT_ROWS, *,
                  path: bool = False, path_total: int | None = None, step: bool = False, focus=None,
                  source: Trace | None = None) -> list[RenderableType]:
    """The pages of the selected `trace`. `path`: the steps come with the attention path's guide
    (`path_total`: the steps of the trace the path was taken from); `step`: a page per step; `focus`: a
    teach.focus.Focus, shown after the view (a picture view) or instead of it, under the header of
    `source` (the whole trace, before any selection; default `trace`)."""
    guide = None
    if view == "steps" and path:
        from .path import PathGuide

        guide = PathGuide(trace, precision, path_total)
    if focus is None and view == "steps" and not step:
        from .tables import render_trace  # the same output in one piece, without loading the views

        return [render_trace(trace, precision, max_rows, guide)]
    from .views import view_pages

    if focus is None:
        from .path import untrained

        warning = untrained(trace) if guide is None else None  # a picture view: the warning under its header
        return view_pages(trace, view, precision, max_rows, guide, notes=[warning] if warning else [])
    pages = view_pages(trace, view, precision, max_rows) if view != "steps" else []
    return pages + _focus_pages(focus, source if source is not None else trace, precision, with_header=not pages)


def _focus_pages(worked, full: Trace, precision: int, with_header: bool) -> list[RenderableType]:
    from rich.console import Group

    from .focus import focus_pages
    from .path import untrained
    from .tables import header

    pages = focus_pages(worked, precision)
    if with_header and pages:
        warning = untrained(full)
        pages[0] = Group(header(full), *([warning] if warning is not None else []), pages[0])
    return pages
