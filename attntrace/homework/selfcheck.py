"""A student's own check of a submission before they hand it in: no key, no answers, only the file.

    self_check(content, file) -> SelfCheck     what is wrong, step by step, or that the file is ready

The template `homework new` writes carries one line for this (`check_line`), next to the student id and the
variant code:

    check = { tokens = 3, d = 4, decimals = 2, ask = ["Q", "K", ...], seal = "5e0c1a9b" }

`tokens` and `d` give every asked step's rows × columns (see `exercise.shape`), `decimals` the places answers
are asked to, `ask` the steps to fill, and `seal` eight hex digits of sha256 over the student id, the variant
code and the rest of the line. The seal is
no secret: it catches a mistyped variant code, an edited student id, or answers pasted into another student's
or another homework's template, and it reveals nothing about the answers (grade compares the variant code
with key.json; that is where a deliberate swap is caught). A shared exercise (no roster) is sealed with an
empty id, which the student fills in.

What is checked, in order; a problem of the file as a whole hides the per-step checks it makes meaningless:

1. the file as `grade` reads it: at most MAX_BYTES, UTF-8 text (UTF-16, GBK and binary files are named),
   not nested deeper than MAX_DEPTH;
2. syntax: TOML (JSON for a .json file) with grade's forgiving rules (`.34`, numbers and fractions in quotes),
   an error given with its line, column, the line itself and what usually causes it;
3. that it is a file of this homework: a student_id, a variant code of the form 3FA9-C21B, and the check line
   intact and sealed with them;
4. per asked step: present under [answers], rows of numbers, the right number of rows and of numbers in each,
   finite, and not still the template's zeros (`[0.0, 0.0]` as it wrote them: no asked step's answer is all
   zeros, so they are unfilled work; zeros a student types are an answer, with a warning); and no step that
   is not asked. Beyond that it judges no answer, except for one rule every answer
   obeys (a warning): each row of weights lies in [0, 1] and adds up to 1.

A file without a check line (a template from before it existed, or the line deleted) is checked as far as
it can be: the steps present must be numbers whose shapes agree with each other, and a warning says what
was not checked. Ready (`SelfCheck.ready`) means `grade` will read every asked step of it; it does not mean
the answers are right. Nothing here prints or reads files.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import PurePath

from ..i18n import Message
from .exercise import ASKABLE, full_name, shape, short_name
from .grade import _BARE_DECIMAL, MAX_BYTES, MAX_DEPTH, _number, _toml_forgiving, too_deep

SEAL_FORMAT = "attntrace.homework.check/1"
_CODE = re.compile(r"[0-9A-F]{4}-[0-9A-F]{4}")
_SEAL = re.compile(r"[0-9a-f]{8}")
_TOML_AT = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\s*$")
TOP_LEVEL = ("student_id", "name", "variant", "check", "answers")
SHOWN_LINE = 100  # characters of a line shown around a syntax error


class Finding(Message):
    """One thing a student should fix (or, as a warning, know) about their file."""


@dataclass(frozen=True)
class Issue:
    message: Finding
    step: str | None = None  # the step it is about; None for the file as a whole
    warning: bool = False  # worth knowing; the file is still ready
    line: int | None = None  # a syntax error's place, 1-based
    column: int | None = None
    source: str | None = None  # the line itself (cut to SHOWN_LINE characters around the column)
    caret: int = 0  # where in `source` the column is


@dataclass
class SelfCheck:
    file: str
    student_id: str | None = None
    name: str | None = None
    variant: str | None = None
    ask: tuple[str, ...] | None = None  # the steps the check line asks for; None without one
    decimals: int = 2  # answers are asked to this many places (the check line's; 2 without one)
    shapes: dict[str, tuple[int, int]] = field(default_factory=dict)  # per step checked: rows, columns
    good: list[str] = field(default_factory=list)  # steps filled, numbers, shape right
    issues: list[Issue] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not any(not i.warning for i in self.issues)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if not i.warning]

    def add(self, key: str, /, step: str | None = None, warning: bool = False, **fields) -> None:
        self.issues.append(Issue(Finding(key, **fields, **({"step": step} if step else {})), step, warning))


# --- the template's check line ------------------------------------------------------------------------


def seal(student_id: str, code: str, tokens: int, d: int, decimals: int, ask: tuple[str, ...]) -> str:
    """Eight hex digits binding the id, the variant code, the shapes, the decimals and the asked steps."""
    text = "\x1f".join([SEAL_FORMAT, student_id, code, str(tokens), str(d), str(decimals), ",".join(ask)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def check_line(student_id: str, code: str, tokens: int, d: int, decimals: int, ask: tuple[str, ...]) -> str:
    """The template's `check = {...}` line (TOML) for one variant."""
    steps = ", ".join(f'"{s}"' for s in ask)
    return (f'check = {{ tokens = {tokens}, d = {d}, decimals = {decimals}, ask = [{steps}], '
            f'seal = "{seal(student_id, code, tokens, d, decimals, ask)}" }}')


