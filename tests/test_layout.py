"""The package's imports follow the data flow: no cycles, and no module imports a later stage.

text -> tokens -> X -> layers -> Trace -> io / check / teach -> render -> homework -> cli. The graph is
read from the source with `ast` (imports inside functions included), so a lazy import cannot hide an edge.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "attntrace"

# Lower stages never import higher ones. A module's stage is that of its longest listed prefix.
STAGES = [
    ("attntrace._version", "attntrace.visible", "attntrace.i18n", "attntrace.locale"),
    # a JSON parser with limits, for every file we did not write (traces, model configs, homework keys)
    ("attntrace.config", "attntrace.steps", "attntrace.path", "attntrace.tokenize", "attntrace.io.jsonread"),
    ("attntrace.pieces", "attntrace.labels", "attntrace.trace_data"),
    ("attntrace.models",),
    ("attntrace.io", "attntrace.export"),
    ("attntrace.check", "attntrace.verify"),
    ("attntrace.teach",),
    ("attntrace.render",),
    ("attntrace.interactive",),
    ("attntrace.homework",),
    ("attntrace.cli", "attntrace.__main__", "attntrace"),
]

# Convenience methods of the data model that hand a Trace to a later stage, imported only when called
# (`t.to_json()`, `Trace.from_json(...)`, `Trace.load(path)`, `Trace.from_arrays(...)`, the rich/Jupyter
# display hooks). The test below checks that each of these imports is inside a function.
FACADES = {
    ("attntrace.trace_data", "attntrace.io.json"),
    ("attntrace.trace_data", "attntrace.io.npz"),
    ("attntrace.trace_data", "attntrace.io.load"),
    ("attntrace.trace_data", "attntrace.io.arrays"),
    ("attntrace.trace_data", "attntrace.render.tables"),
    ("attntrace.trace_data", "attntrace.interactive"),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports(name: str, path: Path, known: set[str], *, module_level: bool = False) -> set[str]:
    """The package modules `name` imports; with `module_level`, only those imported when it is imported."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lazy = {id(n) for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
            for n in ast.walk(f)}
    for node in ast.walk(tree):
        if module_level and id(node) in lazy:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            candidates = [f"{target}.{a.name}" for a in node.names] + [target]
        elif isinstance(node, ast.Import):
            candidates = [a.name for a in node.names]
        else:
            continue
        for c in candidates:  # `from . import steps` imports the module attntrace.steps
            if c in known and c != name:
                found.add(c)
                break
    return found


def stage(name: str) -> int:
    best, best_len = None, -1
    for i, prefixes in enumerate(STAGES):
        for p in prefixes:
            if (name == p or name.startswith(p + ".")) and len(p) > best_len:
                best, best_len = i, len(p)
    assert best is not None, f"{name} has no stage in tests/test_layout.py"
    return best


def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {name: imports(name, path, known) for name, path in mods.items()}


def test_every_module_has_a_stage():
    for name in modules():
        stage(name)


def test_no_module_imports_a_later_stage():
    upward = sorted(f"{a} (stage {stage(a)}) imports {b} (stage {stage(b)})"
                    for a, targets in graph().items() for b in targets
                    if stage(b) > stage(a) and (a, b) not in FACADES and b != "attntrace")
    assert not upward, "\n".join(upward)


def test_facades_are_imported_only_when_called():
    mods = modules()
    eager = {(a, b) for a, path in mods.items() for b in imports(a, path, set(mods), module_level=True)}
    assert not FACADES & eager, sorted(FACADES & eager)


def test_the_documented_0_1_names_still_import():
    from attntrace.check import DEFAULT_ATOL, DEFAULT_RTOL
    from attntrace.check.verify import verify as check_verify
    from attntrace.export import dumps, loads
    from attntrace.io.json import loads as json_loads
    from attntrace.verify import verify

    assert loads is json_loads and verify is check_verify and callable(dumps) and 0 < DEFAULT_ATOL <= DEFAULT_RTOL


def test_there_is_no_import_cycle():
    edges = {a: {b for b in bs if (a, b) not in FACADES and b != "attntrace"} for a, bs in graph().items()}
    seen, on_path, cycles = set(), [], []

    def visit(node: str) -> None:
        if node in on_path:
            cycles.append(" -> ".join([*on_path[on_path.index(node):], node]))
            return
        if node in seen:
            return
        seen.add(node)
        on_path.append(node)
        for nxt in sorted(edges.get(node, ())):
            visit(nxt)
        on_path.pop()

    for node in sorted(edges):
        visit(node)
    assert not cycles, "\n".join(cycles)


def test_the_checker_sees_a_planted_upward_edge(tmp_path):
    # The test above must be able to fail: a data-model module importing the renderer is reported.
    path = tmp_path / "trace_data.py"
    path.write_text("from .render.tables import to_text\n", encoding="utf-8")
    found = imports("attntrace.trace_data", path, {"attntrace.render.tables"})
    assert found == {"attntrace.render.tables"} and stage("attntrace.render.tables") > stage("attntrace.trace_data")
