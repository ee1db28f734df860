"""The grades as a course site imports them: Canvas's gradebook CSV, Moodle's grade import CSV, or our own.

Each layout follows the importer that reads it (the sources are cited so that a change there can be checked):

* **canvas**, Canvas's gradebook import (instructure/canvas-lms, app/models/gradebook_importer.rb; a
  university's guide to it: https://teaching.resources.osu.edu/toolsets/carmencanvas/guides/
  calculating-final-grades/import-csv-file-carmen-grades): the header is `Student, ID, SIS User ID,
  SIS Login ID, Section`, then one column per assignment; the importer wants "Student" in the first header
  cell, "ID" in the second and "Section" in the last student column. A second row whose first cell is
  "Points Possible" gives each assignment's points. A student is found by ID (Canvas's own number), else by
  SIS User ID, else by SIS Login ID, else by name; a blank or `-` score is no score. An assignment
  column named "Homework 1 (12345)" fills the assignment with Canvas id 12345, one named as an assignment's
  title fills that one, any other name makes a new assignment. The header checks are `include?` tests, so a
  byte-order mark before "Student" does no harm.
* **moodle**, Moodle's CSV grade import (moodle/moodle, grade/import/csv/classes/load_data.php and
  lib/csvlib.class.php; https://docs.moodle.org/311/en/Grade_import): a header row, one row per student, a
  column that identifies the user (mapped in the import form to ID number, username or email address) and
  grade columns mapped to grade items; no points-possible row. A blank or `-` grade is no grade. Moodle's
  CSV reader drops a UTF-8 byte-order mark.
* **plain**, ours: every asked step, the total, status and problem, with a "(points possible)" row.

`excel=True` puts a UTF-8 byte-order mark first, so that Excel on Windows reads Chinese names as UTF-8 (it
reads a CSV without one in the legacy code page); both importers above accept it. Numbers are written with
a `.` and no thousands separator, at most four decimals (`feedback.number`). Only the students of the key
are written to a course-site file (a submission that names an unknown id is on the terminal and in the plain
CSV); one not graded (not submitted, or a file to resubmit) gets a blank grade: no grade yet, which the teacher
enters on the site (or imports again after regrading).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from ..i18n import Message
from .feedback import csv_text, grades_csv, number
from .grade import Result
from .key import Key

FORMATS = ("plain", "canvas", "moodle")
BOM = "\ufeff"
DEFAULT_ASSIGNMENT = "Homework"

CANVAS_HEADER = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
CANVAS_POINTS = "Points Possible"
# Where the student id goes: the column the course site matches it against.
CANVAS_ID_FIELDS = {"sis-user-id": "SIS User ID", "sis-login-id": "SIS Login ID", "id": "ID"}
MOODLE_ID_FIELDS = {"idnumber": "ID number", "username": "Username", "email": "Email address"}
ID_FIELDS = {"canvas": CANVAS_ID_FIELDS, "moodle": MOODLE_ID_FIELDS}


class GradebookError(Message, ValueError):
    """Options that do not fit a course-site layout; the message says which."""


@dataclass(frozen=True)
class Layout:
    format: str = "plain"
    assignment: str | None = None  # the grade column [default "Homework"]; Canvas: "Homework 1 (12345)"
    id_field: str | None = None  # None: by the ids (emails -> login/email), else the site's usual one
    excel: bool = False

    def check(self) -> None:
        """Raise GradebookError for options that do not fit the format (before any grading is done)."""
        if self.format not in FORMATS:
            raise GradebookError("hw.gb.format", value=self.format, choices=", ".join(FORMATS))
        if self.format == "plain":
            if self.id_field is not None or self.assignment is not None:
                raise GradebookError("hw.gb.plain_options")
            return
        fields = ID_FIELDS[self.format]
        if self.id_field is not None and self.id_field not in fields:
            raise GradebookError("hw.gb.id_field", value=self.id_field, format=self.format,
                                 choices=", ".join(fields))
        if self.assignment is not None and not self.assignment.strip():
            raise GradebookError("hw.gb.assignment")


def default_id_field(fmt: str, ids: list[str]) -> str:
    """Emails are matched as Canvas's SIS Login ID or Moodle's email address; anything else as Canvas's SIS
    User ID or Moodle's ID number."""
    emails = bool(ids) and all("@" in i for i in ids)
    if fmt == "canvas":
        return "sis-login-id" if emails else "sis-user-id"
    return "email" if emails else "idnumber"


def _rows(results: list[Result], key: Key) -> list[Result]:
    """The students a course site knows: roster students (or, without a roster, every named submitter)."""
    return [r for r in results if r.student_id is not None and key.variant(r.student_id) is not None]


def _grade(r: Result) -> str:
    return number(r.total) if r.graded else ""


def canvas_csv(results: list[Result], key: Key, assignment: str, id_field: str) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([*CANVAS_HEADER, csv_text(assignment)])
    w.writerow([CANVAS_POINTS, "", "", "", "", number(key.points_possible)])
    at = CANVAS_HEADER.index(CANVAS_ID_FIELDS[id_field])
    for r in _rows(results, key):
        row = [csv_text(r.name or r.student_id or ""), "", "", "", ""]
        row[at] = csv_text(r.student_id or "")
        w.writerow([*row, _grade(r)])
    return buf.getvalue()


def moodle_csv(results: list[Result], key: Key, assignment: str, id_field: str) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([MOODLE_ID_FIELDS[id_field], csv_text(assignment)])
    for r in _rows(results, key):
        w.writerow([csv_text(r.student_id or ""), _grade(r)])
    return buf.getvalue()


def gradebook_csv(results: list[Result], key: Key, layout: Layout = Layout()) -> str:
    """The grades in `layout`: plain, canvas or moodle, with a byte-order mark when `layout.excel`.
    Raises GradebookError for options that do not fit (`Layout.check`)."""
    layout.check()
    if layout.format == "plain":
        text = grades_csv(results, key)
    else:
        id_field = layout.id_field or default_id_field(layout.format, [r.student_id for r in _rows(results, key)])
        write = canvas_csv if layout.format == "canvas" else moodle_csv
        text = write(results, key, (layout.assignment or DEFAULT_ASSIGNMENT).strip(), id_field)
    return BOM + text if layout.excel else text
