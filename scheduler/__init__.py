"""Sources and when they are polled: the publisher registry, the sources file, the policy.

Names are loaded on first use (PEP 562): a registry lookup does not load the ORM.
"""

from importlib import import_module
from typing import TYPE_CHECKING

_EXPORTS = {
    "format_interval": "scheduler.intervals",
    "parse_interval": "scheduler.intervals",
    "next_poll_at": "scheduler.policy",
    "PUBLISHERS": "scheduler.publishers",
    "Publisher": "scheduler.publishers",
    "canonical_url": "scheduler.publishers",
    "date_from_url": "scheduler.publishers",
    "publisher_for": "scheduler.publishers",
    "SourcesFileError": "scheduler.sources",
    "SourceSpec": "scheduler.sources",
    "claim_due_sources": "scheduler.sources",
    "read_sources_file": "scheduler.sources",
    "upsert_source": "scheduler.sources",
}

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

if TYPE_CHECKING:
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


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'scheduler' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
