"""Text -> Trace for the commands that take sentences (explain, compare): the seeded encoder from the
model options, or a checkpoint with --model. Every problem ends in a message, never a traceback."""

from __future__ import annotations

import typer

from .app import fail, usage_error

SEEDED_LIMIT_GIB = 2  # the most seeded weights explain/compare draw; see seeded_config


def seeded_config(command: str, *, tokenizer, d_model, heads, layers, d_ff, seed, positional, mask):
    """The Config the model options describe; sizes that do not fit together are a usage error."""
    from ..config import Config, ConfigError

    try:
        config = Config(d_model=d_model, n_heads=heads, n_layers=layers, d_ff=d_ff, seed=seed,
                        positional=positional.value, mask=mask.value, tokenizer=tokenizer.value)
    except ConfigError as e:
        usage_error(str(e), command)
    # The config's limits admit real checkpoints, whose size their file on disk already bounds; the seeded
    # encoder draws all of its weights at once (float64), and at the limits that is terabytes, which the OS
    # answers by killing the process rather than with a MemoryError. bert-base's shape is 0.6 GiB.
    values = config.n_layers * (4 * config.d_model**2 + 2 * config.d_model * config.d_ff)  # W_Q,K,V,O; W_1, W_2
    if values * 8 > SEEDED_LIMIT_GIB * 2**30:
        from ..i18n import t

        usage_error(t("error.seeded_too_big", d_model=config.d_model, layers=config.n_layers, d_ff=config.d_ff,
                      gib=values * 8 / 2**30, limit=SEEDED_LIMIT_GIB), command)
    return config


def trace_text(ctx: typer.Context, text: str, command: str, model, **options):
    """Trace `text` with the checkpoint `model` (a folder or a loaded one), or else with the seeded encoder
    that `options` describe."""
    if model is not None:  # a pretrained checkpoint (#6)
        from .model import trace_checkpoint

        try:
            return trace_checkpoint(ctx, text, model, command)
        except MemoryError:
            _out_of_memory()
    config = seeded_config(command, **options)
    from ..api import trace
    from ..tokenize import EmptyTextError, InvalidTextError

    try:
        return trace(text, config)
    except (EmptyTextError, InvalidTextError) as e:
        usage_error(str(e), command)
    except MemoryError:  # sizes within the config's limits can still be more than this machine holds
        _out_of_memory()


def _out_of_memory():
    from ..i18n import t

    fail(t("error.memory"))
