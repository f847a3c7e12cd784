"""Sources and when they are polled: the sources file and the polling policy.

Names are loaded on first use (PEP 562), so importing the package loads nothing heavy.
"""

from typing import TYPE_CHECKING

from meetwire.lazy import lazy_exports

_EXPORTS = {
    "format_interval": "scheduler.intervals",
    "parse_interval": "scheduler.intervals",
    "next_poll_at": "scheduler.policy",
    "SourcesFileError": "scheduler.sources",
    "SourceSpec": "scheduler.sources",
    "claim_due_sources": "scheduler.sources",
    "read_sources_file": "scheduler.sources",
    "upsert_source": "scheduler.sources",
}

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

if TYPE_CHECKING:
    from scheduler.intervals import format_interval, parse_interval
    from scheduler.policy import next_poll_at
    from scheduler.sources import (
        SourcesFileError,
        SourceSpec,
        claim_due_sources,
        read_sources_file,
        upsert_source,
    )


__getattr__ = lazy_exports(__name__, _EXPORTS)
