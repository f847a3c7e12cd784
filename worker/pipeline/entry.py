"""What every source kind's parser produces: entries, or an error that says why not."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Entry:
    """One article a source points at."""

    url: str
    title: str | None = None
    published_at: datetime | None = None


class EntriesError(ValueError):
    """The document could not be read as the source's kind; the message says why."""
