"""The Typer application and what every command shares: consoles, errors, output files.

This module imports only Typer, so `attntrace --help` starts without numpy or the model code.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from typer._click.exceptions import UsageError
from typer.core import TyperGroup

from .._version import __version__
from .options import LangOpt


def lang_in(args: list[str]) -> str | None:
    """The language --lang names in the command line (`--lang zh`, `--lang=zh`), read before Click parses it,
    so that Click's own messages and every --help are in it too; None when it is absent or not one we know."""
    from ..i18n import LANGS

    args = [str(a) for a in args]  # the Python API (CliRunner, a notebook) may pass paths
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = arg.partition("=")[2] if arg.startswith("--lang=") else (
            args[i + 1] if arg == "--lang" and i + 1 < len(args) else None)
        if value in LANGS:
            return value
    return None


def localize(command, lang: str, path: str = "") -> None:
    """Give a Click command (and its subcommands) the help texts of `lang`, from the i18n catalogue: the
    command's is `help.<path>` (`help.attntrace`, `help.explain`, `help.homework.grade`), an option's
    `help.<path>.<name>`, else `help.opt.<name>` for the options several commands share."""
    from ..i18n import MESSAGES

    def text(*keys: str) -> str | None:
        return next((MESSAGES[k][lang] for k in keys if k in MESSAGES), None)

    from ..locale import translate_help

    command.help = text(f"help.{path or 'attntrace'}") or command.help
    english_help = type(command).get_help
    command.get_help = lambda ctx: translate_help(english_help(command, ctx), lang)
    for param in command.params:
        found = text(f"help.{path}.{param.name}", f"help.opt.{param.name}") if param.name else None
        if found is not None:
            param.help = found
    for name, sub in getattr(command, "commands", {}).items():
        localize(sub, lang, f"{path}.{name}".lstrip("."))


class LocalGroup(TyperGroup):
    """attntrace's command group: before parsing, the language (--lang, else the locale) is set, Click's
    messages are switched to it, and every help text is taken from the i18n catalogue in it."""

    def main(self, args=None, *rest, **options):
        from .. import locale
        from ..i18n import get_lang, set_lang

        given = list(sys.argv[1:] if args is None else args)
        set_lang(lang_in(given))
        lang = get_lang()
        locale.install(lang)
        localize(self, lang)
        self._lang = lang
        return super().main(given, *rest, **options)

    def make_context(self, *args, **options):
        try:
            return super().make_context(*args, **options)
        except UsageError as e:
            self._localized(e)
            raise

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except UsageError as e:  # a subcommand's options are parsed here
            self._localized(e)
            raise

    def _localized(self, error) -> None:
        from ..locale import localize_error

        localize_error(error, getattr(self, "_lang", "en"))


