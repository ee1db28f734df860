"""The errors of loading and tracing a model; the messages are in attntrace.i18n."""

from __future__ import annotations

from ..i18n import Message


class ModelError(Message, ValueError):
    """A folder that is not a checkpoint attntrace can load; the message says what was found (see i18n)."""


class MissingDependency(ModelError):
    """A package of the models extra (safetensors, tokenizers) is not installed; the message names each one."""


class TextTooLong(ModelError):
    """More tokens than the checkpoint has positions for."""
