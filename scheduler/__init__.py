"""Sources and when they are polled: the publisher registry, the sources file, the policy."""

from scheduler.intervals import format_interval, parse_interval
from scheduler.policy import next_poll_at
from scheduler.publishers import (
    PUBLISHERS,
    Publisher,
    canonical_url,
    date_from_url,
    publisher_for,
)
from scheduler.sources import (
    SourcesFileError,
    SourceSpec,
    claim_due_sources,
    read_sources_file,
    upsert_source,
)

__all__ = [
    "PUBLISHERS",
    "Publisher",
    "SourceSpec",
    "SourcesFileError",
    "canonical_url",
    "claim_due_sources",
    "date_from_url",
    "format_interval",
    "next_poll_at",
    "parse_interval",
    "publisher_for",
    "read_sources_file",
    "upsert_source",
]
