"""The cashier line, the kitchen queue, and the hand-off of jobs to staff who are free.

A free staff member asks for the next job they can do and waits if there is none; new work
goes straight to the first free member who can do it. Work is handed over, never grabbed, so
sending an idle member home (a mode switch, one cook fewer) cannot lose a job: their wait
simply ends with ``None``.
"""

from __future__ import annotations

import bisect
from collections import deque
from collections.abc import Callable

from burger_tui.sim.handoff import Signal, fire
from burger_tui.sim.model import Couple, Role, StaffMember, Ticket

Job = Couple | Ticket


class _Waiting:
    __slots__ = ("job", "member", "order", "woken")

    def __init__(self, member: StaffMember, since: float, woken: Signal) -> None:
        self.member = member
        # Who gets the next job: the longest idle; staff idle since the same instant (all of them at
        # the opening) by role and number, not in the order their tasks happened to run (trio's
        # scheduler shuffles a batch; asyncio's does not).
        self.order = (since, member.role, member.number)
        self.woken = woken
        self.job: Job | None = None


class WorkBoard:
    """FIFO cashier line and FIFO kitchen queue, shared by whichever staff is on duty.

    ``new_signal`` makes the signal an idle member waits on (:func:`burger_tui.sim.handoff.signal_factory`).
    """

    def __init__(self, new_signal: Callable[[], Signal]) -> None:
        self._new_signal = new_signal
        self.line: deque[Couple] = deque()
        self.kitchen_queue: deque[Ticket] = deque()
        self._waiting: list[_Waiting] = []

    def join_line(self, couple: Couple) -> None:
        """A couple joins the cashier line (handed at once to an idle member who takes orders)."""
        self.line.append(couple)
        self._dispatch()

    def add_ticket(self, ticket: Ticket) -> None:
        """An order goes on the kitchen rail (handed at once to an idle member who cooks)."""
        self.kitchen_queue.append(ticket)
        self._dispatch()

    async def next_job(self, member: StaffMember, now: float) -> Job | None:
        """The next job ``member`` can do, waiting for one from ``now``; ``None`` once they are off duty."""
        if member.off_duty:
            return None
        job = self._take(member.role)
        if job is not None:
            return job
        waiting = _Waiting(member, now, self._new_signal())
        # Idle since now: last in line, unless others became idle at this instant too.
        if self._waiting and waiting.order < self._waiting[-1].order:
            bisect.insort(self._waiting, waiting, key=_order)
        else:
            self._waiting.append(waiting)
        try:
            await waiting.woken
        except BaseException:
            # Cancelled (the day is over): give back a job handed over in the meantime.
            if waiting in self._waiting:
                self._waiting.remove(waiting)
            if waiting.job is not None:
                self._give_back(waiting.job)
            raise
        return waiting.job

    def send_home(self, member: StaffMember) -> None:
        """End ``member``'s shift: at once if idle, else after the job in hand."""
        member.off_duty = True
        for waiting in self._waiting:
            if waiting.member is member:
                self._waiting.remove(waiting)
                fire(waiting.woken)
                return

    def _take(self, role: Role) -> Job | None:
        # Cashier-cooks cook orders already placed (left from another model) before taking new ones.
        if self.kitchen_queue and role is not Role.CASHIER:
            return self.kitchen_queue.popleft()
        if self.line and role is not Role.COOK:
            return self.line.popleft()
        return None

    def _dispatch(self) -> None:
        """Hand the work waiting to the idle, longest idle first, each the next job they can do."""
        index = 0
        while index < len(self._waiting) and (self.line or self.kitchen_queue):
            waiting = self._waiting[index]
            job = self._take(waiting.member.role)
            if job is None:
                index += 1  # nothing for their role: the next idle member may have work
                continue
            del self._waiting[index]
            waiting.job = job
            fire(waiting.woken)

    def _give_back(self, job: Job) -> None:
        if isinstance(job, Ticket):
            self.kitchen_queue.appendleft(job)
        else:
            self.line.appendleft(job)


def _order(waiting: _Waiting) -> tuple[float, Role, int]:
    return waiting.order
