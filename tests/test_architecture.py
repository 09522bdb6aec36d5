"""The house rules, read from the package's own source: data flows one way
(ARCHITECTURE.md), there is no import circle, render is called by cli alone,
and only "nothing found" exits 1."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import pkgutil
from pathlib import Path

import pytest

import newscli
from newscli.errors import EXIT_NOTHING, NewsError, NothingFound

PACKAGE = Path(newscli.__file__).parent

# Each part and the rank of its layer: a module may import its own part and
# parts of a lower rank, never a higher one. (ARCHITECTURE.md draws the same.)
LAYERS = {
    "cli": 7,
    "render": 6,
    "sync": 5, "breaking": 5,
    "sites": 4,
    "extract": 3, "fetch": 3,
    "archive": 2,
    "index": 1,
    # Leaves: the small shared modules, below everything that uses them.
    "model": 0, "urls": 0, "textclean": 0, "dates": 0, "config": 0, "errors": 0,
    "encoding": 0, "formats": 0, "workers": 0, "interrupts": 0, "__main__": 8,
}
# Modules of a part that sit lower than their part, named with the reason.
LOWER = {
    "breaking.keys": 0,   # item ids and headline keys: the archive links ticker lines with them
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts) or "__init__"


def imports_of(path: Path) -> set[str]:
    """newscli modules imported anywhere in the file (in functions too), except
    under ``if TYPE_CHECKING:``, which runs only for type checkers."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for stmt in node.body for child in ast.walk(stmt))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("newscli"):
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if (PACKAGE / Path(*full.split(".")[1:])).with_suffix(".py").exists()
                          or (PACKAGE / Path(*full.split(".")[1:]) / "__init__.py").exists() else node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("newscli"))
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path}: relative import (the house uses absolute ones)")
    return {name.removeprefix("newscli.").removeprefix("newscli") or "__init__" for name in found}


GRAPH = {module_name(p): imports_of(p) for p in sorted(PACKAGE.rglob("*.py"))}


def rank(module: str) -> int:
    if module in LOWER:
        return LOWER[module]
    return LAYERS[module.split(".")[0]]


def test_every_part_has_a_layer():
    assert sorted({m.split(".")[0] for m in GRAPH} - set(LAYERS) - {"__init__"}) == []


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_no_module_imports_one_above_it(module):
    if module == "__init__":
        assert GRAPH[module] == set(), "newscli/__init__.py imports nothing"
        return
    above = sorted(d for d in GRAPH[module] if d != "__init__" and rank(d) > rank(module))
    assert above == [], f"{module} (layer {rank(module)}) imports {above}"


def test_every_import_of_news_names_what_exists():
    """Imports inside functions run only when the function does: one naming a
    module or name that moved would fail a user, not the import of the module."""
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("newscli"):
                module = importlib.import_module(node.module)
                missing += [f"{path.name}: {node.module}.{a.name}" for a in node.names
                            if not hasattr(module, a.name)
                            and not (hasattr(module, "__path__")
                                     and importlib.util.find_spec(f"{node.module}.{a.name}") is not None)]
            elif isinstance(node, ast.Import):
                missing += [f"{path.name}: {a.name}" for a in node.names
                            if a.name.startswith("newscli") and importlib.util.find_spec(a.name) is None]
    assert missing == []


def test_render_is_called_by_cli_alone():
    callers = sorted(m for m, deps in GRAPH.items()
                     if any(d.startswith("render") for d in deps) and not m.startswith(("cli", "render")))
    assert callers == []


def test_there_is_no_import_circle():
    def visit(module: str, path: list[str]) -> None:
        for dep in sorted(GRAPH.get(module, ())):
            if dep in path:
                raise AssertionError("import circle: " + " -> ".join([*path[path.index(dep):], dep]))
            if dep not in done:
                visit(dep, [*path, dep])
        done.add(module)

    done: set[str] = set()
    for module in GRAPH:
        visit(module, [module])


def test_the_circle_finder_finds_a_circle(monkeypatch):
    monkeypatch.setitem(GRAPH, "index.planning", GRAPH["index.planning"] | {"index.index"})
    with pytest.raises(AssertionError, match="import circle"):
        test_there_is_no_import_circle()


def test_package_init_files_import_no_library_at_load():
    """A library in a package's __init__ would load with every module of the
    package (tests/test_startup.py checks what commands load as a whole)."""
    import sys

    for init in PACKAGE.rglob("__init__.py"):
        tree = ast.parse(init.read_text(encoding="utf-8"))
        names = [a.name for n in tree.body if isinstance(n, ast.Import) for a in n.names]
        names += [n.module or "" for n in tree.body if isinstance(n, ast.ImportFrom)]
        libraries = [n for n in names if n.split(".")[0] not in sys.stdlib_module_names
                     and not n.startswith(("newscli", "__future__"))]
        assert libraries == [], f"{init}: {libraries}"


def _all_errors() -> list[type[NewsError]]:
    for info in pkgutil.walk_packages([str(PACKAGE)], "newscli."):
        if not info.name.endswith("__main__"):
            importlib.import_module(info.name)
    seen, todo = [], [NewsError]
    while todo:
        cls = todo.pop()
        seen.append(cls)
        todo += cls.__subclasses__()
    return seen


def test_only_nothing_found_exits_1():
    wrong = [cls.__qualname__ for cls in _all_errors()
             if cls.exit_code == EXIT_NOTHING and not issubclass(cls, NothingFound)]
    assert wrong == []


def test_an_internal_error_is_one_line_and_exit_70(cli, monkeypatch):
    from newscli.archive.store import Store

    def broken(self):
        raise RuntimeError("a bug")

    cli("list")   # creates nothing, loads the command
    monkeypatch.setattr(Store, "stats", broken)
    result = cli("stats")
    assert result.code == 70
    assert result.stderr.startswith("news: error: internal error: RuntimeError: a bug")
    assert len(result.stderr.strip().splitlines()) == 1