# --- reading the file ---------------------------------------------------------------------------------


def _encoding_hint(data: bytes) -> str:
    """What a file that is not UTF-8 probably is: the key of a hint."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(data) > 1 and b"\x00" in data[:2] and
                                                       data.count(b"\x00") * 3 >= len(data)):
        return "hw.check.utf16"
    if b"\x00" in data[:4096]:
        return "hw.check.binary"
    try:
        data.decode("gb18030")
        return "hw.check.gbk"
    except UnicodeDecodeError:
        return "hw.check.other_encoding"


def _decimal_offsets(text: str) -> list[int]:
    """Where grade's forgiving reading inserts a 0 (`.34` -> `0.34`), as offsets into `text`."""
    return [m.start() + len(m.group(1)) for m in _BARE_DECIMAL.finditer(text)]


def _place(text: str, fixed: str, line: int, column: int) -> tuple[int, int]:
    """A (line, column) in `fixed` (text with `.34` read as `0.34`) as a place in `text`."""
    starts = [0] + [i + 1 for i, ch in enumerate(fixed) if ch == "\n"]
    offset = starts[min(line, len(starts)) - 1] + column - 1
    inserted = sum(1 for k, o in enumerate(_decimal_offsets(text)) if o + k < offset)
    offset -= inserted
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


_TOML_REASONS = {  # tomllib's messages -> our key; any other message is shown as tomllib says it
    "Unclosed array": "hw.check.toml.unclosed_array",
    "Invalid value": "hw.check.toml.invalid_value",
    "Expected newline or end of document after a statement": "hw.check.toml.after_statement",
    "Unterminated string": "hw.check.toml.unterminated_string",
    "Cannot overwrite a value": "hw.check.toml.twice",
    "Cannot declare": "hw.check.toml.twice",
    "Expected '=' after a key in a key/value pair": "hw.check.toml.no_equals",
    "Invalid statement": "hw.check.toml.invalid_statement",
    "Unclosed inline table": "hw.check.toml.unclosed_table",
    "Invalid initial character for a key part": "hw.check.toml.bad_key",
}


def _toml_issue(text: str, error: Exception, fixed: str) -> Issue:
    message = str(error)
    m = _TOML_AT.search(message)
    reason = message[: m.start()] if m else message
    key = next((k for prefix, k in _TOML_REASONS.items() if reason.startswith(prefix)), None)
    why = Finding(key) if key else Finding(reason)
    if m and m.group(1):
        return _syntax_issue(text, *_place(text, fixed, int(m.group(1)), int(m.group(2))), why)
    if m and key != "hw.check.toml.twice":  # the file stopped inside a value: what tomllib says would mislead
        return Issue(Finding("hw.check.syntax_eof"))
    return Issue(Finding("hw.check.syntax_end", reason=why))


