"""What `explain --model` and `--npz` add to the command line: the CLI side only; the work is in
attntrace.models and attntrace.npz."""

from __future__ import annotations

import typer

from .common import check_writable, fail, notice, read_text, usage_error, write_bytes

# explain's options that describe the seeded encoder; a checkpoint's config.json fixes all of them
SEEDED_OPTIONS = ("tokenizer", "d_model", "heads", "layers", "d_ff", "seed", "positional", "mask")


def load_checkpoint(model: str, dtype=None):
    """Load a checkpoint folder once (compare traces two sentences with it); problems end in a message."""
    from ..models import ModelError, load

    try:
        return load(model, str(dtype or "float64"))
    except ModelError as e:
        fail(str(e))


def trace_checkpoint(ctx: typer.Context, text: str, model, command: str = "explain", dtype=None):
    """Trace `text` with a checkpoint (a folder, or one `load_checkpoint` returned); every problem ends in
    a message, never a traceback."""
    from ..i18n import t

    given = []
    for param in ctx.command.params:
        if param.name in SEEDED_OPTIONS:
            source = ctx.get_parameter_source(param.name)
            if source is not None and source.name != "DEFAULT":
                given.append(param.opts[0])
    if given:
        usage_error(t("model.options", options=", ".join(given)), command)

    from ..models import ModelError, TextTooLong, trace_model
    from ..models.plan import TraceTooLarge
    from ..tokenize import EmptyTextError

    checkpoint = load_checkpoint(model, dtype) if isinstance(model, str) else model
    try:
        trace = trace_model(text, checkpoint)
    except (EmptyTextError, TextTooLong, TraceTooLarge) as e:
        usage_error(str(e), command)
    except ModelError as e:
        fail(str(e))
    for note in trace.notes:  # e.g. text the vocabulary turned into [UNK]
        notice(note)
    return trace


def check_npz(path: str | None, force: bool, command: str = "explain") -> None:
    """Before any work: --npz needs a file name, and an existing file needs --force."""
    from ..i18n import t

    if path is None:
        return
    if path == "-":
        usage_error(t("model.npz_stdout"), command)
    check_writable(path, force)


def write_npz(path: str, trace) -> None:
    """Write the selected steps as a numpy archive (atomically, like every output file)."""
    from ..i18n import t
    from ..io.npz import to_npz_bytes

    write_bytes(path, to_npz_bytes(trace))
    notice(t("notice.wrote", what=t("notice.npz"), path=path))


def read_trace(path: str, variant: str | None = None):
    """A saved trace: JSON text, or a numpy archive written with --npz; '-' reads JSON from stdin. A homework
    key.json gives the trace of one variant (`variant`: a student id, variant code or file name; none needed
    when the key has one). Every problem with the file ends in a message naming the place (exit 1) and the
    notes of what was skipped are shown."""
    from ..i18n import t
    from ..io.json import TraceFormatError, loads
    from ..io.load import load

    text = read_text(path) if path == "-" else None  # stdin is read once: kept in case it is a key
    try:
        try:
            if text is not None:
                trace = loads(text)
            else:
                try:
                    trace = load(path)  # a JSON file line by line, or an NPZ archive
                except OSError as e:
                    fail(t("error.read", path=path, reason=e.strerror or str(e)))
                except UnicodeDecodeError as e:
                    fail(t("error.read", path=path, reason=t("error.not_utf8", byte=e.start)))
        except TraceFormatError as e:
            if e.key != "trace.format" or e.fields.get("found") != repr(HOMEWORK_KEY):
                raise
            return _key_variant(path, text, variant)
    except TraceFormatError as e:
        fail(t("error.trace", path=path, reason=str(e)))
    except MemoryError:  # a file of huge arrays (or numbers) can need more memory than the machine has
        fail(t("error.trace", path=path, reason=t("error.memory.file")))
    if variant is not None:
        usage_error(t("hw.keysheet.not_a_key", path=path))
    for note in trace.notes:
        notice(f"{path}: {note}")
    return trace


HOMEWORK_KEY = "attntrace.homework.key"
KEY_BYTES = 1024 * 1024 * 1024  # as `homework grade --key` reads it


def _key_variant(path: str, text: str | None, variant: str | None):
    """The trace of one variant of a homework key, with a notice naming it."""
    from ..homework.answer_key import VariantError, find_variant
    from ..homework.key import KeyError_, loads
    from ..i18n import t

    try:
        key = loads(text if text is not None else read_text(path, KEY_BYTES))
        student, code, trace = find_variant(key, variant)
    except KeyError_ as e:
        fail(t("error.trace", path=path, reason=str(e)))
    except VariantError as e:  # the option is missing or names no variant: a usage error
        usage_error(t("error.trace", path=path, reason=str(e)))
    notice(t("hw.keysheet.showing", path=path, id=student.id or student.file, name=student.name or "-", code=code))
    return trace


def default_view(trace, steps, layer, head, view: str):
    """What the terminal shows of a model trace when the user chose nothing: the attention weights.

    A full MiniLM trace is some 190 tables with hundreds of rows (over 100 000 lines, half a minute of
    drawing), so without --steps/--layer/--head the screen gets `*.attn.weights` and a notice saying how to
    see more; --json and --npz still hold every step. Returns None to show `trace` itself.
    """
    from ..i18n import t

    if steps or layer is not None or head is not None or view != "steps":
        return None
    shown = trace.select(["*.attn.weights"])
    notice(t("model.default_view", shown=len(shown.steps), total=len(trace.steps)))
    return shown
