"""homework new: ranges that cannot make a hand-computable exercise get a message that says why (exit 2)."""

from __future__ import annotations

from attntrace.cli import app


def test_a_range_beyond_two_digits_is_refused_before_drawing(runner, tmp_path):
    result = runner.invoke(app, ["homework", "new", "--out", str(tmp_path / "hw"),
                                 "--range=-1000000000000000000000..1000000000000000000000"])
    assert result.exit_code == 2
    assert "too wide for work by hand" in result.stderr and "-99..99" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "hw").exists()


def test_when_every_draw_is_rejected_the_message_gives_the_commonest_reason(runner, tmp_path):
    result = runner.invoke(app, ["homework", "new", "--out", str(tmp_path / "hw"), "--range=-99..99"])
    assert result.exit_code == 2
    assert "no usable exercise for the class" in result.stderr
    assert "nearly one-hot" in result.stderr  # scores of this size saturate softmax


def test_homework_speaks_chinese_with_lang_zh(runner, tmp_path):
    result = runner.invoke(app, ["homework", "new", "--out", str(tmp_path / "hw"), "--lang", "zh"])
    assert result.exit_code == 0, result.stderr
    sheet = (tmp_path / "hw" / "students" / "exercise.md").read_text(encoding="utf-8")
    assert "手算自注意力" in sheet
