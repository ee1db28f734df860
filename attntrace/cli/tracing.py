"""Text -> Trace for the commands that take sentences (explain, compare): the seeded encoder from the
model options, or a checkpoint with --model. Every problem ends in a message, never a traceback."""

from __future__ import annotations

import typer

from .common import fail, usage_error


def seeded_config(command: str, *, tokenizer, d_model, heads, layers, d_ff, seed, positional, mask):
    """The Config the model options describe; sizes that do not fit together are a usage error."""
    from ..config import Config, ConfigError

    try:
        return Config(d_model=d_model, n_heads=heads, n_layers=layers, d_ff=d_ff, seed=seed,
                      positional=positional.value, mask=mask.value, tokenizer=tokenizer.value)
    except ConfigError as e:
        usage_error(str(e), command)


def input_text(text: str | None, file: str | None, command: str) -> str:
    """The text to trace: TEXT, or stdin for TEXT '-', or the file of --file (one of them). A file or stdin
    is read as UTF-8, up to TEXT_LIMIT_MIB; anything else ends in a message."""
    from ..i18n import os_reason, t
    from .options import TEXT_LIMIT_MIB

    if text is not None and file is not None:
        usage_error(t("error.text.both"), command)
    if text is None and file is None:
        usage_error(t("error.text.none"), command)
    if file is None and text != "-":
        return text
    path = "-" if file is None else file
    limit = TEXT_LIMIT_MIB * 2**20
    try:
        if path == "-":
            from .common import open_stdin

            stdin = open_stdin()
            stream = getattr(stdin, "buffer", None)
            data = stream.read(limit + 1) if stream is not None else stdin.read(limit + 1).encode("utf-8")
        else:
            with open(path, "rb") as f:
                data = f.read(limit + 1)
    except OSError as e:
        fail(t("error.read", path=path, reason=os_reason(e)))
    if len(data) > limit:
        usage_error(t("error.text.too_big", path=path, limit=TEXT_LIMIT_MIB), command)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        fail(t("error.read", path=path, reason=t("error.not_utf8", byte=e.start)))


def trace_text(ctx: typer.Context, text: str, command: str, model, dtype=None, **options):
    """Trace `text` with the checkpoint `model` (a folder or a loaded one) computing in `dtype`, or else with
    the seeded encoder that `options` describe."""
    if model is not None:  # a pretrained checkpoint
        from .model import trace_checkpoint

        try:
            return trace_checkpoint(ctx, text, model, command, dtype)
        except MemoryError:
            _out_of_memory()
    if dtype is not None:  # the seeded encoder always computes in float64: its numbers are the lesson's
        from ..i18n import t

        usage_error(t("model.dtype_needs_model"), command)
    config = seeded_config(command, **options)
    from ..config import ConfigError
    from ..models.plan import TraceTooLarge
    from ..models.seeded import trace
    from ..tokenize import EmptyTextError, InvalidTextError

    try:
        return trace(text, config)
    except (EmptyTextError, InvalidTextError, ConfigError, TraceTooLarge) as e:  # too many weights or tokens
        usage_error(str(e), command)
    except MemoryError:  # sizes within the config's limits can still be more than this machine holds
        _out_of_memory()


def _out_of_memory():
    from ..i18n import t

    fail(t("error.memory"))
