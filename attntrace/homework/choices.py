"""What a teacher chooses for `homework new` and `homework grade`, checked and turned into the library's terms.

    exercise_options   --seed, --range or --min/--max, --tokens, --ask, --decimals ... -> Options
    check_course       the course file fits the exercise ([points] only for asked steps)
    homework_set       the students (or one shared exercise) -> their variants and every file of the set
    check_grading      --decimals, --ecf-share, --duplicates
    check_outputs      the grades CSV's layout and the report / histogram files fit together
    graded_key         the key with the grading rules the options change
    grading_policy     which file of a student counts, and the points set by hand (the override file)
    report_text        the class report as Markdown (linking the histogram) or HTML, by the file's suffix
    feedback_files     after grading: each student's feedback file; how many sent several, how many failed

Options are taken as the command line gives them (text, or None when not given); a choice that cannot be
used raises OptionError (a usage problem) saying which option and why. Nothing here prints or touches files.
"""

from __future__ import annotations

import math
import os
from dataclasses import replace

from ..i18n import Message, get_lang
from .classreport import stats_html, stats_markdown
from .course import Course
from .exercise import ASKABLE, parse_ask
from .feedback import feedback_markdown
from .generate import Options, Variant, generate
from .grade import PROBLEM, Result
from .gradebook import Layout
from .key import Key, Rules, key_dict
from .key import dumps as key_dumps
from .latex import latex_class, latex_sheet
from .policy import DUPLICATES, Policy, read_overrides
from .roster import Student
from .sheets import markdown_sheet, toml_template
from .stats import ClassStats

