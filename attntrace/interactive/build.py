"""The page data -> one self-contained HTML file: the template with the stylesheet, the script and the data
inlined. Nothing is fetched: a Content-Security-Policy allows only this script and this stylesheet (by
their SHA-256) and no connection at all, so neither a link in a trace nor a bug can reach the network.

The data goes in a `<script type="application/json">` element. JSON alone would let a token such as
`</script><script>…` end the element early, so every `<` is written as `\\u003c` (and U+2028/U+2029 as
escapes); the script reads the data with JSON.parse and writes every text with textContent, never as HTML.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
import json
from functools import cache
from importlib.resources import files

from ..trace_data import Trace
from .data import PageData, page_data


@cache
def asset(name: str) -> str:
    return files("attntrace.interactive").joinpath(name).read_text(encoding="utf-8")


def json_for_script(data: dict) -> str:
    """JSON that cannot end its <script> element or break a JavaScript parser, whatever text it holds."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def render_html(page: PageData) -> str:
    """The whole page for the data `page_data` built. The numbers are gzipped (mtime 0, so the same trace
    gives the same file) and base64-encoded: no `<` can occur in them."""
    data = page.meta
    numbers = base64.b64encode(gzip.compress(page.numbers, compresslevel=6, mtime=0)).decode("ascii")
    css, js = asset("page.css"), asset("page.js")
    policy = (f"default-src 'none'; script-src {_sha256(js)}; style-src {_sha256(css)}; img-src data:; "
              "connect-src 'none'; form-action 'none'; base-uri 'none'")
    parts = {
        "{{LANG}}": "zh-Hans" if data["lang"] == "zh" else "en",
        "{{TITLE}}": html.escape(f"attntrace · {data['text']}", quote=True),
        "{{CSP}}": html.escape(policy, quote=True),
        "{{CSS}}": css,
        "{{JS}}": js,
        "{{DATA}}": json_for_script(data),
        "{{NUMBERS}}": numbers,
    }
    out = asset("template.html")
    # one pass over the template's own placeholders: text put in cannot be taken for another placeholder
    pieces = out.split("{{")
    result = [pieces[0]]
    for piece in pieces[1:]:
        key, sep, rest = piece.partition("}}")
        token = "{{" + key + "}}"
        if sep and token in parts:
            result.append(parts[token] + rest)
        else:
            result.append("{{" + piece)
    return "".join(result)


def page_html(trace: Trace, precision: int = 3, lang: str | None = None) -> str:
    """The interactive page of `trace` as one HTML document (numbers rounded to `precision` decimals;
    `lang`, en or zh, is the language it opens in: the current one by default)."""
    return render_html(page_data(trace, precision, lang))
