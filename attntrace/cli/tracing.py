"""Text -> Trace for the commands that take sentences (explain, compare): the seeded encoder from the
model options, or a checkpoint with --model. Every problem ends in a message, never a traceback."""

from __future__ import annotations

import typer

from .app import fail, usage_error


def seeded_config(command: str, *, tokenizer, d_model, heads, layers, d_ff, seed, positional, mask):
    """The Config the model options describe; sizes that do not fit together are a usage error."""
    from ..config import Config, ConfigError

    try:
        return Config(d_model=d_model, n_heads=heads, n_layers=layers, d_ff=d_ff, seed=seed,
                      positional=positional.value, mask=mask.value, tokenizer=tokenizer.value)
    except ConfigError as e:
        usage_error(str(e), command)


def trace_text(ctx: typer.Context, text: str, command: str, model, dtype: str = "float64", **options):
    """Trace `text` with the checkpoint `model` (a folder or a loaded one, computed in `dtype`), or else with
    the seeded encoder that `options` describe."""
    if model is not None:  # a pretrained checkpoint (#6)
        from .model import trace_checkpoint

        try:
            return trace_checkpoint(ctx, text, model, command, dtype)
        except MemoryError:
            _out_of_memory()
    config = seeded_config(command, **options)
    from ..api import trace
    from ..config import ConfigError
    from ..tokenize import EmptyTextError, InvalidTextError

    try:
        return trace(text, config)
    except (EmptyTextError, InvalidTextError, ConfigError) as e:  # ConfigError: too many weights to draw
        usage_error(str(e), command)
    except MemoryError:  # sizes within the config's limits can still be more than this machine holds
        _out_of_memory()


def _out_of_memory():
    from ..i18n import t

    fail(t("error.memory"))
