"""Writing the CLI's output files: whole or not at all, never a folder, never replacing a special file.

    check_target  before any work: a folder path is a usage error, an existing file needs --force
    write_bytes   a regular file: a temporary sibling, then a rename; the temporary file is removed on every
                  exit path (an error, Ctrl-C, a disk full); a device or FIFO (/dev/null, /dev/stdout, a
                  named pipe) is written through, never replaced by a regular file
    build_folder  a set of files (a homework set, feedback): built whole in a temporary sibling folder and
                  swapped in, under a lock, so two runs never mix and an interrupted one leaves the old set

Only the standard library: `attntrace --help` starts without anything heavy.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from ..io.bounded import read_limited  # noqa: F401 (reading, bounded: the library's, imported from here)


class OutputError(Exception):
    """A file that cannot be written. `usage` marks a path that is wrong as given (exit code 2)."""

    def __init__(self, message: str, usage: bool = False):
        super().__init__(message)
        self.usage = usage


def _t(key: str, **kw) -> str:
    from ..i18n import t

    return t(key, **kw)


def names_folder(path: str) -> bool:
    """A path that names a folder: an existing one, or one written with a trailing slash."""
    return path.endswith(("/", os.sep)) or os.path.isdir(path)


def is_special(path: str | Path) -> bool:
    """A character or block device, FIFO or socket (after links): written through, never replaced."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def check_target(path: str, force: bool) -> None:
    """Refuse, before any work is done, a folder path (usage) or a file that exists (unless --force).
    A special file (a device, a FIFO) is fine: it is written through."""
    if path == "-":
        return
    if names_folder(path):
        raise OutputError(_t("error.write", path=path, reason=_t("error.is_dir")), usage=True)
    if os.path.lexists(path) and not force and not is_special(path):
        raise OutputError(_t("error.exists", path=path))


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def _file_mode(target: Path) -> int:
    """The mode a new file gets from the umask, or the mode of the file being replaced."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        return 0o666 & ~_umask()


def _reason(e: OSError) -> str:
    from ..i18n import os_reason

    return str(os_reason(e))


def write_bytes(path: str, data: bytes | Iterable[bytes]) -> None:
    """Write `data` (bytes, or bytes in pieces) to `path`, as `write_stream` does."""
    pieces = [data] if isinstance(data, bytes) else data

    def writer(f) -> None:
        for piece in pieces:
            f.write(piece)

    write_stream(path, writer)


def write_stream(path: str, writer: Callable[[BinaryIO], object]) -> None:
    """`writer(f)` writes the content into `path` atomically (a half-written file never replaces a good one);
    a special file is written through. Raises OutputError."""
    if names_folder(path):
        raise OutputError(_t("error.write", path=path, reason=_t("error.is_dir")), usage=True)
    target = Path(path)
    if is_special(target):
        try:
            with open(target, "wb") as f:
                writer(f)
        except OSError as e:
            raise OutputError(_t("error.write", path=path, reason=_reason(e))) from None
        return
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=str(target.parent) or ".", prefix=f".{target.name}.")
        with os.fdopen(fd, "wb") as f:
            writer(f)
        os.chmod(tmp, _file_mode(target))  # mkstemp makes 0600 files; a user expects the usual mode
        os.replace(tmp, target)
        tmp = None
    except OSError as e:
        raise OutputError(_t("error.write", path=path, reason=_reason(e))) from None
    finally:  # also on Ctrl-C: nothing half-written (or whole and hidden) is left beside the target
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


# --- a folder of files, swapped in whole ------------------------------------------------------------------


def lock_path(out: Path) -> Path:
    return out.with_name(f".{out.name}.lock")


@contextlib.contextmanager
def _locked(out: Path):
    """An exclusive lock beside `out` (O_EXCL): a second run into the same folder is refused, not mixed."""
    lock = lock_path(out)
    try:
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        raise OutputError(_t("files.locked", out=str(out), lock=str(lock))) from None
    except OSError as e:
        raise OutputError(_t("error.write", path=str(lock), reason=_reason(e))) from None
    try:
        os.write(fd, f"{os.getpid()}\n".encode())
        os.close(fd)
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lock)


def backup_path(out: Path) -> Path:
    """`hw1.replaced-20261201-210734` beside `hw1` (a number added when that name is taken)."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    candidate, i = out.with_name(f"{out.name}.replaced-{stamp}"), 2
    while os.path.lexists(candidate):
        candidate, i = out.with_name(f"{out.name}.replaced-{stamp}-{i}"), i + 1
    return candidate


def check_folder(out: Path, force: bool) -> None:
    """Before any work: `out` is a folder or does not exist; one that holds files needs --force."""
    absolute, here = Path(os.path.abspath(out)), Path(os.getcwd())
    if not absolute.name or absolute == here or absolute in here.parents:  # it is swapped out whole
        raise OutputError(_t("files.holds_cwd", out=str(out)), usage=True)
    if os.path.lexists(out) and not out.is_dir():
        raise OutputError(_t("files.not_folder", out=str(out)), usage=True)
    if not force and out.is_dir() and any(out.iterdir()):
        raise OutputError(_t("files.exists", out=str(out)))


def build_folder(out: Path, files: dict[str, str], force: bool,
                 discard_old: Callable[[Path], bool] = lambda old: False) -> Path | None:
    """Make `out` hold exactly `files` (relative path -> text), all or nothing.

    The files are written into a temporary sibling folder, which then takes the place of `out`. Nothing is
    ever deleted unasked: a previous `out` (only with --force) is renamed to a `.replaced-…` folder beside
    it, which is returned, unless `discard_old(old)` says it holds nothing worth keeping (then it is removed
    and None is returned). An empty `out` is simply replaced. An error or Ctrl-C before the swap leaves the
    old folder as it was and no temporary folder. Raises OutputError."""
    for rel in files:
        p = Path(rel)
        if p.is_absolute() or ".." in p.parts or not p.parts:
            raise OutputError(_t("files.outside", path=rel, out=str(out)))
    check_folder(out, force=True)
    out = Path(os.path.abspath(out))  # "." and "hw1/" have a name and a parent to build and lock beside
    parent = out.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(_t("error.write", path=str(parent), reason=_reason(e))) from None
    with _locked(out):
        existing = out.is_dir() and any(out.iterdir())
        if existing and not force:
            raise OutputError(_t("files.exists", out=str(out)))
        tmp = backup = None
        try:
            tmp = Path(tempfile.mkdtemp(dir=parent, prefix=f".{out.name}.new-"))
            os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes 0700 folders
            for rel, text in files.items():
                target = tmp / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                with open(target, "w", encoding="utf-8", newline="\n") as f:
                    f.write(text)
                os.chmod(target, 0o666 & ~_umask())
            backup = None
            if existing:
                backup = backup_path(out)
                os.rename(out, backup)  # from here on the old set is safe under its new name
            elif out.is_dir():
                os.rmdir(out)
            os.rename(tmp, out)
            tmp = None
        except OSError as e:
            raise OutputError(_t("error.write", path=str(out), reason=_reason(e))) from None
        finally:
            if tmp is not None:
                if backup is not None and not os.path.lexists(out):
                    with contextlib.suppress(OSError):
                        os.rename(backup, out)  # interrupted between the two renames: the old set goes back
                        backup = None
                shutil.rmtree(tmp, ignore_errors=True)
    if backup is not None and discard_old(backup):
        shutil.rmtree(backup, ignore_errors=True)
        return None
    return backup


