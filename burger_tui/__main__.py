"""``python -m burger_tui`` and the ``burger-tui`` command (pyproject's ``[project.scripts]``): :func:`run`.

Nothing is imported here before :func:`run` starts: Ctrl+C pressed as the program starts lands in the
import of the command line (some 60 ms of modules, ours and the standard library's), before ``main`` can
catch it, and Python would end with a traceback of its own import machinery. :func:`run` catches it there.
"""

# 128 + SIGINT: the shell's code for a program stopped by Ctrl+C. Written out, not imported: it is needed
# when the import of the command line (where ``burger_tui.cli.exits`` names it) was interrupted.
EXIT_INTERRUPTED = 130


def run() -> int:
    """The command line's exit code; 130, quietly, if Ctrl+C came before ``main`` could catch it."""
    try:
        from burger_tui.cli import main

        return main()
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


# Guarded: anyio's worker processes (the cleaning lesson) re-run the parent's __main__ as __mp_main__.
if __name__ == "__main__":
    raise SystemExit(run())