def _syntax_issue(text: str, line: int, column: int, reason: Finding | str) -> Issue:
    """A syntax error at (line, column) of `text`, with the line itself (cut around the column)."""
    lines = text.split("\n")
    source = lines[line - 1].rstrip("\r") if 1 <= line <= len(lines) else ""
    start = max(0, column - 1 - SHOWN_LINE // 2)
    return Issue(Finding("hw.check.syntax_at", line=line, column=column, reason=reason), line=line, column=column,
                 source=source[start: start + SHOWN_LINE], caret=max(0, column - 1 - start))


def _parse(text: str, file: str) -> tuple[object, Issue | None]:
    """The data of a submission as grade reads it (by suffix; other names JSON, then TOML), or the syntax
    error a student should fix."""
    suffix = PurePath(file).suffix.lower()
    as_json = suffix == ".json" or (suffix != ".toml" and text.lstrip().startswith("{"))
    if as_json:
        try:
            return json.loads(text, parse_constant=lambda c: float("nan")), None
        except json.JSONDecodeError as e:
            return None, _syntax_issue(text, e.lineno, e.colno, e.msg)
        except (ValueError, RecursionError) as e:
            return None, Issue(Finding("hw.check.syntax_end", reason=str(e) or type(e).__name__))
    try:
        return _toml_forgiving(text), None
    except (ValueError, RecursionError):
        pass
    fixed = _BARE_DECIMAL.sub(r"\g<1>0.\2", text)
    try:  # the error left once the forgiven `.34`s are read (grade's second try), at its place in the text
        return tomllib.loads(fixed), None
    except (ValueError, RecursionError) as e:
        return None, _toml_issue(text, e, fixed)


# --- the checks ---------------------------------------------------------------------------------------


def _identity(result: SelfCheck, data: dict) -> None:
    sid = data.get("student_id")
    if not isinstance(sid, str) or not sid.strip():
        result.add("hw.check.no_id")
    else:
        result.student_id = sid.strip()
    if isinstance(data.get("name"), str):
        result.name = data["name"]
    code = data.get("variant")
    if not isinstance(code, str) or not code.strip():
        result.add("hw.check.no_variant")
    elif not _CODE.fullmatch(code.strip()):
        result.add("hw.check.bad_variant", found=code)
    else:
        result.variant = code.strip()


def _check_table(result: SelfCheck, data: dict) -> tuple[int, int] | None:
    """The check line's tokens and d when it is intact (its seal is checked when the id and the variant code
    are there); else a finding, and None."""
    raw = data.get("check")
    if raw is None:
        result.add("hw.check.no_check_line", warning=True)
        return None
    ints = [raw.get(k) if isinstance(raw, dict) else None for k in ("tokens", "d", "decimals")]
    ask = raw.get("ask") if isinstance(raw, dict) else None
    if (not all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 64 for v in ints)
            or not ints[0] or not ints[1]
            or not isinstance(ask, list) or not ask or not all(isinstance(s, str) and s in ASKABLE for s in ask)
            or len(set(ask)) != len(ask) or not isinstance(raw.get("seal"), str)
            or not _SEAL.fullmatch(raw["seal"])):
        result.add("hw.check.bad_check_line")
        return None
    tokens, d, result.decimals = ints
    result.ask = tuple(s for s in ASKABLE if s in ask)
    if result.variant is not None and result.student_id is not None:
        sealed = {seal(who, result.variant, tokens, d, result.decimals, tuple(ask)) for who in (result.student_id, "")}
        if raw["seal"] not in sealed:
            result.add("hw.check.seal", id=result.student_id, code=result.variant)
    return tokens, d


def _rows(raw) -> list | None:
    """The rows of an answer as written: a list of rows, or [[rows]] (one head) as grade accepts."""
    if not isinstance(raw, list):
        return None
    if len(raw) == 1 and isinstance(raw[0], list) and raw[0] and all(isinstance(r, list) for r in raw[0]):
        return raw[0]
    return raw


