"""What a teacher decides beyond the key: which of a student's files counts, and points set by hand.

    duplicates  A student who sent more than one file: files with the same bytes count as one; of different
                ones the newest counts ("latest": the latest modification time, and of equal times the file
                name that sorts last, so s001-v2.toml wins over s001.toml), or none ("error": the student's
                row is a problem naming the files).
    overrides   A CSV the teacher keeps beside the key, read on every grading run, so regrading keeps it:

                    student_id,step,points,reason
                    s003,scaled,1,"divided by 2 on paper, typed the wrong row"

                one row per student and step; `points` from 0 to the step's points; a reason is required.
                The file is checked whole before anything is graded: an unknown student or step, a repeated
                row, points out of range or an empty reason stop with the line and what to write.

Nothing here prints or touches files.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass

from ..i18n import Message
from .exercise import short_name

LATEST, ERROR = "latest", "error"
DUPLICATES = (LATEST, ERROR)

OVERRIDE_COLUMNS = ("student_id", "step", "points", "reason")
MAX_OVERRIDES = 100_000


@dataclass(frozen=True)
class SubmissionFile:
    """One submitted file as the caller read it: its name, its bytes (None when it could not be read, then
    `error` says why) and its modification time (seconds; None when unknown, which counts as oldest)."""

    name: str
    content: bytes | str | None = None
    mtime: float | None = None
    error: str | None = None

    @property
    def data(self) -> bytes:
        return self.content.encode("utf-8") if isinstance(self.content, str) else (self.content or b"")


@dataclass(frozen=True)
class Override:
    student_id: str
    step: str  # short name
    points: float
    reason: str
    line: int = 0


@dataclass(frozen=True)
class Policy:
    duplicates: str = LATEST
    overrides: tuple[Override, ...] = ()

    def __post_init__(self):
        if self.duplicates not in DUPLICATES:
            raise ValueError(f"duplicates must be one of {DUPLICATES}, not {self.duplicates!r}")

    def override(self, student_id: str | None, step: str) -> Override | None:
        return next((o for o in self.overrides if o.student_id == student_id and o.step == step), None)


class OverrideError(Message, ValueError):
    """An override file that cannot be used; the message names the line and what to write."""


def newest(files: list[SubmissionFile]) -> SubmissionFile:
    """The file that counts under "latest": the latest modification time, ties by the name sorting last."""
    return max(files, key=lambda f: (-math.inf if f.mtime is None else f.mtime, f.name))


def distinct(files: list[SubmissionFile]) -> list[SubmissionFile]:
    """The files with different bytes, the first of each kind (identical files count once)."""
    seen: dict[bytes, SubmissionFile] = {}
    for f in files:
        seen.setdefault(f.data, f)
    return list(seen.values())


def read_overrides(text: str | bytes, student_ids: set[str] | None,
                   points: dict[str, float]) -> tuple[Override, ...]:
    """Parse an override CSV (see the module's docstring); bytes are decoded as rosters are (UTF-8, UTF-16
    or GB18030, as spreadsheets save them). `student_ids`: the key's students (None: any id, one shared
    exercise); `points`: the asked steps and their points. Raises OverrideError."""
    if isinstance(text, bytes):
        from .roster import RosterError, decode_roster

        try:
            text = decode_roster(text)
        except RosterError:
            raise OverrideError("hw.ovr.encoding") from None
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next((row for row in reader if any(c.strip() for c in row)), None)
        if header is None:
            raise OverrideError("hw.ovr.empty", columns=",".join(OVERRIDE_COLUMNS))
        names = [h.strip().casefold() for h in header]
        if sorted(names) != sorted(OVERRIDE_COLUMNS):
            raise OverrideError("hw.ovr.header", line=reader.line_num, found=",".join(h.strip() for h in header),
                                columns=",".join(OVERRIDE_COLUMNS))
        at = {name: names.index(name) for name in OVERRIDE_COLUMNS}
        out: dict[tuple[str, str], Override] = {}
        for row in reader:
            line = reader.line_num
            if not any(c.strip() for c in row):
                continue
            if len(row) != len(header):
                raise OverrideError("hw.ovr.cells", line=line, found=len(row), expected=len(header))
            if len(out) == MAX_OVERRIDES:
                raise OverrideError("hw.ovr.too_many", limit=MAX_OVERRIDES)
            cell = {name: row[i].strip() for name, i in at.items()}
            sid = cell["student_id"]
            if not sid or (student_ids is not None and sid not in student_ids):
                raise OverrideError("hw.ovr.student", line=line, id=sid)
            step = next((s for s in points if s.casefold() == short_name(cell["step"]).casefold()), None)
            if step is None:
                raise OverrideError("hw.ovr.step", line=line, step=cell["step"], choices=", ".join(points))
            try:
                value = float(cell["points"])
            except ValueError:
                value = math.nan
            if not 0 <= value <= points[step]:  # NaN fails too
                raise OverrideError("hw.ovr.points", line=line, value=cell["points"], step=step,
                                    high=f"{points[step]:g}")
            if not cell["reason"]:
                raise OverrideError("hw.ovr.reason", line=line)
            if (sid, step) in out:
                raise OverrideError("hw.ovr.repeated", line=line, id=sid, step=step,
                                    first=out[(sid, step)].line)
            out[(sid, step)] = Override(sid, step, value, cell["reason"], line)
    except csv.Error as e:
        raise OverrideError("hw.ovr.csv", line=reader.line_num, reason=str(e)) from None
    return tuple(out.values())
