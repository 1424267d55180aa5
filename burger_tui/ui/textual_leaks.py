"""What Textual keeps of widgets that are gone, and how the dashboard lets it go.

A notice replacing another, help or compare closing: each removes widgets. In Textual 8 (and
textual-plotext 1) four things kept them, with every line they had rendered, for the life of the app:
the dashboard in a terminal grew 2 to 4 MB a reset, 43 MB to 199 MB over 50 (issue 25; ``python -m
benchmarks resets``):

- ``ToastRack.show`` removes a toast whose notice has gone, but not the ``ToastHolder`` around it: the
  holder stays on the rack, its dead toast in its list of children's cache. One per replaced notice.
- ``Footer`` binds each key's ``compact`` to its own and forgets a binding only when ``compact``
  changes, which it never does: each time the dashboard comes back from help or compare, its footer is
  recomposed and its 34 old keys were kept (the dashboard's :class:`~burger_tui.ui.footer.Footer` lets
  them go).
- A widget that subscribes to one of the app's signals and never unsubscribes (textual-plotext's plots
  on compare: the theme) is held by the signal's callback until that signal fires, with what it shows.
- ``StylesCache.get_inner_outer`` is an ``lru_cache`` on a method: its keys hold widgets' style caches
  (every line they rendered) until 1,024 newer keys push them out.

:func:`let_go` undoes all that each time Textual puts the notices up again: a notice comes or goes, a
screen comes back, the moments widgets go in this app. These reach into Textual's internals, here only;
``tests/ui/test_textual_leaks.py`` fails if those change.
"""

from __future__ import annotations

from typing import Any

from textual._styles_cache import StylesCache
from textual.app import App, ScreenStackError
from textual.css.query import NoMatches
from textual.signal import Signal
from textual.widgets._toast import Toast, ToastHolder, ToastRack


def let_go(app: App[Any]) -> None:
    """Let go of what Textual keeps of widgets that are gone (see the module's docstring).

    Run just before Textual's own ``ToastRack.show`` on the current screen, which removes stale toasts
    but would leave their holders.
    """
    _remove_stale_toasts(app)
    _unsubscribe_gone_widgets(app)
    StylesCache.get_inner_outer.cache_clear()  # costs the live widgets a few Style additions, once


def _remove_stale_toasts(app: App[Any]) -> None:
    """Remove each toast of the current screen whose notice has gone, with its holder, and each holder
    whose toast ``show()`` removed without it (a notice that ran out between this look and show's)."""
    try:
        rack = app.screen.get_child_by_type(ToastRack)
    except (ScreenStackError, NoMatches):  # no screen or no rack (yet): nothing shown, nothing stale
        return
    live = {notice.identity for notice in app._notifications}  # expired ones are dropped as this reads
    for holder in rack.query_children(ToastHolder):
        # A holder gets its toast before it is mounted: mounted and empty, it has lost it.
        emptied = holder.is_mounted and not holder.children
        if emptied or any(toast._notification.identity not in live for toast in holder.query_children(Toast)):
            holder.remove()  # the toast with it; show() then removes the toast again, which is harmless


def _unsubscribe_gone_widgets(app: App[Any]) -> None:
    """Drop the app's signals' subscribers that are gone, as ``Signal.publish`` would next time it runs."""
    for signal in vars(app).values():
        if isinstance(signal, Signal):
            for node in list(signal._subscriptions):
                if not (node.is_running and node.is_attached) or node._pruning:
                    signal.unsubscribe(node)
