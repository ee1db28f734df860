"""attntrace.visible: control characters in shown text become escapes a reader can see."""

from hypothesis import given
from hypothesis import strategies as st

from attntrace.visible import is_visible, visible


def test_controls_become_escapes():
    assert visible("a\x1b]0;title\x07b") == "a\\x1b]0;title\\x07b"
    assert visible("\x00\x7f\x9b") == "\\x00\\x7f\\x9b"
    assert visible("x\u202ey") == "x\\u202ey"
    assert visible("\ud800") == "\\ud800"


def test_ordinary_text_is_unchanged():
    for text in ("今天晚上吃河马", "Attention is all you need!", "café · √d_k −1", "🇨🇳"):
        assert visible(text) == text
        assert is_visible(text)


@given(st.text())
def test_result_is_always_safe_and_encodable(text):
    shown = visible(text)
    assert is_visible(shown)
    shown.encode("utf-8")  # no lone surrogate survives
    assert all(not (ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F) for c in shown)


def test_the_control_characters_toml_escapes_are_ones_visible_escapes():
    import tomllib

    from attntrace.homework.sheets import toml_string
    from attntrace.visible import CONTROL, is_visible

    controls = [chr(c) for c in range(0x100) if CONTROL.match(chr(c))]
    assert controls == [chr(c) for c in range(0x20)] + ["\x7f"]
    for ch in controls:
        assert not is_visible(ch)
        written = toml_string("a" + ch + "b")
        assert ch not in written and tomllib.loads(f"x = {written}")["x"] == "a" + ch + "b"
