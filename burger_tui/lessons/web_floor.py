"""The kitchen's floor: where each couple (request) is, as the server itself sees it, one letter a couple.

The kitchen server (:mod:`burger_tui.lessons.web_kitchen`) writes a couple's letter as its request moves
through the app, and answers a look from a thread of its own: the answer comes even while a blocking call
holds the server's loop, which is when it matters most. This module is what both sides share, and what
the screen makes of a look; it imports neither FastAPI nor httpx.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import Enum


class Where:
    """Where the server has a couple, one letter each (a look sends them as one string).

    Plain strings, not an enum: the server writes one at each step of every request, and an enum member
    costs ~0.3 µs to look up on CPython 3.11 (measured: the kitchen's middleware took 10k instructions
    more a request with enum letters than with these).
    """

    DOOR = "."  # sent, not yet in the app: in the socket's queue, or not yet read by the loop
    ORDERING = "o"  # in the app, no burger on the fire yet (a def style: waiting for a token, or in a thread)
    TALKING = "t"  # its coroutine suspended at an await while the burger cooks: the loop serves others
    STANDING = "s"  # a worker thread blocked in the call for it: one of the threadpool's tokens
    HOLDING = "h"  # a blocking call for it on the server's loop itself: nobody else moves
    SERVED = "d"  # burgers in hand: the answer is on its way


COUPLE_HEADER = "x-couple"  # the client's number for each couple, so the server can say who is where


@dataclass(frozen=True)
class FloorLook:
    """The kitchen at one moment, as the server saw it."""

    tokens: int  # the threadpool's tokens
    lent: int  # tokens lent to worker threads right now
    lag_s: float  # how late the server's loop is now: how long it has not come back to its probe
    worst_lag_s: float  # the worst lag since this style began
    couples: str  # one Where letter a couple, by couple number; couples not seen yet are left out

    @property
    def held(self) -> bool:
        """Whether a blocking call holds the server's loop right now."""
        return Where.HOLDING in self.couples


class Face(Enum):
    """A couple as the lesson's floor shows it; the value says it in words (how it is counted)."""

    DOOR = "at the door"
    ORDERING = "ordering"
    TOKEN = "waiting for a token"
    TALKING = "talking"
    STANDING = "standing"
    HOLDING = "cooked on the loop"
    FROZEN = "frozen"
    SERVED = "served"


_FACES = {
    Where.DOOR: Face.DOOR,
    Where.ORDERING: Face.ORDERING,
    Where.TALKING: Face.TALKING,
    Where.STANDING: Face.STANDING,
    Where.HOLDING: Face.HOLDING,
    Where.SERVED: Face.SERVED,
}


def faces(look: FloorLook, requests: int, threadpool: bool) -> list[Face]:
    """Each of ``requests`` couples' face in ``look``.

    ``threadpool``: the style runs its call in the threadpool. A couple in the app with nothing on the fire
    then holds one of the tokens lent that no standing couple holds (its call starting in a worker thread,
    or, with nothing to cook, running there: ordering from a cashier-cook), or, every token lent, waits for
    a token; with a token free nobody waits for one. The counts are the server's (one look: its letters
    and its limiter); which couples hold those tokens the letters do not say, so the first sent are shown
    with them (the limiter lends its tokens in the order they were asked for). While the loop is held,
    everyone not served is frozen: the one cashier is cooking at the counter, and no order is taken, no
    answer sent, no await comes back.
    """
    letters = look.couples[:requests].ljust(requests, Where.DOOR)
    held = look.held
    in_threads = max(0, look.lent - letters.count(Where.STANDING)) if threadpool else 0
    rack_full = look.lent >= look.tokens
    shown: list[Face] = []
    for letter in letters:
        face = _FACES[letter]
        if held and face not in (Face.SERVED, Face.HOLDING):
            face = Face.FROZEN
        elif face is Face.ORDERING and threadpool:
            if in_threads:
                in_threads -= 1
            elif rack_full:
                face = Face.TOKEN
        shown.append(face)
    return shown


def counts(shown: list[Face]) -> list[tuple[Face, int]]:
    """How many couples show each face, in the floor's order: the faces nobody shows left out, except
    served (so the line always says how far the style has come)."""
    counted = Counter(shown)
    return [(face, counted[face]) for face in Face if counted[face] or face is Face.SERVED]


def in_the_app(shown: list[Face]) -> int:
    """Couples the server has taken in and not yet served (frozen ones too: the server holds them up)."""
    return sum(1 for face in shown if face not in (Face.DOOR, Face.SERVED))
