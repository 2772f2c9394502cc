"""The domain package never imports the UI libraries."""

import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FORBIDDEN = {"streamlit", "pydeck", "altair"}


def test_cdp_data_source_has_no_ui_imports():
    offenders = []
    for path in (REPO / "cdp_data").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{path.relative_to(REPO)}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert not offenders, offenders


def test_import_linter_contract_holds():
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint), "--config", str(REPO / ".importlinter")], cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken" in result.stdout


def test_importing_the_domain_loads_no_ui_module():
    code = ("import sys, importlib, pkgutil, cdp_data\n"
            "for m in pkgutil.walk_packages(cdp_data.__path__, 'cdp_data.'):\n"
            "    if m.name != 'cdp_data.__main__': importlib.import_module(m.name)\n"
            "print(sorted(x for x in ('streamlit','pydeck','altair') if x in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
