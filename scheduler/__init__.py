"""Sources and when they are polled: the sources file and the polling policy."""

from scheduler.intervals import format_interval, parse_interval
from scheduler.policy import next_poll_at
from scheduler.sources import (
    SourcesFileError,
    SourceSpec,
    claim_due_sources,
    read_sources_file,
    upsert_source,
)

__all__ = [
    "SourceSpec",
    "SourcesFileError",
    "claim_due_sources",
    "format_interval",
    "next_poll_at",
    "parse_interval",
    "read_sources_file",
    "upsert_source",
]
