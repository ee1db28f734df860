"""Big traces: writing and reading JSON, and verify's own cost, measured side by side in one run.

A MiniLM-sized seeded encoder (d_model 384, 12 heads, 6 layers, d_ff 1536) traced on N tokens. Each measurement
runs in its own process, so its peak memory (ru_maxrss) is its own:

- write: today's writer (`export.write`, orjson, step by step, to a file) against the previous one (the whole
  trace as Python lists, `json.dumps`, one string), replayed here;
- read: `export.loads` of the file (as verify/show/diff read it);
- verify: `verify` of the trace read from NPZ, against the untraced numpy forward pass that made it.

    python benchmarks/bench_big_trace.py [N=256]

Prints ratios; absolute times vary with the machine (a shared 2-core VM here).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = {"d_model": 384, "n_heads": 12, "n_layers": 6, "d_ff": 1536, "tokenizer": "space", "positional": "none"}


def make(n: int):
    from attntrace import trace

    return trace(" ".join(f"w{i}" for i in range(n)), **SIZES)


def old_dumps(trace) -> str:
    """The writer before this change: every step as Python lists, json.dumps, joined into one string."""
    from attntrace.export import trace_to_dict

    d = trace_to_dict(trace)
    steps = d.pop("steps")

    def enc(value) -> str:
        return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(", ", ": "))

    lines = ["{", *[f"  {enc(k)}: {enc(v)}," for k, v in d.items()], '  "steps": [']
    lines += [f"    {enc(s)}{',' if i < len(steps) - 1 else ''}" for i, s in enumerate(steps)]
    return "\n".join([*lines, "  ]", "}"]) + "\n"


def rss() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # bytes (Linux reports KiB)


def child(task: str, n: int, path: str) -> dict:
    if task == "same":  # the two writers give the same numbers
        from attntrace.export import loads

        new, old = path.split(",")
        return {"same": loads(Path(new).read_bytes()).to_dict() == loads(Path(old).read_bytes()).to_dict()}
    if task == "npz":
        from attntrace.npz import to_npz_bytes

        Path(path).write_bytes(to_npz_bytes(make(n)))
        return {}
    if task == "read":
        from attntrace.files import load

        start = rss()
        t0 = time.perf_counter()
        tr = load(path)  # as verify, show and diff read a file
        return {"s": time.perf_counter() - t0, "peak": rss(), "start": start,
                "arrays": sum(s.data.nbytes for s in tr.steps.values())}
    if task == "verify":
        from attntrace import steps as catalogue
        from attntrace.encoder import forward
        from attntrace.npz import load_npz
        from attntrace.verify import verify

        tr = load_npz(path)
        params = {k: s.data for k, s in tr.steps.items() if catalogue.info(k).kind == "param"}
        fwd, ver = [], []
        for _ in range(5):  # interleaved, medians: the machine is shared
            t0 = time.perf_counter()
            forward(tr.config, n, params)
            t1 = time.perf_counter()
            v = verify(tr)
            fwd.append(t1 - t0)
            ver.append(time.perf_counter() - t1)
            assert v.ok
        return {"forward": sorted(fwd)[2], "verify": sorted(ver)[2]}
    tr = make(n)
    arrays = sum(s.data.nbytes for s in tr.steps.values())
    start = rss()
    t0 = time.perf_counter()
    if task == "write_old":
        Path(path).write_text(old_dumps(tr), encoding="utf-8")
    else:
        from attntrace.export import write

        with open(path, "wb") as f:
            write(tr, f)
    return {"s": time.perf_counter() - t0, "peak": rss(), "start": start, "arrays": arrays,
            "bytes": Path(path).stat().st_size}


def run(task: str, n: int, path: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", task, str(n), path], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 256
    # Everything heavy happens in children: Linux keeps a process's peak memory across exec, so a parent that
    # held a trace would lend its peak to every child measured after.
    with tempfile.TemporaryDirectory() as tmp:
        new, old, npz = f"{tmp}/new.json", f"{tmp}/old.json", f"{tmp}/t.npz"
        w_new, w_old = run("write_new", n, new), run("write_old", n, old)
        assert run("same", n, f"{new},{old}")["same"]
        run("npz", n, npz)
        r, v = run("read", n, new), run("verify", n, npz)
    mb, arrays = 1e6, w_new["arrays"]
    print(f"{n} tokens, MiniLM-sized seeded encoder: arrays {arrays / mb:.0f} MB, JSON {w_new['bytes'] / mb:.0f} MB")
    for name, w in (("write, before", w_old), ("write, now", w_new)):
        print(f"  {name:14s} {w['s']:7.2f} s   peak {w['peak'] / mb:6.0f} MB = {w['peak'] / arrays:.2f}x the arrays "
              f"(+{(w['peak'] - w['start']) / mb:.0f} MB while writing)")
    print(f"  write speed-up  {w_old['s'] / w_new['s']:.1f}x")
    print(f"  read for verify {r['s']:7.2f} s   peak {r['peak'] / mb:6.0f} MB = {r['peak'] / arrays:.2f}x the arrays "
          f"(the file is {w_new['bytes'] / mb:.0f} MB)")
    print(f"  verify (NPZ)    {v['verify']:7.2f} s   forward pass {v['forward']:.2f} s (medians of 5): "
          f"{v['verify'] / v['forward']:.2f}x")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(child(sys.argv[2], int(sys.argv[3]), sys.argv[4])))
    else:
        main()
