"""Chinese everywhere: Click's own messages, every --help, and the typography of the zh strings."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from attntrace import locale
from attntrace.cli import app
from attntrace.i18n import MESSAGES

ROOT = Path(__file__).resolve().parent.parent


def test_committed_mo_is_the_po_compiled():
    po = locale.po_path("zh")
    assert po.with_suffix(".mo").read_bytes() == locale.compile_po(po.read_text("utf-8"))


def test_mo_reads_back_with_the_stdlib():
    import gettext

    with locale.po_path("zh").with_suffix(".mo").open("rb") as f:
        catalogue = gettext.GNUTranslations(f)
    assert catalogue.gettext("Options") == "选项"
    assert catalogue.ngettext("Option {name!r} requires an argument.", "x", 2) == "选项 {name!r} 需要 {nargs} 个参数。"


@pytest.mark.parametrize("args, words", [
    (["explain", "今天", "--foo"], "没有这个选项：--foo"),
    (["explain", "今天", "--mask", "bad"], "不是 'none', 'causal' 之一"),
    (["explain", "今天", "--heads", "x"], "不是有效的整数"),
    (["explain", "今天", "--precision", "99"], "不在范围"),
    (["verify"], "缺少参数 'FILE'"),
    (["nosuch"], "没有这个命令"),
])
def test_click_errors_in_chinese_under_lang_zh(runner, args, words):
    result = runner.invoke(app, [*args, "--lang", "zh"])
    assert result.exit_code == 2
    assert words in result.output
    assert "用法：" in result.output and "错误：" in result.output
    assert "Error" not in result.output and "Usage" not in result.output


def test_click_errors_in_chinese_from_the_locale_and_english_without():
    def run(env_lang):
        env = {"PATH": "/usr/bin:/bin", "LANG": env_lang, "PYTHONPATH": str(ROOT)}
        return subprocess.run([sys.executable, "-m", "attntrace", "explain", "今天", "--foo"], env=env,
                              capture_output=True, text=True, encoding="utf-8", timeout=120)

    zh = run("zh_CN.UTF-8")
    assert zh.returncode == 2 and "没有这个选项：--foo" in zh.stderr, zh.stderr
    en = run("C.UTF-8")
    assert en.returncode == 2 and "No such option: --foo" in en.stderr, en.stderr
def _commands():
    import typer.main

    group = typer.main.get_command(app)
    yield [], group
    for name, command in group.commands.items():
        yield [name], command
        for sub, inner in getattr(command, "commands", {}).items():
            yield [name, sub], inner


@pytest.mark.parametrize("path", [p for p, _ in _commands()], ids=lambda p: " ".join(p) or "attntrace")
def test_every_help_is_chinese_under_zh(runner, path):
    result = runner.invoke(app, [*path, "--help"], env={"LC_ALL": "zh_CN.UTF-8"})
    assert result.exit_code == 0, result.output
    head = result.output.split("\n\n")[1]  # the command's own help: its first paragraph
    assert re.search(r"[\u4e00-\u9fff]", head), head
    assert "选项" in result.output and "Show this message" not in result.output
    english = runner.invoke(app, [*path, "--help"], env={"LC_ALL": "C.UTF-8"})
    assert not re.search(r"[\u4e00-\u9fff]{4}", english.output.split("\n\n")[1])


def test_every_option_has_help_in_both_languages():
    """Each command's and option's help is in the catalogue (help.<command>[.<option>] or help.opt.<option>)."""
    missing = []
    for path, command in _commands():
        name = ".".join(path)
        if f"help.{name or 'attntrace'}" not in MESSAGES:
            missing.append(f"help.{name or 'attntrace'}")
        for param in command.params:
            if param.name in ("help", "version") or getattr(param, "hidden", False):
                continue
            if f"help.{name}.{param.name}" not in MESSAGES and f"help.opt.{param.name}" not in MESSAGES:
                missing.append(f"help.{name}.{param.name}")
    assert not missing, missing
