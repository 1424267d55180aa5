"""What ``burger-tui serve`` lets a visitor do: who gets in, how many seats one address takes, how fast a tab
may type, and the addresses a browser is told to use.

Plain Python with no server in it, so each rule is tested on its own; :mod:`burger_tui.serve` applies them
to aiohttp's requests.
"""

from __future__ import annotations

import ipaddress
import re
import secrets
import socket
import time
from collections import Counter
from collections.abc import Callable
from urllib.parse import quote, urlsplit

# A token goes into URLs as it is: the characters a URL never escapes, and short enough to type.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9._~-]{1,128}")
TOKEN_BYTES = 18  # 24 characters of URL-safe base64: as strong as Jupyter's, short enough to read out

# A person types at most ~15 keys a second and a held key repeats ~30 times a second; a mouse moving over
# the page sends an event per cell, ~60 a second. More than that is a script: the rest is dropped.
INPUT_PER_S = 60.0
INPUT_BURST = 120  # messages at once (a quick series of keys after a pause)
# One keystroke, one mouse event or a short paste. textual.js sends each as one message; 100,000 `O`s in
# one message (a rush each) is not typing, and is dropped whole rather than cut inside an escape sequence.
MAX_INPUT_CHARS = 256


class TokenError(ValueError):
    """A token the user chose that cannot be put in a URL, worded for a one-line error."""


def new_token() -> str:
    """A random secret for the room's URL."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def checked_token(token: str) -> str:
    """``token`` if it can be used as it is in a URL, else :class:`TokenError`."""
    if not TOKEN_PATTERN.fullmatch(token):
        raise TokenError(
            "a token is 1 to 128 letters, digits and the characters . _ ~ - (it goes into the URL as it is)"
        )
    return token


def token_matches(given: str | None, token: str | None) -> bool:
    """Whether a request may have a dashboard: no token is needed, or it brought the right one."""
    if token is None:
        return True
    return given is not None and secrets.compare_digest(given.encode(), token.encode())


def origin_allowed(origin: str | None, host: str) -> bool:
    """Whether a websocket's ``Origin`` is the page this server served (``host``: the request's Host).

    Browsers let any web page open a websocket to any address, the visitor's own loopback included; only
    the ``Origin`` header tells the page that asks. Clients other than browsers send none.
    """
    if origin is None:
        return True
    return urlsplit(origin).netloc.lower() == host.lower()


def websocket_url(scheme: str, host: str, token: str | None) -> str:
    """The page's websocket: the address the browser used to fetch the page (its Host), not the bound one.

    textual.js appends ``?width=…&height=…``, so the token goes into the path.
    """
    path = "/ws" if token is None else f"/ws/{quote(token, safe='')}"
    return f"{'wss' if scheme == 'https' else 'ws'}://{host}{path}"


def room_url(host: str, port: int, token: str | None) -> str:
    """The URL to print for the room: an address other machines can open, with the token in it.

    A server bound to every address (``0.0.0.0``, ``::``) is shown at this machine's address on its
    network, which a student's browser can reach; ``0.0.0.0`` itself cannot be opened from elsewhere.
    """
    shown = host
    try:
        if ipaddress.ip_address(host).is_unspecified:
            shown = _network_address(ipaddress.ip_address(host).version)
    except ValueError:  # a name: shown as given
        pass
    if ":" in shown:
        shown = f"[{shown}]"
    query = "" if token is None else f"?token={quote(token, safe='')}"
    return f"http://{shown}:{port}/{query}"


def _network_address(version: int) -> str:
    """This machine's address on its network (the one its default route leaves from), or its name.

    Connecting a UDP socket sends nothing: it only asks the kernel which address it would send from.
    """
    family, probe = (socket.AF_INET, "192.0.2.1") if version == 4 else (socket.AF_INET6, "2001:db8::1")
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as udp:
            udp.connect((probe, 9))
            address = str(udp.getsockname()[0])
    except OSError:
        return socket.gethostname()
    return socket.gethostname() if ipaddress.ip_address(address).is_unspecified else address


class Seats:
    """The dashboards a server runs at once: ``total`` in all, ``per_address`` for any one client address.

    ``take`` either takes a seat for ``address`` or says, in a sentence for the visitor, why not.
    """

    def __init__(self, total: int, per_address: int) -> None:
        self.total = total
        self.per_address = per_address
        self._held: Counter[str] = Counter()

    def __len__(self) -> int:
        return self._held.total()

    def refusal(self, address: str) -> str | None:
        """Why a visitor from ``address`` cannot have a dashboard now, or ``None`` if one is free."""
        if len(self) >= self.total:
            return f"all {self.total} dashboards of this server are in use; close one or try again later."
        if self._held[address] >= self.per_address:
            count = self.per_address
            return (
                f"your computer already has {count} dashboard{'s' if count != 1 else ''} of this server open;"
                " close one of its tabs first."
            )
        return None

    def take(self, address: str) -> str | None:
        """Take a seat for ``address`` (returns ``None``), or return why not (and take nothing)."""
        reason = self.refusal(address)
        if reason is None:
            self._held[address] += 1
        return reason

    def give_back(self, address: str) -> None:
        self._held[address] -= 1
        if self._held[address] <= 0:
            del self._held[address]


class InputGate:
    """A tab's input at a person's pace: :data:`INPUT_PER_S` messages a second, :data:`INPUT_BURST` at
    once, none longer than :data:`MAX_INPUT_CHARS`; the rest is dropped (a token bucket)."""

    def __init__(
        self,
        *,
        per_s: float = INPUT_PER_S,
        burst: int = INPUT_BURST,
        max_chars: int = MAX_INPUT_CHARS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._per_s = per_s
        self._burst = float(burst)
        self._max_chars = max_chars
        self._clock = clock
        self._tokens = float(burst)
        self._last = clock()
        self.dropped = 0

    def admit(self, data: str) -> bool:
        """Whether this piece of input reaches the dashboard."""
        now = self._clock()
        self._tokens = min(self._burst, self._tokens + (now - self._last) * self._per_s)
        self._last = now
        if len(data) > self._max_chars or self._tokens < 1.0:
            self.dropped += 1
            return False
        self._tokens -= 1.0
        return True
