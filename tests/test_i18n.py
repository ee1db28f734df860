"""Both languages are complete: every message has en and zh with the same fields, every key the code uses exists,
and --lang / the locale choose the language of headings, captions and errors."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

import attntrace
from attntrace import i18n
from attntrace.cli import app
from attntrace.config import Config, ConfigError
from attntrace.i18n import MESSAGES, Message

PACKAGE = Path(attntrace.__file__).parent
KEY = r"[a-z][a-z0-9_]*(?:\.[A-Za-z0-9_]+)+"
# t("key", …), Message("key", …), SomeError("key", …) and the export helper _fail("key", …); keys given as data
# (the catalogue's why="why.…", lookup tables) are picked up as string literals that start like a key family.
USES = [
    re.compile(rf"\bt\(\s*\"({KEY})\""),
    re.compile(rf"\b(?:Message|[A-Z]\w*Error|_fail)\(\s*\"({KEY})\""),
    re.compile(r"\"((?:why|trace\.kind)\.[A-Za-z0-9_.]+)\""),
]


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def used_keys() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for pattern in USES:
            for key in pattern.findall(source):
                found.setdefault(key, []).append(str(path.relative_to(PACKAGE)))
    return found


def test_every_message_has_english_and_chinese_with_the_same_fields():
    problems = []
    for key, entry in MESSAGES.items():
        if set(entry) != {"en", "zh"}:
            problems.append(f"{key}: languages {sorted(entry)}")
            continue
        if not entry["en"].strip() or not entry["zh"].strip():
            problems.append(f"{key}: an empty sentence")
        if fields(entry["en"]) != fields(entry["zh"]):
            problems.append(f"{key}: en fields {sorted(fields(entry['en']))} != zh {sorted(fields(entry['zh']))}")
    assert not problems, "\n".join(problems)


def test_every_key_the_code_uses_exists():
    used = used_keys()
    assert len(used) > 100  # the scan does find the keys (a broken pattern would find none)
    missing = {key: files for key, files in used.items() if key not in MESSAGES}
    assert not missing, missing


def test_the_scan_sees_each_kind_of_use():
    used = used_keys()
    assert "config.divisible" in used  # ConfigError("config.divisible", …)
    assert "trace.shape" in used  # _fail("trace.shape", …)
    assert "focus.title" in used  # t("focus.title", …)
    assert "why.scaled" in used  # the step catalogue's reasons


def test_message_renders_in_the_language_current_when_shown():
    error = ConfigError("config.divisible", d_model=4, n_heads=3)
    i18n.set_lang("zh")
    try:
        assert str(error) == "d_model（4）必须能被头数（3）整除，因为每个头分到 d_model / 头数 维"
    finally:
        i18n.set_lang(None)
    assert str(error).startswith("d_model (4) must be divisible by the number of heads (3)")
    assert str(Message("a plain sentence, not a key")) == "a plain sentence, not a key"
    with pytest.raises(ConfigError):
        Config(n_heads=3)


@pytest.mark.parametrize("env, lang", [
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
    ({"LANG": "C"}, "en"),
    ({}, "en"),
])
def test_default_language_comes_from_the_locale(monkeypatch, env, lang):
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert i18n.default_lang() == lang


# --- the command line ------------------------------------------------------------------------------------------


@pytest.fixture
def run(runner):
    def invoke(*args, env=None):
        return runner.invoke(app, list(args), env={"COLUMNS": "120", "NO_COLOR": "1", **(env or {})})

    return invoke


def test_errors_follow_lang(run):
    zh = run("explain", "", "--lang", "zh")
    assert zh.exit_code == 2
    assert "错误：文本为空" in zh.stderr and "查看帮助" in zh.stderr
    en = run("explain", "x", "--heads", "3", "--lang", "en", env={"LANG": "zh_CN.UTF-8"})
    assert en.exit_code == 2 and "must be divisible" in en.stderr
    by_locale = run("explain", "x", "--heads", "3", env={"LANG": "zh_CN.UTF-8"})
    assert "必须能被头数（3）整除" in by_locale.stderr


def test_trace_file_errors_follow_lang(run, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "attntrace.trace", "version": 1, "tokens": ["a"', encoding="utf-8")
    r = run("show", str(bad), "--lang", "zh")
    assert r.exit_code == 1 and "文件不完整：JSON 在第 1 行第 " in r.stderr
    r = run("show", str(bad), "--lang", "en")
    assert "the file is cut short: the JSON ends early at line 1, column" in r.stderr
    r = run("explain", "今天晚上吃河马", "--steps", "nothing*", "--lang", "zh")
    assert r.exit_code == 2 and "没有匹配到任何步骤" in r.stderr


@pytest.mark.parametrize("args, english, chinese", [
    (["explain", "今天晚上吃河马"], "One row per token", "每个词一行"),
    (["explain", "今天晚上吃河马", "--focus", "吃"], "Worked arithmetic for 吃", "吃（位置 2）的逐步计算"),
    (["explain", "今天晚上吃河马", "--view", "heads"], "every head, side by side", "所有的头并排显示"),
    (["explain", "今天晚上吃河马", "--view", "model"], "Every layer × head", "所有层 × 所有头"),
    (["compare", "a b", "b a", "--token", "a"], "in two contexts", "在两个语境中"),
])
def test_headings_and_captions_follow_lang(run, args, english, chinese):
    en, zh = run(*args, "--lang", "en"), run(*args, "--lang", "zh")
    assert en.exit_code == zh.exit_code == 0
    assert english in en.stdout and chinese not in en.stdout
    assert chinese in zh.stdout and english not in zh.stdout
