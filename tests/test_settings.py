"""Settings refuse values out of range when they are read, naming the variable."""

import pytest
from pydantic import ValidationError

from meetwire.cli.errors import settings_error
from meetwire.settings import Settings


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("near_duplicate_threshold", "7", "at most 1"),
        ("near_duplicate_threshold", "0", "above 0"),
        ("read_timeout", "0", "greater than 0"),
        ("default_interval_seconds", "-5", "greater than 0"),
        ("host_delay", "-1", "0 or more"),
    ],
)
def test_a_value_out_of_range_is_refused(monkeypatch, name, value, message) -> None:
    monkeypatch.setenv(f"MEETWIRE_{name.upper()}", value)
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None)
    line = settings_error(caught.value)
    assert line.startswith(f"bad setting: MEETWIRE_{name.upper()}={value!r}: ")
    assert message in line and "\n" not in line


def test_the_edges_of_the_ranges_are_accepted(monkeypatch) -> None:
    monkeypatch.setenv("MEETWIRE_NEAR_DUPLICATE_THRESHOLD", "1")
    monkeypatch.setenv("MEETWIRE_HOST_DELAY", "0")
    monkeypatch.setenv("MEETWIRE_SOURCES_FILE", "")
    settings = Settings(_env_file=None)
    assert settings.near_duplicate_threshold == 1 and settings.host_delay == 0
    assert settings.sources_file is None  # the packaged defaults
