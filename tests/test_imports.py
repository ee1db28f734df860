"""Lazy imports: help and `import attntrace` stay light; the public API is what the README says."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


HEAVY = ("numpy", "rjieba", "rich.table", "attntrace.models.plan", "attntrace.render.tables")

_HELP = """
import sys
from typer.main import get_command
from attntrace.cli import app
cli = get_command(app)
ctx = cli.make_context("attntrace", ["--help"], resilient_parsing=True)
text = cli.get_help(ctx)
for name, sub in sorted(cli.commands.items()):
    sub.get_help(sub.make_context(name, ["--help"], parent=ctx, resilient_parsing=True))
assert "Example" in text
print(",".join(m for m in {heavy!r} if m in sys.modules))
"""


def test_help_does_not_import_numpy():
    assert _run(_HELP.format(heavy=HEAVY)) == ""


def test_help_through_the_console_script_entry_does_not_import_numpy():
    code = ("import sys, atexit\n"
            f"atexit.register(lambda: sys.__stderr__.write('LOADED:' + ','.join(m for m in {HEAVY!r} "
            "if m in sys.modules)))\n"
            "sys.argv = ['attntrace', '--help']\n"
            "from attntrace.cli import main\n"
            "main()\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "Example" in out.stdout
    assert out.stderr.strip().endswith("LOADED:"), out.stderr


def test_import_attntrace_alone_does_not_import_numpy():
    assert _run("import sys, attntrace; print('numpy' in sys.modules, attntrace.__version__ != '')") == "False True"


def test_from_attntrace_import_trace_gives_the_function():
    import attntrace
    from attntrace import Trace, trace

    assert callable(trace) and not isinstance(trace, type(attntrace))
    assert trace.__name__ == "trace"
    t = trace("今天晚上吃河马")
    assert isinstance(t, Trace)
    assert t.tokens == ["今天", "晚上", "吃", "河马"]


def test_unknown_attribute_is_an_attribute_error():
    import attntrace

    with pytest.raises(AttributeError):
        attntrace.no_such_thing


def test_python_dash_m_runs_the_cli():
    out = subprocess.run([sys.executable, "-m", "attntrace", "--version"], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("attntrace ")


def test_the_console_script_behaves_as_the_app(tmp_path):
    """main() (the console script) runs the same app: output, usage errors and exit codes equal the app's."""
    full = "import sys; from attntrace.cli import app; sys.argv[0] = 'attntrace'; app()"
    script = "import sys; from attntrace.cli import main; sys.argv[0] = 'attntrace'; main()"
    for args in (["verify"], ["nonsense"], ["--version"]):
        runs = [subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=tmp_path,
                               env={"COLUMNS": "80", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
                for code in (full, script)]
        assert (runs[0].returncode, runs[0].stdout, runs[0].stderr) == (
            runs[1].returncode, runs[1].stdout, runs[1].stderr), args
        assert runs[0].returncode == (0 if args == ["--version"] else 2), args


def test_attntrace_cli_app_is_the_typer_app_and_no_module():
    import importlib

    import typer

    from attntrace.cli import app

    assert isinstance(app, typer.Typer)
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("attntrace.cli.app")
