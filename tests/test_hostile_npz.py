"""Crafted numpy archives: arrays whose .npy header disagrees with the trace, claims absurd shapes or
unpacks to far more than the file, deep or odd `meta`. Headers are checked before data is decompressed."""

from __future__ import annotations

import io
import json
import zipfile

import numpy as np
import pytest

import attntrace.npz as npz
from attntrace import trace
from attntrace.cli import app
from attntrace.export import TraceFormatError
from attntrace.npz import load_npz, to_npz_bytes


def meta_of(t) -> dict:
    with np.load(io.BytesIO(to_npz_bytes(t)), allow_pickle=False) as z:
        return json.loads(str(z["meta"]))


def npy_header(shape, dtype="<f8") -> bytes:
    """A version 1.0 .npy header declaring `shape`, with no data after it."""
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, {"descr": dtype, "fortran_order": False, "shape": shape})
    return buffer.getvalue()


def write_archive(path, meta: dict | str, members: dict[str, bytes | np.ndarray], compress: bool = False) -> str:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED) as z:
        text = meta if isinstance(meta, str) else json.dumps(meta)
        buffer = io.BytesIO()
        np.lib.format.write_array(buffer, np.array(text))
        z.writestr("meta.npy", buffer.getvalue())
        for name, value in members.items():
            if isinstance(value, np.ndarray):
                buffer = io.BytesIO()
                np.lib.format.write_array(buffer, value, allow_pickle=value.dtype.hasobject)
                value = buffer.getvalue()
            z.writestr(name + ".npy", value)
    return str(path)


def arrays_of(t) -> dict[str, np.ndarray]:
    return {name: s.data for name, s in t.steps.items()}


def test_an_archive_written_by_attntrace_still_loads(tmp_path):
    t = trace("a b c")
    path = tmp_path / "t.npz"
    path.write_bytes(to_npz_bytes(t))
    back = load_npz(path)
    assert back.names == t.names
    assert np.array_equal(back.step("blocks.0.attn.weights"), t.step("blocks.0.attn.weights"))


@pytest.mark.parametrize("shape", [(10 ** 30, 4), (1, 40000, 40000), (1, 2)])
def test_a_header_shape_that_disagrees_is_refused_before_reading(tmp_path, shape):
    t = trace("a b")
    members = arrays_of(t)
    members["blocks.0.attn.weights"] = npy_header(shape)  # the header alone: reading data would fail or explode
    path = write_archive(tmp_path / "t.npz", meta_of(t), members)
    with pytest.raises(TraceFormatError) as info:
        load_npz(path)
    message = str(info.value)
    assert "blocks.0.attn.weights" in message and str(list(shape)) in message and "[1, 2, 2]" in message


def test_a_small_compressed_archive_that_unpacks_past_the_bound_is_refused(tmp_path, monkeypatch):
    t = trace(" ".join(["a"] * 300))
    members = {name: np.zeros_like(a) for name, a in arrays_of(t).items()}  # zeros: compress ~1000×
    path = write_archive(tmp_path / "t.npz", meta_of(t), members, compress=True)
    monkeypatch.setattr(npz, "MIN_UNPACK", 0)  # the floor that lets small archives through, out of the way
    with pytest.raises(TraceFormatError, match="more than 100 times the archive's size"):
        load_npz(path)
    monkeypatch.setattr(npz, "EXPANSION", 10_000)
    assert load_npz(path).names == t.names  # the same archive within the bound is read


def test_deep_meta_is_a_format_error(tmp_path):
    path = write_archive(tmp_path / "t.npz", '{"steps": ' + "[" * 100_000 + "]" * 100_000 + "}", {})
    with pytest.raises(TraceFormatError, match="nested too deeply"):
        load_npz(path)


@pytest.mark.parametrize(("meta", "members", "needle"), [
    ("[1, 2]", {}, "no step list"),
    ('{"steps": []}', {}, "format"),
])
def test_odd_meta_is_a_format_error(tmp_path, meta, members, needle):
    with pytest.raises(TraceFormatError, match=needle):
        load_npz(write_archive(tmp_path / "t.npz", meta, members))


def test_a_step_without_its_array_is_a_format_error(tmp_path):
    t = trace("a b")
    members = arrays_of(t)
    del members["X"]
    with pytest.raises(TraceFormatError, match="no array for step 'X'"):
        load_npz(write_archive(tmp_path / "t.npz", meta_of(t), members))


def test_meta_that_is_not_a_string_and_object_arrays_are_refused(tmp_path):
    t = trace("a b")
    path = tmp_path / "t.npz"
    with zipfile.ZipFile(path, "w") as z:
        buffer = io.BytesIO()
        np.lib.format.write_array(buffer, np.zeros(3))
        z.writestr("meta.npy", buffer.getvalue())
    with pytest.raises(TraceFormatError, match="JSON string"):
        load_npz(path)
    members = arrays_of(t)
    members["X"] = np.array([[None] * 4] * 2, dtype=object)
    with pytest.raises(TraceFormatError, match="object"):
        load_npz(write_archive(tmp_path / "o.npz", meta_of(t), members))


def test_unknown_steps_in_an_archive_are_noted_and_never_read(tmp_path):
    t = trace("a b")
    meta = meta_of(t)
    meta["steps"].append({"name": "blocks.00.attn.Q", "shape": [10 ** 30]})
    members = {**arrays_of(t), "blocks.00.attn.Q": npy_header((10 ** 30,))}
    back = load_npz(write_archive(tmp_path / "t.npz", meta, members))
    assert back.names == t.names and any("blocks.00.attn.Q" in note for note in back.notes)


@pytest.mark.parametrize("command", ["show", "verify"])
def test_the_cli_says_what_is_wrong_with_a_crafted_archive(runner, tmp_path, command):
    t = trace("a b")
    members = arrays_of(t)
    members["blocks.0.attn.weights"] = npy_header((10 ** 30, 4))
    path = write_archive(tmp_path / "t.npz", meta_of(t), members)
    result = runner.invoke(app, [command, path])
    assert result.exit_code == 1, result.output
    assert "blocks.0.attn.weights" in result.stderr and "Traceback" not in result.stderr
