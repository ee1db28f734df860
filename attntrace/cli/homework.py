"""attntrace homework new / grade: exercises per student, an answer key, grading with feedback."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from .app import app, check_writable, fail, notice, out_console, output_failed, read_text, usage_error, write_text
from .options import ForceOpt, LangOpt

homework_app = typer.Typer(
    name="homework",
    help="Per-student self-attention exercises, an answer key, and grading with error carried forward.\n\n"
    "Example:  attntrace homework new --out hw1/ --roster students.csv --seed 2026",
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help, as the main app: Rich help formatting costs ~100 ms of imports
)
app.add_typer(homework_app)

ROSTER_BYTES = 16 * 1024 * 1024  # far more than the largest roster read_roster accepts
KEY_BYTES = 1024 * 1024 * 1024  # a key holds a full trace per student: a few megabytes for a large class
EXERCISE = "Exercise"
GRADING = "Grading"


def _int_range(text: str, key: str, command: str) -> tuple[int, int]:
    """'-2..2' -> (-2, 2); '3' -> (3, 3)."""
    from ..i18n import t

    low, sep, high = text.strip().partition("..")
    try:
        return (int(low), int(high)) if sep else (int(low), int(low))
    except ValueError:
        usage_error(t(key, value=text), command)


def _check_folder(out: str, force: bool) -> None:
    """Before any work: `out` must be a folder (or not exist), empty unless --force."""
    from .files import OutputError, check_folder

    try:
        check_folder(Path(out), force)
    except OutputError as e:
        output_failed(e)


def _write_folder(out: str, files: dict[str, str], force: bool, discard_old=None, kept: str = "files.kept") -> None:
    """Make the folder `out` hold exactly `files`, all or nothing (see `files.build_folder`); say where the
    previous folder is kept."""
    from ..i18n import t
    from .files import OutputError, build_folder

    try:
        backup = build_folder(Path(out), files, force, discard_old or (lambda old: False))
    except OutputError as e:
        output_failed(e)
    if backup is not None:
        notice(t(kept, out=out, backup=str(backup)))


def _only_feedback(old: Path) -> bool:
    """A previous feedback folder holding only feedback Markdown is made again from the submissions: it
    need not be kept. Anything else in it is kept (and named)."""
    return all(p.is_file() and not p.is_symlink() and p.suffix == ".md" for p in old.iterdir())


def _read_bytes(path: str, limit: int) -> bytes:
    """A file's bytes, refused when larger than `limit` or not a regular file; decoding is the library's."""
    from ..i18n import t
    from .files import read_limited

    try:
        if path == "-":
            import sys

            from .app import open_stdin

            open_stdin()
            data = sys.stdin.buffer.read(limit + 1) if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
        else:
            data = read_limited(path, limit)
    except OSError as e:
        fail(t("error.read", path=path, reason=e.strerror or str(e)))
    if len(data) > limit:
        fail(t("error.read", path=path, reason=t("files.too_large", limit=limit)))
    return data


@homework_app.command()
def new(
    out: Annotated[str, typer.Option("--out", help="Folder for key.json and students/ (sheets and templates).",
                                     metavar="DIR")],
    roster: Annotated[str | None, typer.Option(
        "--roster", help="CSV with an id column and optionally names (course-site exports work): one variant per "
        "student. Without it, one exercise.", metavar="FILE", show_default=False, rich_help_panel=EXERCISE)] = None,
    id_column: Annotated[str | None, typer.Option(
        "--id-column", help="The roster column holding student ids [default: id, Student ID, SIS User ID, …].",
        show_default=False, rich_help_panel=EXERCISE)] = None,
    name_column: Annotated[list[str] | None, typer.Option(
        "--name-column", help="The roster column holding names; twice to join two (First name, Surname).",
        show_default=False, rich_help_panel=EXERCISE)] = None,
    encoding: Annotated[str | None, typer.Option(
        "--encoding", help="The roster's encoding [default: UTF-8, UTF-16 or GB18030, detected].",
        show_default=False, rich_help_panel=EXERCISE)] = None,
    seed: Annotated[int, typer.Option("--seed", help="With the student id, decides every number.",
                                      rich_help_panel=EXERCISE)] = 2026,
    text: Annotated[str | None, typer.Option("--text", help="One sentence for every variant [default: a built-in "
                                             "Chinese or English sentence per student].", show_default=False,
                                             rich_help_panel=EXERCISE)] = None,
    ask: Annotated[str, typer.Option("--ask", help="Steps students compute, comma-separated; the others are "
                                     "given.", rich_help_panel=EXERCISE)] = "Q,K,V,scores,scaled,weights,Z",
    range_: Annotated[str | None, typer.Option("--range", help="Whole numbers in X and the weights, e.g. "
                                               "--range=-2..2 [default: -1..1].", show_default=False,
                                               rich_help_panel=EXERCISE)] = None,
    min_: Annotated[int | None, typer.Option("--min", help="Smallest entry (instead of --range).",
                                             show_default=False, rich_help_panel=EXERCISE)] = None,
    max_: Annotated[int | None, typer.Option("--max", help="Largest entry (instead of --range).",
                                             show_default=False, rich_help_panel=EXERCISE)] = None,
    d_head: Annotated[int, typer.Option("--d-head", help="1 or 4: d_model = d_head, so √d_head is whole.",
                                        rich_help_panel=EXERCISE)] = 4,
    tokens: Annotated[str, typer.Option("--tokens", help="How many tokens a sentence may have.",
                                        rich_help_panel=EXERCISE)] = "2..4",
    decimals: Annotated[int, typer.Option("--decimals", help="Answers are asked and graded to this many places.",
                                          rich_help_panel=GRADING)] = 2,
    force: ForceOpt = False,
    lang: LangOpt = None,
) -> None:
    """Write a sheet (Markdown and LaTeX) and a TOML submission template per student, and key.json.

    Example:  attntrace homework new --out hw1/ --roster students.csv --seed 2026 --ask weights,Z
    """
    from .present import start

    start(lang)  # the sheets, the template and every message in this language
    from ..homework import (
        ASKABLE,
        GenerationError,
        Options,
        RosterError,
        Rules,
        Student,
        generate,
        key_dict,
        key_dumps,
        latex_sheet,
        markdown_sheet,
        parse_ask,
        read_roster,
        toml_template,
    )
    from ..i18n import t
    from ..tokenize import EmptyTextError, InvalidTextError

    if range_ is not None and (min_ is not None or max_ is not None):
        usage_error(t("hw.cli.range_both"), "homework new")
    low, high = _int_range(range_, "hw.cli.range", "homework new") if range_ is not None else (-1, 1)
    low, high = low if min_ is None else min_, high if max_ is None else max_
    min_tokens, max_tokens = _int_range(tokens, "hw.cli.tokens", "homework new")
    try:
        steps = parse_ask(ask)
    except ValueError as e:
        usage_error(t("hw.cli.ask", step=str(e), choices=", ".join(ASKABLE)), "homework new")
    if not 0 <= decimals <= 10:
        usage_error(t("hw.cli.bad_decimals", value=decimals), "homework new")
    try:
        options = Options(seed=seed, low=low, high=high, d_head=d_head, min_tokens=min_tokens,
                          max_tokens=max_tokens, text=text, ask=steps, decimals=decimals)
    except GenerationError as e:
        usage_error(str(e), "homework new")

    _check_folder(out, force)
    if roster is not None:
        try:
            students = read_roster(_read_bytes(roster, ROSTER_BYTES), id_column, tuple(name_column or ()),
                                   encoding)
        except RosterError as e:
            fail(t("hw.cli.roster", path=roster, reason=str(e)))
    else:
        students = [Student("", "", "exercise")]

    try:
        variants = generate(students, options)
    except EmptyTextError:
        usage_error(t("error.empty_text"), "homework new")
    except (GenerationError, InvalidTextError) as e:  # InvalidTextError: --text with an undecodable byte
        usage_error(str(e), "homework new")

    rules = Rules(decimals=decimals)
    files = {"key.json": key_dumps(key_dict(variants, options, rules, roster is not None))}
    for v in variants:
        base = f"students/{v.student.file}"
        files[base + ".md"] = markdown_sheet(v, steps, decimals)
        files[base + ".tex"] = latex_sheet(v, steps, decimals)
        files[base + ".toml"] = toml_template(v, steps, decimals)
    _write_folder(out, files, force)
    notice(t("hw.cli.wrote_set", n=len(variants), out=out))


@homework_app.command()
def grade(
    submissions: Annotated[list[str], typer.Argument(help="Submission files (TOML as the template, or JSON).",
                                                     metavar="FILES...", show_default=False)],
    key: Annotated[str, typer.Option("--key", help="The key.json that `homework new` wrote.", metavar="FILE")],
    csv: Annotated[str | None, typer.Option("--csv", help="Write the grades as CSV ('-' for stdout).",
                                            metavar="FILE", show_default=False)] = None,
    feedback: Annotated[str | None, typer.Option("--feedback", help="Write a Markdown feedback file per student "
                                                 "into this folder.", metavar="DIR", show_default=False)] = None,
    decimals: Annotated[int | None, typer.Option("--decimals", help="Right to this many places [default: the "
                                                 "key's, 2].", show_default=False, rich_help_panel=GRADING)] = None,
    ecf_share: Annotated[float | None, typer.Option("--ecf-share", help="Credit for a cell right only given the "
                                                    "student's own earlier answers [default: the key's, 1.0].",
                                                    show_default=False, rich_help_panel=GRADING)] = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
) -> None:
    """Grade submissions: a summary table, a grades CSV and per-student feedback. Exit 1 if any had a problem.

    Example:  attntrace homework grade --key hw1/key.json submissions/*.toml --csv grades.csv --feedback fb/
    """
    from .present import start

    start(lang)  # the summary, the feedback files and every message in this language
    import math
    from dataclasses import replace

    from ..homework import KeyError_, feedback_markdown, grade_all, grades_csv, key_loads, summary_table
    from ..homework.grade import MAX_BYTES, PROBLEM
    from ..i18n import t
    from .files import read_limited

    if not submissions:
        usage_error(t("hw.cli.no_files"), "homework grade")
    if decimals is not None and not 0 <= decimals <= 10:
        usage_error(t("hw.cli.bad_decimals", value=decimals), "homework grade")
    if ecf_share is not None and not (math.isfinite(ecf_share) and 0 <= ecf_share <= 1):
        usage_error(t("hw.cli.bad_share", value=ecf_share), "homework grade")
    if csv is not None:
        check_writable(csv, force)
    if feedback is not None:
        _check_folder(feedback, force)
    try:
        answer_key = key_loads(read_text(key, KEY_BYTES))
    except KeyError_ as e:
        fail(t("error.trace", path=key, reason=str(e)))
    if decimals is not None:
        answer_key.rules = replace(answer_key.rules, decimals=decimals)
    if ecf_share is not None:
        answer_key.rules = replace(answer_key.rules, ecf_share=ecf_share)

    files = []
    named: set[str] = set()
    for path in submissions:
        if os.path.realpath(path) in named:  # one file named twice (a shell glob and a name) is one file
            continue
        named.add(os.path.realpath(path))
        try:  # read at most one byte more than a submission may have: parse_submission reports the size
            files.append((path, read_limited(path, MAX_BYTES)))
        except OSError as e:
            files.append((path, None, e.strerror or str(e)))
    results = grade_all(answer_key, [f for f in files if len(f) == 2])
    for path, _none, reason in (f for f in files if len(f) == 3):
        from ..homework.grade import Problem, Result

        results.append(Result(path, None, "", None, None, PROBLEM,
                              problems=[Problem("error.read", path=path, reason=reason)]))

    outputs: dict[str, str] = {}
    if feedback is not None:
        for r in results:
            if r.feedback_file:
                outputs[r.feedback_file + ".md"] = feedback_markdown(r, answer_key)
        _write_folder(feedback, outputs, force, _only_feedback, "files.kept_other")
    if csv is not None:
        write_text(csv, grades_csv(results, answer_key))
    if csv != "-":
        out_console().print(summary_table(results, answer_key))
    if csv not in (None, "-"):
        notice(t("notice.wrote", what=t("hw.cli.grades"), path=csv))
    if feedback is not None:
        notice(t("hw.cli.feedback", n=len(outputs), out=feedback))
    n_problems = sum(r.status == PROBLEM for r in results)
    if n_problems:
        notice(t("hw.cli.problems", n=n_problems))
        raise typer.Exit(1)
