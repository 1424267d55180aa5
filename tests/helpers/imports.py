"""What a source file imports, read from its syntax tree: nothing is imported or run to find out."""

from __future__ import annotations

import ast
from pathlib import Path


def imported_modules(path: Path, root: Path) -> set[str]:
    """Every module the import statements of ``path`` name, relative ones made absolute from ``root``.

    ``from a import b`` names ``a``: whether ``b`` is a module of ``a`` cannot be told without importing.
    """
    package = path.relative_to(root).with_suffix("").parts[:-1]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else ()
            names.add(".".join([*base, *([node.module] if node.module else [])]))
    return names
