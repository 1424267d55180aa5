"""Service-time distributions: the spec language, its errors, and what the samples look like."""

from __future__ import annotations

import random
import statistics

import pytest

from burger_tui.sim.distributions import Distribution, parse_distribution


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("fixed:0", Distribution("fixed", 0.0)),
        ("fixed:12.5", Distribution("fixed", 12.5)),
        ("exp:45", Distribution("exp", 45.0)),
        ("exp:0.5", Distribution("exp", 0.5)),
        ("uniform:10:20", Distribution("uniform", 10.0, 20.0)),
        ("uniform:3:3", Distribution("uniform", 3.0, 3.0)),
        ("  exp:45 ", Distribution("exp", 45.0)),
        ("fixed:1e2", Distribution("fixed", 100.0)),
    ],
)
def test_good_specs(spec: str, expected: Distribution) -> None:
    parsed = parse_distribution(spec)
    assert parsed == expected
    assert parse_distribution(str(parsed)) == parsed  # printing gives a spec back


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("", "unknown distribution ''"),
        ("45", "unknown distribution '45'"),
        ("normal:1:2", "unknown distribution 'normal:1:2'"),
        ("EXP:45", "unknown distribution"),
        ("exp", "exp takes 1 number"),
        ("exp:", "exp takes 1 number"),
        ("fixed:1:2", "fixed takes 1 number"),
        ("uniform:5", "uniform takes 2 number"),
        ("uniform:1:2:3", "uniform takes 2 number"),
        ("exp:abc", "not a number"),
        ("uniform:1:x", "not a number"),
        ("fixed:-1", "finite and not negative"),
        ("exp:-45", "finite and not negative"),
        ("fixed:nan", "finite and not negative"),
        ("exp:inf", "finite and not negative"),
        ("uniform:20:10", "needs A <= B"),
        ("exp:0", "exp needs a mean above zero"),
    ],
)
def test_bad_specs_say_why(spec: str, message: str) -> None:
    with pytest.raises(ValueError, match=message) as error:
        parse_distribution(spec)
    text = str(error.value)
    assert "\n" not in text
    if "unknown" in message or "takes" in message or "not a number" in message:
        assert "fixed:X, exp:MEAN or uniform:A:B" in text  # the error says what would work


@pytest.mark.parametrize(
    ("spec", "mean", "low", "high"),
    [
        ("fixed:7", 7.0, 7.0, 7.0),
        ("exp:45", 45.0, 0.0, float("inf")),
        ("uniform:10:20", 15.0, 10.0, 20.0),
    ],
)
def test_samples(spec: str, mean: float, low: float, high: float) -> None:
    distribution = parse_distribution(spec)
    rng = random.Random(spec)
    samples = [distribution.sample(rng) for _ in range(40_000)]
    assert distribution.mean == mean
    assert statistics.fmean(samples) == pytest.approx(mean, rel=0.02)  # 2 %: over 3 standard errors
    assert low <= min(samples)
    assert max(samples) <= high


def test_exponential_samples_look_exponential() -> None:
    rng = random.Random(1)
    samples = [parse_distribution("exp:45").sample(rng) for _ in range(40_000)]
    assert statistics.stdev(samples) == pytest.approx(45, rel=0.03)  # sd = mean
    assert statistics.median(samples) == pytest.approx(45 * 0.6931, rel=0.03)  # median = mean ln 2


def test_samples_come_from_the_given_generator() -> None:
    distribution = parse_distribution("uniform:0:100")
    first = [distribution.sample(random.Random(9)) for _ in range(3)]
    assert first == [distribution.sample(random.Random(9)) for _ in range(3)]
    assert distribution.sample(random.Random(9)) != distribution.sample(random.Random(10))


@pytest.mark.parametrize("spec", ["fixed:0", "fixed:7.5", "exp:45", "uniform:10:20"])
def test_a_sampler_draws_what_sample_draws(spec: str) -> None:
    """The restaurant draws through ``sampler`` (no test of the kind per draw): the same values, and the
    generator left in the same state."""
    distribution = parse_distribution(spec)
    by_sample, by_sampler = random.Random(4), random.Random(4)
    draw = distribution.sampler(by_sampler)
    assert [distribution.sample(by_sample) for _ in range(1_000)] == [draw() for _ in range(1_000)]
    assert by_sample.random() == by_sampler.random()
