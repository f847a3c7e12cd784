import pytest

from scheduler.intervals import format_interval, parse_interval


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("15m", 900),
        ("2h", 7200),
        ("1d", 86400),
        ("90", 90),
        ("30s", 30),
        (" 1.5h ", 5400),
        (600, 600),
    ],
)
def test_parse_interval(text, seconds: int) -> None:
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "15 minutes", "-5m", "0s"])
def test_parse_interval_refuses_nonsense(text: str) -> None:
    with pytest.raises(ValueError):
        parse_interval(text)


def test_format_interval_round_trips() -> None:
    for seconds in (45, 900, 7200, 86400, 5400):
        assert parse_interval(format_interval(seconds)) == seconds
