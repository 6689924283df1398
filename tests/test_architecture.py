"""The layering rules of docs/architecture.md, checked on the source (ast), so that a change that breaks
them fails here rather than in a reviewer's reading."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "forcecheck"

#: layer -> packages it must never import (imports flow from the shells down, along the pipeline)
FORBIDDEN = {
    "ingest": ("report", "screen", "vet", "cli", "api", "web"),
    "extract": ("report", "screen", "vet", "cli", "api", "web"),
    "store": ("report", "screen", "vet", "cli", "api", "web", "match", "extract", "ingest"),
    "match": ("store", "report", "screen", "vet", "cli", "api", "web", "ingest", "extract"),
    "names": ("store", "report", "screen", "vet", "cli", "api", "web", "ingest", "extract", "match"),
    "screen": ("report", "vet", "cli", "api", "web"),
    "vet": ("report", "cli", "api", "web"),
    "report": ("cli", "api", "web"),
    "review": ("report", "vet", "cli", "api", "web"),
}


def _modules():
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(PKG)
        if rel.parts[0] == "store" and "migrations" in rel.parts:
            continue
        yield rel, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _imported(rel: Path, tree: ast.AST) -> set[str]:
    """Top-level forcecheck subpackages a module imports (absolute or relative, at any depth in the file)."""
    out: set[str] = set()
    pkg_parts = ["forcecheck", *rel.parts[:-1]]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "forcecheck" and len(parts) > 1:
                    out.add(parts[1])
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg_parts[: len(pkg_parts) - (node.level - 1)]
                parts = base + (node.module.split(".") if node.module else [])
                if len(parts) > 1:
                    out.add(parts[1])
                else:  # "from .. import vocab, settings"
                    out.update(a.name for a in node.names)
            elif node.module and node.module.split(".")[0] == "forcecheck":
                parts = node.module.split(".")
                if len(parts) > 1:
                    out.add(parts[1])
                else:
                    out.update(a.name for a in node.names)
    return out


def test_imports_flow_one_way():
    bad = []
    for rel, tree in _modules():
        layer = rel.parts[0] if len(rel.parts) > 1 else None
        if layer not in FORBIDDEN:
            continue
        for target in _imported(rel, tree) & set(FORBIDDEN[layer]):
            bad.append(f"forcecheck/{rel} imports forcecheck.{target}")
    assert not bad, "layering broken:\n" + "\n".join(bad)


def test_environment_is_read_only_in_settings():
    bad = []
    for rel, tree in _modules():
        if rel == Path("settings.py"):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "putenv"):
                if isinstance(node.value, ast.Name) and node.value.id == "os":
                    bad.append(f"forcecheck/{rel}:{node.lineno}")
    assert not bad, "os.environ read outside settings.py: " + ", ".join(bad)


@pytest.mark.parametrize("rel", sorted(str(p.relative_to(PKG)) for p in (PKG / "cli").glob("*.py")))
def test_cli_does_not_build_rows_or_citations(rel):
    """The CLI draws; rows (CSV) and documents are rendered by the core (report/), once for every shell."""
    tree = ast.parse((PKG / rel).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            assert not (node.value.id == "csv" and node.attr in ("writer", "DictWriter")), (
                f"{rel}:{node.lineno} writes CSV"
            )
