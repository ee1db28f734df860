"""In Jupyter a Trace shows the interactive page inline, in a sandboxed iframe that cannot restyle the notebook."""

import html as html_lib
import re

from attntrace import trace


def test_the_html_is_one_iframe_whose_page_cannot_reach_the_notebook():
    html = trace("今天晚上吃河马")._repr_mimebundle_()["text/html"]
    assert re.fullmatch(r'<iframe srcdoc="[^"]*" sandbox="allow-scripts" [^<>]*></iframe>', html)
    for page_part in ("<html", "<body", "<style", "<script"):
        assert page_part not in html, page_part  # only inside the escaped srcdoc
    inner = html_lib.unescape(re.search(r'srcdoc="([^"]*)"', html).group(1))
    assert inner.startswith("<!DOCTYPE html>") and "河马" in inner and "blocks.0.attn.weights" in inner
