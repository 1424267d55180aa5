"""The source a paused frame is at: the statement of its ``await`` as one line, and a function's lines.

Read from the files through ``linecache`` (what tracebacks use), each once: a :class:`Line` is made once
per place in the code and kept, so the same place is the same object (and compares by identity).
"""

from __future__ import annotations

import ast
import inspect
import linecache
import re
from functools import lru_cache
from types import CodeType

from burger_tui.sim.program.snapshot import Line

_COMMENT = re.compile(r"\s+#\s.*$")  # an inline comment after the code (PEP 8: two spaces, #, a space)


def line_at(code: CodeType, line: int) -> Line:
    """The :class:`Line` of ``code`` at ``line``, made once (kept with its code, so the ``id`` stays its)."""
    known = _LINES.get((id(code), line))
    if known is not None:
        return known[1]
    first, last = _statements(code.co_filename).get(line, (line, line))
    text = " ".join(
        _COMMENT.sub("", linecache.getline(code.co_filename, n)).strip() for n in range(first, last + 1)
    )
    text = re.sub(r"([(\[]) ", r"\1", re.sub(r",? ([)\]])", r"\1", text))  # a call cut over lines
    made = _LINES[id(code), line] = (
        code,
        Line(code.co_filename, code.co_qualname, code.co_firstlineno, line, text),
    )
    return made[1]


_LINES: dict[tuple[int, int], tuple[CodeType, Line]] = {}


def read_ahead(*paths: str) -> None:
    """Parse the ``await``s of ``paths`` now, not at the first look at a program paused in them (a day's
    actors' files took the dashboard's loop ~20 ms each, the first time ``p`` was pressed)."""
    for path in paths:
        _statements(path)


@lru_cache(maxsize=16)
def _statements(path: str) -> dict[int, tuple[int, int]]:
    """For each line of an ``await`` in ``path``: the lines of its statement, up to the ``await``'s end.

    ``busy = await self._job(`` spans three lines; a paused frame names the first, the view shows all.
    """
    spans: dict[int, tuple[int, int]] = {}

    def visit(node: ast.AST, statement: ast.stmt | None) -> None:
        for child in ast.iter_child_nodes(node):
            inside = child if isinstance(child, ast.stmt) else statement
            if isinstance(child, ast.Await) and inside is not None:
                end = child.end_lineno or child.lineno
                for line in range(child.lineno, end + 1):
                    spans.setdefault(line, (min(inside.lineno, child.lineno), end))
            visit(child, inside)

    visit(ast.parse("".join(linecache.getlines(path))), None)
    return spans


@lru_cache(maxsize=32)
def function_source(path: str, first_line: int) -> tuple[str, ...]:
    """The lines of the function that starts at ``first_line`` of ``path`` (its decorators aside)."""
    lines = linecache.getlines(path)
    return tuple(line.rstrip("\n") for line in inspect.getblock(lines[first_line - 1 :]))
