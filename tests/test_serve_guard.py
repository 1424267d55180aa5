"""The rules ``serve`` applies to its visitors, one at a time: tokens, seats, the input gate, the URLs."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from burger_tui.serve_guard import (
    INPUT_BURST,
    MAX_INPUT_CHARS,
    InputGate,
    Seats,
    TokenError,
    checked_token,
    new_token,
    origin_allowed,
    room_url,
    token_matches,
    websocket_url,
)


def test_a_new_token_is_random_and_fits_in_a_url() -> None:
    tokens = {new_token() for _ in range(100)}
    assert len(tokens) == 100
    assert all(checked_token(token) == token and len(token) >= 20 for token in tokens)


@pytest.mark.parametrize("token", ["", "a b", "a/b", "a?b", "x" * 129, "né"])
def test_a_token_that_cannot_go_into_a_url_is_refused(token: str) -> None:
    with pytest.raises(TokenError, match="letters, digits"):
        checked_token(token)


def test_a_request_needs_the_right_token_only_when_there_is_one() -> None:
    assert token_matches(None, None)
    assert token_matches("anything", None)
    assert token_matches("s3cret", "s3cret")
    assert not token_matches(None, "s3cret")
    assert not token_matches("", "s3cret")
    assert not token_matches("s3cre", "s3cret")
    assert not token_matches("S3CRET", "s3cret")


def test_a_websocket_from_another_sites_page_is_refused() -> None:
    assert origin_allowed(None, "127.0.0.1:8000")  # not a browser
    assert origin_allowed("http://127.0.0.1:8000", "127.0.0.1:8000")
    assert origin_allowed("http://Classroom.local:8000", "classroom.local:8000")
    assert not origin_allowed("https://evil.example", "127.0.0.1:8000")
    assert not origin_allowed("http://127.0.0.1:9999", "127.0.0.1:8000")
    assert not origin_allowed("null", "127.0.0.1:8000")


def test_the_page_connects_back_to_the_address_the_browser_used() -> None:
    assert websocket_url("http", "192.168.1.20:8000", None) == "ws://192.168.1.20:8000/ws"
    assert websocket_url("https", "class.example", "t0k-en") == "wss://class.example/ws/t0k-en"


@pytest.mark.parametrize("host", ["0.0.0.0", "::"])
def test_a_server_on_every_address_prints_one_another_machine_can_open(host: str) -> None:
    url = room_url(host, 8000, "abc")
    parts = urlsplit(url)
    assert parts.hostname not in ("0.0.0.0", "::", None)
    assert parts.port == 8000
    assert parts.query == "token=abc"


def test_room_url_of_a_named_host_and_of_ipv6() -> None:
    assert room_url("127.0.0.1", 8000, None) == "http://127.0.0.1:8000/"
    assert room_url("::1", 8000, "t") == "http://[::1]:8000/?token=t"
    assert room_url("laptop.local", 80, None) == "http://laptop.local:80/"


def test_seats_cap_the_server_and_each_address() -> None:
    seats = Seats(total=3, per_address=2)
    assert seats.take("10.0.0.1") is None
    assert seats.take("10.0.0.1") is None
    reason = seats.take("10.0.0.1")
    assert reason is not None
    assert "already has 2 dashboards" in reason
    assert seats.take("10.0.0.2") is None
    assert len(seats) == 3
    reason = seats.take("10.0.0.3")
    assert reason is not None
    assert "all 3 dashboards" in reason
    seats.give_back("10.0.0.1")
    assert seats.refusal("10.0.0.3") is None
    assert seats.refusal("10.0.0.1") is None
    assert seats.take("10.0.0.1") is None
    assert len(seats) == 3


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_input_gate_lets_a_person_through_and_drops_a_script() -> None:
    clock = FakeClock()
    gate = InputGate(per_s=10, burst=5, clock=clock)
    assert [gate.admit("o") for _ in range(7)] == [True] * 5 + [False] * 2  # a burst, then the bucket is dry
    clock.now += 0.35  # 3.5 messages' worth of time
    assert [gate.admit("o") for _ in range(4)] == [True] * 3 + [False]
    clock.now += 100  # a long pause refills it, up to the burst only
    assert sum(gate.admit("o") for _ in range(50)) == 5
    assert gate.dropped == 2 + 1 + 45


def test_the_input_gate_drops_a_message_longer_than_a_person_types() -> None:
    gate = InputGate(clock=FakeClock())
    assert not gate.admit("O" * 100_000)
    assert not gate.admit("O" * (MAX_INPUT_CHARS + 1))
    assert gate.admit("O" * MAX_INPUT_CHARS)
    assert gate.admit("\x1b[<35;10;5M")  # a mouse event
    assert sum(gate.admit("O") for _ in range(10 * INPUT_BURST)) == INPUT_BURST - 2
