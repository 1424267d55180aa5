"""Hypothesis profiles for the reliability suite.

``ci`` (the default) keeps the suite inside the CI budget; ``deep`` is for nightly runs:
``HYPOTHESIS_PROFILE=deep .venv/bin/pytest tests/reliability``. Only the reliability tests read
these profiles; the rest of the suite keeps its own ``@settings``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=100,
    stateful_step_count=50,
    deadline=None,
    derandomize=True,  # the same examples on every CI run: a red build is reproducible
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "deep",
    max_examples=2000,
    stateful_step_count=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def machine_settings() -> settings:
    """The profile named by ``HYPOTHESIS_PROFILE`` (default ``ci``)."""
    return settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
