"""The README's first screen must stay true: its test command is exactly what CI runs."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _first_code_block() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```bash\n(.*?)```", readme, flags=re.S)
    assert block, "the README has no bash block with the two set-up commands"
    return [line for line in block.group(1).splitlines() if line and not line.startswith("#")]


def test_readme_gives_the_install_and_run_command_and_the_test_command():
    commands = _first_code_block()
    assert len(commands) == 2, commands
    assert commands[0].startswith("pip install ") and 'attntrace explain "今天晚上吃河马"' in commands[0]
    assert commands[1].endswith("python -m pytest")


def test_ci_runs_the_readme_test_command():
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert _first_code_block()[1] in ci_lines, ".ci/run must run the README's test command, word for word"
