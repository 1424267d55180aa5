"""One frame's read-only view of the restaurant, captured once and shared by every panel.

Panels never keep simulation state: each frame they get a fresh :class:`Scene`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from burger_tui.sim.clock import RealClock
from burger_tui.sim.model import Couple, Mode, Phase, StaffMember, Ticket
from burger_tui.sim.restaurant import Restaurant
from burger_tui.sim.stats import RunStats
from burger_tui.ui.symbols import Symbols

GLANCE_SHOWN_S = 1.5  # how long a glance at the display stays visible (simulated seconds)


@dataclass
class Scene:
    now: float
    mode: Mode
    cooks: int
    speed: float
    paused: bool
    auto_arrivals: bool
    staff: list[StaffMember]
    kitchen_queue: list[Ticket]
    display_numbers: list[int]
    stats: RunStats
    utilization: dict[str, float]
    glance_every: float
    symbols: Symbols
    by_phase: dict[Phase, list[Couple]] = field(default_factory=dict)

    @classmethod
    def capture(cls, restaurant: Restaurant, clock: RealClock, symbols: Symbols) -> Scene:
        by_phase: dict[Phase, list[Couple]] = {phase: [] for phase in Phase}
        for couple in restaurant.present.values():
            by_phase[couple.phase].append(couple)
        # The line is in the order the cashier will serve it, not by arrival.
        by_phase[Phase.IN_LINE] = list(restaurant.board.line)
        return cls(
            now=clock.now(),
            mode=restaurant.mode,
            cooks=restaurant.cooks,
            speed=clock.speed,
            paused=clock.paused,
            auto_arrivals=restaurant.auto_arrivals,
            staff=list(restaurant.staff),
            kitchen_queue=list(restaurant.board.kitchen_queue),
            display_numbers=list(restaurant.display.numbers),
            stats=restaurant.stats,
            utilization=restaurant.utilization(),
            glance_every=restaurant.config.glance_every,
            symbols=symbols,
            by_phase=by_phase,
        )

    @property
    def newest_number(self) -> int | None:
        """The turn number that appeared last among those still on the display."""
        return self.display_numbers[-1] if self.display_numbers else None

    def couples(self, phase: Phase) -> list[Couple]:
        return self.by_phase[phase]

    def is_glancing(self, couple: Couple) -> bool:
        """A seated couple looks up at the display every ``glance_every`` seconds."""
        if couple.phase is not Phase.SEATED:
            return False
        since_first = self.now - (couple.phase_since + couple.demand.glance_offset)
        return since_first >= 0 and since_first % self.glance_every < GLANCE_SHOWN_S
