"""key.json: every variant's full trace, the asked steps and the grading rules, once for the class.

    {"format": "attntrace.homework.key", "version": 1, "seed": 2026, "options": {...},
     "course": {"lang": "zh", "title": "...", "due": "..."},
     "roster": true, "ask": ["Q", ...], "given": ["X", "W_Q", ...],
     "grading": {"decimals": 2, "slack": 1e-09, "ecf_share": 1.0, "points": {"Q": 1.0, ...},
                 "mistake_credit": {"default": 0.0}, "solutions": true, "rule": "..."},
     "variants": [{"id": "s001", "name": "...", "file": "s001", "code": "3FA9-C21B", "trace": {...}}, ...]}

Each `trace` is the attntrace trace JSON (format "attntrace.trace"), so `attntrace show` and `verify` read it.
A teacher may edit `grading` (points per step, decimals, ECF share, the credit of known mistakes, whether
feedback shows the expected values) before grading; `rule` says what each does. `course` holds the sheets'
language and the course settings that feedback and key sheets show (title, due, instructions); grade and
key-sheet write in that language unless told another. A key without it (made before it was written) reads
as a course with none of them.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field, replace

from .._version import __version__
from ..i18n import LANGS, Message
from ..io.json import TraceFormatError, trace_from_dict
from ..io.load import HOMEWORK_KEY
from ..trace_data import Trace
from .course import MAX_TEXT, Course, CourseError
from .exercise import ASKABLE, DEFAULT_POINTS, GIVEN, full_name, shape
from .exercise import needed_givens as _needed_givens
from .generate import Options, Variant
from .mistakes import DEFAULT as DEFAULT_MISTAKE
from .mistakes import DEFAULT_CREDIT, KNOWN
from .roster import Student, safe_name

FORMAT = HOMEWORK_KEY  # "attntrace.homework.key", which io.load tells apart from a trace
VERSION = 1
KEY_BYTES = 1024 * 1024 * 1024  # a key holds a full trace per student: a few megabytes for a large class

RULE = (
    "A cell is right when |found - expected| <= 0.5·10^-decimals + allowance + slack. The allowance is the "
    "largest change of that cell when the earlier answers it is computed from are rounded to `decimals` places "
    "(and given values are as printed on the sheet), so rounding weights to 2 dp before computing Z costs "
    "nothing. Each step is checked against the exact answer and against the rule applied to the student's own "
    "earlier answers. A cell wrong given the student's own answers is a slip and earns nothing. A cell right "
    "only given them (error carried forward) earns ecf_share of its credit when it reads a slipped cell "
    "directly, and full credit when it reads only carried cells: a slip is charged where it is made and once "
    "where it is used. Nothing is carried forward from an earlier answer that is missing, of the wrong shape or "
    "all zeros; an answer that is all zeros (the template's placeholders) earns nothing. A step whose every "
    "wrong cell one known mistake explains earns mistake_credit[that mistake] (or mistake_credit.default) of "
    "its points. A step earns its points times the mean credit of its cells. solutions = false: feedback names "
    "the wrong cells without the expected values."
)


class KeyError_(Message, ValueError):
    """A key file that cannot be read; the message says where."""


@dataclass(frozen=True)
class Rules:
    decimals: int = 2  # answers are right to this many decimal places
    slack: float = 1e-9  # float rounding in the comparison itself
    ecf_share: float = 1.0  # credit of a cell right only given the student's answers, reading a slip directly
    points: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_POINTS))
    # share of a step's points when one known mistake explains every wrong cell (mistakes.py), by mistake
    mistake_credit: dict[str, float] = field(default_factory=lambda: {DEFAULT_MISTAKE: DEFAULT_CREDIT})
    solutions: bool = True  # feedback prints the expected values of wrong cells

    @property
    def half_unit(self) -> float:
        return 0.5 * 10.0 ** -self.decimals

    def to_dict(self) -> dict:
        return {**asdict(self), "rule": RULE}


@dataclass
class Key:
    seed: int
    roster: bool  # False: one shared exercise, any student id may submit it
    ask: tuple[str, ...]
    rules: Rules
    variants: dict[str, tuple[Student, str, Trace]]  # id -> (student, code, trace)
    options: dict = field(default_factory=dict)
    course: Course = field(default_factory=Course)  # the sheets' language, title, due date, instructions

    @property
    def given(self) -> tuple[str, ...]:
        return GIVEN + _needed_givens(self.ask)

    def variant(self, student_id: str) -> tuple[Student, str, Trace] | None:
        if not self.roster:
            return next(iter(self.variants.values()))
        return self.variants.get(student_id)

    def with_rules(self, **changes) -> Key:
        """This key with some grading rules changed (the key itself is left as it was)."""
        return replace(self, rules=replace(self.rules, **{k: v for k, v in changes.items() if v is not None}))

    @property
    def points_possible(self) -> float:
        return sum(self.rules.points[s] for s in self.ask)


COURSE_FIELDS = ("lang", "title", "due", "instructions")  # what of the course the key keeps


def key_dict(variants: list[Variant], options: Options, rules: Rules, roster: bool,
             course: Course | None = None) -> dict:
    """The key as JSON data; `course` (its lang: the sheets' language) is kept for grade and key-sheet."""
    opts = asdict(options)
    opts["ask"] = list(options.ask)
    kept = {k: getattr(course, k) for k in COURSE_FIELDS if course is not None and getattr(course, k) is not None}
    return {
        "format": FORMAT,
        "version": VERSION,
        "attntrace_version": __version__,
        "seed": options.seed,
        "options": opts,
        **({"course": kept} if kept else {}),
        "roster": roster,
        "ask": list(options.ask),
        "given": list(GIVEN + _needed_givens(options.ask)),
        "grading": {**rules.to_dict(), "points": {s: rules.points[s] for s in options.ask}},
        "variants": [
            {"id": v.student.id, "name": v.student.name, "file": v.student.file, "code": v.code,
             "trace": v.trace.to_dict()}
            for v in variants
        ],
    }


def dumps(key: dict) -> str:
    """One variant per line keeps the file diffable and small."""
    variants = key["variants"]
    head = {k: v for k, v in key.items() if k != "variants"}

    def enc(value) -> str:
        return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))

    lines = ["{"] + [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()]
    lines.append('  "variants": [')
    lines += [f"    {enc(v)}{',' if i < len(variants) - 1 else ''}" for i, v in enumerate(variants)]
    lines += ["  ]", "}"]
    return "\n".join(lines) + "\n"


