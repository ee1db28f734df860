"""The command line: each command parses its options, calls the public Python API and prints."""

from . import explain as _explain  # noqa: F401  (registers the commands)
from . import verify as _verify  # noqa: F401  (#3)
from .app import app


def main() -> None:
    app()
