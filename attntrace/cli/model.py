"""What `explain --model` and `--npz` add to the command line (#6): the CLI side only; the work is in
attntrace.models and attntrace.npz."""

from __future__ import annotations

import typer

from .app import check_writable, fail, notice, read_text, usage_error, write_bytes

# explain's options that describe the seeded encoder; a checkpoint's config.json fixes all of them
SEEDED_OPTIONS = ("tokenizer", "d_model", "heads", "layers", "d_ff", "seed", "positional", "mask")


def load_checkpoint(model: str, dtype: str = "float64"):
    """Load a checkpoint folder once (compare traces two sentences with it); problems end in a message."""
    from ..models import ModelError, load

    try:
        return load(model, dtype)
    except ModelError as e:
        fail(str(e))


def trace_checkpoint(ctx: typer.Context, text: str, model, command: str = "explain", dtype: str = "float64"):
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
    from ..tokenize import EmptyTextError

    checkpoint = load_checkpoint(model, dtype) if isinstance(model, str) else model
    try:
        return trace_model(text, checkpoint)
    except (EmptyTextError, TextTooLong) as e:
        usage_error(str(e), command)
    except ModelError as e:
        fail(str(e))


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
    from ..npz import to_npz_bytes

    write_bytes(path, to_npz_bytes(trace))
    notice(t("notice.wrote", what=t("notice.npz"), path=path))


def read_trace(path: str):
    """A saved trace: JSON text, or a numpy archive written with --npz; '-' reads JSON from stdin.
    Every problem with the file ends in a message naming the place (exit 1) and the notes of what was
    skipped are shown."""
    from ..export import TraceFormatError, loads
    from ..i18n import t

    try:
        if _is_npz(path):
            from ..npz import load_npz

            trace = load_npz(path)
        else:
            trace = loads(read_text(path))
    except TraceFormatError as e:
        fail(t("error.trace", path=path, reason=str(e)))
    except MemoryError:  # a file of huge arrays (or numbers) can need more memory than the machine has
        fail(t("error.trace", path=path, reason=t("error.memory.file")))
    for note in trace.notes:
        notice(f"{path}: {note}")
    return trace


def _is_npz(path: str) -> bool:
    """A saved .npz archive (a zip file) rather than JSON text."""
    if path == "-":
        return False
    try:
        with open(path, "rb") as f:
            return f.read(4) == b"PK\x03\x04"
    except OSError:
        return False


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
