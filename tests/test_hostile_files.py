"""Hostile files and streams: step names that only look canonical, numbers too long for Python's int(),
control characters from files and users, crafted checkpoint folders and numpy archives, output streams
that cannot take what is written. Each must end in a clear message (or visible escapes), never a
traceback, a hang or a wrong "all right"."""

from __future__ import annotations

import json

import pytest

from attntrace import steps as catalogue
from attntrace import trace
from attntrace.cli import app
from attntrace.export import TraceFormatError, loads


def trace_dict(text: str = "a b", **options) -> dict:
    return json.loads(trace(text, **options).to_json())


def write_json(tmp_path, data, name: str = "t.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


# --- step names: canonical ASCII only -----------------------------------------------------------------------

@pytest.mark.parametrize("name", [
    "blocks.00.attn.scaled",  # a leading zero
    "blocks.01.attn.Q",
    "blocks.\u0660.attn.scaled",  # ARABIC-INDIC DIGIT ZERO
    "blocks.\uff10.attn.Q",  # FULLWIDTH DIGIT ZERO
    "blocks.{l}.attn.Q",  # the catalogue's pattern, not a name
    "blocks." + "9" * 5000 + ".attn.Q",  # int() would refuse it
    "blocks.-1.attn.Q",
], ids=lambda name: name[:24])
def test_names_that_only_look_canonical_are_unknown(name):
    assert not catalogue.is_known(name)
    assert catalogue.layer_of(name) is None


def test_canonical_names_are_still_known():
    assert catalogue.layer_of("blocks.0.attn.scaled") == 0 and catalogue.is_known("blocks.0.attn.scaled")
    assert catalogue.layer_of("blocks.127.out") == 127 and catalogue.is_known("blocks.127.out")
    assert catalogue.is_known("X") and catalogue.layer_of("X") is None


@pytest.mark.parametrize("fake", ["blocks.00.attn.scaled", "blocks.\u0660.attn.scaled"])
def test_verify_does_not_pass_or_show_wrong_data_under_a_look_alike_name(runner, tmp_path, fake):
    data = trace_dict()
    for step in data["steps"]:
        if step["name"] == "blocks.0.attn.scaled":
            step["name"] = fake
            step["data"] = [[[v + 1.0 for v in row] for row in m] for m in step["data"]]  # wrong by 1
    path = write_json(tmp_path, data)
    result = runner.invoke(app, ["verify", path])
    assert "Traceback" not in result.stderr
    assert "did you mean blocks.0.attn.scaled" in result.stderr  # skipped, with a note naming the real name
    # never a checked step: strict verify fails the file and names the look-alike only as not checked
    assert result.exit_code == 1
    assert all("checked" in line for line in result.stdout.splitlines() if fake in line)
    shown = runner.invoke(app, ["show", path])
    assert shown.exit_code == 0 and fake not in shown.stdout and "scaled = scores" not in shown.stdout


# --- huge integers ------------------------------------------------------------------------------------------

HUGE = "9" * 5000


def _with(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize(("old", "new"), [
    ('"seed":0', f'"seed":{HUGE}'),  # a config field
    ('"d_model":4', f'"d_model":-{HUGE}'),
    ('"data":[[', f'"data":[[{HUGE},'),  # a value
    ('"version": 1', f'"version": {HUGE}'),
], ids=["seed", "d_model", "value", "version"])
def test_a_number_of_thousands_of_digits_in_a_trace_is_a_format_error_with_its_place(old, new):
    text = _with(trace("a b").to_json(), old, new)
    with pytest.raises(TraceFormatError) as info:
        loads(text)
    message = str(info.value)
    line = text[: text.index(HUGE)].count("\n") + 1
    assert "5000 digits" in message and f"line {line}," in message


def test_a_long_float_is_still_a_float():
    data = trace_dict()
    data["steps"][0]["data"][0][0] = "LONG"
    text = _with(json.dumps(data), '"LONG"', "1" * 400 + ".5e-399")  # 1.11…
    assert loads(text).step("embed.token")[0, 0] == pytest.approx(10 / 9)


def test_json_nested_100000_deep_is_a_format_error():
    with pytest.raises(TraceFormatError):  # a message, never a RecursionError
        loads("[" * 100_000 + "]" * 100_000)
    with pytest.raises(TraceFormatError):
        loads('{"format": "attntrace.trace", "version": 1, "x": ' + "[" * 100_000 + "]" * 100_000 + "}")


@pytest.mark.parametrize("command", ["show", "verify"])
def test_huge_numbers_and_layer_indices_end_in_a_message(runner, tmp_path, command):
    data = trace_dict()
    data["steps"].append({"name": f"blocks.{HUGE}.attn.Q", "data": [0]})
    path = write_json(tmp_path, data)
    result = runner.invoke(app, [command, path, *(["--lenient"] if command == "verify" else [])])
    assert result.exit_code == 0, result.output  # the other steps are right (strict verify: exit 1 for the name)
    assert "Traceback" not in result.stderr and "unknown step" in result.stderr

    bad = tmp_path / "huge.json"
    bad.write_text(_with(trace("a b").to_json(), '"seed":0', f'"seed":{HUGE}'), encoding="utf-8")
    result = runner.invoke(app, [command, str(bad)])
    assert result.exit_code == 1 and "5000 digits" in result.stderr, result.output


@pytest.mark.parametrize("focus", [HUGE, f"a@{HUGE}", "\u0661"], ids=["huge", "text@huge", "arabic-indic"])
def test_focus_with_a_huge_or_non_ascii_position_is_a_usage_error(runner, focus):
    result = runner.invoke(app, ["explain", "a b", "--focus", focus])
    assert result.exit_code == 2, result.output
    assert "no token" in result.stderr and "0 a, 1 b" in result.stderr


# --- control characters from files and users ----------------------------------------------------------------

# clear screen, set the window title, an OSC 8 link, NUL, C1 CSI, a lone surrogate, a bidi override
NASTY = ["\x1b[2J", "\x1b]0;pwned\x07", "\x1b]8;;http://x\x1b\\link", "nul\x00", "c1\x9b", "\ud800", "rtl\u202e"]
RAW = ("\x1b", "\x00", "\x9b", "\u202e")


def nasty_trace_file(tmp_path) -> str:
    data = trace_dict("a b c d e f g")
    data["tokens"] = NASTY
    data["text"] = " ".join(NASTY)
    for step in data["steps"]:
        step["formula"] = "f\x1b]0;t\x07" + step["name"]
    data["steps"].append({"name": "blocks.0.attn.\x1b[31mQ", "data": [0]})  # an unknown name, in a note
    return write_json(tmp_path, data)


def no_raw_controls(text: str) -> None:
    for ch in RAW:
        assert ch not in text, repr(ch)
    assert "\ud800" not in text


@pytest.mark.parametrize(("command", "options"), [
    ("show", []), ("show", ["--view", "heads"]), ("show", ["--view", "model"]), ("show", ["--focus", "0"]),
    ("show", ["--focus", "nope"]), ("verify", []),
])
def test_control_characters_in_a_trace_file_are_shown_as_escapes(runner, tmp_path, command, options):
    path = nasty_trace_file(tmp_path)
    result = runner.invoke(app, [command, path, *options])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    no_raw_controls(result.stdout)
    no_raw_controls(result.stderr)
    shown = result.stdout + result.stderr
    assert "\\x1b]0;pwned\\x07" in shown and "\\x1b[2J" in shown and "\\ud800" in shown
    assert "\\x1b[31mQ" in result.stderr  # the unknown name in the note
    if command == "show" and not options:
        assert "f\\x1b]0;t\\x07X" in result.stdout  # the formula read from the file


def test_svg_and_html_of_a_nasty_trace_are_valid_and_show_escapes(runner, tmp_path):
    from xml.dom import minidom

    path = nasty_trace_file(tmp_path)
    svg, html = tmp_path / "t.svg", tmp_path / "t.html"
    result = runner.invoke(app, ["show", path, "--svg", str(svg), "--html", str(html)])
    assert result.exit_code == 0, result.output
    minidom.parse(str(svg))  # ESC and NUL would make it invalid XML
    for picture in (svg, html):
        text = picture.read_text(encoding="utf-8")
        no_raw_controls(text)
    assert "\\x1b[2J" in html.read_text(encoding="utf-8")


def test_jupyter_output_of_a_nasty_trace_shows_escapes(tmp_path):
    from attntrace.export import loads as load

    t = load(open(nasty_trace_file(tmp_path), encoding="utf-8").read())
    bundle = t._repr_mimebundle_()
    for text in bundle.values():
        no_raw_controls(text)
    assert "\\x1b[2J" in bundle["text/plain"]


def test_the_space_tokenizer_drops_controls_like_the_default_one():
    from attntrace.tokenize import tokenize

    text = "a\x1b[2Jb c\x00d e\u200bf g\u202eh"
    assert tokenize(text, "space") == ["a", "[2Jb", "c", "d", "e", "f", "g", "h"]
    family = "\U0001f468\u200d\U0001f469"  # a joiner inside a token stays
    assert tokenize(f"x {family} 今天", "space") == ["x", family, "今天"]
    for tok in tokenize(text + " " + "".join(NASTY[:5]), "space"):
        no_raw_controls(tok)


def test_explain_with_the_space_tokenizer_prints_no_control_character(runner, tmp_path):
    svg = tmp_path / "e.svg"
    result = runner.invoke(app, ["explain", "a\x1b]0;pwned\x07 b\x1b[2J", "--tokenizer", "space", "--svg", str(svg)])
    assert result.exit_code == 0, result.output
    no_raw_controls(result.stdout)
    assert "tokens: a / ]0;pwned / b / [2J" in result.stdout
    from xml.dom import minidom

    minidom.parse(str(svg))


def test_compare_and_error_messages_show_user_text_visibly(runner):
    result = runner.invoke(app, ["compare", "a\x1b[2J b", "a c", "--token", "\x1b]0;x\x07", "--tokenizer", "space"])
    assert result.exit_code == 2, result.output
    no_raw_controls(result.stderr)
    assert "no token \\x1b]0;x" in result.stderr  # (Rich itself drops BEL)


# --- output streams -----------------------------------------------------------------------------------------

def run_cli(*args: str, env: dict | None = None, shell_redirect: str = "", stdin=None):
    """`python -m attntrace ARGS` in a child process (what a shell does to its streams cannot be faked in
    one), with this checkout first on the path."""
    import os
    import shlex
    import subprocess
    import sys
    from pathlib import Path

    root = str(Path(__file__).resolve().parents[1])
    full_env = {**os.environ, "PYTHONPATH": root, "NO_COLOR": "1", **(env or {})}
    command = " ".join(shlex.quote(a) for a in (sys.executable, "-m", "attntrace", *args))
    return subprocess.run(f"exec {command} {shell_redirect}", shell=True, env=full_env, capture_output=stdin is None,
                          stdin=stdin, timeout=120)


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_stream_that_cannot_encode_gets_escapes_not_a_crash(tmp_path, encoding):
    path = nasty_trace_file(tmp_path)
    for args in (["explain", "今天晚上吃河马"], ["show", path], ["verify", path]):
        result = run_cli(*args, env={"PYTHONIOENCODING": encoding})
        assert b"Traceback" not in result.stderr, result.stderr.decode(errors="replace")
        assert result.returncode in (0, 1) and result.stdout, args
        out = result.stdout.decode(encoding)
        assert "tokens" in out
        if args[0] == "explain":
            assert result.returncode == 0 and "\\u4eca\\u5929" in out  # 今天, written as escapes


def test_json_to_an_ascii_stdout_is_still_utf8_json():
    result = run_cli("explain", "今天晚上吃河马", "--json", "-", env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.decode("utf-8"))["tokens"] == ["今天", "晚上", "吃", "河马"]


def test_an_ascii_stream_in_process_too(tmp_path):
    from typer.testing import CliRunner

    result = CliRunner(charset="ascii").invoke(app, ["show", nasty_trace_file(tmp_path)])
    assert result.exit_code == 0, result.exception
    assert "\\xb7" in result.stdout  # the "·" between settings


@pytest.mark.parametrize("args", [["explain", "a b"], ["explain", "a b", "--json", "-"], ["verify", "TRACE"],
                                  ["schema"]])
def test_a_full_disk_on_stdout_is_one_line_and_exit_1(tmp_path, args):
    path = write_json(tmp_path, trace_dict())
    result = run_cli(*[path if a == "TRACE" else a for a in args], shell_redirect=">/dev/full")
    assert result.returncode == 1
    lines = result.stderr.decode().strip().splitlines()
    assert lines == ["Error: cannot write the output: No space left on device"], lines


@pytest.mark.parametrize("args", [["show", "-"], ["verify", "-"], ["explain", "-"]])
def test_reading_a_closed_stdin_is_a_clear_error(args):
    result = run_cli(*args, shell_redirect="<&-")
    assert result.returncode == 1 and b"Traceback" not in result.stderr
    assert b"standard input is closed" in result.stderr


def test_a_reader_that_stops_early_ends_the_command_quietly():
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1]), "NO_COLOR": "1"}
    child = subprocess.Popen([sys.executable, "-m", "attntrace", "explain", "a b c d e f", "--d-model", "64"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    child.stdout.readline()
    child.stdout.close()  # like `| head -1`
    err = child.stderr.read()
    assert child.wait(timeout=120) in (0, 1)
    assert b"Traceback" not in err and b"Exception ignored" not in err, err


# --- slow paths: bounded ------------------------------------------------------------------------------------

def test_80000_unknown_step_names_get_20_notes_and_a_count(monkeypatch):
    import attntrace.export as export

    data = trace_dict()
    data["steps"] += [{"name": f"blocks.0.attn.weight{i}", "data": [0]} for i in range(80_000)]
    calls = []
    near = export._near_name
    monkeypatch.setattr(export, "_near_name", lambda *a: calls.append(a) or near(*a))
    notes = loads(json.dumps(data)).notes
    assert len(calls) == 20  # suggestions (difflib over every catalogue name) only for the notes shown
    assert len(notes) == 21 and notes[0].endswith("did you mean blocks.0.attn.weights?")
    assert notes[-1] == "79980 more steps with unknown names, skipped"


def test_a_megabyte_token_is_shown_cut_so_the_output_stays_small(runner, tmp_path):
    data = trace_dict()
    data["tokens"][0] = "x" * 1_000_000
    result = runner.invoke(app, ["show", write_json(tmp_path, data), "--view", "heads"])
    assert result.exit_code == 0, result.output
    shown = runner.invoke(app, ["show", write_json(tmp_path, data, "u.json")])
    assert shown.exit_code == 0, shown.output
    assert len(shown.stdout) < 50_000  # every row is labelled with the token: uncut, 1 MB per line
    assert "tokens: " + "x" * 31 + "… / b" in shown.stdout


def test_labels_of_long_tokens_that_look_alike_get_positions():
    from attntrace.render import token_labels

    a, b = "y" * 40 + "1", "y" * 40 + "2"
    labels = token_labels([a, b, "z"])
    assert labels == ["y" * 31 + "…@0", "y" * 31 + "…@1", "z"]


@pytest.mark.parametrize("target", ["-", "FILE"])
def test_a_lone_surrogate_in_a_token_survives_a_json_report(runner, tmp_path, target):
    path = nasty_trace_file(tmp_path)
    out = str(tmp_path / "r.json") if target == "FILE" else "-"
    result = runner.invoke(app, ["verify", path, "--json", out])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    text = result.stdout_bytes.decode("utf-8") if out == "-" else open(out, encoding="utf-8").read()
    assert json.loads(text)["tokens"] == NASTY  # written as the JSON escape \ud800, read back the same


def test_show_reads_a_trace_from_a_pipe_once(tmp_path):
    """`show <(…)`: a pipe has no second reading, so it is not peeked at for an archive's signature."""
    path = write_json(tmp_path, trace_dict())
    result = subprocess_shell(f"show <(cat {path})")
    assert result.returncode == 0, result.stderr
    assert b"tokens: a / b" in result.stdout


def subprocess_shell(args: str):
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1]), "NO_COLOR": "1"}
    return subprocess.run(["bash", "-c", f"{sys.executable} -m attntrace {args}"], capture_output=True, env=env,
                          timeout=120)


