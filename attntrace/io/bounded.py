"""Reading a file we did not write, bounded: at most a limit of bytes, and never a FIFO or a device (a link
to /dev/zero) read without end. Only the standard library, so the CLI's start-up stays light."""

from __future__ import annotations

import os
import stat


def read_limited(path: str | os.PathLike, limit: int) -> bytes:
    """At most `limit` + 1 bytes of the regular file `path` (more than `limit` means too large): a link to
    /dev/zero or a FIFO is refused, not read without end. Raises OSError with a message as its strerror."""
    from ..i18n import t

    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise OSError(0, t("error.is_dir") if stat.S_ISDIR(mode) else t("files.not_regular"))
    with open(path, "rb") as f:
        return f.read(limit + 1)


def read_bounded(path: str | os.PathLike, limit: int) -> bytes:
    """The regular file `path`, whole; one larger than `limit` bytes is refused: OSError, its strerror saying so."""
    from ..i18n import t

    data = read_limited(path, limit)
    if len(data) > limit:
        raise OSError(0, t("files.too_large", limit=limit))
    return data