def _shown(value):
    """A value for a message: a huge integer as its size (printing one of > 4300 digits raises)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**18:
        return f"{'-' if value < 0 else ''}~10^{int(value.bit_length() * math.log10(2))}"
    return value


def _number(where: str, value, low: float, high: float) -> float:
    # the range first: comparing a huge integer is exact, turning it into a float (isfinite) overflows
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise KeyError_("hw.key.value", where=where, value=_shown(value), low=low, high=high)
    return float(value)


def _mistake_credit(raw) -> dict[str, float]:
    """grading.mistake_credit: {"default": share, "<mistake>": share, ...}, each share from 0 to 1."""
    if not isinstance(raw, dict):
        raise KeyError_("hw.key.field", where="grading.mistake_credit",
                        expected='{"default": 0.0, "scaled.no_sqrt": 0.5, ...}')
    out = {}
    for name, share in raw.items():
        if name != DEFAULT_MISTAKE and name not in KNOWN:
            raise KeyError_("hw.key.mistake", name=name, known=", ".join((DEFAULT_MISTAKE, *KNOWN)))
        out[name] = _number(f"grading.mistake_credit.{name}", share, 0, 1)
    return out


def _flag(where: str, value) -> bool:
    if not isinstance(value, bool):
        raise KeyError_("hw.key.field", where=where, expected="true or false")
    return value


def _check_variant(where: str, trace: Trace, ask: tuple[str, ...]) -> None:
    """The exercise's shape (one head, d_model = d_head) and every step grading reads, of the right shape."""
    config, n = trace.config, len(trace.tokens)
    if config.n_heads != 1 or config.d_model != config.d_head:
        raise KeyError_("hw.key.field", where=f"{where}.trace.config", expected="n_heads = 1, d_model = d_head")
    last = max(ASKABLE.index(s) for s in ask)
    for s in GIVEN + ASKABLE[: last + 1]:
        name = full_name(s)
        if name not in trace.steps:
            raise KeyError_("hw.key.missing_step", where=where, step=s)
        expected = shape(s, n, config.d_head)
        found = trace.steps[name].data.shape
        if found != (expected if s == "X" else (1, *expected)):
            raise KeyError_("hw.key.step_shape", where=where, step=s, found=" × ".join(map(str, found)),
                            expected=" × ".join(map(str, expected if s == "X" else (1, *expected))))