MAX_DECIMALS = 10
DEFAULT_RANGE = (-1, 1)  # whole numbers in X and the weights, unless --range or --min/--max say otherwise
ONE_EXERCISE = Student("", "", "exercise")  # without a roster: one exercise that any student may do
REPORT_SUFFIXES = (".md", ".markdown", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")


class OptionError(Message, ValueError):
    """An option that cannot be used; the message names the option (a usage problem, exit 2)."""


def int_range(text: str, key: str) -> tuple[int, int]:
    """'-2..2' -> (-2, 2); '3' -> (3, 3). Raises OptionError(key) for anything else."""
    low, sep, high = text.strip().partition("..")
    try:
        return (int(low), int(high)) if sep else (int(low), int(low))
    except ValueError:
        raise OptionError(key, value=text) from None


def check_decimals(decimals: int | None) -> None:
    if decimals is not None and not 0 <= decimals <= MAX_DECIMALS:
        raise OptionError("hw.cli.bad_decimals", value=decimals)


def exercise_options(*, seed: int = 2026, range_: str | None = None, low: int | None = None,
                     high: int | None = None, d_head: int = 4, tokens: str | None = None, text: str | None = None,
                     sentences: str | None = None, ask: str | None = None, decimals: int = 2) -> Options:
    """The exercise `homework new` draws: `range_` ("-2..2") or `low`/`high` (not both), `tokens` ("2..4" or
    "3"), `ask` ("Q,K,weights"). Raises OptionError, or GenerationError for numbers Options refuses."""
    if range_ is not None and (low is not None or high is not None):
        raise OptionError("hw.cli.range_both")
    range_low, range_high = DEFAULT_RANGE if range_ is None else int_range(range_, "hw.cli.range")
    min_tokens, max_tokens = (None, None) if tokens is None else int_range(tokens, "hw.cli.tokens")
    try:
        steps = parse_ask(ask)
    except ValueError as e:
        raise OptionError("hw.cli.ask", step=str(e), choices=", ".join(ASKABLE)) from None
    check_decimals(decimals)
    if decimals == 0 and "weights" in steps:  # each weight rounds to 0 or 1: one-hot rows, or all zeros
        raise OptionError("hw.cli.weights_whole")
    return Options(seed=seed, low=range_low if low is None else low, high=range_high if high is None else high,
                   d_head=d_head, min_tokens=min_tokens, max_tokens=max_tokens, text=text,
                   sentences=sentences or "mixed", ask=steps, decimals=decimals)


def check_course(course: Course, options: Options) -> None:
    """The course file fits the exercise: [points] names only asked steps. Raises OptionError."""
    extra = course.points_not_asked(options.ask)
    if extra:
        raise OptionError("hw.cli.points_not_asked", step=extra[0], asked=", ".join(options.ask))


def homework_set(students: list[Student] | None, options: Options,
                 course: Course) -> tuple[list[Variant], dict[str, str]]:
    """The variants of `students` (None: no roster, one shared exercise) and the set's files by path:
    key.json, class.tex, and per student students/<file>.md, .tex and .toml. Raises what `generate` raises,
    and OptionError from `check_course`."""
    check_course(course, options)
    variants = generate([ONE_EXERCISE] if students is None else students, options)
    steps, decimals = options.ask, options.decimals
    rules = Rules(decimals=decimals, points=dict(course.points))
    kept = replace(course, lang=get_lang())  # the language the sheets are written in, for grade and key-sheet
    files = {"key.json": key_dumps(key_dict(variants, options, rules, students is not None, kept)),
             "class.tex": latex_class(variants, steps, decimals, course)}
    for v in variants:
        base = f"students/{v.student.file}"
        files[base + ".md"] = markdown_sheet(v, steps, decimals, course)
        files[base + ".tex"] = latex_sheet(v, steps, decimals, course)
        files[base + ".toml"] = toml_template(v, steps, decimals)
    return variants, files


def check_grading(decimals: int | None, ecf_share: float | None, duplicates: str) -> None:
    """The grading options, before anything is read. Raises OptionError."""
    check_decimals(decimals)
    if ecf_share is not None and not (math.isfinite(ecf_share) and 0 <= ecf_share <= 1):
        raise OptionError("hw.cli.bad_share", value=ecf_share)
    if duplicates not in DUPLICATES:
        raise OptionError("hw.cli.duplicates", value=duplicates)


def check_outputs(csv: str | None, report: str | None, histogram: str | None, layout: Layout) -> None:
    """The class outputs fit together ('-' is stdout): the layout fits its format (GradebookError), a layout
    other than the default needs a CSV, the report is Markdown or HTML, and stdout takes one of them."""
    layout.check()
    if csv is None and layout != Layout():
        raise OptionError("hw.gb.needs_csv")
    if report is not None and not report.lower().endswith(REPORT_SUFFIXES):
        raise OptionError("hw.report.suffix", path=report)
    if csv == "-" and histogram == "-":
        raise OptionError("error.same_output", path="-", first="--csv", second="--histogram")


def graded_key(key: Key, decimals: int | None, ecf_share: float | None, no_solutions: bool) -> Key:
    """The key with the rules the options give in place of its own (None, False: the key's)."""
    return key.with_rules(decimals=decimals, ecf_share=ecf_share, solutions=False if no_solutions else None)


def grading_policy(duplicates: str, key: Key, overrides: bytes | str | None = None) -> Policy:
    """Which of a student's files counts, and the override file's points, checked against the key's students
    (when it has a roster) and asked steps. Raises OverrideError."""
    if overrides is None:
        return Policy(duplicates=duplicates)
    return Policy(duplicates=duplicates, overrides=read_overrides(
        overrides, set(key.variants) if key.roster else None, {s: key.rules.points[s] for s in key.ask}))


def report_text(stats: ClassStats, report: str, histogram: str | None) -> str:
    """The class report for the file `report`: HTML by its suffix, else Markdown linking the histogram image
    by its path from the report's folder (none when the histogram goes to stdout or is not written)."""
    if report.lower().endswith(HTML_SUFFIXES):
        return stats_html(stats)
    svg = os.path.relpath(histogram, os.path.dirname(os.path.abspath(report))) if histogram not in (None, "-") else None
    return stats_markdown(stats, svg)


def feedback_files(results: list[Result], key: Key) -> dict[str, str]:
    """The feedback Markdown of every result that has a feedback file, by file name."""
    return {r.feedback_file + ".md": feedback_markdown(r, key) for r in results if r.feedback_file}


def several_files(results: list[Result]) -> int:
    """How many students sent several different files (the newest counted)."""
    return sum(any(n.key == "hw.dup.newer" for n in r.notes) for r in results)


def problems(results: list[Result]) -> int:
    """How many submissions had a problem (the command then exits 1)."""
    return sum(r.status == PROBLEM for r in results)
