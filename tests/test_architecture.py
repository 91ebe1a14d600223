"""The layers hold: docs/architecture.md against the package's import graph.

The graph is read from the source with ``ast`` (imports at module level and inside functions
alike, and modules named to ``parley._lazy.lazy_module``, imported on first use; those under
``if TYPE_CHECKING:`` are annotations, not imports, and are left out). Each
module belongs to the layer of ``docs/architecture.md`` whose module prefix is the longest that
matches; an import of a layer the table does not allow is an upward import and fails; so does any
cycle among the package's modules.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "parley"
ARCHITECTURE = ROOT / "docs" / "architecture.md"
#: the most imports left inside functions (each for an optional heavy dependency)
MAX_FUNCTION_IMPORTS = 9


# ----------------------------------------------------------------------------- the import graph
@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    target: str  # the imported module of the package
    line: int
    in_function: bool


def _modules() -> dict[str, tuple[Path, bool]]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        out[".".join(parts)] = (path, is_package)
    return out


MODULES = _modules()


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _targets(module: str, is_package: bool, node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        names = [a.name for a in node.names]
    else:
        base = _resolve(module, is_package, node)
        # `from . import x` imports the module parley.<pkg>.x when there is one, else a name of <pkg>
        names = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
    out = []
    for name in names:
        while name and name not in MODULES:  # `import parley.ingest.dates as d` names a module; a
            name = name.rpartition(".")[0]    # name imported from a module belongs to that module
        if name.startswith("parley") and name != module:
            out.append(name)
    return out


def _lazy_target(node: ast.AST) -> str | None:
    """The module named by a ``lazy_module("...")`` call, else None."""
    if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name == "lazy_module" and isinstance(node.args[0].value, str):
            return node.args[0].value
    return None


def _imports() -> list[Import]:
    found: list[Import] = []
    for module, (path, is_package) in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))

        def visit(node: ast.AST, in_function: bool) -> None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.If) and _is_type_checking(child):
                    for other in child.orelse:
                        visit(other, in_function)
                    continue
                if isinstance(child, (ast.Import, ast.ImportFrom)):
                    for target in _targets(module, is_package, child):
                        found.append(Import(module, target, child.lineno, in_function))
                lazy = _lazy_target(child)
                if lazy is not None:  # parley._lazy.lazy_module("parley.x"): an import, made on first use
                    name = lazy
                    while name and name not in MODULES:
                        name = name.rpartition(".")[0]
                    if name.startswith("parley") and name != module:
                        found.append(Import(module, name, child.lineno, in_function))
                visit(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)))

        visit(tree, False)
    return found


IMPORTS = _imports()


# ----------------------------------------------------------------------------- the documented layers
def _layers() -> tuple[dict[str, str], dict[str, set[str]], list[str]]:
    """From docs/architecture.md's table: module prefix -> layer, layer -> layers it may import,
    and the layers in the table's order."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    section = text.split("## Layers", 1)[1].split("\n## ", 1)[0]
    prefixes: dict[str, str] = {}
    allowed: dict[str, set[str]] = {}
    order: list[str] = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] in ("layer", "") or set(cells[0]) <= {"-"}:
            continue
        layer, modules, may = cells
        order.append(layer)
        for prefix in re.findall(r"`([\w.]+)`", modules):
            prefixes[prefix] = layer
        allowed[layer] = {x.strip() for x in may.split(",") if x.strip()}
    return prefixes, allowed, order


PREFIXES, ALLOWED, ORDER = _layers()


def layer_of(module: str) -> str | None:
    best = None
    for prefix in PREFIXES:
        if module == prefix or module.startswith(prefix + "."):
            if best is None or len(prefix) > len(best):
                best = prefix
    return PREFIXES[best] if best else None


def test_the_layer_table_is_read():
    assert ORDER[:2] == ["core", "readers"] and "api" in ORDER and "cli" in ORDER
    assert all(set(may) <= set(ORDER) for may in ALLOWED.values()), ALLOWED


def test_every_module_belongs_to_a_layer():
    missing = sorted(m for m in MODULES if layer_of(m) is None)
    assert not missing, f"modules without a layer in docs/architecture.md: {missing}"


