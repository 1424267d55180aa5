"""The dashboard's footer: Textual's, forgetting the keys it removes when it is recomposed (issue 25).

It is mounted just after the first frame, in place of a blank row of its colour (``#footer-row``): Textual's
footer shows no key in its first frame anyway, and importing, mounting and styling it before that frame
cost ~1 % of the instructions to it (issue 20).
"""

from __future__ import annotations

from textual import widgets


class Footer(widgets.Footer):
    """Textual's footer, forgetting the keys it removes when it is recomposed."""

    async def recompose(self) -> None:
        await super().recompose()
        # The old keys have closed now. Textual drops a closed key's binding when it calls the bindings
        # of ``compact``: a forced update calls them (and sets the new keys' ``compact`` again, unchanged).
        self.mutate_reactive(widgets.Footer.compact)
