"""The architecture the README promises, enforced: layers, no cycles, thin UI, small functions and modules."""

from __future__ import annotations

import ast
import collections
import configparser
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FORBIDDEN_UI = {"streamlit", "pydeck", "altair"}
UI_MAY_IMPORT = ("cdp_data.services", "cdp_data.present", "cdp_data.core", "cdp_data.bootstrap")
MAX_COMPLEXITY = 20
MAX_MODULE_LINES = 500


def _contracts() -> configparser.ConfigParser:
    parser = configparser.ConfigParser()
    parser.read(REPO / ".importlinter")
    return parser


def test_import_linter_contracts_hold():
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint), "--config", str(REPO / ".importlinter"), "--no-cache"], cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    contracts = [s for s in _contracts().sections() if s.startswith("importlinter:contract:")]
    assert f"Contracts: {len(contracts)} kept, 0 broken" in result.stdout
    kinds = {_contracts()[s]["type"] for s in contracts}
    assert {"layers", "forbidden", "independence", "acyclic_siblings"} <= kinds


def _module_graph() -> dict[str, set[str]]:
    import grimp

    sys.path.insert(0, str(REPO))
    graph = grimp.build_graph("cdp_data", "ui", include_external_packages=False, exclude_type_checking_imports=True)
    return {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected sets of more than one module (Tarjan), i.e. import cycles."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    sys.setrecursionlimit(10_000)

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in edges.get(module, ()):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(edges):
        if module not in index:
            visit(module)
    return found


def test_no_import_cycle_between_any_two_modules():
    assert _cycles(_module_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def _readme_layers() -> list[str]:
    text = (REPO / "README.md").read_text()
    block = text.split("<!-- layers -->", 1)[1].split("<!-- /layers -->", 1)[0]
    return [line.strip().strip("`").strip() for line in block.splitlines() if line.strip().startswith("`")]


def test_the_readme_lists_the_layers_of_the_contract():
    layers = _contracts()["importlinter:contract:layers"]["layers"]
    contract = [line.strip() for line in layers.splitlines() if line.strip()]
    assert _readme_layers() == contract


def _python_files(*folders: str):
    for folder in folders:
        yield from sorted((REPO / folder).rglob("*.py"))


@pytest.fixture(scope="module")
def parsed():
    """``parsed(path)``: the file's syntax tree, parsed once for the tests here that read every file (they only
    read the trees; kept while this module runs)."""
    trees: dict[Path, ast.Module] = {}

    def tree(path: Path) -> ast.Module:
        if path not in trees:
            trees[path] = ast.parse(path.read_text(), filename=str(path))
        return trees[path]

    yield tree
    trees.clear()


@pytest.fixture(scope="module")
def imports(parsed):
    """``imports(path)``: the modules the file imports (:func:`_imports`), found once for the tests here."""
    found: dict[Path, list[str]] = {}

    def of(path: Path) -> list[str]:
        if path not in found:
            found[path] = _imports(parsed(path))
        return found[path]

    return of


def _imports(tree: ast.Module) -> list[str]:
    """Modules imported in a file's ``tree``, except under ``if TYPE_CHECKING:`` (type names only), in the order
    of ``ast.walk`` (the tree is read, not changed: it is shared)."""
    names = []
    todo = collections.deque([tree])
    while todo:
        node = todo.popleft()
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            todo.extend([node.test, *node.orelse])  # its body left out
        else:
            todo.extend(ast.iter_child_nodes(node))
    return names


def test_cdp_data_source_has_no_ui_imports(imports):
    offenders = [f"{p.relative_to(REPO)}: {n}" for p in _python_files("cdp_data") for n in imports(p)
                 if n.split(".")[0] in FORBIDDEN_UI]
    assert not offenders, offenders


def test_pages_and_ui_call_services_and_presentation_only(imports):
    offenders = []
    for path in [*_python_files("pages", "ui"), REPO / "app.py"]:
        for name in imports(path):
            if name.startswith("cdp_data") and name != "cdp_data" and not name.startswith(UI_MAY_IMPORT):
                if not any(name == f"{allowed}" or name.startswith(allowed + ".") for allowed in UI_MAY_IMPORT):
                    offenders.append(f"{path.relative_to(REPO)}: {name}")
    assert not offenders, offenders


def test_importing_the_domain_loads_no_ui_module():
    code = ("import sys, importlib, pkgutil, cdp_data\n"
            "for m in pkgutil.walk_packages(cdp_data.__path__, 'cdp_data.'):\n"
            "    if m.name != 'cdp_data.__main__': importlib.import_module(m.name)\n"
            "print(sorted(x for x in ('streamlit','pydeck','altair') if x in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_no_function_in_cdp_data_is_too_complex(parsed):
    from radon.complexity import cc_visit_ast  # radon's cc_visit(text) is cc_visit_ast(ast.parse(text))

    offenders = [f"{p.relative_to(REPO)}:{block.lineno} {block.name} ({block.complexity})"
                 for p in _python_files("cdp_data") for block in cc_visit_ast(parsed(p))
                 if block.complexity > MAX_COMPLEXITY]
    assert not offenders, offenders


def test_no_module_in_cdp_data_is_too_long():
    offenders = [f"{p.relative_to(REPO)} ({n} lines)" for p in _python_files("cdp_data")
                 if (n := len(p.read_text().splitlines())) > MAX_MODULE_LINES]
    assert not offenders, offenders


@pytest.mark.parametrize("page", sorted(p.name for p in (REPO / "pages").glob("*.py")))
def test_pages_are_short(page):
    assert len((REPO / "pages" / page).read_text().splitlines()) <= 75


WRONG_IMPORTS = [  # (the file, the import planted in it, the contracts it breaks)
    ("cdp_data/core/numbers.py", "import cdp_data.services.loading", ["layers"]),      # the kernel reaching up
    ("cdp_data/store/schema.py", "import cdp_data.sources.detect", ["layers"]),         # the store reading files
    ("cdp_data/plan/__init__.py", "import cdp_data.targets", ["layers", "domain-independence"]),  # domain to domain
]


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """A copy of the repository with every import of ``WRONG_IMPORTS`` planted, and ONE run of lint-imports over
    it (it checks every contract and reports each illegal import of each broken one): its output with the
    whitespace made single (it wraps long lines), and the line of each planted import."""
    import shutil

    copy = tmp_path_factory.mktemp("planted") / "repo"
    shutil.copytree(REPO, copy, ignore=shutil.ignore_patterns(".venv", ".git", "workspace", "test-artifacts",
                                                               "__pycache__", "*.pyc"))
    lines = {}
    for module, bad_import, _ in WRONG_IMPORTS:
        target = copy / module
        target.write_text(target.read_text() + f"\n{bad_import}  # noqa\n")
        lines[module] = target.read_text().splitlines().index(f"{bad_import}  # noqa") + 1
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint), "--config", str(copy / ".importlinter"), "--no-cache"], cwd=copy,
                            capture_output=True, text=True, env={"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin"})
    return result, " ".join(result.stdout.split()), lines


