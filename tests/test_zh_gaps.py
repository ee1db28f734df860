"""What a new Chinese user met: --lang before the command, untranslated help, OS reasons and field phrases in
English inside Chinese sentences, awkward wording."""

import errno
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from attntrace import i18n
from attntrace.cli import app
from attntrace.i18n import MESSAGES, OS_REASONS, os_reason, t

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile("[\u4e00-\u9fff]")
ZH = {"LC_ALL": "zh_CN.UTF-8"}


@pytest.fixture(autouse=True)
def _english_after():
    yield
    i18n.set_lang(None)


def _invoke(runner, args, env=None):
    from attntrace.cli import common

    common.reset_consoles()
    return runner.invoke(app, args, env={"COLUMNS": "200", "NO_COLOR": "1", "LC_ALL": "C.UTF-8", **(env or {})})


# --- --lang on the root command and on groups -----------------------------------------------------------------

@pytest.mark.parametrize("args", [["--lang", "zh", "--help"], ["--lang=zh", "--help"],
                                  ["homework", "--lang", "zh", "--help"], ["--lang", "zh", "homework", "--help"]])
def test_lang_before_the_command_gives_chinese_help(runner, args):
    result = _invoke(runner, args)
    assert result.exit_code == 0, result.output
    assert "选项：" in result.output and "命令：" in result.output and "Show" not in result.output


def test_lang_on_the_root_gives_chinese_group_errors(runner):
    result = _invoke(runner, ["--lang", "zh", "--no-such"])
    assert result.exit_code == 2
    assert "没有这个选项：--no-such" in result.output and "No such option" not in result.output


def test_lang_on_the_root_reaches_the_command(runner):
    result = _invoke(runner, ["--lang", "zh", "explain", "今天", "--steps", "X"])
    assert result.exit_code == 0, result.output
    assert "词元：" in result.output and "tokens:" not in result.output
    # the command's own --lang wins over the root's
    english = _invoke(runner, ["--lang", "zh", "explain", "今天", "--steps", "X", "--lang", "en"])
    assert english.exit_code == 0 and "tokens:" in english.output and "词元：" not in english.output


def test_lang_on_the_homework_group_reaches_its_commands(runner, tmp_path):
    missing = str(tmp_path / "missing.toml")
    result = _invoke(runner, ["homework", "--lang", "zh", "check", missing])
    assert result.exit_code == 1 and "无法读取" in result.output, result.output


@pytest.mark.parametrize("args", [["--lang", "zh", "--help"], ["homework", "--lang", "zh", "--help"]])
def test_lang_before_the_command_through_the_console_entry(args):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT), "LC_ALL": "C.UTF-8"}
    done = subprocess.run([sys.executable, "-m", "attntrace", *args], capture_output=True, env=env, timeout=60)
    out = done.stdout.decode("utf-8")
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert "选项：" in out and "没有这个选项" not in out


# --- help texts ---------------------------------------------------------------------------------------------

def _helps():
    import typer.main

    group = typer.main.get_command(app)
    yield []
    for name, command in group.commands.items():
        yield [name]
        for sub in getattr(command, "commands", {}):
            yield [name, sub]


def test_version_help_is_translated(runner):
    result = _invoke(runner, ["--help"], ZH)
    assert "显示版本号并退出。" in result.output and "Show the version" not in result.output
    assert "Show the version and exit." in _invoke(runner, ["--help"]).output


@pytest.mark.parametrize("path", list(_helps()), ids=lambda p: " ".join(p) or "attntrace")
def test_default_notes_use_the_catalogues_brackets(runner, path):
    """Click's `[default: 4]` and the catalogue's `［默认：2 × d-model］`: one style, full-width, under zh."""
    result = _invoke(runner, [*path, "--help"], ZH)
    assert result.exit_code == 0, result.output
    assert not re.search(r"\[(默认|必需)", result.output), result.output
    assert "; " not in "".join(re.findall(r"［默认：[^］]*］", result.output))


def test_click_default_notes_are_full_width_in_explain(runner):
    result = _invoke(runner, ["explain", "--help"], ZH)
    assert "［默认：4］" in result.output and "［默认：3；" in result.output
    assert "[default: 4]" in _invoke(runner, ["explain", "--help"]).output


# --- the OS's reasons ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", OS_REASONS)
def test_each_os_reason_is_chinese_under_zh_and_the_systems_words_in_english(name):
    code = getattr(errno, name, None)
    if code is None:
        pytest.skip(f"{name} is not an errno on this system")
    error = OSError(code, os.strerror(code), "f.json")
    with i18n.in_lang("zh"):
        zh = str(os_reason(error))
        assert CJK.search(zh) and not re.search("[A-Za-z]{3,}", zh.replace("RoPE", "")), zh
        assert t("error.read", path="f.json", reason=os_reason(error)) == f"无法读取 f.json：{zh}"
    with i18n.in_lang("en"):
        assert str(os_reason(error)) == os.strerror(code)


