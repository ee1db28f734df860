"""The interactive attention page: head view, model view, neuron view with the arithmetic, and step tables,
in one self-contained HTML file (`explain --page`, `show --page`, and a Trace in Jupyter).

    >>> import attntrace
    >>> p = attntrace.page(attntrace.trace("今天晚上吃河马"))
    >>> p.html.startswith("<!DOCTYPE html>")   # the whole document; in Jupyter `p` shows it inline
    True

`data.py` turns a Trace into the page's data (every number rounded to what is shown), `build.py` inlines
the data with `page.js`, `page.css` and `template.html`; the script only lays out what it is given.
"""

from __future__ import annotations

import html as _html
from dataclasses import dataclass

from ..trace_data import Trace


@dataclass
class Page:
    """A built page; Jupyter shows it inline in a sandboxed iframe (no server, nothing fetched)."""

    html: str
    height: int = 760

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{_html.escape(self.html, quote=True)}" sandbox="allow-scripts" '
                f'style="width: 100%; height: {self.height}px; border: 1px solid #ccc" '
                'title="attntrace"></iframe>')


def page(trace: Trace, precision: int = 3, lang: str | None = None) -> Page:
    """The interactive page of `trace` (numbers rounded to `precision` decimals, opening in `lang`)."""
    from .build import page_html

    return Page(page_html(trace, precision, lang))


__all__ = ["Page", "page"]