def _broken_section(flat: str, contract: str) -> str:
    """The part of the report that lists the illegal imports of ``contract`` (a section of .importlinter)."""
    names = [" ".join(_contracts()[s]["name"].split()) for s in _contracts().sections()
             if s.startswith("importlinter:contract:")]
    listed = flat.split("Broken contracts", 1)[-1]
    name = " ".join(_contracts()[f"importlinter:contract:{contract}"]["name"].split())
    assert name in listed, f"{name} is not among the broken contracts"
    section = listed.split(name, 1)[1]
    ends = [section.find(other) for other in names if other != name and section.find(other) >= 0]
    return section[:min(ends)] if ends else section


@pytest.mark.parametrize("module, bad_import, contracts", WRONG_IMPORTS)
def test_the_contracts_catch_a_wrong_import(planted, module, bad_import, contracts):
    result, flat, lines = planted
    assert result.returncode != 0 and "BROKEN" in result.stdout, result.stdout + result.stderr
    importer = module.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
    imported = bad_import.split()[-1]
    for contract in contracts:  # this import, by itself, listed as an illegal import of each contract it breaks
        name = " ".join(_contracts()[f"importlinter:contract:{contract}"]["name"].split())
        assert f"{name} BROKEN" in flat, result.stdout
        assert f"- {importer} -> {imported} (l.{lines[module]})" in _broken_section(flat, contract), result.stdout


def test_only_the_store_speaks_sql(imports):
    offenders = [f"{p.relative_to(REPO)}: {n}" for p in _python_files("cdp_data") for n in imports(p)
                 if n.split(".")[0] == "sqlalchemy" and "store" not in p.relative_to(REPO).parts]
    assert not offenders, offenders
