"""Homework: per-student self-attention exercises, their answer key, and grading with error carried forward.

    roster.py    the class list and safe file names for student ids
    exercise.py  the steps an exercise asks for, their shapes, labels and points
    generate.py  variants drawn from the seed and the student id, each a Trace; degenerate ones redrawn
    sheets.py    Markdown and LaTeX sheets, TOML submission templates
    key.py       key.json: every variant's trace, the asked steps and the grading rules
    grade.py     submissions -> per-cell credit, through attntrace.check
    carry.py     error carried forward charged once: which cells read a slip directly
    mistakes.py  a step one known mistake explains (verify's diagnosis) and the credit the key gives it
    policy.py    which of a student's files counts, and points set by hand (the override file)
    selfcheck.py a student's own check of a submission without the key: syntax, variant, steps, shapes
    selfcheck_view.py  what `homework check` shows for one file
    feedback.py  feedback Markdown, the grades CSV, the terminal summary

Nothing here prints or touches files; `attntrace.cli.homework` does that.
"""

from .exercise import ASKABLE, DEFAULT_ASK, DEFAULT_POINTS, parse_ask
from .feedback import feedback_markdown, grades_csv, summary_table
from .generate import GenerationError, Options, Variant, degenerate, generate
from .grade import Result, grade_all, parse_submission, tolerances
from .key import Key, KeyError_, Rules, key_dict
from .key import dumps as key_dumps
from .key import loads as key_loads
from .policy import Override, OverrideError, Policy, SubmissionFile, read_overrides
from .roster import RosterError, Student, read_roster, safe_name
from .selfcheck import SelfCheck, check_line, self_check
from .selfcheck_view import self_check_report
from .sheets import fill_template, latex_escape, latex_sheet, markdown_sheet, toml_template

__all__ = [
    "ASKABLE",
    "DEFAULT_ASK",
    "DEFAULT_POINTS",
    "GenerationError",
    "Key",
    "KeyError_",
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
    "check_line",
    "degenerate",
    "feedback_markdown",
    "fill_template",
    "generate",
    "grade_all",
    "grades_csv",
    "key_dict",
    "key_dumps",
    "key_loads",
    "latex_escape",
    "latex_sheet",
    "markdown_sheet",
    "parse_ask",
    "parse_submission",
    "read_overrides",
    "read_roster",
    "safe_name",
    "self_check",
    "self_check_report",
    "summary_table",
    "tolerances",
    "toml_template",
]
