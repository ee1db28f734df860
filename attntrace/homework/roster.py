"""The class list: a CSV with `id` and `name` columns, and the safe file name each student id becomes.

A student id comes from a file the teacher did not necessarily write with care, and it becomes part of
file names: `safe_name` keeps letters (any script), digits, `-`, `_` and `.`, replaces everything else
(slashes included) with `_`, never starts with a dot (so `..` cannot climb out of the folder), and cuts very
long ids, adding a hash of the full id so two long ids stay apart. Two ids that still map to one name, also
when compared without case (as macOS and Windows file systems do), are an error naming both.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass

from ..i18n import Message
from ..visible import is_visible, visible

MAX_NAME = 64  # characters kept from a long id before the hash suffix
MAX_STUDENTS = 5000  # one set; generating takes a few milliseconds per student


class RosterError(Message, ValueError):
    """A roster that cannot be used; the message names the row and the problem."""


@dataclass(frozen=True)
class Student:
    id: str
    name: str
    file: str  # the safe file name stem for this student's sheets and feedback


_UNSAFE = re.compile(r"[^\w.-]", re.UNICODE)


def safe_name(student_id: str) -> str:
    """A file name stem for `student_id` that stays inside the folder it is joined to.

    >>> safe_name("../x"), safe_name("a/b"), safe_name("/etc/passwd"), safe_name("王小明")
    ('x', 'a_b', 'etc_passwd', '王小明')
    """
    name = _UNSAFE.sub("_", unicodedata.normalize("NFC", student_id))
    name = name.lstrip("._")  # no hidden files, no "..", no leading separators turned into _
    if len(name) > MAX_NAME or not name:
        digest = hashlib.sha256(student_id.encode("utf-8")).hexdigest()[:10]
        name = f"{name[:MAX_NAME]}-{digest}" if name else f"id-{digest}"
    return name


def check_id(student_id: str, where: str) -> None:
    if not student_id.strip():
        raise RosterError("hw.roster.empty_id", where=where)
    if not is_visible(student_id):
        raise RosterError("hw.roster.control", where=where, id=visible(student_id))


def assign_files(pairs: list[tuple[str, str]]) -> list[Student]:
    """(id, name) pairs -> Students with their file names; raises RosterError on a duplicate id or on two
    ids that map to the same file name."""
    seen_ids: dict[str, int] = {}
    seen_files: dict[str, str] = {}
    students = []
    for i, (sid, name) in enumerate(pairs):
        if sid in seen_ids:
            raise RosterError("hw.roster.duplicate", id=sid)
        seen_ids[sid] = i
        file = safe_name(sid)
        other = seen_files.get(file.casefold())
        if other is not None:
            raise RosterError("hw.roster.same_file", a=other, b=sid, file=file)
        seen_files[file.casefold()] = sid
        students.append(Student(sid, name, file))
    return students


def read_roster(text: str) -> list[Student]:
    """Parse a roster CSV (a header row with `id` and `name`; other columns are ignored)."""
    text = text.removeprefix("\ufeff")  # spreadsheets write a byte-order mark
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in ("id", "name") if c not in header]
    if missing:
        raise RosterError("hw.roster.columns", missing=", ".join(missing), found=", ".join(header) or "-")
    reader.fieldnames = header
    pairs = []
    try:
        for row in reader:
            where = f"line {reader.line_num}"
            if any(cell.strip() for cell in row.get(None) or []):  # more cells than the header: a stray comma
                raise RosterError("hw.roster.extra_cells", where=where)
            if len(pairs) == MAX_STUDENTS:
                raise RosterError("hw.roster.too_many", limit=MAX_STUDENTS)
            sid = (row.get("id") or "").strip()
            check_id(sid, where)
            pairs.append((sid, (row.get("name") or "").strip()))
    except csv.Error as e:
        raise RosterError("hw.roster.csv", where=f"line {reader.line_num}", reason=str(e)) from None
    if not pairs:
        raise RosterError("hw.roster.empty")
    return assign_files(pairs)
