"""Import-structure check for ``make lint``: no import cycles among the project's modules (lazy,
function-level imports and ``if TYPE_CHECKING:`` imports included: a loop that exists only for
type hints is still a loop between two modules that each need the other), the core never imports
``ui`` or Qt widgets, and a function-level import of the project's own modules carries a comment
saying it is deliberately lazy.

Exit status 1 with one line per problem.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("smmdesk", "ui")
LAZY_MARK = "deliberately lazy"


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_files() -> list[Path]:
    files = [ROOT / "main.py"]
    for pkg in PACKAGES:
        files.extend(sorted((ROOT / pkg).rglob("*.py")))
    return files


def imports_of(path: Path, known: set[str]) -> tuple[list[tuple[str, int, bool]], list[str]]:
    """(target module, line, function-level) for each project import; and problems."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    lines = source.splitlines()
    found: list[tuple[str, int, bool]] = []

    def resolve(name: str) -> str | None:
        while name and name not in known:
            name = name.rpartition(".")[0]
        return name or None

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                visit(child, True)
                continue
            if isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name.split(".")[0] in PACKAGES and (t := resolve(alias.name)):
                        found.append((t, child.lineno, in_function))
            elif (
                isinstance(child, ast.ImportFrom)
                and child.module
                and child.level == 0
                and child.module.split(".")[0] in PACKAGES
            ):
                for alias in child.names:
                    full = f"{child.module}.{alias.name}"
                    target = full if full in known else resolve(child.module)
                    if target:
                        found.append((target, child.lineno, in_function))
            visit(child, in_function)

    visit(tree, False)
    problems = []
    for target, line, lazy in found:
        if lazy:
            context = " ".join(lines[max(0, line - 6):line]).lower()
            if LAZY_MARK not in context:
                problems.append(
                    f"{path.relative_to(ROOT)}:{line}: function-level import of {target} "
                    f"without a '{LAZY_MARK}' comment"
                )
    return found, problems


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                strong(w)
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
            if len(component) > 1 or v in graph.get(v, ()):
                cycles.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for v in sorted(graph):
        if v not in index:
            strong(v)
    return cycles


def parents(name: str) -> list[str]:
    """Importing ``a.b.c`` runs ``a/__init__`` and ``a/b/__init__`` first."""
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def main() -> int:
    files = project_files()
    known = {module_name(f) for f in files}
    graph: dict[str, set[str]] = {m: set() for m in known}
    problems: list[str] = []
    for f in files:
        name = module_name(f)
        found, issues = imports_of(f, known)
        problems.extend(issues)
        for target, line, _lazy in found:
            if name.split(".")[0] == "smmdesk" and target.split(".")[0] == "ui":
                problems.append(f"{f.relative_to(ROOT)}:{line}: the core imports {target}")
            if target != name and target not in parents(name):
                graph[name].add(target)
        text = f.read_text(encoding="utf-8")
        if name.split(".")[0] == "smmdesk" and ("PySide6" in text or "QtWidgets" in text):
            for n, line in enumerate(text.splitlines(), 1):
                if "import" in line and "PySide6" in line:
                    problems.append(f"{f.relative_to(ROOT)}:{n}: the core imports Qt")
    for cycle in find_cycles(graph):
        problems.append("import cycle: " + " -> ".join(cycle))
    for p in problems:
        print(p)
    if not problems:
        print(f"imports: {len(files)} modules, no cycles")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
