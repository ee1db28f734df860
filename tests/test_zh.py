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


def _glossary():
    rows = [line.split("|")[1:4] for line in (ROOT / "docs" / "glossary.md").read_text("utf-8").splitlines()
            if line.startswith("| ") and not line.startswith("| English")]
    return [(en.strip(), zh.strip(), [v.strip() for v in nots.split(",") if v.strip()]) for en, zh, nots in rows]


def test_glossary_is_read():
    terms = {en: zh for en, zh, _ in _glossary()}
    assert terms["token"] == "词元" and terms["query"] == "查询" and len(terms) > 15


def test_no_zh_string_uses_a_variant_the_glossary_rules_out():
    found = [(key, variant) for key, entry in MESSAGES.items()
             for _en, _zh, variants in _glossary() for variant in variants if variant in entry["zh"]]
    assert not found, found


def test_the_glossary_check_flags_a_variant():
    variants = {v for _en, _zh, vs in _glossary() for v in vs}
    assert "令牌" in variants and "标记" in variants and any(v in "每个令牌一行" for v in variants)


CJK = "[\u4e00-\u9fff]"
ASCII_NEXT_TO_CJK = re.compile(f"{CJK}[:,;()]|[:,;()]{CJK}")
SPACE_AFTER_FULL_WIDTH = re.compile("[：，；。、（）] ")
CJK_TOUCHING_LATIN = re.compile(f"{CJK}[A-Za-z0-9]|[A-Za-z0-9]{CJK}")
ORDINAL_FROM_ZERO = re.compile(r"第 \{(head|layer)\} (个头|层)")


@pytest.mark.parametrize("rule, pattern", [
    ("ASCII : , ; ( ) next to a Chinese character (use ：，；（）)", ASCII_NEXT_TO_CJK),
    ("a space after full-width punctuation", SPACE_AFTER_FULL_WIDTH),
    ("Chinese touching Latin letters or digits (the catalogue puts a space between)", CJK_TOUCHING_LATIN),
    ("a zero-based number as an ordinal (第 0 个头): write 头 0", ORDINAL_FROM_ZERO),
])
def test_zh_typography(rule, pattern):
    bad = {key: entry["zh"] for key, entry in MESSAGES.items() if pattern.search(entry["zh"])}
    assert not bad, f"{rule}: {bad}"


@pytest.mark.parametrize("pattern, sample", [
    (ASCII_NEXT_TO_CJK, "错误:文本"), (ASCII_NEXT_TO_CJK, "第一,第二"), (SPACE_AFTER_FULL_WIDTH, "余弦相似度： 0.9"),
    (CJK_TOUCHING_LATIN, "已将SVG 图片"), (ORDINAL_FROM_ZERO, "第 {head} 个头"),
])
def test_each_typography_rule_catches_its_case(pattern, sample):
    assert pattern.search(sample)


def test_screen_captions_flagged_by_a_reader(runner):
    result = runner.invoke(app, ["compare", "我 爱 你", "我 爱 他", "--token", "爱", "--tokenizer", "space",
                                 "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert "（两句中都在位置 1）" in result.output and "位置 1 和 1" not in result.output
    assert "： " not in result.output
    shown = runner.invoke(app, ["explain", "今天", "--lang", "zh", "--steps", "X", "--mask", "causal"])
    assert "位置编码=正弦" in shown.output and "掩码=因果" in shown.output and "词元：" in shown.output
    assert "头 0" in runner.invoke(app, ["explain", "今天", "--lang", "zh", "--steps", "*.weights"]).output
    failed = runner.invoke(app, ["explain", "", "--lang", "zh"])
    assert "错误：文本为空" in failed.output and "错误:" not in failed.output


def test_json_keeps_identifiers_while_the_screen_translates(runner):
    import json

    result = runner.invoke(app, ["explain", "今天", "--lang", "zh", "--mask", "causal", "--json", "-"])
    config = json.loads(result.stdout)["config"]
    assert config["mask"] == "causal" and config["positional"] == "sinusoidal"


def test_wrote_notices_read_naturally():
    from attntrace import i18n

    i18n.set_lang("zh")
    try:
        assert i18n.t("notice.wrote", what=i18n.t("notice.svg"), path="a.svg") == "SVG 图片已写入 a.svg"
    finally:
        i18n.set_lang(None)


def _depth_at_breaks(lines: list[str]) -> list[int]:
    """The bracket depth at each line break of wrapped text (0: the break is outside every bracket)."""
    depths, depth = [], 0
    for line in lines[:-1]:
        depth += sum((c in "([{") - (c in ")]}") for c in line)
        depths.append(depth)
    return depths


@pytest.mark.parametrize("key", ["why.weights", "why.scaled", "why.scores", "diagnose.position", "why.ln"])
def test_chinese_captions_never_break_inside_a_formula(key):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from attntrace.render import prose_text

    text = MESSAGES[key]["zh"]

    @settings(max_examples=60, deadline=None)
    @given(st.integers(min_value=24, max_value=140))
    def check(width):
        lines = prose_text(text, width).plain.split("\n")
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost or added
        assert all(d == 0 for d in _depth_at_breaks(lines)), lines
        assert not any(line[:1] in "，。；：、）" for line in lines)
        runs = re.findall(r"[^\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+", text)
        for run in runs:  # a run of formula that fits a line is on one line
            if len(run.strip()) + 2 <= width:  # with the full-width punctuation kept after it
                assert any(run.strip() in line for line in lines), (run, lines)

    check()


def test_the_softmax_formula_stays_on_one_line_where_it_fits(runner):
    from rich.cells import cell_len

    formula = "softmax(x)_j = exp(x_j − max x) / Σ exp(x − max x)"
    for columns in range(cell_len(formula) + 2, 100, 3):  # the formula and its '；' fit
        result = runner.invoke(app, ["explain", "今天", "--lang", "zh", "--steps", "*.weights"],
                               env={"COLUMNS": str(columns)})
        assert formula in result.output, (columns, result.output)


def test_the_catalogues_english_help_is_the_codes():
    """The English help lives in the code (help=, docstrings) and in the catalogue, which --help shows: a
    change to one must reach the other, or --help would show the stale copy."""
    from attntrace.i18n import MESSAGES as catalogue

    def norm(text):
        return " ".join((text or "").split())

    stale = []
    for path, command in _commands():
        name = ".".join(path)
        key = f"help.{name or 'attntrace'}"
        if key in catalogue and norm(catalogue[key]["en"]) != norm(command.help):
            stale.append(key)
        for param in command.params:
            for key in (f"help.{name}.{param.name}", f"help.opt.{param.name}"):
                if key in catalogue:
                    if norm(catalogue[key]["en"]) != norm(getattr(param, "help", None)):
                        stale.append(key)
                    break
    assert not stale, stale
