"""attntrace verify: check a trace step by step, including one a user computed with their own code."""

from __future__ import annotations

from typing import Annotated

import typer

from .common import app, check_writable, fail, notice, out_console, usage_error, write_text
from .options import OUTPUT, ForceOpt, LangOpt, VariantOpt

# The defaults live in attntrace.check (DEFAULT_RTOL, DEFAULT_ATOL); they are spelled out here only in the help,
# so that `attntrace --help` does not import numpy. A test keeps the two in step.
RtolOpt = Annotated[float | None, typer.Option(
    "--rtol", help="Relative tolerance: a cell is right when |found − expected| ≤ atol + rtol·|expected| "
    "[default: 1e-4].", show_default=False, metavar="FLOAT")]
AtolOpt = Annotated[float | None, typer.Option(
    "--atol", help="Absolute tolerance, for cells whose expected value is near 0 [default: 1e-4].",
    show_default=False, metavar="FLOAT")]
LenientOpt = Annotated[bool, typer.Option(
    "--lenient", help="Pass when every step checked is right, even if some steps could not be checked or have "
    "names attntrace does not know (by default these fail).")]
ReportJsonOpt = Annotated[str | None, typer.Option(
    "--json", help="Write the report as JSON to FILE ('-' for stdout, and then nothing else goes to stdout).",
    metavar="FILE", show_default=False, rich_help_panel=OUTPUT)]


def tolerances(rtol: float | None, atol: float | None, command: str) -> tuple[float, float]:
    """--rtol and --atol with check's defaults; one check refuses is a usage error (exit 2), named as the option."""
    from ..check.verify import ToleranceError
    from ..check.verify import tolerances as checked
    from ..i18n import t

    try:
        return checked(rtol, atol)
    except ToleranceError as e:
        usage_error(t(e.key, **(e.fields | {"name": "--" + e.fields["name"]})), command)


@app.command()
def verify(
    file: Annotated[str, typer.Argument(help="A trace: written by explain --json, or by your own code "
                                        "('-' reads stdin).", metavar="FILE")],
    rtol: RtolOpt = None,
    atol: AtolOpt = None,
    json_: ReportJsonOpt = None,
    lenient: LenientOpt = False,
    force: ForceOpt = False,
    lang: LangOpt = None,
    variant: VariantOpt = None,
) -> None:
    """Recompute every step of a trace and show where it first goes wrong.

    Each step is checked two ways: against the formula applied to the trace's own earlier steps (so one
    mistake does not make every later step wrong), and against the value recomputed from the inputs alone.
    Exit code 0 when every step present was checked and is right, 1 when one is wrong, could not be
    checked or has an unknown name (--lenient: only wrong steps fail), or the file cannot be checked,
    2 for a usage problem (e.g. a negative --rtol).

    Example:  attntrace explain "今天晚上吃河马" --json t.json && attntrace verify t.json
    """
    import json

    from .present import start

    start(lang)
    from ..check.engine import NothingToCheck
    from ..i18n import t

    rtol, atol = tolerances(rtol, atol, "verify")
    if json_ is not None:
        check_writable(json_, force)

    from ..check.verify import verify as run
    from .model import read_trace

    trace = read_trace(file, variant)  # JSON, an archive written with --npz, or a variant of a homework key
    try:
        result = run(trace, rtol, atol, strict=not lenient)
    except NothingToCheck as e:
        fail(t("error.trace", path=file, reason=t("verify.nothing", needs=", ".join(e.needs))))
    nothing = result.nothing_checked()
    if nothing is not None:
        fail(t("error.trace", path=file, reason=str(nothing)))

    if json_ is not None:
        write_text(json_, json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n")
        if json_ != "-":
            notice(t("notice.wrote", what=t("notice.report"), path=json_))
    if json_ != "-":
        from ..render.verify import render_verification

        out_console().print(render_verification(result, file))
    raise typer.Exit(0 if result.ok else 1)
