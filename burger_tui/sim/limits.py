"""The accepted range of every number a day takes, in one place.

They are checked where the values are made (:class:`~burger_tui.sim.distributions.Distribution`,
:class:`~burger_tui.sim.model.RestaurantConfig`), so the command line, the dashboard and the library
refuse the same things, and the command line says so in one line naming its option.

Why these bounds: inside them no simulated time, sum or mean can overflow to infinity or turn into NaN.
The longest day they allow is 10 million couples queued behind one cashier-cook whose every order and
burger are the longest exponential draws (about 37 times a mean of a day): under 1e14 simulated
seconds, where a float64 clock still resolves a hundredth of a second, and the sum of 10 million waits
that long (1e21) is far below float64's 1.8e308. At the highest arrival rate the shortest gaps keep
the hourly throughput finite too. The bounds are also what a restaurant can mean: nothing takes more
than a day, and at the slowest a couple comes by every 17 hours.
"""

from __future__ import annotations

# The dashboard clock's speeds, simulated seconds per real second: the steps of its faster and slower keys,
# the range --speed accepts, and where a day starts.
SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
MIN_SPEED, MAX_SPEED = SPEEDS[0], SPEEDS[-1]
DEFAULT_SPEED = 4.0
# Couples waiting at the door as a day opens (before the seeded stream's first): the dashboard's, so that a
# first minute on screen shows the story without a key (at 1 a minute, a seed's first two couples could be
# two minutes apart); simulate's and compare's default is none (their numbers are the stream's alone).
DEFAULT_OPENING_LINE = 5
MAX_OPENING_LINE = 1_000
MAX_DURATION_S = 86_400.0  # order, cook and eat times (fixed X, exp MEAN, uniform A:B): a day
# The shortest mean of an exponential time and the shortest glance interval. Below a microsecond the
# statistics count a duration as zero anyway, and 1 / mean (the rate of the draw) stays finite.
MIN_MEAN_S = 1e-6
MIN_ARRIVAL_RATE_PER_MIN = 0.001  # one couple every ~17 hours on average
MAX_ARRIVAL_RATE_PER_MIN = 1_000_000.0
MAX_CUSTOMERS = 10_000_000  # couples in one headless run (and per point of compare's sweep)
# A signed 64-bit integer: what most JSON readers, databases and data frames keep as an integer, and short
# enough for a file name (the default export name contains the seed).
MIN_SEED = -(2**63)
MAX_SEED = 2**63 - 1

# The headless commands' defaults (constants here, so the command line's --help imports no runner).
DEFAULT_SIMULATE_CUSTOMERS = 10_000
DEFAULT_COMPARE_CUSTOMERS = 1_000  # the whole comparison takes about two seconds on one idle core
DEFAULT_SWEEP_CUSTOMERS = 1_000  # as many as the main run: the curve is smooth and goes through the table
SWEEP_FACTORS = (0.5, 0.75, 1.0, 1.25, 1.5)  # compare's sweep: the day's arrival rate times each of these
