"""Reading a saved trace through the library (io.load.read_trace, homework.reading.key_variant): every
problem is one TraceReadError whose message names the file, usage errors told apart, notes to show.

Expected messages are written out here from the formats the README and i18n promise, not taken from a run.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from hw_helpers import key_data, new_set

from attntrace.homework.reading import key_variant
from attntrace.io.json import dumps
from attntrace.io.load import HOMEWORK_KEY, TraceReadError, read_trace
from attntrace.models.seeded import trace


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    tr = trace("a b c", d_model=4, n_heads=1)
    path = tmp_path_factory.mktemp("t") / "t.json"
    path.write_text(dumps(tr), encoding="utf-8")
    return tr, path


@pytest.fixture(scope="module")
def key(tmp_path_factory):
    from typer.testing import CliRunner

    out = new_set(CliRunner(), tmp_path_factory.mktemp("hw"))
    return out / "key.json", key_data(out)


def test_a_file_and_its_bytes_read_the_same(saved):
    tr, path = saved
    for source, name in ((path, str(path)), (str(path), str(path)), (path.read_bytes(), "-")):
        loaded = read_trace(source)
        assert loaded.trace.names == tr.names and loaded.notes == []
        assert np.array_equal(loaded.trace.step("blocks.0.attn.weights"), tr.step("blocks.0.attn.weights"))


def test_skipped_steps_are_notes_after_the_files_name(saved, tmp_path):
    data = json.loads(saved[1].read_text(encoding="utf-8"))
    data["steps"].append({"name": "blocks.0.attn.wieghts", "shape": [1], "formula": "", "data": [0.0]})
    path = tmp_path / "extra.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    loaded = read_trace(path, name="mine.json")
    assert len(loaded.notes) == 1 and loaded.notes[0].startswith("mine.json: ")
    assert loaded.notes == [f"mine.json: {note}" for note in loaded.trace.notes]


def test_bytes_that_are_not_utf8_are_a_reading_error(saved):
    text = saved[1].read_bytes()
    at = text.index(b'"text"')
    with pytest.raises(TraceReadError) as e:
        read_trace(text[:at] + b"\xff" + text[at:])
    assert e.value.key == "error.read" and not e.value.usage
    assert str(e.value) == f"cannot read -: not UTF-8 text (byte {at})"


def test_every_problem_names_the_file(tmp_path):
    missing = tmp_path / "none.json"
    with pytest.raises(TraceReadError) as e:
        read_trace(missing)
    assert e.value.key == "error.read" and str(e.value).startswith(f"cannot read {missing}: ")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "attntrace.trace",', encoding="utf-8")
    with pytest.raises(TraceReadError) as e:
        read_trace(bad, name="given.json")
    assert e.value.key == "error.trace" and str(e.value).startswith("given.json: ") and not e.value.usage
    with pytest.raises(TraceReadError) as e:
        read_trace(tmp_path)  # a folder
    assert e.value.key == "error.read" and "not a file of a trace" in str(e.value)


def test_a_variant_of_a_plain_trace_is_a_usage_error(saved):
    with pytest.raises(TraceReadError) as e:
        read_trace(saved[1], "s001")
    assert e.value.usage and e.value.key == "hw.keysheet.not_a_key" and str(saved[1]) in str(e.value)


def test_a_key_is_no_trace_without_a_key_reader(key):
    path, _ = key
    with pytest.raises(TraceReadError) as e:
        read_trace(path, "s001")
    assert e.value.found == repr(HOMEWORK_KEY) and e.value.key == "error.trace" and not e.value.usage


@pytest.mark.parametrize("as_bytes", [False, True])
def test_a_key_gives_the_trace_of_the_variant_asked_for(key, as_bytes):
    path, data = key
    v = data["variants"][1]
    source = path.read_bytes() if as_bytes else path
    loaded = read_trace(source, v["code"].lower(), name="key.json", key_reader=key_variant)
    expected = {s["name"]: np.array(s["data"], dtype=float) for s in v["trace"]["steps"]}
    assert loaded.trace.names == list(expected)
    for name, values in expected.items():
        assert np.array_equal(loaded.trace.step(name), values)  # read back from the same text, not recomputed
    assert loaded.notes == [f"key.json: variant of {v['id']} ({v['name']}, {v['code']})"]


def test_a_key_without_the_variant_or_with_an_unknown_one_is_a_usage_error(key):
    path, data = key
    for variant, says in ((None, data["variants"][0]["id"]), ("nobody", "'nobody'")):
        with pytest.raises(TraceReadError) as e:
            read_trace(path, variant, key_reader=key_variant)
        assert e.value.usage and str(e.value).startswith(f"{path}: ") and says in str(e.value)


def test_a_key_too_large_is_refused_not_read(key, monkeypatch):
    from attntrace.homework import key as key_module

    path, _ = key
    monkeypatch.setattr(key_module, "KEY_BYTES", 100)
    with pytest.raises(TraceReadError) as e:
        read_trace(path, "s001", key_reader=key_variant)
    assert e.value.key == "error.read" and str(e.value) == f"cannot read {path}: it is larger than 100 bytes"
