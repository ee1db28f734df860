"""The Typer application and what every command shares: consoles, errors, output files.

This module imports only Typer, so `attntrace --help` starts without numpy or the model code.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from .._version import __version__

app = typer.Typer(
    name="attntrace",
    help="Make Transformer self-attention visible, number by number.\n\n"
    'Example:  attntrace explain "今天晚上吃河马"',
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,  # plain help: Rich help formatting costs ~100 ms of imports on every --help
    context_settings={"help_option_names": ["-h", "--help"]},
)

_consoles: dict[str, object] = {}


def _color_system() -> str | None:
    """None (no escape codes at all) under NO_COLOR: Rich alone would drop colours but keep bold and dim."""
    return None if os.environ.get("NO_COLOR", "") != "" else "auto"


def out_console():
    """The console for data and rendered traces: stdout."""
    if "out" not in _consoles:
        from rich.console import Console

        _consoles["out"] = Console(color_system=_color_system())
    return _consoles["out"]


def err_console():
    """The console for messages and errors: stderr."""
    if "err" not in _consoles:
        from rich.console import Console

        _consoles["err"] = Console(stderr=True, color_system=_color_system())
    return _consoles["err"]


def reset_consoles() -> None:
    """Forget the consoles, so the next command sees the current stdout/stderr (tests, notebooks)."""
    _consoles.clear()


def fail(message: str, code: int = 1, hint: str | None = None) -> NoReturn:
    """Print an error to stderr and exit: 1 for a failure, 2 for a usage error."""
    from rich.markup import escape

    from ..i18n import t

    err = err_console()
    err.print(f"[bold red]{t('error.prefix')}:[/] {escape(message)}", highlight=False, soft_wrap=True)
    if hint:
        err.print(hint, style="dim", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def usage_error(message: str, command: str | None = None) -> NoReturn:
    from ..i18n import t

    hint = t("error.try_help", command=command) if command else None
    fail(message, 2, hint)


def notice(message: str) -> None:
    from rich.markup import escape

    err_console().print(escape(message), style="dim", highlight=False, soft_wrap=True)


def distinct_outputs(command: str, **paths: str | None) -> None:
    """Before any work: two output options naming one file would overwrite each other (a usage error).
    `paths` maps option names (json_, npz, svg, html) to the paths given; '-' and None are skipped."""
    from ..i18n import t

    seen: dict[str, str] = {}
    for option, path in paths.items():
        if path is None or path == "-":
            continue
        flag = "--" + option.rstrip("_")
        key = os.path.realpath(path)
        if key in seen:
            usage_error(t("error.same_output", path=path, first=seen[key], second=flag), command)
        seen[key] = flag


def check_writable(path: str, force: bool) -> None:
    """Refuse, before any work is done, to overwrite a file that exists (unless --force)."""
    from ..i18n import t

    if path == "-":
        return
    p = Path(path)
    if p.is_dir():
        fail(t("error.write", path=path, reason=t("error.is_dir")))
    if p.exists() and not force:
        fail(t("error.exists", path=path))


def _file_mode(target: Path) -> int:
    """The mode a new file gets from the umask, or the mode of the file being replaced."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_bytes(path: str, data: bytes) -> None:
    """Write to a file atomically (a half-written file never replaces a good one), or to stdout for '-'."""
    write_stream(path, lambda f: f.write(data))


class _TextOut:
    """Bytes written through sys.stdout as text, so tests and notebooks that replace it see them. Each write
    must be whole UTF-8 characters (write_stream's writers write whole lines)."""

    def write(self, data: bytes) -> None:
        sys.stdout.write(data.decode("utf-8"))


def write_stream(path: str, writer) -> None:
    """`writer(binary file)` writes the content, piece by piece; atomically as write_bytes, or to stdout for '-'."""
    from ..i18n import t

    if path == "-":
        writer(_TextOut())
        sys.stdout.flush()
        return
    target = Path(path)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent if str(target.parent) else ".", prefix=f".{target.name}.")
        with os.fdopen(fd, "wb") as f:
            writer(f)
        os.chmod(tmp, _file_mode(target))  # mkstemp makes 0600 files; a user expects the usual mode
        os.replace(tmp, target)
    except OSError as e:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)  # leave nothing behind after a failed write (disk full, …)
        fail(t("error.write", path=path, reason=e.strerror or str(e)))


def write_text(path: str, text: str) -> None:
    """write_bytes for text, as UTF-8 with '\\n' line ends."""
    if path == "-":
        sys.stdout.write(text)  # through sys.stdout, so tests and notebooks that replace it see the text
        sys.stdout.flush()
        return
    write_bytes(path, text.encode("utf-8"))


def read_text(path: str) -> str:
    from ..i18n import t

    try:
        if path == "-":
            return sys.stdin.read()
        return Path(path).read_bytes().decode("utf-8")
    except UnicodeDecodeError as e:
        fail(t("error.read", path=path, reason=t("error.not_utf8", byte=e.start)))
    except OSError as e:
        fail(t("error.read", path=path, reason=e.strerror or str(e)))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"attntrace {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Make Transformer self-attention visible, number by number.

    Example:  attntrace explain "今天晚上吃河马"
    """
