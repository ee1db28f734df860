"""Homework: per-student self-attention exercises, their answer key, and grading with error carried forward.

    roster.py    the class list and safe file names for student ids
    exercise.py  the steps an exercise asks for, their shapes, labels and points
    generate.py  variants drawn from the seed and the student id, each a Trace; degenerate ones redrawn
    course.py    what the teacher says on every sheet: title, due date, how to hand in, points (course.toml)
    sheets.py    Markdown sheets, TOML submission templates, escaping
    latex.py     LaTeX sheets made to print, and the class file with every sheet
    key.py       key.json: every variant's trace, the asked steps and the grading rules
    grade.py     submissions -> per-cell credit, through attntrace.check
    feedback.py  feedback Markdown, the grades CSV, the terminal summary

Nothing here prints or touches files; `attntrace.cli.homework` does that.
"""

from .course import Course, CourseError, parse_course
from .exercise import ASKABLE, DEFAULT_ASK, DEFAULT_POINTS, parse_ask
from .feedback import feedback_markdown, grades_csv, summary_table
from .generate import GenerationError, Options, Variant, degenerate, generate
from .grade import Result, grade_all, parse_submission, tolerances
from .key import Key, KeyError_, Rules, key_dict
from .key import dumps as key_dumps
from .key import loads as key_loads
from .latex import latex_class, latex_sheet
from .roster import RosterError, Student, read_roster, safe_name
from .sheets import fill_template, latex_escape, markdown_sheet, toml_template

__all__ = [
    "ASKABLE",
    "DEFAULT_ASK",
    "DEFAULT_POINTS",
    "Course",
    "CourseError",
    "GenerationError",
    "Key",
    "KeyError_",
    "Options",
    "Result",
    "RosterError",
    "Rules",
    "Student",
    "Variant",
    "degenerate",
    "feedback_markdown",
    "fill_template",
    "generate",
    "grade_all",
    "grades_csv",
    "key_dict",
    "key_dumps",
    "key_loads",
    "latex_class",
    "latex_escape",
    "latex_sheet",
    "markdown_sheet",
    "parse_ask",
    "parse_course",
    "parse_submission",
    "read_roster",
    "safe_name",
    "summary_table",
    "tolerances",
    "toml_template",
]