def test_no_upward_import():
    """A stage never imports the store, the pipeline, the api or a face; the pipeline never the
    store; faces never the store, the pipeline or a stage; and so on, as the table says."""
    upward = [
        f"{i.source} ({layer_of(i.source)}) imports {i.target} ({layer_of(i.target)}) on line {i.line}"
        for i in IMPORTS
        if layer_of(i.target) not in ALLOWED[layer_of(i.source)]  # type: ignore[index]
    ]
    assert not upward, "imports the layers do not allow:\n" + "\n".join(upward)


def test_no_import_cycle():
    graph: dict[str, set[str]] = defaultdict(set)
    for i in IMPORTS:
        graph[i.source].add(i.target)
    # Tarjan's strongly connected components: any component of two or more modules is a cycle
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def strongconnect(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                strongconnect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(MODULES):
        if module not in index:
            strongconnect(module)
    assert not cycles, f"import cycles: {cycles}"


def test_the_briefing_needs_neither_the_dashboard_nor_fastapi():
    report = {i.target for i in IMPORTS if i.source.startswith("parley.report")}
    assert not any(t.startswith("parley.web") for t in report), report
    for module, (path, _) in MODULES.items():
        if module.startswith(("parley.report", "parley.api", "parley.charts")):
            assert not re.search(r"^\s*(?:from|import)\s+(?:fastapi|starlette|uvicorn)\b", path.read_text(), re.M), module


def test_stages_import_neither_the_store_nor_the_pipeline_nor_a_face():
    stages = ("readers", "registry", "stages", "analyses")
    bad = [i for i in IMPORTS if layer_of(i.source) in stages
           and layer_of(i.target) in ("store", "pipeline", "api", "renderers", "cli", "apps", "tools")]
    assert not bad, bad


def test_faces_reach_nothing_below_the_api():
    bad = [i for i in IMPORTS if layer_of(i.source) in ("renderers", "cli")
           and layer_of(i.target) in ("readers", "registry", "stages", "analyses", "store", "pipeline")]
    assert not bad, bad


# ----------------------------------------------------------------------------- imports in functions
def _comment_near(path: Path, line: int) -> bool:
    lines = path.read_text(encoding="utf-8").splitlines()
    here = lines[line - 1]
    if "#" in here:
        return True
    above = lines[max(0, line - 4): line - 1]
    return any(x.strip().startswith("#") for x in above)


def test_fewer_than_ten_imports_inside_functions_each_with_a_reason():
    inside = sorted({(i.source, i.line) for i in IMPORTS if i.in_function}
                    | set(_third_party_function_imports()))
    assert len(inside) <= MAX_FUNCTION_IMPORTS, inside
    without = [f"{m}:{line}" for m, line in inside if not _comment_near(MODULES[m][0], line)]
    assert not without, f"imports inside functions without a comment saying why: {without}"


def _third_party_function_imports() -> list[tuple[str, int]]:
    """Imports of other packages (spaCy, WeasyPrint, ...) inside functions."""
    out = []
    for module, (path, _) in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for node in ast.walk(fn):
                    if isinstance(node, ast.Import) and not any(a.name.startswith("parley") for a in node.names):
                        out.append((module, node.lineno))
                    elif isinstance(node, ast.ImportFrom) and node.level == 0 and not (node.module or "").startswith("parley"):
                        out.append((module, node.lineno))
    return out


# ----------------------------------------------------------------------------- the verbs
def test_every_verb_of_the_front_door_is_on_the_architecture_page():
    from parley.api import Parley

    text = ARCHITECTURE.read_text(encoding="utf-8").split("## Where each verb lives", 1)[1]
    listed = set(re.findall(r"`(\w+)`", text))
    public = {name for name in dir(Parley) if not name.startswith("_")}
    missing = sorted(public - listed)
    assert not missing, f"Parley methods missing from docs/architecture.md: {missing}"
    commands = set(re.findall(r"`parley ([a-z-]+)", text))
    from parley.docgen import iter_commands

    known = {name.split()[1] for name, _ in iter_commands() if len(name.split()) > 1}
    assert commands <= known, commands - known


@pytest.mark.parametrize("module", ["parley.cli", "parley.web", "parley.report"])
def test_faces_call_the_front_door(module):
    targets = {i.target for i in IMPORTS if i.source.startswith(module)}
    assert any(t.startswith("parley.api") for t in targets), targets
