"""What a teacher says about the course on every sheet: title, due date, how to hand in, points per step.

Given on the command line (--title, --due, --instructions) or in a small TOML file (--config course.toml):

    title = "CS 224 · Homework 3: self-attention by hand"
    due = "Friday 12 March, 23:59"
    instructions = "Upload your .toml file to the course site, under Homework 3."
    lang = "zh"           # the sheets' language (en, zh); --lang wins
    sentences = "zh"      # the built-in sentences: zh, en, mixed; --sentences wins

    [points]              # points per step, printed on the sheets and written into key.json
    scores = 3
    weights = 3

Options on the command line win over the file. Points for a step that is not asked are refused (a course file
written for another --ask would otherwise lose them silently). Every key is optional; an unknown one is refused with the
known ones listed, so a typo (`tilte`) does not pass silently.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field, replace

from ..i18n import LANGS, Message
from .exercise import ASKABLE, DEFAULT_POINTS

MAX_BYTES = 64 * 1024  # a course file is a few lines
MAX_TEXT = {"title": 200, "due": 100, "instructions": 1000}  # characters: what fits on a sheet's header
MAX_POINTS = 1000.0
POOLS = ("mixed", "zh", "en")  # the built-in sentence pools (generate.SENTENCES): both, or one language
KEYS = ("title", "due", "instructions", "lang", "sentences", "points")


class CourseError(Message, ValueError):
    """A course file or option that cannot be used; the message names the key."""


@dataclass(frozen=True)
class Course:
    title: str | None = None  # None: the default title ("Self-attention by hand")
    due: str | None = None
    instructions: str | None = None  # how to hand in, in the teacher's words
    lang: str | None = None
    sentences: str | None = None
    points: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_POINTS))
    named_points: tuple[str, ...] = ()  # the steps [points] names (the others have their default points)

    def __post_init__(self) -> None:
        for name, limit in MAX_TEXT.items():
            value = getattr(self, name)
            if value is not None and len(value) > limit:
                raise CourseError("hw.course.long", name=name, n=len(value), limit=limit)

    def overridden(self, **options: str | None) -> Course:
        """This course with the options that were given (not None) in place of the file's."""
        return replace(self, **{k: v.strip() for k, v in options.items() if v is not None})

    def total(self, ask: tuple[str, ...]) -> float:
        return sum(self.points[s] for s in ask)

    def points_not_asked(self, ask: tuple[str, ...]) -> list[str]:
        """The steps [points] gives points to that are not asked: a course file written for another --ask."""
        return [s for s in self.named_points if s not in ask]


def _text(key: str, value) -> str:
    if not isinstance(value, str):
        raise CourseError("hw.course.type", name=key, expected=Message("hw.course.text"))
    return value.strip()


def _points(value) -> dict[str, float]:
    if not isinstance(value, dict):
        raise CourseError("hw.course.type", name="points", expected=Message("hw.course.table"))
    points = dict(DEFAULT_POINTS)
    for step, p in value.items():
        if step not in ASKABLE:
            raise CourseError("hw.course.step", step=step, choices=", ".join(ASKABLE))
        if isinstance(p, bool) or not isinstance(p, (int, float)) or not math.isfinite(p) or \
                not 0 <= p <= MAX_POINTS:
            raise CourseError("hw.course.points", step=step, value=p, limit=int(MAX_POINTS))
        points[step] = float(p)
    return points


def parse_course(data: bytes) -> Course:
    """A course file's bytes (UTF-8, a BOM allowed) -> Course. Raises CourseError saying what to fix."""
    if len(data) > MAX_BYTES:
        raise CourseError("hw.course.large", limit=MAX_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise CourseError("hw.course.not_text", byte=e.start) from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise CourseError("hw.course.toml", reason=str(e)) from None
    unknown = [k for k in raw if k not in KEYS]
    if unknown:
        raise CourseError("hw.course.unknown", name=unknown[0], known=", ".join(KEYS))
    fields: dict = {k: _text(k, raw[k]) or None for k in ("title", "due", "instructions", "lang", "sentences")
                    if k in raw}
    if fields.get("lang") is not None and fields["lang"] not in LANGS:
        raise CourseError("hw.course.choice", name="lang", value=fields["lang"], choices=", ".join(LANGS))
    if fields.get("sentences") is not None and fields["sentences"] not in POOLS:
        raise CourseError("hw.course.choice", name="sentences", value=fields["sentences"], choices=", ".join(POOLS))
    if "points" in raw:
        fields["points"] = _points(raw["points"])
        fields["named_points"] = tuple(raw["points"])
    return Course(**fields)
