"""The command line: each command parses its options, calls the public Python API and prints."""

from . import explain as _explain  # noqa: F401  (registers the commands)
from .app import app


def main() -> None:
    app()
