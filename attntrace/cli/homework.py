"""attntrace homework new / grade: exercises per student, an answer key, grading with feedback."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from .common import (
    app,
    check_writable,
    fail,
    lang_for_subcommands,
    notice,
    out_console,
    output_failed,
    read_text,
    usage_error,
    write_text,
)
from .options import ForceOpt, LangOpt

homework_app = typer.Typer(
    name="homework",
    help="Per-student self-attention exercises, an answer key, and grading with error carried forward.\n\n"
    "Example:  attntrace homework new --out hw1/ --roster students.csv --seed 2026",
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help, as the main app: Rich help formatting costs ~100 ms of imports
)
app.add_typer(homework_app)


@homework_app.callback()
def homework(ctx: typer.Context, lang: LangOpt = None) -> None:
    lang_for_subcommands(ctx, lang)


ROSTER_BYTES = 16 * 1024 * 1024  # far more than the largest roster read_roster accepts
KEY_BYTES = 1024 * 1024 * 1024  # a key holds a full trace per student: a few megabytes for a large class
COURSE_BYTES = 64 * 1024  # homework.course.MAX_BYTES: read one byte more, and the library says it is too large
EXERCISE = "Exercise"
GRADING = "Grading"
OUTPUT = "Output"
SHEETS = "Sheets"


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


def _key_lang(answer_key, lang) -> None:
    """Without --lang, what follows (feedback, report, key sheets, messages) is in the sheets' language, as the
    key records it; a key from before it did keeps the language --lang or the locale gave."""
    from ..i18n import set_lang

    if lang is None and answer_key.course.lang is not None:
        set_lang(answer_key.course.lang)


def _only_feedback(old: Path) -> bool:
    """A previous feedback folder holding only feedback Markdown is made again from the submissions: it
    need not be kept. Anything else in it is kept (and named)."""
    return all(p.is_file() and not p.is_symlink() and p.suffix == ".md" for p in old.iterdir())


def _read_bytes(path: str, limit: int) -> bytes:
    """A file's bytes, refused when larger than `limit` or not a regular file; decoding is the library's."""
    from ..i18n import os_reason, t
    from .files import read_limited

    try:
        if path == "-":
            import sys

            from .common import open_stdin

            open_stdin()
            data = sys.stdin.buffer.read(limit + 1) if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
        else:
            data = read_limited(path, limit)
    except OSError as e:
        fail(t("error.read", path=path, reason=os_reason(e)))
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
    tokens: Annotated[str | None, typer.Option(
        "--tokens", help="How many tokens a sentence has, e.g. 4 or 2..4 [default: 3 for every student, or what "
        "--text gives].", show_default=False, rich_help_panel=EXERCISE)] = None,
    sentences: Annotated[str | None, typer.Option(
        "--sentences", help="Built-in sentences to pick from: zh, en or mixed [default: mixed].", show_default=False,
        rich_help_panel=EXERCISE)] = None,
    decimals: Annotated[int, typer.Option("--decimals", help="Answers are asked and graded to this many places.",
                                          rich_help_panel=GRADING)] = 2,
    title: Annotated[str | None, typer.Option(
        "--title", help="The sheets' title [default: Self-attention by hand].", show_default=False,
        rich_help_panel=SHEETS)] = None,
    due: Annotated[str | None, typer.Option("--due", help="When the work is due, as printed, e.g. 'Friday 23:59'.",
                                            show_default=False, rich_help_panel=SHEETS)] = None,
    instructions: Annotated[str | None, typer.Option(
        "--instructions", help="How to hand in, printed on every sheet, e.g. 'Upload the .toml file to Moodle'.",
        show_default=False, rich_help_panel=SHEETS)] = None,
    config: Annotated[str | None, typer.Option(
        "--config", help="A course file (TOML): title, due, instructions, lang, sentences and [points] per step; "
        "options given here win.", metavar="FILE", show_default=False, rich_help_panel=SHEETS)] = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
) -> None:
    """Write a sheet (Markdown and LaTeX) and a TOML submission template per student, class.tex with every
    sheet to print, and key.json.

    Example:  attntrace homework new --out hw1/ --roster students.csv --config course.toml --due "Friday 23:59"
    """
    from .present import start

    start(lang)  # the sheets, the template and every message in this language
    from ..homework import Course, CourseError, GenerationError, RosterError, parse_course, read_roster
    from ..homework.choices import OptionError, check_course, exercise_options, homework_set
    from ..i18n import set_lang, t
    from ..tokenize import EmptyTextError, InvalidTextError

    course = Course()
    if config is not None:
        try:
            course = parse_course(_read_bytes(config, COURSE_BYTES))
        except CourseError as e:
            fail(t("hw.cli.course", path=config, reason=str(e)))
    try:
        course = course.overridden(title=title, due=due, instructions=instructions, sentences=sentences)
    except CourseError as e:  # an option too long for the sheet's header
        usage_error(str(e), "homework new")
    if lang is None and course.lang is not None:
        set_lang(course.lang)  # the course file's language, unless --lang says another
    try:
        options = exercise_options(seed=seed, range_=range_, low=min_, high=max_, d_head=d_head, tokens=tokens,
                                   text=text, sentences=course.sentences, ask=ask, decimals=decimals)
        check_course(course, options)
    except (OptionError, GenerationError) as e:
        usage_error(str(e), "homework new")

    _check_folder(out, force)
    students = None
    if roster is not None:
        try:
            students = read_roster(_read_bytes(roster, ROSTER_BYTES), id_column, tuple(name_column or ()),
                                   encoding)
        except RosterError as e:
            fail(t("hw.cli.roster", path=roster, reason=str(e)))
        for line, name in students.skipped:
            notice(t("hw.roster.skipped_test", line=line, name=name))
    try:
        variants, files = homework_set(students, options, course)
    except EmptyTextError:
        usage_error(t("error.empty_text"), "homework new")
    except (GenerationError, InvalidTextError) as e:  # InvalidTextError: --text with an undecodable byte
        usage_error(str(e), "homework new")
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
    format_: Annotated[str, typer.Option(
        "--format", help="The CSV's layout: plain (every step), canvas (Canvas's gradebook import) or moodle "
        "(Moodle's grade import).", metavar="plain|canvas|moodle", rich_help_panel=OUTPUT)] = "plain",
    excel: Annotated[bool, typer.Option(
        "--excel", help="Start the CSV with a UTF-8 byte-order mark, so Excel shows Chinese names right.",
        rich_help_panel=OUTPUT)] = False,
    assignment: Annotated[str | None, typer.Option(
        "--assignment", help="The grade column's name for canvas/moodle; Canvas fills an existing assignment "
        "named with its id: 'Homework 1 (12345)' [default: Homework].", show_default=False,
        rich_help_panel=OUTPUT)] = None,
    id_field: Annotated[str | None, typer.Option(
        "--id-field", help="What the student ids are on the course site: canvas sis-user-id, sis-login-id or id; "
        "moodle idnumber, username or email [default: login/email when every id is an email].",
        show_default=False, rich_help_panel=OUTPUT)] = None,
    report: Annotated[str | None, typer.Option(
        "--report", help="Write the class statistics as Markdown (.md) or HTML (.html); it names no student.",
        metavar="FILE", show_default=False, rich_help_panel=OUTPUT)] = None,
    histogram: Annotated[str | None, typer.Option(
        "--histogram", help="Write the histogram of totals as an SVG image.", metavar="FILE.svg",
        show_default=False, rich_help_panel=OUTPUT)] = None,
    decimals: Annotated[int | None, typer.Option("--decimals", help="Right to this many places [default: the "
                                                 "key's, 2].", show_default=False, rich_help_panel=GRADING)] = None,
    ecf_share: Annotated[float | None, typer.Option(
        "--ecf-share", help="Credit for a cell right only given the student's own earlier answers, where it uses a "
        "wrong cell directly; a slip is charged once [default: the key's, 1.0].", show_default=False,
        rich_help_panel=GRADING)] = None,
    duplicates: Annotated[str, typer.Option(
        "--duplicates", help="A student's several different files: the newest counts (latest), or none (error). "
        "Identical files always count once.", rich_help_panel=GRADING)] = "latest",
    overrides: Annotated[str | None, typer.Option(
        "--overrides", help="CSV of points set by hand (student_id,step,points,reason), applied on every grading "
        "run.", metavar="FILE", show_default=False, rich_help_panel=GRADING)] = None,
    no_solutions: Annotated[bool, typer.Option(
        "--no-solutions", help="Feedback names the wrong cells without the expected values [default: the key's, "
        "show them].", show_default=False, rich_help_panel=GRADING)] = False,
    force: ForceOpt = False,
    lang: LangOpt = None,
) -> None:
    """Grade submissions: a summary table, a grades CSV and per-student feedback. Exit 1 if any had a problem.

    Example:  attntrace homework grade --key hw1/key.json submissions/*.toml --csv grades.csv --feedback fb/
    """
    from .present import start

    start(lang)  # the summary, the feedback files and every message in this language
    from ..homework import KeyError_, OverrideError, SubmissionFile, grade_all, key_loads
    from ..homework.choices import (
        OptionError,
        check_grading,
        feedback_files,
        graded_key,
        grading_policy,
        problems,
        several_files,
    )
    from ..homework.grade import MAX_BYTES, unapplied
    from ..i18n import os_reason, t
    from .files import read_limited

    if not submissions:
        usage_error(t("hw.cli.no_files"), "homework grade")
    try:
        check_grading(decimals, ecf_share, duplicates)
    except OptionError as e:
        usage_error(str(e), "homework grade")
    layout = _class_outputs(csv, report, histogram, force, format_, assignment, id_field, excel)
    if feedback is not None:
        _check_folder(feedback, force)
    try:
        answer_key = graded_key(key_loads(read_text(key, KEY_BYTES)), decimals, ecf_share, no_solutions)
    except KeyError_ as e:
        fail(t("error.trace", path=key, reason=str(e)))
    _key_lang(answer_key, lang)
    try:
        policy = grading_policy(duplicates, answer_key,
                                None if overrides is None else _read_bytes(overrides, ROSTER_BYTES))
    except OverrideError as e:
        fail(t("hw.cli.bad_overrides", path=overrides, reason=str(e)))

    files = []
    named: set[str] = set()
    for path in submissions:
        if os.path.realpath(path) in named:  # one file named twice (a shell glob and a name) is one file
            continue
        named.add(os.path.realpath(path))
        try:  # read at most one byte more than a submission may have: parse_submission reports the size
            content = read_limited(path, MAX_BYTES)
            files.append(SubmissionFile(path, content, mtime=os.stat(path).st_mtime))
        except OSError as e:
            files.append(SubmissionFile(path, error=str(os_reason(e))))
    results = grade_all(answer_key, files, policy)

    outputs = feedback_files(results, answer_key) if feedback is not None else {}
    if feedback is not None:
        _write_folder(feedback, outputs, force, _only_feedback, "files.kept_other")
    _write_class(results, answer_key, csv, layout, report, histogram)
    if feedback is not None:
        notice(t("hw.cli.feedback", n=len(outputs), out=feedback))
    several = several_files(results)
    if several:
        notice(t("hw.cli.several", n=several))
    for o in unapplied(results, policy):
        notice(t("hw.cli.unapplied", id=o.student_id, step=o.step, line=o.line))
    n_problems = problems(results)
    if n_problems:
        notice(t("hw.cli.problems", n=n_problems))
        raise typer.Exit(1)


@homework_app.command("check")
def check_(
    files: Annotated[list[str], typer.Argument(help="Your answer files (the TOML template, filled in).",
                                               metavar="FILES...", show_default=False)],
    lang: LangOpt = None,
) -> None:
    """Check your answer file before you submit it, without the key: TOML syntax (with line and column), that
    it is your variant's file, that every asked step is filled with numbers of the right shape, and no step
    is unknown. It never says whether an answer is right. Exit 0 when every file is ready, 1 when something
    must be fixed, 2 for a usage problem.

    Example:  attntrace homework check s001.toml
    """
    from .present import start

    start(lang)
    from ..homework import self_check, self_check_report
    from ..homework.grade import MAX_BYTES
    from ..homework.selfcheck import unreadable
    from ..i18n import os_reason, t
    from .files import read_limited

    if not files:
        usage_error(t("hw.cli.no_files"), "homework check")
    results = []
    for path in files:
        try:  # one byte more than a submission may have: self_check reports the size
            results.append(self_check(read_limited(path, MAX_BYTES), path))
        except OSError as e:
            results.append(unreadable(path, str(os_reason(e))))
    console = out_console()
    for i, result in enumerate(results):
        if i:
            console.print()
        console.print(self_check_report(result), highlight=False, soft_wrap=True)
    ready = sum(r.ready for r in results)
    if len(results) > 1:
        notice(t("hw.check.summary", ready=ready, n=len(results)))
    if ready < len(results):
        raise typer.Exit(1)


def _class_outputs(csv, report, histogram, force: bool, format_: str, assignment, id_field, excel: bool):
    """Before any grading: the CSV layout fits its options, and every output file may be written."""
    from ..homework.choices import OptionError, check_outputs
    from ..homework.gradebook import GradebookError, Layout
    from .common import distinct_outputs

    layout = Layout(format_, assignment, id_field, excel)
    try:
        check_outputs(csv, report, histogram, layout)
    except (GradebookError, OptionError) as e:
        usage_error(str(e), "homework grade")
    for path in (csv, report, histogram):
        if path is not None:
            check_writable(path, force)
    distinct_outputs("homework grade", csv=csv, report=report, histogram=histogram)
    return layout


def _write_class(results, answer_key, csv, layout, report, histogram) -> None:
    """The grades CSV in its layout, the class statistics (report, histogram) and the terminal summary."""
    from ..homework import class_stats, gradebook_csv, histogram_svg, stats_renderable, summary_table
    from ..homework.choices import report_text
    from ..i18n import t

    if csv is not None:
        table = gradebook_csv(results, answer_key, layout)
        write_text(csv, table)
        if csv != "-" and not layout.excel and not table.isascii():
            notice(t("hw.gb.excel_hint"))
    stats = class_stats(results, answer_key)
    if report is not None:
        write_text(report, report_text(stats, report, histogram))
    if histogram is not None:
        write_text(histogram, histogram_svg(stats))
    if "-" not in (csv, histogram):  # stdout is data
        console = out_console()
        console.print(summary_table(results, answer_key, width=console.width))
        console.print()
        console.print(stats_renderable(stats, width=console.width))
    for path, what in ((csv, "hw.cli.grades"), (report, "hw.report.what"), (histogram, "hw.report.svg_what")):
        if path not in (None, "-"):
            notice(t("notice.wrote", what=t(what), path=path))


@homework_app.command("key-sheet")
def key_sheet(
    key: Annotated[str, typer.Option("--key", help="The key.json that `homework new` wrote.", metavar="FILE")],
    out: Annotated[str, typer.Option("--out", help="Folder for the answer keys (keep it away from students/).",
                                     metavar="DIR")],
    variant: Annotated[list[str] | None, typer.Option(
        "--variant", help="Only this student id, variant code or file name; again for more [default: every "
        "variant].", metavar="ID", show_default=False)] = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
) -> None:
    """Write a readable answer key per variant for TAs: <id>.md and <id>.tex, and _all.md/_all.tex with them all.

    Each asked step's exact answer to the key's decimals, its points and the tolerance grading allows.

    Example:  attntrace homework key-sheet --key hw1/key.json --out hw1-keys/
    """
    from .present import start

    start(lang)  # the answer keys and every message in this language
    from ..homework import KeyError_, key_loads
    from ..homework.answer_key import VariantError, key_sheets
    from ..i18n import t

    _check_folder(out, force)
    try:
        answer_key = key_loads(read_text(key, KEY_BYTES))
    except KeyError_ as e:
        fail(t("error.trace", path=key, reason=str(e)))
    _key_lang(answer_key, lang)
    try:
        files = key_sheets(answer_key, variant)
    except VariantError as e:
        usage_error(t("error.trace", path=key, reason=str(e)), "homework key-sheet")
    _write_folder(out, files, force)
    notice(t("hw.keysheet.wrote", n=len(files), out=out))

