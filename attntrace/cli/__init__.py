"""The command line: each command parses its options, calls the public Python API and prints."""

from . import explain as _explain  # noqa: F401  (registers the commands)
from . import verify as _verify  # noqa: F401  (#3)
from .app import app

# isort: split
from . import compare as _compare  # noqa: F401  (#5; after explain, so --help lists explain first)
from . import homework as _homework  # noqa: F401  (#4)


def main() -> None:
    app()
