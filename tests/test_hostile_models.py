"""Crafted checkpoint folders: config.json fields of the wrong type or size, nesting past the recursion
limit, segment ids the model has no row for, safetensors headers that lie, FIFOs and shard paths outside
the folder. Each is a ModelError naming the file and the problem, exit 1, never a traceback or a hang."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("safetensors.numpy", reason="needs the models extra: safetensors")
pytest.importorskip("tokenizers", reason="needs the models extra: tokenizers")

from test_bert import make_checkpoint, make_weights

from attntrace.cli import app
from attntrace.models import ModelError, load


def explain(runner, folder: Path):
    return runner.invoke(app, ["explain", "--model", str(folder), "the cat sat"])


def assert_model_error(runner, folder: Path, *needles: str) -> None:
    with pytest.raises(ModelError) as info:
        load(folder)
    for needle in needles:
        assert needle in str(info.value), (needle, str(info.value))
    result = explain(runner, folder)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.stderr and needles[0] in result.stderr


def edit_config(folder: Path, text: str) -> None:
    (folder / "config.json").write_text(text, encoding="utf-8")


def config_text(**changes) -> str:
    cfg = {"architectures": ["BertModel"], "model_type": "bert", "hidden_act": "gelu", "layer_norm_eps": 1e-12,
           "vocab_size": 26, "position_embedding_type": "absolute", "hidden_size": 8, "num_attention_heads": 2,
           "num_hidden_layers": 2, "intermediate_size": 12, "max_position_embeddings": 24, "type_vocab_size": 2}
    cfg.update(changes)
    return json.dumps(cfg)


# --- config.json ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("changes", "needles"), [
    ({"architectures": "BertModel"}, ["architectures", "a list of names"]),
    ({"architectures": [1, {"a": 2}]}, ["architectures", "a list of names"]),
    ({"model_type": ["bert"]}, ["model_type"]),
    ({"type_vocab_size": 0}, ["type_vocab_size", "a positive integer"]),
    ({"vocab_size": 2.5}, ["vocab_size", "a positive integer"]),
    ({"max_position_embeddings": True}, ["max_position_embeddings"]),
    ({"layer_norm_eps": "1e-12"}, ["layer_norm_eps", "between 0 and 1"]),
    ({"layer_norm_eps": 10 ** 99}, ["layer_norm_eps", "between 0 and 1"]),
    ({"is_decoder": 0}, ["is_decoder"]),
])
def test_config_fields_of_the_wrong_type_or_range(runner, tmp_path, changes, needles):
    folder = make_checkpoint(tmp_path / "m")
    edit_config(folder, config_text(**changes))
    assert_model_error(runner, folder, "config.json", *needles)


def test_a_401_digit_layer_norm_eps_and_an_infinite_one(runner, tmp_path):
    folder = make_checkpoint(tmp_path / "m")
    edit_config(folder, config_text(layer_norm_eps=0).replace('"layer_norm_eps": 0', '"layer_norm_eps": ' + "9" * 401))
    assert_model_error(runner, folder, "config.json", "401 digits")
    edit_config(folder, config_text(layer_norm_eps=0).replace('"layer_norm_eps": 0', '"layer_norm_eps": 1e400'))
    assert_model_error(runner, folder, "config.json", "layer_norm_eps", "inf")


def test_config_nested_100000_deep(runner, tmp_path):
    folder = make_checkpoint(tmp_path / "m")
    edit_config(folder, '{"model_type": "bert", "x": ' + "[" * 100_000 + "]" * 100_000 + "}")
    assert_model_error(runner, folder, "config.json", "nested too deeply")


def test_a_tokenizer_setting_of_the_wrong_type(runner, tmp_path):
    folder = make_checkpoint(tmp_path / "m")
    (folder / "tokenizer_config.json").write_text(json.dumps({"strip_accents": "yes"}), encoding="utf-8")
    assert_model_error(runner, folder, "tokenizer_config.json", "strip_accents")


def test_a_segment_id_the_model_has_no_row_for(runner, tmp_path):
    folder = make_checkpoint(tmp_path / "m", tokenizer="json")
    path = folder / "tokenizer.json"
    tok = json.loads(path.read_text(encoding="utf-8"))
    for piece in tok["post_processor"]["single"]:
        next(iter(piece.values()))["type_id"] = 7
    path.write_text(json.dumps(tok), encoding="utf-8")
    checkpoint = load(folder)
    with pytest.raises(ModelError, match=r"segment id 7.*2 segment rows"):
        checkpoint.encode("the cat")
    result = explain(runner, folder)
    assert result.exit_code == 1 and "segment id 7" in result.stderr, result.output


# --- safetensors ------------------------------------------------------------------------------------------------

def safetensors_bytes(header: dict, data: bytes) -> bytes:
    raw = json.dumps(header).encode("utf-8")
    return struct.pack("<Q", len(raw)) + raw + data


@pytest.mark.parametrize(("header", "data", "needle"), [
    ({"embeddings.word_embeddings.weight": {"dtype": "F32", "shape": [2 ** 33, 1], "data_offsets": [0, 2 ** 35]}},
     b"\0" * 64, "needs 34359738368 bytes"),  # a 32 GB tensor in a 64-byte file
    ({"a": {"dtype": "F32", "shape": [4], "data_offsets": [0, 8]}}, b"\0" * 16, "needs 16 bytes"),
    ({"a": {"dtype": "F32", "shape": [4], "data_offsets": [-16, 0]}}, b"\0" * 16, "needs 16 bytes"),
    ({"a": {"dtype": "X9", "shape": [4], "data_offsets": [0, 16]}}, b"\0" * 16, "dtype"),
    ({"a": {"dtype": "F32", "shape": "4", "data_offsets": [0, 16]}}, b"\0" * 16, "dtype"),
    ([1, 2], b"", "JSON object"),
])
def test_a_safetensors_header_that_lies_is_refused_before_the_library_reads_it(runner, tmp_path, header, data,
                                                                             needle):
    folder = make_checkpoint(tmp_path / "m")
    (folder / "model.safetensors").write_bytes(safetensors_bytes(header, data))
    assert_model_error(runner, folder, "model.safetensors", needle)


@pytest.mark.parametrize(("content", "needle"), [
    (b"\x01", "too short"),
    (struct.pack("<Q", 2 ** 40) + b"{}", "claims 1099511627776 bytes"),
    (struct.pack("<Q", 2) + b"\xff\xfe", "utf-8"),
])
def test_a_safetensors_file_with_a_broken_header(runner, tmp_path, content, needle):
    folder = make_checkpoint(tmp_path / "m")
    (folder / "model.safetensors").write_bytes(content)
    assert_model_error(runner, folder, "model.safetensors", needle)


def test_a_checkpoint_whose_weights_are_a_symlink_still_loads(tmp_path):
    """As in the Hugging Face cache: snapshots/<hash>/model.safetensors -> ../../blobs/<hash>."""
    folder = make_checkpoint(tmp_path / "m")
    blobs = tmp_path / "blobs"
    blobs.mkdir()
    (folder / "model.safetensors").rename(blobs / "abc")
    (folder / "model.safetensors").symlink_to(Path("..") / "blobs" / "abc")
    assert load(folder).config.n_layers == 2


# --- shards ---------------------------------------------------------------------------------------------------

def sharded(tmp_path: Path, names: dict[str, str]) -> Path:
    """A checkpoint whose index maps tensors to the given shard names; the real weights are in shard.safetensors."""
    from safetensors.numpy import save_file

    folder = make_checkpoint(tmp_path / "m")
    (folder / "model.safetensors").unlink()
    weights = make_weights()
    save_file(weights, str(folder / "shard.safetensors"))
    weight_map = {key: names.get(key, "shard.safetensors") for key in weights}
    (folder / "model.safetensors.index.json").write_text(json.dumps({"weight_map": weight_map}), encoding="utf-8")
    return folder


def test_a_sharded_checkpoint_still_loads(tmp_path):
    assert load(sharded(tmp_path, {})).config.d_model == 8


@pytest.mark.parametrize("name", ["../outside.safetensors", "../../x.safetensors", "ABSOLUTE", "sub/../../x"])
def test_shard_paths_outside_the_folder_are_refused(runner, tmp_path, name):
    outside = tmp_path / "outside.safetensors"
    if name == "ABSOLUTE":
        name = str(outside)
    folder = sharded(tmp_path, {"encoder.layer.0.output.dense.bias": name})
    from safetensors.numpy import save_file

    save_file(make_weights(), str(outside))  # a real file there: refused for where it is, not for what it holds
    assert_model_error(runner, folder, "model.safetensors.index.json", "outside the model folder")


@pytest.mark.parametrize("name", [5, "", None])
def test_shard_names_that_are_not_file_names(runner, tmp_path, name):
    folder = sharded(tmp_path, {"encoder.layer.0.output.dense.bias": name})
    assert_model_error(runner, folder, "model.safetensors.index.json", "not a file name")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("which", ["shard", "config.json", "tokenizer_config.json"])
def test_a_fifo_in_the_folder_is_refused_without_waiting(tmp_path, which):
    folder = sharded(tmp_path, {"encoder.layer.0.output.dense.bias": "fifo.safetensors"} if which == "shard" else {})
    target = folder / ("fifo.safetensors" if which == "shard" else which)
    target.unlink(missing_ok=True)
    os.mkfifo(target)
    root = str(Path(__file__).resolve().parents[1])
    result = subprocess.run([sys.executable, "-m", "attntrace", "explain", "--model", str(folder), "the cat"],
                            capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": root})
    assert result.returncode == 1, result.stderr
    assert "not a regular file" in result.stderr and "Traceback" not in result.stderr


def test_weights_that_are_not_numbers_still_end_in_a_message(runner, tmp_path):
    w = make_weights()
    w["embeddings.LayerNorm.weight"] = np.zeros(8, dtype=np.int32)
    folder = make_checkpoint(tmp_path / "m", weights=w)
    assert_model_error(runner, folder, "model.safetensors", "I32")  # the dtype as the file names it
