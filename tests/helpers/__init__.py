"""What the tests share: seeded restaurants, queueing theory, invariants, and driving the dashboard."""
