"""The command line: each command parses its options, calls the public Python API and prints."""

import contextlib
import sys

from . import explain as _explain  # noqa: F401  (registers the commands)
from . import verify as _verify  # noqa: F401

# isort: split
from . import diff as _diff  # noqa: F401  (after verify, so --help lists them together)
from .common import app

# isort: split
from . import compare as _compare  # noqa: F401  (after explain, so --help lists explain first)
from . import homework as _homework  # noqa: F401


def main() -> None:
    """Run the CLI (the console script), turning a stream that cannot be written into one line and exit 1."""
    import errno
    import os

    if sys.stderr is None:  # started with stderr closed (2>&-): messages go nowhere, the exit code still tells
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (for the life of the process)
    if sys.stdout is None:  # started with stdout closed (>&-): the output has nowhere to go
        _write_failed(OSError(errno.EBADF, os.strerror(errno.EBADF)))
    try:
        try:
            app()
        finally:
            sys.stdout.flush()  # a full disk shows here, while there is still a way to say so
    except OSError as e:  # stdout or stderr could not be written: a full disk, a closed pipe, a closed stream
        _write_failed(e)


def _write_failed(error: OSError) -> None:
    """One line on stderr (when stderr itself can take it) and exit 1, instead of a traceback; the output
    still buffered goes nowhere, so Python's last flush at exit cannot fail again."""
    import errno
    import os

    from ..i18n import os_reason, t

    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    if error.errno != errno.EPIPE:  # a reader that stopped reading (| head) needs no message
        with contextlib.suppress(OSError, ValueError, AttributeError):
            sys.stderr.write(t("error.prefixed", message=t("error.output", reason=os_reason(error))) + "\n")
            sys.stderr.flush()
    raise SystemExit(1)

