"""key.json: every variant's full trace, the asked steps and the grading rules, once for the class.

    {"format": "attntrace.homework.key", "version": 1, "seed": 2026, "options": {...},
     "roster": true, "ask": ["Q", ...], "given": ["X", "W_Q", ...],
     "grading": {"decimals": 2, "slack": 1e-09, "ecf_share": 1.0, "points": {"Q": 1.0, ...}, "rule": "..."},
     "variants": [{"id": "s001", "name": "...", "file": "s001", "code": "3FA9-C21B", "trace": {...}}, ...]}

Each `trace` is the attntrace trace JSON (format "attntrace.trace"), so `attntrace show` and `verify` read it.
A teacher may edit `grading` (points per step, decimals, ECF share) before grading.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field

from .._version import __version__
from ..export import TraceFormatError, trace_from_dict
from ..i18n import Message
from ..trace_data import Trace
from .exercise import ASKABLE, DEFAULT_POINTS, GIVEN
from .exercise import needed_givens as _needed_givens
from .generate import Options, Variant
from .roster import Student

FORMAT = "attntrace.homework.key"
VERSION = 1

RULE = (
    "A cell is right when |found - expected| <= 0.5·10^-decimals + allowance + slack. The allowance is the "
    "largest change of that cell when the earlier answers it is computed from are rounded to `decimals` places "
    "(and given values are as printed on the sheet), so rounding weights to 2 dp before computing Z costs "
    "nothing. Each step is checked against the exact answer and, for error carried forward, against the rule "
    "applied to the student's own earlier answers; a cell right only that way earns ecf_share of its credit, "
    "unless an earlier answer it depends on is missing, of the wrong shape or all zeros. An answer that is all "
    "zeros (the template's placeholders) earns nothing. A step earns its points times the mean credit of its cells."
)


class KeyError_(Message, ValueError):
    """A key file that cannot be read; the message says where."""


@dataclass(frozen=True)
class Rules:
    decimals: int = 2  # answers are right to this many decimal places
    slack: float = 1e-9  # float rounding in the comparison itself
    ecf_share: float = 1.0  # share of a cell's credit when it is right only given the student's earlier answers
    points: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_POINTS))

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

    @property
    def given(self) -> tuple[str, ...]:
        return GIVEN + _needed_givens(self.ask)

    def variant(self, student_id: str) -> tuple[Student, str, Trace] | None:
        if not self.roster:
            return next(iter(self.variants.values()))
        return self.variants.get(student_id)

    @property
    def points_possible(self) -> float:
        return sum(self.rules.points[s] for s in self.ask)


def key_dict(variants: list[Variant], options: Options, rules: Rules, roster: bool) -> dict:
    opts = asdict(options)
    opts["ask"] = list(options.ask)
    return {
        "format": FORMAT,
        "version": VERSION,
        "attntrace_version": __version__,
        "seed": options.seed,
        "options": opts,
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


def _number(where: str, value, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or not low <= value <= high:
        raise KeyError_("hw.key.value", where=where, value=value, low=low, high=high)
    return float(value)


def loads(text: str) -> Key:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise KeyError_("hw.key.json", line=e.lineno, column=e.colno, reason=e.msg) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise KeyError_("hw.key.format", expected=FORMAT)
    if data.get("version") != VERSION:
        raise KeyError_("hw.key.version", version=data.get("version"), supported=VERSION)
    ask = data.get("ask")
    if not isinstance(ask, list) or not ask or not all(a in ASKABLE for a in ask):
        raise KeyError_("hw.key.field", where="ask", expected=", ".join(ASKABLE))
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
                  ecf_share=_number("grading.ecf_share", g.get("ecf_share", 1.0), 0, 1), points=points)
    raw = data.get("variants")
    if not isinstance(raw, list) or not raw:
        raise KeyError_("hw.key.field", where="variants", expected="a non-empty list")
    variants = {}
    for i, v in enumerate(raw):
        where = f"variants[{i}]"
        if not isinstance(v, dict) or not all(isinstance(v.get(k), str) for k in ("id", "name", "file", "code")):
            raise KeyError_("hw.key.field", where=where, expected="id, name, file, code, trace")
        try:
            trace = trace_from_dict(v.get("trace"))
        except TraceFormatError as e:
            raise KeyError_("hw.key.trace", where=where, reason=str(e)) from None
        variants[v["id"]] = (Student(v["id"], v["name"], v["file"]), v["code"], trace)
    return Key(seed=data.get("seed", 0), roster=bool(data.get("roster", True)), ask=tuple(ask), rules=rules,
               variants=variants, options=data.get("options") or {})
