"""Grade submissions against the key, with partial credit per cell and error carried forward.

Each submission becomes a Trace: the variant's inputs and given steps from the key, plus the student's
answers for the asked steps. `attntrace.check` then compares every answer two ways, cell by cell:

* against the exact answer (recomputed from the inputs alone): a right cell earns full credit;
* locally, against the rule applied to the student's own earlier answers: a cell right only this way earns
  `ecf_share` of its credit (error carried forward), unless an earlier answer it depends on is missing, of
  the wrong shape, or all zeros (a trivial answer carries nothing forward, also further down the chain).

An answer that is all zeros where the exact one is not (the template's placeholders) earns nothing.

The tolerance of a cell is 0.5·10^-decimals (right to `decimals` places) plus an allowance for rounding
carried through the steps, plus a tiny float slack. The allowance is the largest change of the cell when
every earlier asked answer is rounded to `decimals` places (and given values are as printed on the sheet):
a first-order-free bound worked out per rule below, so a student who rounds the weights to 2 dp and then
computes Z from them is not marked down. With whole-number X and weights, Q, K, V, scores and scaled are
exact and only weights and Z get an allowance.

A step earns its points × (sum of cell credit) / (number of cells).
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING

import numpy as np

from ..check.engine import WRONG, check
from ..i18n import Message
from ..trace_data import Step, Trace
from .carry import reads_slip
from .exercise import ASKABLE, GIVEN, full_name, printed, shape, short_name, value
from .key import Key, Rules
from .mistakes import credit as mistake_credit
from .mistakes import explain
from .policy import ERROR, Override, Policy, SubmissionFile, distinct, newest
from .roster import Student, safe_name

if TYPE_CHECKING:
    from ..check.diagnose import Hint

# The asked steps each rule reads (short names), as in the encoder plan.
INPUTS = {"Q": ("X", "W_Q"), "K": ("X", "W_K"), "V": ("X", "W_V"), "scores": ("Q", "K"), "scaled": ("scores",),
          "weights": ("scaled",), "Z": ("weights", "V")}

OK, PROBLEM, NOT_SUBMITTED = "ok", "problem", "not submitted"
BLANK = "blank"  # a readable submission whose every answer is still the template's zeros


class Problem(Message):
    """Something wrong with one submission (or one of its answers); it is reported, not raised."""


# --- reading a submission -----------------------------------------------------------------------------


@dataclass
class Submission:
    file: str
    student_id: str | None = None
    name: str | None = None
    variant: str | None = None
    answers: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # problems of the file as a whole


_ID_LINE = re.compile(r'^\s*"?student_id"?\s*[=:]\s*"([^"\n]*)"', re.MULTILINE)

# A submission is a few kilobytes, three levels deep. One that is far larger or deeper is refused before it
# is parsed: the parsers recurse per level (RecursionError) and TOML's dotted keys cost time quadratic in
# their length, so one such file could stop a class.
MAX_BYTES = 256 * 1024
MAX_DEPTH = 16  # brackets or dotted-key parts
_STRINGS = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'')
_COMMENTS = re.compile(r"#[^\n]*")
_BRACKETS = re.compile(r"[\[\]{}]")
_DOTTED = re.compile(r'(?<![\w"-])(?:(?:[\w-]++|"")\s*+\.\s*+){' + str(MAX_DEPTH) + '}')  # linear: possessive


def too_deep(text: str) -> bool:
    """Nested more than MAX_DEPTH brackets, or a dotted key of more than MAX_DEPTH parts (strings and
    comments aside). Linear in the text."""
    bare = _COMMENTS.sub("", _STRINGS.sub('""', text))
    depth = 0
    for m in _BRACKETS.finditer(bare):
        depth += 1 if m.group() in "[{" else -1
        if depth > MAX_DEPTH:
            return True
    return _DOTTED.search(bare) is not None


# A number typed without its leading zero (`.34`, `-.5`), which TOML refuses, after `[`, `,` or a space.
_BARE_DECIMAL = re.compile(r"(?<=[\[,\s])([-+]?)\.(\d)")
_FRACTION = re.compile(r"\s*([-+]?\d+(?:\.\d*)?)\s*/\s*(\d+(?:\.\d*)?)\s*")


def _toml_forgiving(content: str) -> dict:
    """TOML, and when it is not, TOML once more with `.34` read as `0.34` (the first error is kept)."""
    try:
        return tomllib.loads(content)
    except ValueError:
        try:
            return tomllib.loads(_BARE_DECIMAL.sub(r"\g<1>0.\2", content))
        except ValueError:
            pass
        raise


def _number(x):
    """A cell as students type it: a number, or a number or fraction in quotes ("0.12", "1/3" = 0.333…);
    anything else is returned as it is (and reported)."""
    if not isinstance(x, str):
        return x
    text = x.strip()
    m = _FRACTION.fullmatch(text)
    try:
        if m:
            return float(m.group(1)) / float(m.group(2))
        return float(_BARE_DECIMAL.sub(r"\g<1>0.\2", " " + text).strip())
    except (ValueError, ZeroDivisionError):
        return x


def _numbers(raw):
    return [_numbers(y) for y in raw] if isinstance(raw, list) else _number(raw)


def parse_submission(content: bytes | str, file: str) -> Submission:
    """Read a TOML or JSON submission (by its suffix; other names are tried as JSON, then TOML).
    Never raises: problems are recorded on the Submission."""
    sub = Submission(file)
    if len(content) > MAX_BYTES:
        sub.problems.append(Problem("hw.sub.too_large", limit=MAX_BYTES))
        return sub
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            sub.problems.append(Problem("hw.sub.not_text"))
            return sub
    if too_deep(content):
        sub.problems.append(Problem("hw.sub.too_deep", limit=MAX_DEPTH))
        m = _ID_LINE.search(content)
        sub.student_id = m.group(1).strip() if m and m.group(1).strip() else None
        return sub
    suffix = PurePath(file).suffix.lower()
    kinds = {".json": ["json"], ".toml": ["toml"]}.get(suffix, ["json", "toml"])
    data, errors = None, []
    for kind in kinds:
        try:  # NaN and infinity parse (JSON's NaN too) and are reported per answer, with their cell
            data = (json.loads(content, parse_constant=lambda c: float("nan")) if kind == "json"
                    else _toml_forgiving(content))
            break
        except (ValueError, RecursionError) as e:  # JSONDecodeError and TOMLDecodeError are ValueErrors
            errors.append(f"{kind.upper()}: {e}")
    if data is None:
        sub.problems.append(Problem("hw.sub.unreadable", reason="; ".join(errors)))
        m = _ID_LINE.search(content)  # still say whose file it is, when its first lines are readable
        sub.student_id = m.group(1).strip() if m and m.group(1).strip() else None
        return sub
    if not isinstance(data, dict):
        sub.problems.append(Problem("hw.sub.not_table"))
        return sub
    sid = data.get("student_id")
    if not isinstance(sid, str) or not sid.strip():
        sub.problems.append(Problem("hw.sub.no_id"))
    else:
        sub.student_id = sid.strip()
    if isinstance(data.get("name"), str):
        sub.name = data["name"]
    if isinstance(data.get("variant"), str):
        sub.variant = data["variant"].strip()
    answers = data.get("answers")
    if not isinstance(answers, dict):
        sub.problems.append(Problem("hw.sub.no_answers"))
    else:
        sub.answers = answers
    return sub


def answer_array(raw, expected: tuple[int, int]) -> tuple[np.ndarray | None, Problem | None]:
    """A submitted matrix as a float (r, c) array, or the problem with it. (1, r, c) is accepted too."""
    def numbers(x) -> bool:
        if isinstance(x, list):
            return all(numbers(y) for y in x)
        return isinstance(x, (int, float)) and not isinstance(x, bool)

    raw = _numbers(raw) if isinstance(raw, list) else raw
    if not isinstance(raw, list) or not numbers(raw):
        return None, Problem("hw.sub.not_numbers")
    try:
        arr = np.array(raw, dtype=np.float64)
    except ValueError:
        return None, Problem("hw.sub.ragged")
    if arr.ndim == 3 and arr.shape[0] == 1:
        arr = arr[0]
    if arr.shape != expected:
        return None, Problem("hw.sub.shape", found=" × ".join(map(str, arr.shape)) or "-",
                             expected=" × ".join(map(str, expected)))
    bad = np.argwhere(~np.isfinite(arr))
    if len(bad):
        return None, Problem("hw.sub.nan", row=int(bad[0][0]) + 1, col=int(bad[0][1]) + 1)
    return arr, None


# --- tolerance ----------------------------------------------------------------------------------------


def allowances(trace: Trace, ask: tuple[str, ...], rules: Rules) -> dict[str, np.ndarray]:
    """Per asked step, per cell: how far rounding the earlier answers may move the exact value."""
    exact = {s: value(trace, s) for s in GIVEN + ASKABLE if full_name(s) in trace.steps}
    # r: how far the value a student works from may be from the exact one
    r = {s: np.abs(exact[s] - printed(exact[s])) for s in GIVEN}
    d = trace.config.d_head
    A: dict[str, np.ndarray] = {}
    last = max(ASKABLE.index(s) for s in ask)
    for s in ASKABLE[: last + 1]:
        a, b = INPUTS[s] if len(INPUTS[s]) == 2 else (INPUTS[s][0], None)
        if s in ("Q", "K", "V", "Z"):  # a product P·M: |δ(PM)| <= |P|·|δM| + |δP|·|M| + |δP|·|δM|
            P, M, dP, dM = np.abs(exact[a]), np.abs(exact[b]), r[a], r[b]
            A[s] = P @ dM + dP @ M + dP @ dM  # (n, k) x (k, m) -> (n, m)
        elif s == "scores":  # Q·Kᵀ
            P, M, dP, dM = np.abs(exact[a]), np.abs(exact[b]).T, r[a], r[b].T
            A[s] = P @ dM + dP @ M + dP @ dM  # (n, d) x (d, n) -> (n, n)
        elif s == "scaled":
            A[s] = r[a] / math.sqrt(d)
        else:  # weights: shifting each input by at most R changes w_i by at most w_i·(e^{2R} − 1)
            R = r[a].max(axis=-1, keepdims=True)  # (n, 1)
            A[s] = exact[s] * np.expm1(2 * R)  # (n, n)
        rounded = np.abs(exact[s] - np.round(exact[s], rules.decimals))
        r[s] = rounded + A[s] if s in ask else np.abs(exact[s] - printed(exact[s]))
    return {s: A[s] for s in ask}


def tolerances(trace: Trace, ask: tuple[str, ...], rules: Rules) -> dict[str, np.ndarray]:
    """|found − expected| <= tolerance, per cell of each asked step."""
    return {s: rules.half_unit + a + rules.slack for s, a in allowances(trace, ask, rules).items()}


# --- grading ------------------------------------------------------------------------------------------


@dataclass
class StepGrade:
    short: str
    formula: str
    possible: float
    expected: np.ndarray  # (r, c), the exact answer
    tolerance: np.ndarray  # (r, c)
    found: np.ndarray | None = None  # None: missing or unusable (see problem)
    local_expected: np.ndarray | None = None  # the rule applied to the student's own earlier answers
    right: np.ndarray | None = None  # bool (r, c): right against the exact answer
    ecf: np.ndarray | None = None  # bool (r, c): right only given the student's earlier answers, credited
    slips: np.ndarray | None = None  # bool (r, c): wrong given the student's own earlier answers
    charged: np.ndarray | None = None  # bool (r, c): carried cells that read a slip directly (ecf_share)
    credit: np.ndarray | None = None  # (r, c), each in [0, 1]
    problem: Problem | None = None
    blocked_by: tuple[str, ...] = ()  # trivial earlier answers that stopped error carried forward here
    trivial: bool = False  # all zeros
    mistake: Hint | None = None  # the one known mistake that explains every wrong cell
    override: Override | None = None  # points the teacher set by hand

    @property
    def computed_points(self) -> float:
        """The points the rules give, before any override."""
        if self.credit is None or self.credit.size == 0:
            return 0.0
        return self.possible * float(self.credit.sum()) / self.credit.size

    @property
    def points(self) -> float:
        return self.override.points if self.override is not None else self.computed_points

    @property
    def n_cells(self) -> int:
        return int(self.expected.size)


@dataclass
class Result:
    file: str | None
    student_id: str | None
    name: str = ""
    code: str | None = None
    feedback_file: str | None = None
    status: str = OK
    steps: dict[str, StepGrade] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    integrity: Problem | None = None  # the file is another student's variant (or no variant of the key)

    @property
    def graded(self) -> bool:
        return bool(self.steps)

    @property
    def total(self) -> float | None:
        return sum(g.points for g in self.steps.values()) if self.steps else None

    @property
    def possible(self) -> float:
        return sum(g.possible for g in self.steps.values())


def grade_submission(sub: Submission, student: Student, code: str, trace: Trace, ask: tuple[str, ...],
                     rules: Rules, owners: dict[str, str] | None = None) -> Result:
    """Grade one parsed submission against its variant's exact trace. `owners`: variant code -> student id,
    to say whose variant a file that names another one is."""
    result = Result(file=sub.file, student_id=student.id, name=student.name or (sub.name or ""), code=code,
                    feedback_file=student.file, problems=list(sub.problems))
    other_variant = bool(sub.variant) and sub.variant != code
    if other_variant:
        owner = (owners or {}).get(sub.variant)
        result.integrity = (Problem("hw.integrity.other", owner=owner, code=sub.variant) if owner is not None
                            else Problem("hw.integrity.unknown", code=sub.variant))
        result.problems.append(Problem("hw.sub.variant", found=sub.variant, expected=code, whose=result.integrity))
    n, d = len(trace.tokens), trace.config.d_head
    tol = tolerances(trace, ask, rules)

    # the trace to check: the key's inputs and given steps, then the student's answers for the asked steps
    steps = {name: s for name, s in trace.steps.items() if short_name(name) not in ask}
    grades: dict[str, StepGrade] = {}
    for s in ask:
        g = StepGrade(s, trace.steps[full_name(s)].formula, rules.points[s], value(trace, s), tol[s])
        raw = sub.answers.get(s, sub.answers.get(full_name(s)))
        if raw is None:
            g.problem = Problem("hw.sub.missing_step", step=s)
        else:
            g.found, g.problem = answer_array(raw, shape(s, n, d))
        if g.found is not None:
            g.trivial = not g.found.any() and g.expected.any()  # the template's zeros, left as they were
            steps[full_name(s)] = Step(full_name(s), g.found[None], g.formula)  # (r, c) -> (1, r, c)
        grades[s] = g
    for extra in sorted(set(sub.answers) - set(ask) - {full_name(s) for s in ask}):
        result.notes.append(Problem("hw.sub.extra_step", step=extra))

    closes = {full_name(s): _cell_close(tol[s][None]) for s in ask}
    checked = Trace(trace.text, list(trace.tokens), trace.config, steps)
    report = check(checked, close_for=closes.get)

    carries: dict[str, bool] = {}  # may this answer carry credit forward?
    slips: dict[str, np.ndarray] = {}  # per answer: its cells wrong given the student's own earlier answers
    for s in ask:
        g = grades[s]
        earlier = [i for i in INPUTS[s] if i in ask]
        g.blocked_by = tuple(i for i in earlier if not carries[i])
        carries[s] = g.found is not None and not g.trivial and not g.blocked_by
        if g.problem is not None and not (other_variant and g.problem.key == "hw.sub.shape"):
            result.problems.append(g.problem)  # another variant's shapes: said once, by hw.sub.variant
        if g.found is None:
            g.credit = np.zeros(g.expected.shape)
            continue
        sc = report[full_name(s)]
        g.right = sc.recomputed.close[0]
        local = sc.local.close[0]
        g.local_expected = sc.local.expected[0]
        g.slips = ~local
        slips[s] = g.slips
        g.ecf = ~g.right & local & (not g.blocked_by)
        g.charged = g.ecf & reads_slip(s, g.expected.shape, slips)
        g.credit = np.where(g.right | (g.ecf & ~g.charged), 1.0, np.where(g.charged, rules.ecf_share, 0.0))
        if g.trivial:  # an untouched template earns nothing, not even the cells whose answer happens to be 0
            g.credit = np.zeros(g.expected.shape)
        elif sc.status == WRONG and not g.blocked_by:
            g.mistake = explain(checked, sc, closes[full_name(s)])
            if g.mistake is not None:  # the step's rule was not applied: the key decides what that earns
                g.credit = np.full(g.expected.shape, mistake_credit(rules.mistake_credit, g.mistake))
    result.steps = grades
    if result.problems:
        result.status = PROBLEM
    elif all(g.trivial for g in grades.values()):
        result.status = BLANK  # scored 0 like a wrong answer, but a teacher wants to tell the two apart
    else:
        result.status = OK
    return result


def _cell_close(tolerance: np.ndarray):
    def close(expected: np.ndarray, found: np.ndarray) -> np.ndarray:
        return np.abs(found - expected) <= tolerance

    return close


def grade_all(key: Key, files: list[SubmissionFile | tuple[str, bytes | str]],
              policy: Policy | None = None) -> list[Result]:
    """Grade every submitted file (a SubmissionFile, or a (file name, content) pair). Bad submissions become
    Results with problems; every other submission is still graded. Roster students without a submission get
    a "not submitted" row. `policy`: which of a student's several files counts, and points set by hand."""
    policy = policy or Policy()
    files = [f if isinstance(f, SubmissionFile) else SubmissionFile(f[0], f[1]) for f in files]
    unread = [f for f in files if f.content is None]
    read = [f for f in files if f.content is not None]
    subs = [parse_submission(f.content, f.name) for f in read]
    source = {id(s): f for s, f in zip(subs, read, strict=True)}
    if key.roster:  # an unreadable file is the student's its name names (s001.toml), unless they sent another
        stems = {student.file.casefold(): sid for sid, (student, _code, _trace) in key.variants.items()}
        named = {s.student_id for s in subs}
        for s in subs:
            sid = stems.get(safe_name(PurePath(s.file).stem).casefold())
            if s.student_id is None and sid is not None and sid not in named:
                s.student_id = sid
                named.add(sid)
    by_id: dict[str, list[Submission]] = {}
    for s in subs:
        if s.student_id is not None:
            by_id.setdefault(s.student_id, []).append(s)
    owners = {code: sid for sid, (_student, code, _trace) in key.variants.items()} if key.roster else {}

    used: set[str] = set()

    def unique(stem: str) -> str:
        name, i = stem, 2
        while name.casefold() in used:
            name, i = f"{stem}-{i}", i + 1
        used.add(name.casefold())
        return name

    known: dict[str, Result] = {}
    others: list[Result] = []
    if key.roster:
        used.update(student.file.casefold() for student, _code, _trace in key.variants.values())
    for sub in subs:
        sid = sub.student_id
        if sid is None:  # unreadable: no student to attach it to
            others.append(Result(file=sub.file, student_id=None,
                                 feedback_file=unique("unknown-" + safe_name(PurePath(sub.file).stem)),
                                 status=PROBLEM, problems=list(sub.problems)))
            continue
        found = key.variant(sid)
        if found is None:
            others.append(Result(file=sub.file, student_id=sid, name=sub.name or "",
                                 feedback_file=unique("unknown-" + safe_name(sid)), status=PROBLEM,
                                 problems=[*sub.problems, Problem("hw.sub.unknown_id", id=sid)]))
            continue
        if sid in known:  # one of several files of this student, already decided
            continue
        student, code, trace = found
        if not key.roster:  # one shared exercise: the submission names the student
            student = Student(sid, sub.name or "", unique(safe_name(sid)))
        chosen, notes = _choose(by_id[sid], source, policy.duplicates)
        if chosen is None:
            names = ", ".join(s.file for s in by_id[sid])
            known[sid] = Result(file=names, student_id=sid, name=student.name, code=code,
                                feedback_file=student.file, status=PROBLEM,
                                problems=[Problem("hw.sub.duplicate", id=sid, files=names)])
            continue
        if chosen.problems and not chosen.answers:  # a file that could not be read: reported, not graded
            result = Result(file=chosen.file, student_id=sid, name=student.name, code=code,
                            feedback_file=student.file, status=PROBLEM, problems=list(chosen.problems))
        else:
            result = grade_submission(chosen, student, code, trace, key.ask, key.rules, owners)
        result.notes[:0] = notes
        known[sid] = result

    results = []
    if key.roster:
        for sid, (student, code, _trace) in key.variants.items():
            results.append(known.pop(sid, None) or Result(file=None, student_id=sid, name=student.name, code=code,
                                                          status=NOT_SUBMITTED))
    results += list(known.values()) + others
    results += [Result(file=f.name, student_id=None, status=PROBLEM,
                       problems=[Problem("error.read", path=f.name, reason=f.error or "")]) for f in unread]
    for r in results:
        for s, g in r.steps.items():
            g.override = policy.override(r.student_id, s)
    return results


def _choose(subs: list[Submission], source: dict[int, SubmissionFile],
            duplicates: str) -> tuple[Submission | None, list[Problem]]:
    """The one of a student's submissions that counts, and notes saying which were set aside and why;
    None when the policy is "error" and the files differ."""
    if len(subs) == 1:
        return subs[0], []
    files = [source[id(s)] for s in subs]
    if len(distinct(files)) > 1 and duplicates == ERROR:
        return None, []
    best = newest(files)
    chosen = next(s for s, f in zip(subs, files, strict=True) if f is best)
    same = [f.name for f in files if f is not best and f.data == best.data]
    older = [f.name for f in files if f.data != best.data]
    notes = []
    if same:
        notes.append(Problem("hw.dup.same", files=", ".join(same)))
    if older:
        notes.append(Problem("hw.dup.newer", files=", ".join(older)))
    return chosen, notes


def unapplied(results: list[Result], policy: Policy) -> list[Override]:
    """Overrides that no graded step took: the student has no graded submission."""
    taken = {(r.student_id, s) for r in results for s, g in r.steps.items() if g.override is not None}
    return [o for o in policy.overrides if (o.student_id, o.step) not in taken]
