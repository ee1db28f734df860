"""Homework: per-student self-attention exercises, their answer key, and grading with error carried forward.

    roster.py    the class list and safe file names for student ids
    exercise.py  the steps an exercise asks for, their shapes, labels and points
    generate.py  variants drawn from the seed and the student id, each a Trace; degenerate ones redrawn
    course.py    what the teacher says on every sheet: title, due date, how to hand in, points (course.toml)
    choices.py   the options of `homework new` and `grade`, checked; the set's files, the report's kind
    sheets.py    Markdown sheets, TOML submission templates, escaping
    latex.py     LaTeX sheets made to print, and the class file with every sheet
    key.py       key.json: every variant's trace, the asked steps and the grading rules
    answer_key.py  one variant picked out of the key; readable answer keys for TAs (Markdown, LaTeX)
    reading.py   one variant's trace out of key.json, as `show`, `verify` and `diff` read it (through attntrace.io)
    grade.py     submissions -> per-cell credit, through attntrace.check
    carry.py     error carried forward charged once: which cells read a slip directly
    mistakes.py  a step one known mistake explains (verify's diagnosis) and the credit the key gives it
    policy.py    which of a student's files counts, and points set by hand (the override file)
    selfcheck.py a student's own check of a submission without the key: syntax, variant, steps, shapes
    selfcheck_view.py  what `homework check` shows for one file
    feedback.py  feedback Markdown, the grades CSV
    gradebook.py the grades as Canvas and Moodle import them, or plain; Excel's byte-order mark
    stats.py     class statistics: totals, per step, the most-missed cells and mistakes, a histogram
    classreport.py  the terminal summary and statistics, the report as Markdown, HTML and SVG

Nothing here prints or writes files (`attntrace.cli.homework` does that); reading.py reads through attntrace.io.
"""

from .answer_key import VariantError, answer_latex, answer_markdown, find_variant, key_sheets
from .classreport import histogram_svg, stats_html, stats_markdown, stats_renderable, summary_table
from .course import Course, CourseError, parse_course
from .exercise import ASKABLE, DEFAULT_ASK, DEFAULT_POINTS, parse_ask
from .feedback import feedback_markdown, grades_csv
from .generate import GenerationError, Options, Variant, degenerate, generate
from .grade import Result, grade_all, parse_submission, tolerances
from .gradebook import FORMATS, GradebookError, Layout, gradebook_csv
from .key import Key, KeyError_, Rules, key_dict
from .key import dumps as key_dumps
from .key import loads as key_loads
from .latex import latex_class, latex_sheet
from .policy import Override, OverrideError, Policy, SubmissionFile, read_overrides
from .roster import RosterError, Student, read_roster, safe_name
from .selfcheck import SelfCheck, check_line, self_check
from .selfcheck_view import self_check_report
from .sheets import fill_template, latex_escape, markdown_sheet, toml_template
from .stats import ClassStats, class_stats

__all__ = [
    "ASKABLE",
    "DEFAULT_ASK",
    "DEFAULT_POINTS",
    "FORMATS",
    "ClassStats",
    "Course",
    "CourseError",
    "GenerationError",
    "GradebookError",
    "Key",
    "KeyError_",
    "Layout",
    "Options",
    "Override",
    "OverrideError",
    "Policy",
    "Result",
    "RosterError",
    "Rules",
    "SelfCheck",
    "Student",
    "SubmissionFile",
    "Variant",
    "VariantError",
    "answer_latex",
    "answer_markdown",
    "check_line",
    "class_stats",
    "degenerate",
    "feedback_markdown",
    "fill_template",
    "find_variant",
    "generate",
    "grade_all",
    "gradebook_csv",
    "grades_csv",
    "histogram_svg",
    "key_dict",
    "key_dumps",
    "key_loads",
    "key_sheets",
    "latex_class",
    "latex_escape",
    "latex_sheet",
    "markdown_sheet",
    "parse_ask",
    "parse_course",
    "parse_submission",
    "read_overrides",
    "read_roster",
    "safe_name",
    "self_check",
    "self_check_report",
    "stats_html",
    "stats_markdown",
    "stats_renderable",
    "summary_table",
    "tolerances",
    "toml_template",
]
