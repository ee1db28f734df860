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
    """A saved trace (`io.load.read_trace`: JSON, an archive written with --npz, or a variant of a homework
    key.json); '-' reads stdin. A problem with the file ends in a message naming it (exit 1; 2 when
    --variant does not fit it); the notes of the reading are shown."""
    from ..io.load import TraceReadError
    from ..io.load import read_trace as read

    try:
        source = read_text("-").encode("utf-8") if path == "-" else path  # stdin is read once: it may be a key
        loaded = read(source, variant, name=path, key_reader=_key_variant)
    except TraceReadError as e:
        (usage_error if e.usage else fail)(str(e))
    for note in loaded.notes:
        notice(note)
    return loaded.trace


def _key_variant(*args):
    from ..homework.reading import key_variant  # imported only for a key: the homework package is large

    return key_variant(*args)