def test_an_os_reason_without_an_errno_keeps_its_words():
    assert os_reason(OSError(0, "not a trace file")) == "not a trace file"
    assert os_reason(OSError("plain")) == "plain"


@pytest.mark.parametrize("args", [
    ["explain", "--file", "{missing}"],
    ["homework", "check", "{missing}"],
    ["homework", "new", "--out", "{tmp}/out", "--roster", "{missing}"],
    ["homework", "grade", "--key", "{missing}", "--csv", "{tmp}/grades.csv", "{tmp}/s001.toml"],
])
def test_a_missing_file_is_said_in_chinese(runner, tmp_path, args):
    fields = {"missing": str(tmp_path / "nonexist.json"), "tmp": str(tmp_path)}
    (tmp_path / "s001.toml").write_text("", encoding="utf-8")
    args = [a.format(**fields) for a in args]
    result = _invoke(runner, [*args, "--lang", "zh"])
    assert result.exit_code == 1, result.output
    assert "没有这个文件或文件夹" in result.output and "No such file" not in result.output, result.output
    english = _invoke(runner, [*args, "--lang", "en"])
    assert "No such file or directory" in english.output, english.output


def test_a_folder_given_as_the_roster_is_said_in_chinese(runner, tmp_path):
    (tmp_path / "roster").mkdir()
    result = _invoke(runner, ["homework", "new", "--out", str(tmp_path / "out"), "--roster",
                              str(tmp_path / "roster"), "--lang", "zh"])
    assert result.exit_code != 0
    assert not re.search(r"[A-Z][a-z]+ [a-z]+ [a-z]+", result.output.replace(str(tmp_path), "")), result.output


# --- the rope_scaling refusal -------------------------------------------------------------------------------

def test_the_rope_scaling_refusal_reads_as_chinese(runner, tmp_path):
    folder = tmp_path / "tiny-qwen2"
    shutil.copytree(ROOT / "tests" / "data" / "families" / "tiny-qwen2", folder)
    cfg = json.loads((folder / "config.json").read_text())
    cfg["rope_scaling"] = {"type": "linear", "factor": 2.0}
    (folder / "config.json").write_text(json.dumps(cfg))
    zh = _invoke(runner, ["explain", "--model", str(folder), "The cat", "--lang", "zh"])
    assert zh.exit_code == 1
    assert "对 Llama、Qwen2、Mistral 模型，attntrace 只支持 rope_scaling.rope_type = 'default'（" in zh.output
    assert "Llama-style" not in zh.output and "no rope scaling" not in zh.output, zh.output
    en = _invoke(runner, ["explain", "--model", str(folder), "The cat", "--lang", "en"])
    assert "supports Llama-style (Llama, Qwen2, Mistral) checkpoints with rope_scaling.rope_type = " \
           "'default' (no rope scaling)" in en.output, en.output


# --- wording ------------------------------------------------------------------------------------------------

def test_head_numbers_are_not_called_number_one():
    assert not [k for k, e in MESSAGES.items() if "头号" in e["zh"] or "层号" in e["zh"]]


def test_out_of_range_head_in_chinese(runner):
    result = _invoke(runner, ["explain", "今天", "--head", "2", "--lang", "zh"])
    assert result.exit_code == 2
    assert "--head 2 超出范围：这份追踪数据只有这些头：0" in result.output, result.output


def test_a_mistake_count_never_puts_a_comma_after_a_full_stop():
    sentence = next(e["zh"] for e in MESSAGES.values() if e["zh"].endswith("。") and "{" not in e["zh"])
    with i18n.in_lang("zh"):
        line = t("hw.report.mistake_count", step="Q", what=sentence, n=1)
    assert "。，" not in line and "1 人" in line


def test_verify_and_show_of_a_missing_file_say_why_in_chinese(tmp_path):
    from typer.testing import CliRunner

    from attntrace.cli import app

    for command in ("verify", "show"):
        r = CliRunner().invoke(app, [command, str(tmp_path / "nothere.json"), "--lang", "zh"])
        assert r.exit_code == 1 and "No such file" not in r.stderr and "没有这个文件" in r.stderr, r.stderr


def test_a_roster_problem_names_its_line_in_the_sentences_language():
    from attntrace.homework.roster import RosterError, read_roster
    from attntrace.i18n import in_lang

    roster = b"id,name\ns1,Ann\n,Bo\n"
    try:
        read_roster(roster)
    except RosterError as e:
        error = e
    else:
        raise AssertionError("an empty id must be refused")
    with in_lang("zh"):
        zh = str(error)
    with in_lang("en"):
        en = str(error)
    assert "第 3 行" in zh and "line" not in zh, zh
    assert "line 3" in en, en
