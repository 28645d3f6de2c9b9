"""An app's ``models.py`` gathers its ``models_<part>.py`` with ``import *``: a name one part
exports must not rebind a name ``models.py`` defines or another part exports. Once, the rooms'
``HOLDING`` (a booking's states) replaced the registrations' ``HOLDING`` for every module that
imported it from ``models``, and a freed place stopped going to the waiting list."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "gonghui"
APPS = sorted(p.parent.name for p in SRC.glob("*/models.py") if list(p.parent.glob("models_*.py")))


def _defined_before_star_imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names):
            continue
        if isinstance(node, ast.ClassDef | ast.FunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


@pytest.mark.parametrize("app", APPS)
def test_no_part_rebinds_a_name_of_models_or_of_another_part(app):
    own = _defined_before_star_imports(SRC / app / "models.py")
    seen: dict[str, str] = {}
    for path in sorted((SRC / app).glob("models_*.py")):
        module = importlib.import_module(f"gonghui.{app}.{path.stem}")
        for name in getattr(module, "__all__", ()):
            assert name not in own, f"{path.name} exports {name}, which models.py defines"
            assert name not in seen, f"{path.name} and {seen[name]} both export {name}"
            seen[name] = path.name
