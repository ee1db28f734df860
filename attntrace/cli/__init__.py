"""The command line: each command parses its options, calls the public Python API and prints."""

import copy
import sys

from . import explain as _explain  # noqa: F401  (registers the commands)
from . import verify as _verify  # noqa: F401  (#3)

# isort: split
from . import diff as _diff  # noqa: F401  (after verify, so --help lists them together)
from .app import app

# isort: split
from . import compare as _compare  # noqa: F401  (#5; after explain, so --help lists explain first)
from . import homework as _homework  # noqa: F401  (#4)


def main() -> None:
    """Run the CLI. Typer reads the signature of every command it holds before it runs one (~10 ms for
    attntrace's, on every start); when the first argument names a command, only that one is built."""
    lean = _only(sys.argv[1]) if len(sys.argv) > 1 else None
    (lean or app)()


def _only(name: str):
    """The app with just the command (or command group) `name`, or None when `name` is not one."""
    commands = [c for c in app.registered_commands if (c.name or c.callback.__name__) == name]
    groups = [g for g in app.registered_groups if g.typer_instance.info.name == name]
    if not commands and not groups:
        return None
    lean = copy.copy(app)  # the same name, help, callback (--version) and settings
    lean.registered_commands, lean.registered_groups = commands, groups
    return lean
