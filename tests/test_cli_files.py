"""Output files: written whole or not at all, with the mode the user's umask gives, never left as temp files."""

from __future__ import annotations

import os

from attntrace.cli import app


def test_a_new_output_file_gets_the_mode_of_the_umask(runner, tmp_path):
    old = os.umask(0o022)
    try:
        result = runner.invoke(app, ["explain", "hi", "--json", str(tmp_path / "t.json")])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "t.json").stat().st_mode & 0o777 == 0o644


def test_overwriting_with_force_keeps_the_files_mode(runner, tmp_path):
    target = tmp_path / "t.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    result = runner.invoke(app, ["explain", "hi", "--json", str(target), "--force"])
    assert result.exit_code == 0, result.stderr
    assert target.stat().st_mode & 0o777 == 0o640
    assert target.read_text(encoding="utf-8").startswith("{")


def test_a_failed_write_leaves_no_temporary_file_and_no_traceback(runner, tmp_path, monkeypatch):
    import importlib

    cli_app = importlib.import_module("attntrace.cli.common")

    def disk_full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cli_app.os, "replace", disk_full)
    result = runner.invoke(app, ["explain", "hi", "--json", str(tmp_path / "t.json")])
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_two_outputs_naming_one_file_are_a_usage_error_and_nothing_is_written(runner, tmp_path):
    same = tmp_path / "same.out"
    for args in (["--json", str(same), "--npz", str(same)],
                 ["--svg", str(same), "--html", str(tmp_path / "." / "same.out")],
                 ["--json", str(same), "--svg", str(same)]):
        result = runner.invoke(app, ["explain", "今天", *args])
        assert result.exit_code == 2, (args, result.stderr)
        assert "both name" in result.stderr
        assert not same.exists()


def test_json_to_stdout_beside_a_file_is_fine(runner, tmp_path):
    result = runner.invoke(app, ["explain", "今天", "--json", "-", "--npz", str(tmp_path / "t.npz")])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.lstrip().startswith("{") and (tmp_path / "t.npz").exists()