def test_compare_key_labels_show_controls_visibly():
    """The CLI's tokenizers drop controls; a Comparison built from traces made in Python may still hold them."""
    from attntrace.compare import KeyRow
    from attntrace.render_compare import key_labels

    rows = [KeyRow("x\x1b[2J", 0, None, None, None), KeyRow("x\x1b[2J", 2, 1, None, None),
            KeyRow("y", 1, 0, None, None)]
    assert key_labels(rows) == ["x\\x1b[2J@0↔—", "x\\x1b[2J@2↔1", "y"]


def test_a_closed_stdout_or_stderr_is_no_traceback():
    closed_out = run_cli("explain", "a b", shell_redirect=">&-")
    assert closed_out.returncode == 1
    assert closed_out.stderr.decode().splitlines() == ["Error: cannot write the output: Bad file descriptor"]
    closed_err = run_cli("explain", "a b", "--focus", "zz", shell_redirect="2>&-")
    assert closed_err.returncode == 2 and b"Traceback" not in closed_err.stdout
    fine = run_cli("explain", "a b", shell_redirect="2>&-")
    assert fine.returncode == 0 and b"tokens: a / b" in fine.stdout


@pytest.mark.parametrize("command", ["show", "verify"])
def test_a_device_or_folder_named_as_a_trace_is_refused_at_once(runner, tmp_path, command):
    # /dev/zero would be read without end; a pipe (show <(…)) is still read, see above
    for path in ("/dev/zero", str(tmp_path)):
        result = runner.invoke(app, [command, path])
        assert result.exit_code == 1 and "Traceback" not in result.stderr
        assert "not a file of a trace" in result.stderr


def test_homework_text_with_an_undecodable_byte_is_a_usage_error(runner, tmp_path):
    bad = "caf\udcff"  # how Python hands an undecodable argument byte to the program
    result = runner.invoke(app, ["homework", "new", "--text", bad, "--out", str(tmp_path / "hw")])
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert "not valid UTF-8" in result.stderr and not (tmp_path / "hw").exists()
