"""The restaurant as pure anyio code: no Textual here."""

from burger_tui.sim.clock import Clock, ManualTimeSource, RealClock, VirtualClock
from burger_tui.sim.distributions import Distribution, parse_distribution
from burger_tui.sim.model import Couple, Mode, Phase, RestaurantConfig, Role, StaffMember
from burger_tui.sim.restaurant import Restaurant

__all__ = [
    "Clock",
    "Couple",
    "Distribution",
    "ManualTimeSource",
    "Mode",
    "Phase",
    "RealClock",
    "Restaurant",
    "RestaurantConfig",
    "Role",
    "StaffMember",
    "VirtualClock",
    "parse_distribution",
]
