"""In Jupyter a Trace shows itself as an HTML fragment that cannot restyle the notebook around it."""

from attntrace import trace


def test_the_html_is_a_fragment_with_inline_styles_only():
    html = trace("今天晚上吃河马")._repr_mimebundle_()["text/html"]
    assert html.startswith("<pre")
    for page_part in ("<html", "<body", "<style", "body {"):
        assert page_part not in html, page_part
    assert "河马" in html and "blocks.0.attn.weights" in html
