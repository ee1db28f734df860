"""attntrace diff: a trace against a trusted one, and where they first part."""

from __future__ import annotations

from typing import Annotated

import typer

from .common import app, check_writable, fail, notice, out_console, usage_error, write_text
from .options import ForceOpt, LangOpt
from .verify import AtolOpt, LenientOpt, ReportJsonOpt, RtolOpt, tolerances


@app.command()
def diff(
    mine: Annotated[str, typer.Argument(help="Your trace: JSON or NPZ ('-' reads JSON from stdin).",
                                        metavar="MINE")],
    reference: Annotated[str, typer.Argument(help="The trusted trace to compare with: JSON or NPZ.",
                                             metavar="REFERENCE")],
    rtol: RtolOpt = None,
    atol: AtolOpt = None,
    json_: ReportJsonOpt = None,
    lenient: LenientOpt = False,
    force: ForceOpt = False,
    lang: LangOpt = None,
) -> None:
    """Compare your trace with a trusted one, step by step, and show where they first diverge.

    Per step: the largest absolute and relative difference and the first divergent cell, on the heads both
    hold; steps present in one trace only are listed. Exit code 0 when every step both hold agrees, 1 when
    one differs or a file cannot be read, 2 for a usage problem.

    Example:  attntrace diff mine.npz reference.json
    """
    import json

    from .present import start

    start(lang)
    from ..i18n import t

    rtol, atol = tolerances(rtol, atol, "diff")
    if mine == "-" and reference == "-":
        usage_error(t("error.read", path="-", reason="stdin"), "diff")
    if json_ is not None:
        check_writable(json_, force)

    from ..check.diff import DiffError
    from ..check.diff import diff as run
    from .model import read_trace

    a, b = read_trace(mine), read_trace(reference)
    try:
        result = run(a, b, rtol, atol, strict=not lenient)
    except DiffError as e:
        fail(str(e))
    if json_ is not None:
        write_text(json_, json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n")
        if json_ != "-":
            notice(t("notice.wrote", what=t("notice.diff_report"), path=json_))
    if json_ != "-":
        from ..render.diff import render_diff

        out_console().print(render_diff(result, mine, reference))
    raise typer.Exit(0 if result.ok else 1)
