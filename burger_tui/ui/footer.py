"""The dashboard's footer: Textual's, forgetting the keys it removes when it is recomposed (issue 25), and
showing its first keys even while the app has no focus (a browser's tab, until it is clicked).

It is mounted just after the first frame, in place of a blank row of its colour (``#footer-row``): Textual's
footer shows no key in its first frame anyway, and importing, mounting and styling it before that frame
cost ~1 % of the instructions to it (issue 20).
"""

from __future__ import annotations

from typing import Any

from textual import widgets
from textual.screen import Screen


class Footer(widgets.Footer):
    """Textual's footer, forgetting the keys it removes when recomposed, its first keys shown at once."""

    def bindings_changed(self, screen: Screen[Any]) -> None:
        # Textual's footer keeps its keys while the app has no focus (so that they do not flicker as a
        # blurred app's focus goes). A served tab starts blurred (the web driver says so as it starts, and
        # the browser says "focus" only once clicked), and this footer is mounted after that: it had no keys
        # to keep, and showed none until a click or a key. Its first keys are shown whatever the focus.
        if not self._bindings_ready and self.is_attached and screen is self.screen:
            self._bindings_ready = True
            self.call_after_refresh(self.recompose)
            return
        super().bindings_changed(screen)

    async def recompose(self) -> None:
        await super().recompose()
        # The old keys have closed now. Textual drops a closed key's binding when it calls the bindings
        # of ``compact``: a forced update calls them (and sets the new keys' ``compact`` again, unchanged).
        self.mutate_reactive(widgets.Footer.compact)