def _cell(value) -> tuple[float | None, str | None]:
    """A cell read as grade reads it, or why it cannot be: the key of the reason."""
    value = _number(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None, "hw.check.cell_not_number"
    try:
        x = float(value)
    except OverflowError:
        return None, "hw.check.cell_too_large"
    if x != x or x in (float("inf"), float("-inf")):
        return None, "hw.check.cell_not_finite"
    return x, None


def _matrix(result: SelfCheck, step: str, raw, expected: tuple[int | None, int | None]) -> list[list[float]] | None:
    """Check one answer: its numbers when it is a usable matrix (rows of equal, expected length), else None
    (and the findings)."""
    rows = _rows(raw)
    if rows is None or not rows:
        result.add("hw.check.not_rows", step=step, rows=expected[0] or "n", cols=expected[1] or "m")
        return None
    ok, values = True, []
    want_rows, want_cols = expected
    if want_rows is not None and len(rows) != want_rows:
        result.add("hw.check.row_count", step=step, found=len(rows), expected=want_rows)
        ok = False
    first = len(rows[0]) if isinstance(rows[0], list) else None
    width = want_cols if want_cols is not None else first
    if width == 0:
        result.add("hw.check.not_rows", step=step, rows=want_rows or "n", cols="m")
        return None
    shown = 0  # cells named, so a file of garbage gives a few lines per step, not thousands
    for i, row in enumerate(rows, 1):
        if not isinstance(row, list):
            result.add("hw.check.row_not_list", step=step, row=i, found=_short(row))
            ok = False
            continue
        if width is not None and len(row) != width:
            result.add("hw.check.row_length", step=step, row=i, found=len(row), expected=width)
            ok = False
        values.append([])
        for j, value in enumerate(row, 1):
            x, why = _cell(value)
            if why is not None:
                ok = False
                if shown < 3:
                    result.add(why, step=step, row=i, col=j, found=_short(value))
                shown += 1
            values[-1].append(x)
    if shown > 3:
        result.add("hw.check.more_cells", step=step, n=shown - 3)
    return values if ok else None


def _softmax_rows(result: SelfCheck, weights: list[list[float]]) -> None:
    """The one rule any answer obeys, whatever the numbers: each row of weights is in [0, 1] and adds up to 1
    (to the rounding of each cell to the asked decimals). A warning: the file is still ready to submit."""
    n = len(weights[0])
    slack = 0.5 * 10.0 ** -result.decimals * n + 1e-6
    for i, row in enumerate(weights, 1):
        if any(not 0 <= w <= 1 for w in row):
            result.add("hw.check.weight_range", step="weights", warning=True, row=i)
            return
    sums = [sum(row) for row in weights]
    off = [i for i, total in enumerate(sums, 1) if abs(total - 1) > slack]
    if not off:
        return
    columns = [sum(row[j] for row in weights) for j in range(n)]
    if len(weights) == n and all(abs(c - 1) <= slack for c in columns):
        result.add("hw.check.weight_columns", step="weights", warning=True)
    else:
        result.add("hw.check.weight_sum", step="weights", warning=True, row=off[0], total=f"{sums[off[0] - 1]:.4g}")


def _cut(text: str) -> str:
    return text if len(text) <= 30 else text[:27] + "…"


def _short(value) -> str:
    """A value as the student wrote it (strings in quotes), cut to 30 characters."""
    return _cut(json.dumps(value, ensure_ascii=False, default=str)[:40])


def _answers(result: SelfCheck, data: dict, dims: tuple[int, int] | None, text: str) -> None:
    answers = data.get("answers")
    misplaced = [k for k in data if k not in TOP_LEVEL and short_name(k) in ASKABLE]
    for k in misplaced:
        result.add("hw.check.outside_answers", step=short_name(k))
    for k in (k for k in data if k not in TOP_LEVEL and k not in misplaced):
        result.add("hw.check.unknown_key", warning=True, name=_cut(k))
    if not isinstance(answers, dict):
        result.add("hw.check.no_answers")
        return
    asked = result.ask if dims is not None else tuple(s for s in ASKABLE if s in answers or full_name(s) in answers)
    lookup = {s.lower(): s for s in ASKABLE}
    for k in answers:
        s = short_name(k)
        if s in asked:
            continue
        if s in ASKABLE:
            result.add("hw.check.not_asked", step=s, warning=True, asked=", ".join(asked))
        elif s.lower() in lookup:
            result.add("hw.check.unknown_step_case", step=_cut(k), meant=lookup[s.lower()])
        else:
            result.add("hw.check.unknown_step", step=_cut(k), asked=", ".join(asked or ASKABLE))
    if not asked:
        result.add("hw.check.no_steps", steps=", ".join(ASKABLE))
        return
    n, d = dims if dims is not None else (None, None)
    zeros = []
    for s in asked:
        raw = answers.get(s, answers.get(full_name(s)))
        if s in answers and full_name(s) in answers:
            result.add("hw.check.step_twice", step=s, full=full_name(s))
            continue
        want = shape(s, n, d) if dims is not None else _inferred(result, s)
        if raw is None:
            result.add("hw.check.missing", step=s, rows=want[0], cols=want[1])
            continue
        values = _matrix(result, s, raw, want)
        if values is None:
            continue
        result.shapes[s] = (len(values), len(values[0]))
        if not any(any(row) for row in values):
            if _untouched(text, s):
                zeros.append(s)
                continue
            result.add("hw.check.typed_zeros", step=s, warning=True)
        result.good.append(s)
        if s == "weights":
            _softmax_rows(result, values)
    if len(zeros) > 1 and len(zeros) == len(asked):  # the template as it came: one finding, not one per step
        result.add("hw.check.blank")
    else:
        for s in zeros:
            result.add("hw.check.zeros", step=s)


_PLACEHOLDER_ROW = re.compile(r"\s*\[\s*0\.0(?:\s*,\s*0\.0)*\s*,?\s*\]\s*,?\s*(?:#.*)?")
_BLOCK_END = re.compile(r"\s*\]\s*(?:#.*)?")


def _untouched(text: str, step: str) -> bool:
    """The step's rows are still the template's placeholders, written as it writes them (`[0.0, 0.0],`):
    unfilled work, as `homework new` draws no exercise whose answer to an asked step is all zeros
    (generate.degenerate). Zeros the student typed (0, 0.00) are an answer, with a warning (it earns nothing)."""
    start = re.compile(rf"\s*{re.escape(step)}\s*=\s*\[\s*(?:#.*)?")
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if start.fullmatch(line):
            rows = list(itertools.takewhile(lambda x: not _BLOCK_END.fullmatch(x), lines[i + 1:]))
            return bool(rows) and all(_PLACEHOLDER_ROW.fullmatch(r) for r in rows)
    return False


def _inferred(result: SelfCheck, step: str) -> tuple[int | None, int | None]:
    """Without a check line: the shape the steps checked so far imply (n tokens, d dimensions)."""
    n = next((r for r, _c in result.shapes.values()), None)
    d = next((c for s, (_r, c) in result.shapes.items() if s in ("Q", "K", "V", "Z")), None)
    return (n, n) if step in ("scores", "scaled", "weights") else (n, d)


def self_check(content: bytes | str, file: str) -> SelfCheck:
    """Check a submission (the bytes or text of the file named `file`) without the key: what a student
    must fix before handing it in, per step, or that it is ready. Never raises."""
    result = SelfCheck(file)
    if len(content) > MAX_BYTES:
        result.add("hw.sub.too_large", limit=MAX_BYTES)
        return result
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            result.add("hw.check.not_utf8", byte=e.start, hint=Finding(_encoding_hint(content)))
            return result
    if "\x00" in content:
        result.add("hw.check.not_utf8", byte=content.index("\x00"), hint=Finding("hw.check.binary"))
        return result
    if too_deep(content):
        result.add("hw.sub.too_deep", limit=MAX_DEPTH)
        return result
    data, error = _parse(content, file)
    if error is not None:
        result.issues.append(error)
        return result
    if not isinstance(data, dict):
        result.add("hw.sub.not_table")
        return result
    _identity(result, data)
    dims = _check_table(result, data)
    _answers(result, data, dims, content)
    return result


def unreadable(file: str, reason: str) -> SelfCheck:
    """The check of a file that could not be read at all (missing, a folder, no permission)."""
    result = SelfCheck(file)
    result.add("hw.check.unreadable_file", reason=reason)
    return result
