"""Generate a class of 1,000 and grade 1,000 submissions; print the time of each part (goal: grading < 5 s).

    python benchmarks/bench_homework.py [--students 1000]

Grading is timed end to end as the command does it, minus the terminal: read the key, parse every TOML
submission, check it, and write the grades CSV and one feedback file per student. A fifth of the
submissions carry a slip, so feedback has wrong cells to list. Run on one core: taskset -c 0 python ...
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from attntrace.homework import (
    Options,
    Student,
    class_stats,
    feedback_markdown,
    generate,
    grade_all,
    grades_csv,
    histogram_svg,
    key_dict,
    key_dumps,
    key_loads,
    stats_markdown,
    stats_renderable,
    summary_table,
    toml_template,
)
from attntrace.homework.key import Rules


def main(argv: list[str]) -> int:
    n = int(argv[argv.index("--students") + 1]) if "--students" in argv else 1000
    students = [Student(f"s{i:04d}", f"Student {i}", f"s{i:04d}") for i in range(n)]
    options = Options(seed=2026)

    t0 = time.perf_counter()
    variants = generate(students, options)
    key_text = key_dumps(key_dict(variants, options, Rules(), roster=True))
    t_generate = time.perf_counter() - t0

    submissions = []
    for i, v in enumerate(variants):
        answers = {s: np.round(v.trace.step("blocks.0.attn." + s)[0], 2) for s in options.ask}
        if i % 5 == 0:
            answers["scores"] = answers["scores"] + np.eye(len(v.trace.tokens))  # a slip on the diagonal
        submissions.append((f"{v.student.file}.toml", toml_template(v, options.ask, answers=answers).encode()))

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        key = key_loads(key_text)
        results = grade_all(key, submissions)
        folder = Path(tmp)
        (folder / "grades.csv").write_text(grades_csv(results, key), encoding="utf-8")
        for r in results:
            (folder / f"{r.feedback_file}.md").write_text(feedback_markdown(r, key), encoding="utf-8")
        t_grade = time.perf_counter() - t0

        import io

        from rich.console import Console

        t0 = time.perf_counter()  # what grade adds for the class: statistics, the report, the terminal
        stats = class_stats(results, key)
        (folder / "report.md").write_text(stats_markdown(stats, "h.svg"), encoding="utf-8")
        (folder / "h.svg").write_text(histogram_svg(stats), encoding="utf-8")
        screen = Console(file=io.StringIO(), width=80)
        screen.print(summary_table(results, key))
        screen.print(stats_renderable(stats))
        t_stats = time.perf_counter() - t0

    full = sum(r.total == 10 for r in results)
    print(f"generate {n} variants (with key.json): {t_generate:.2f} s")
    print(f"grade {len(submissions)} submissions (parse, check, CSV, feedback): {t_grade:.2f} s "
          f"({1000 * t_grade / len(submissions):.2f} ms each; goal < 5 s for 1,000)")
    print(f"class statistics, report, SVG and terminal summary: {t_stats:.2f} s "
          f"({t_stats / t_grade:.0%} of grading, measured in the same run)")
    print(f"{full} full marks, {len(results) - full} with a slip")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
