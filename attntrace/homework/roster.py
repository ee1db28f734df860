"""The class list: a CSV as spreadsheets and course sites export it, and the safe file name each student id becomes.

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


class Roster(list):
    """The Students of a roster, in its order; `skipped` holds the rows left out on purpose (Canvas's test
    student), as (line, name), for the caller to mention."""

    def __init__(self, students=(), skipped: tuple[tuple[int, str], ...] = ()):
        super().__init__(students)
        self.skipped = skipped


def check_id(student_id: str, where: Message) -> None:
    """A non-empty id (read_roster refuses empty ones first, naming the row) holds no control character."""
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


# Course-site headers, compared without case, spaces, `_` or `-`; the first one found wins (Canvas's
# "SIS User ID" before its internal "ID").
ID_HEADERS = ("sisuserid", "studentid", "idnumber", "studentnumber", "matriculationnumber", "学号", "id",
              "username", "sisloginid", "loginid", "emailaddress", "email")
NAME_HEADERS = ("name", "studentname", "fullname", "student", "姓名", "名字")
NAME_PAIRS = (("firstname", "surname"), ("firstname", "lastname"), ("givenname", "familyname"),
              ("名", "姓"))
# Canvas's "Student View" account, in every gradebook export with no SIS id; and its second row
CANVAS_TEST_STUDENT = ("student, test", "test student")
CANVAS_POINTS_ROW = "points possible"


def _key(header: str) -> str:
    return re.sub(r"[\s_\-]", "", header).casefold()


def decode_roster(data: bytes, encoding: str | None = None) -> str:
    """Roster bytes -> text: UTF-8 (with or without a byte-order mark), UTF-16 (Excel's "Unicode text",
    recognised by its byte-order mark or its zero bytes) or GB18030/GBK (Excel's plain "CSV" on a Chinese
    Windows), or `encoding` when given. Anything else is a RosterError saying what to do."""
    if encoding is not None:
        try:
            return data.decode(encoding).removeprefix("\ufeff")
        except LookupError:
            raise RosterError("hw.roster.unknown_encoding", encoding=encoding) from None
        except UnicodeDecodeError as e:
            raise RosterError("hw.roster.not_encoding", encoding=encoding, byte=e.start) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(data) >= 4 and b"\x00" in data[:4]):
        order = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else (
            "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be")
        try:
            return data.decode(order).removeprefix("\ufeff")
        except UnicodeDecodeError:
            raise RosterError("hw.roster.encoding") from None
    for name in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(name)
        except UnicodeDecodeError:
            continue
    raise RosterError("hw.roster.encoding")


def _delimiter(text: str) -> str:
    """`,`, `;` (European Excel) or tab (Excel's "Unicode text"): whichever the header line has most of."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    return max((",", ";", "\t"), key=first.count) if first else ","


def _column(header: list[str], wanted: str) -> int:
    keys = [_key(h) for h in header]
    if _key(wanted) not in keys:
        raise RosterError("hw.roster.no_column", column=wanted, found=", ".join(header) or "-")
    return keys.index(_key(wanted))


def _columns(header: list[str], id_column: str | None, name_columns: tuple[str, ...]) -> tuple[int, list[int]]:
    """The id column and the one or two name columns (none: a roster of ids only)."""
    keys = [_key(h) for h in header]
    if id_column is not None:
        sid = _column(header, id_column)
    else:
        found = [keys.index(k) for k in ID_HEADERS if k in keys]
        if not found:
            raise RosterError("hw.roster.columns", missing="id", found=", ".join(header) or "-")
        sid = found[0]
    if name_columns:
        return sid, [_column(header, c) for c in name_columns]
    for k in NAME_HEADERS:
        if k in keys and keys.index(k) != sid:
            return sid, [keys.index(k)]
    for a, b in NAME_PAIRS:
        if a in keys and b in keys:
            return sid, [keys.index(a), keys.index(b)]
    return sid, []


def read_roster(text: str | bytes, id_column: str | None = None, name_columns: tuple[str, ...] = (),
                encoding: str | None = None) -> Roster:
    """Parse a roster as spreadsheets and course sites export it: a header row naming an id column (`id`,
    "SIS User ID", "ID number", "Student ID", 学号, … or `id_column`) and, optionally, a name column or two
    ("Student", "Student Name", "First name" + "Surname", … or `name_columns`, joined with a space); the
    delimiter `,`, `;` or tab; bytes decoded by `decode_roster`. Empty rows and Canvas's "Points Possible"
    row are skipped; so is Canvas's test student ("Student, Test" without an id), named in `Roster.skipped`.
    Any other row without an id is an error naming its line, its name and the id column. Other columns are
    ignored."""
    if isinstance(text, bytes):
        text = decode_roster(text, encoding)
    text = text.removeprefix("\ufeff")  # spreadsheets write a byte-order mark
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    pairs = []
    skipped = []
    try:
        header = next((row for row in reader if any(c.strip() for c in row)), [])
        header = [h.strip() for h in header]
        sid_at, name_at = _columns(header, id_column, tuple(name_columns))
        for row in reader:
            where = Message("place.line", n=reader.line_num)  # "line 4" / "第 4 行"
            if not any(cell.strip() for cell in row):  # the ,,, lines Excel leaves at the end
                continue
            if any(cell.strip() for cell in row[len(header):]):  # more cells than the header: a stray comma
                raise RosterError("hw.roster.extra_cells", where=where)
            cells = [c.strip() for c in row] + [""] * (len(header) - len(row))
            sid = cells[sid_at]
            name = " ".join(cells[i] for i in name_at if cells[i])
            if not sid and name.casefold() == CANVAS_POINTS_ROW:  # Canvas's second row
                continue
            if not sid and name.casefold() in CANVAS_TEST_STUDENT:
                skipped.append((reader.line_num, name))
                continue
            if len(pairs) == MAX_STUDENTS:
                raise RosterError("hw.roster.too_many", limit=MAX_STUDENTS)
            if not sid:
                raise RosterError("hw.roster.no_id", line=reader.line_num, column=header[sid_at],
                                  who=RosterError("hw.roster.who", name=name) if name else "")
            check_id(sid, where)
            pairs.append((sid, name))
    except csv.Error as e:
        raise RosterError("hw.roster.csv", where=Message("place.line", n=reader.line_num), reason=str(e)) from None
    if not pairs:
        raise RosterError("hw.roster.empty")
    return Roster(assign_files(pairs), tuple(skipped))
