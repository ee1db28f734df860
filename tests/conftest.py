"""Shared fixtures: fresh Rich consoles per CLI call, English messages, a CliRunner."""

from __future__ import annotations

import pytest
from hypothesis import settings

# The machine is shared and noisy: a property test must fail on a wrong answer, never on a slow example.
settings.register_profile("attntrace", deadline=None)
settings.load_profile("attntrace")


@pytest.fixture(autouse=True)
def _fresh_consoles(monkeypatch):
    """The CLI caches its Rich consoles; forget them so each CliRunner call writes to its own streams.
    Messages are checked in English, whatever the machine's locale."""
    import importlib

    cli_app = importlib.import_module("attntrace.cli.common")

    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    from attntrace.i18n import set_lang

    set_lang(None)  # a test that ran `--lang zh` in this process must not leave Chinese behind
    cli_app.reset_consoles()
    yield
    cli_app.reset_consoles()
    set_lang(None)


@pytest.fixture
def runner():
    from typer.testing import CliRunner

    return CliRunner()


@pytest.fixture
def run(runner):
    """run("explain", ...) through the CLI in a 200-column terminal without colour."""
    import importlib

    from attntrace.cli import app

    cli_app = importlib.import_module("attntrace.cli.common")

    def invoke(*args):
        cli_app.reset_consoles()
        return runner.invoke(app, list(args), env={"COLUMNS": "200", "NO_COLOR": "1"})

    return invoke