app = typer.Typer(
    cls=LocalGroup,
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


def tolerant_streams() -> None:
    """A character stdout or stderr cannot encode (PYTHONIOENCODING=ascii or latin-1, a lone surrogate) is
    written as a backslash escape (`\\u00b7`) instead of ending the command in a UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) != "backslashreplace" and hasattr(stream, "reconfigure"):
            with contextlib.suppress(ValueError, OSError):  # a closed stream: its writes fail later, and say so
                stream.reconfigure(errors="backslashreplace")


def _console(name: str, **options):
    if name not in _consoles:
        from ..visible import safe_console

        tolerant_streams()
        _consoles[name] = safe_console(color_system=_color_system(), **options)
    return _consoles[name]


def out_console():
    """The console for data and rendered traces: stdout."""
    return _console("out")


def err_console():
    """The console for messages and errors: stderr."""
    return _console("err", stderr=True)


def reset_consoles() -> None:
    """Forget the consoles, so the next command sees the current stdout/stderr (tests, notebooks)."""
    _consoles.clear()


def _shown(message: str) -> str:
    """A message for the terminal: a file name or id in it with ESC or NUL is shown as `\\x1b`, not run.
    Line breaks our messages make are kept."""
    from ..visible import visible

    return "\n".join(visible(line) for line in message.split("\n"))


def fail(message: str, code: int = 1, hint: str | None = None) -> NoReturn:
    """Print an error to stderr and exit: 1 for a failure, 2 for a usage error."""
    from rich.markup import escape

    from ..i18n import t

    err = err_console()
    prefix, _, _rest = t("error.prefixed", message="\0").partition("\0")
    err.print(f"[bold red]{escape(prefix.rstrip())}[/]{prefix[len(prefix.rstrip()):]}{escape(_shown(message))}",
              highlight=False, soft_wrap=True)
    if hint:
        err.print(hint, style="dim", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def usage_error(message: str, command: str | None = None) -> NoReturn:
    from ..i18n import t

    hint = t("error.try_help", command=command) if command else None
    fail(message, 2, hint)


def notice(message: str) -> None:
    from rich.markup import escape

    err_console().print(escape(_shown(message)), style="dim", highlight=False, soft_wrap=True)


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


def output_failed(e, command: str | None = None) -> NoReturn:
    """Report a `files.OutputError`: a path wrong as given is a usage error (2), anything else a failure (1)."""
    if e.usage:
        usage_error(str(e), command)
    fail(str(e))


def check_writable(path: str, force: bool) -> None:
    """Refuse, before any work is done, a folder path or a file that exists (unless --force)."""
    from .files import OutputError, check_target

    try:
        check_target(path, force)
    except OutputError as e:
        output_failed(e)


def write_bytes(path: str, data: bytes | Iterable[bytes]) -> None:
    """Write to a file atomically (see `files.write_stream`), or to stdout for '-'. `data` may come in
    pieces (a long trace's JSON, step by step), written as they come."""
    pieces = [data] if isinstance(data, bytes) else data

    def writer(f) -> None:
        for piece in pieces:
            f.write(piece)

    write_stream(path, writer)


class _StdoutBytes:
    """Bytes for stdout: to its buffer, or as text where it has none (a notebook's stream, CliRunner's)."""

    def write(self, data: bytes) -> None:
        stream = sys.stdout
        if hasattr(stream, "buffer"):
            stream.buffer.write(data)
        else:
            stream.write(data.decode("utf-8"))


def write_stream(path: str, writer) -> None:
    """`writer(binary file)` writes the content piece by piece: atomically into a file (a half-written file
    never replaces a good one; a device is written through), or to stdout for '-'."""
    from .files import OutputError
    from .files import write_stream as write_file

    if path == "-":
        sys.stdout.flush()
        writer(_StdoutBytes())
        sys.stdout.flush()
        return
    try:
        write_file(path, writer)
    except OutputError as e:
        output_failed(e)


def write_text(path: str, text: str | Iterable[str]) -> None:
    """write_bytes for text (or text in pieces), as UTF-8 with '\\n' line ends: UTF-8 whatever the locale
    (PYTHONIOENCODING=ascii too), and a lone surrogate from a file as `\\ud800`, in JSON the same string."""
    pieces = [text] if isinstance(text, str) else text
    if path == "-":
        stream = sys.stdout  # the current one, so tests and notebooks that replace it see the text
        if not hasattr(stream, "buffer"):  # a notebook's stream takes text only
            for piece in pieces:
                stream.write(piece.encode("utf-8", "backslashreplace").decode("utf-8"))
            stream.flush()
            return
        stream.flush()
        for piece in pieces:
            stream.buffer.write(piece.encode("utf-8", "backslashreplace"))
        stream.buffer.flush()
        return
    write_bytes(path, (piece.encode("utf-8", "backslashreplace") for piece in pieces))


def open_stdin():
    """sys.stdin, or a clear error (exit 1) when the command was started with it closed (<&-)."""
    if sys.stdin is None or sys.stdin.closed:
        from ..i18n import t

        fail(t("error.read", path="-", reason=t("error.no_stdin")))
    return sys.stdin


def read_text(path: str, limit: int | None = None) -> str:
    """A UTF-8 file ('-': stdin) as text. With `limit`, a file larger than `limit` bytes, or one that is not
    a regular file (a link to /dev/zero, a FIFO), is refused instead of read without end."""
    from ..i18n import os_reason, t

    try:
        if path == "-":
            open_stdin()
            return sys.stdin.buffer.read().decode("utf-8") if hasattr(sys.stdin, "buffer") else sys.stdin.read()
        if limit is None:
            return Path(path).read_bytes().decode("utf-8")
        from .files import read_limited

        data = read_limited(path, limit)
        if len(data) > limit:
            fail(t("error.read", path=path, reason=t("files.too_large", limit=limit)))
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        fail(t("error.read", path=path, reason=t("error.not_utf8", byte=e.start)))
    except OSError as e:
        fail(t("error.read", path=path, reason=os_reason(e)))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"attntrace {__version__}")
        raise typer.Exit()


def lang_for_subcommands(ctx: typer.Context, lang) -> None:
    """A group's --lang (`attntrace --lang zh explain ...`, `attntrace homework --lang zh new ...`) becomes
    the default --lang of every command under it, so the command's own start(lang) keeps it; the language of
    the group's own help and errors is already set, from the command line, by LocalGroup.main."""
    if lang is None:
        return

    def defaults(command) -> dict:
        table: dict = {"lang": lang.value}
        for name, sub in getattr(command, "commands", {}).items():
            table[name] = defaults(sub)
        return table

    ctx.default_map = {**defaults(ctx.command), **(ctx.default_map or {})}


@app.callback()
def root(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    lang: LangOpt = None,
) -> None:
    """Make Transformer self-attention visible, number by number.

    Example:  attntrace explain "今天晚上吃河马"
    """
    lang_for_subcommands(ctx, lang)