def _course(raw) -> Course:
    """The key's "course": {"lang": "zh", "title": ..., "due": ..., "instructions": ...}, every one optional."""
    if raw is None:
        return Course()
    if not isinstance(raw, dict) or not all(k in COURSE_FIELDS and isinstance(v, str) for k, v in raw.items()):
        raise KeyError_("hw.key.field", where="course", expected='{"lang": "en" or "zh", "title": "...", '
                        '"due": "...", "instructions": "..."}')
    if raw.get("lang") is not None and raw["lang"] not in LANGS:
        raise KeyError_("hw.key.field", where="course.lang", expected=" or ".join(LANGS))
    try:
        return Course(**raw)
    except CourseError as e:  # longer than a sheet's header takes
        limits = ", ".join(f"{k} ≤ {n}" for k, n in MAX_TEXT.items())
        raise KeyError_("hw.key.field", where="course", expected=f"{limits} characters ({e})") from None


def loads(text: str) -> Key:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise KeyError_("hw.key.json", line=e.lineno, column=e.colno, reason=e.msg) from None
    except (ValueError, RecursionError) as e:  # an integer of more than 4300 digits; nesting too deep
        raise KeyError_("hw.key.bad_json", reason=str(e) or type(e).__name__) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise KeyError_("hw.key.format", expected=FORMAT)
    if data.get("version") != VERSION:
        raise KeyError_("hw.key.version", version=data.get("version"), supported=VERSION)
    ask = data.get("ask")
    if not isinstance(ask, list) or not ask or not all(a in ASKABLE for a in ask):
        raise KeyError_("hw.key.field", where="ask", expected=", ".join(ASKABLE))
    for step in ask:
        if ask.count(step) > 1:
            raise KeyError_("hw.key.repeated", step=step)
    ask = [s for s in ASKABLE if s in ask]  # computation order: error carried forward reads earlier answers
    g = data.get("grading")
    if not isinstance(g, dict) or not isinstance(g.get("points"), dict):
        raise KeyError_("hw.key.field", where="grading", expected="decimals, slack, ecf_share, points")
    decimals = g.get("decimals", 2)
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 10:
        raise KeyError_("hw.key.value", where="grading.decimals", value=decimals, low=0, high=10)
    points = {}
    for s in ask:
        if s not in g["points"]:
            raise KeyError_("hw.key.field", where=f"grading.points.{s}", expected="a number")
        points[s] = _number(f"grading.points.{s}", g["points"][s], 0, 1e6)
    rules = Rules(decimals=decimals, slack=_number("grading.slack", g.get("slack", 1e-9), 0, 1),
                  ecf_share=_number("grading.ecf_share", g.get("ecf_share", 1.0), 0, 1), points=points,
                  mistake_credit=_mistake_credit(g.get("mistake_credit", {DEFAULT_MISTAKE: DEFAULT_CREDIT})),
                  solutions=_flag("grading.solutions", g.get("solutions", True)))
    raw = data.get("variants")
    if not isinstance(raw, list) or not raw:
        raise KeyError_("hw.key.field", where="variants", expected="a non-empty list")
    variants = {}
    files: set[str] = set()
    for i, v in enumerate(raw):
        where = f"variants[{i}]"
        if not isinstance(v, dict) or not all(isinstance(v.get(k), str) for k in ("id", "name", "file", "code")):
            raise KeyError_("hw.key.field", where=where, expected="id, name, file, code, trace")
        try:
            trace = trace_from_dict(v.get("trace"))
        except TraceFormatError as e:
            raise KeyError_("hw.key.trace", where=where, reason=str(e)) from None
        _check_variant(where, trace, tuple(ask))
        if not v["file"] or safe_name(v["file"]) != v["file"]:
            raise KeyError_("hw.key.bad_file", where=where, file=v["file"], safe=safe_name(v["file"] or v["id"]))
        if v["id"] in variants:
            raise KeyError_("hw.key.same_id", id=v["id"])
        if v["file"].casefold() in files:
            raise KeyError_("hw.key.same_file", file=v["file"])
        files.add(v["file"].casefold())
        variants[v["id"]] = (Student(v["id"], v["name"], v["file"]), v["code"], trace)
    return Key(seed=data.get("seed", 0), roster=bool(data.get("roster", True)), ask=tuple(ask), rules=rules,
               variants=variants, options=data.get("options") or {}, course=_course(data.get("course")))
