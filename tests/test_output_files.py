"""attntrace.cli.files: an output file is written whole or not at all, is never a folder, never replaces a
special file, and never leaves a temporary file behind, whatever ends the write."""

from __future__ import annotations

import contextlib
import os
import stat
import threading

import pytest

from attntrace.cli import app, files


def _listing(folder):
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("stage", ["os.chmod", "os.replace"])
def test_ctrl_c_during_a_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch, stage):
    target = tmp_path / "big.json"
    target.write_text("old", encoding="utf-8")

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(stage, interrupt)
    with pytest.raises(KeyboardInterrupt):
        files.write_bytes(str(target), b"new" * 1000)
    monkeypatch.undo()
    assert _listing(tmp_path) == ["big.json"]
    assert target.read_text(encoding="utf-8") == "old"


def test_ctrl_c_in_the_cli_leaves_no_temporary_file(runner, tmp_path, monkeypatch):
    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("os.replace", interrupt)
    result = runner.invoke(app, ["explain", "hi", "--json", str(tmp_path / "big.json")])
    monkeypatch.undo()
    assert result.exit_code != 0
    assert _listing(tmp_path) == []


@pytest.mark.parametrize("option", ["--json", "--npz", "--svg", "--html"])
def test_a_trailing_slash_is_a_usage_error_and_writes_nothing(runner, tmp_path, option):
    path = str(tmp_path / "newdir") + "/"
    result = runner.invoke(app, ["explain", "hi", option, path, "--force"])
    assert result.exit_code == 2, result.stderr
    assert "directory" in result.stderr and "Traceback" not in result.stderr
    assert _listing(tmp_path) == []


def test_an_existing_folder_is_a_usage_error_even_with_force(runner, tmp_path):
    (tmp_path / "d").mkdir()
    result = runner.invoke(app, ["explain", "hi", "--json", str(tmp_path / "d"), "--force"])
    assert result.exit_code == 2, result.stderr
    assert _listing(tmp_path / "d") == []


@pytest.mark.parametrize("args", [["--json", "{fifo}", "--force"], ["--json", "{fifo}"], ["--npz", "{fifo}"]])
def test_a_special_file_is_written_through_and_stays_what_it_was(runner, tmp_path, args):
    """A FIFO stands for /dev/null and other devices here: a regression must not replace the machine's
    /dev/null with a regular file."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = runner.invoke(app, ["explain", "hi", *(a.format(fifo=fifo) for a in args)])
    if result.exit_code != 0 and reader.is_alive():  # the write failed before opening the pipe: free the reader
        with contextlib.suppress(OSError):  # ENXIO: the reader had already gone
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    reader.join(10)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and _listing(tmp_path) == ["pipe"]
    assert got and got[0][:1] in (b"{", b"P")  # JSON, or NPZ (a zip file)


def test_a_fifo_is_written_through(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    files.write_bytes(str(fifo), b"through the pipe")
    reader.join(10)
    assert got == [b"through the pipe"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert _listing(tmp_path) == ["pipe"]


def test_check_target_sorts_paths_before_any_work(tmp_path):
    (tmp_path / "f").write_text("x", encoding="utf-8")
    files.check_target(str(tmp_path / "new"), force=False)
    files.check_target(str(tmp_path / "f"), force=True)
    files.check_target("/dev/null", force=False)
    with pytest.raises(files.OutputError) as e:
        files.check_target(str(tmp_path / "f"), force=False)
    assert not e.value.usage
    for path in (str(tmp_path), str(tmp_path / "new") + "/"):
        with pytest.raises(files.OutputError) as e:
            files.check_target(path, force=True)
        assert e.value.usage


# --- folders built whole -----------------------------------------------------------------------------------


def test_build_folder_holds_exactly_the_new_files_and_keeps_the_old_folder(tmp_path):
    out = tmp_path / "set"
    assert files.build_folder(out, {"a.txt": "1", "sub/b.txt": "2"}, force=False) is None
    backup = files.build_folder(out, {"c.txt": "3"}, force=True)
    assert _listing(out) == ["c.txt"]
    assert backup is not None and backup.parent == tmp_path and backup.name.startswith("set.replaced-")
    assert (backup / "a.txt").read_text(encoding="utf-8") == "1"
    assert (backup / "sub" / "b.txt").read_text(encoding="utf-8") == "2"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["set", backup.name])  # no lock, no temp


def test_build_folder_refuses_a_folder_with_files_without_force_and_fills_an_empty_one(tmp_path):
    out = tmp_path / "set"
    out.mkdir()
    assert files.build_folder(out, {"a.txt": "1"}, force=False) is None
    with pytest.raises(files.OutputError):
        files.build_folder(out, {"b.txt": "2"}, force=False)
    assert _listing(out) == ["a.txt"]


def test_build_folder_discards_the_old_folder_only_when_asked(tmp_path):
    out = tmp_path / "fb"
    files.build_folder(out, {"a.md": "1"}, force=False)
    assert files.build_folder(out, {"b.md": "2"}, force=True, discard_old=lambda old: True) is None
    assert _listing(tmp_path) == ["fb"] and _listing(out) == ["b.md"]


def test_build_folder_refuses_paths_outside_the_folder(tmp_path):
    for rel in ("../x", "/etc/x", ""):
        with pytest.raises(files.OutputError):
            files.build_folder(tmp_path / "set", {rel: "x"}, force=True)
    assert _listing(tmp_path) == []


def test_a_held_lock_refuses_a_second_run_and_touches_nothing(tmp_path):
    out = tmp_path / "set"
    files.build_folder(out, {"a.txt": "1"}, force=False)
    files.lock_path(out).write_text("12345\n", encoding="utf-8")
    with pytest.raises(files.OutputError) as e:
        files.build_folder(out, {"b.txt": "2"}, force=True)
    assert "lock" in str(e.value)
    assert _listing(out) == ["a.txt"]
    assert files.lock_path(out).exists()  # someone else's lock is not ours to remove


@pytest.mark.parametrize("when", [1, 2, 3])
@pytest.mark.parametrize("error", [KeyboardInterrupt, lambda: OSError(28, "No space left on device")])
def test_an_interrupted_or_failed_build_leaves_the_old_folder_and_nothing_half_made(tmp_path, monkeypatch,
                                                                                     when, error):
    """Interrupted while writing the new files (1), at the rename of the old folder (2), or between the two
    renames (3): the old folder is where it was, whole, with no temporary folder and no lock beside it."""
    out = tmp_path / "set"
    files.build_folder(out, {"key.json": "old key", "students/a.md": "a"}, force=False)
    real_open, real_rename = open, os.rename
    calls = {"rename": 0}

    def failing_open(path, *args, **kwargs):
        if when == 1 and str(path).endswith("b.md"):
            raise error()
        return real_open(path, *args, **kwargs)

    def failing_rename(src, dst):
        calls["rename"] += 1
        if when == calls["rename"] + 1:
            raise error()
        return real_rename(src, dst)

    monkeypatch.setattr("builtins.open", failing_open)
    monkeypatch.setattr(os, "rename", failing_rename)
    expected = KeyboardInterrupt if error is KeyboardInterrupt else files.OutputError
    with pytest.raises(expected):
        files.build_folder(out, {"key.json": "new key", "students/a.md": "A", "students/b.md": "B"}, force=True)
    monkeypatch.undo()
    assert _listing(tmp_path) == ["set"]
    assert (out / "key.json").read_text(encoding="utf-8") == "old key"
    assert _listing(out / "students") == ["a.md"]
