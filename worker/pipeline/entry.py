"""What every source kind's parser produces: entries, or an error that says why not."""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urldefrag, urljoin


@dataclass(frozen=True)
class Entry:
    """One article a source points at."""

    url: str
    title: str | None = None
    published_at: datetime | None = None


class EntriesError(ValueError):
    """The document could not be read as the source's kind; the message says why."""


def absolute_url(base: str, link: str, *, fragment: bool = True) -> str | None:
    """`link` resolved against `base` (its fragment dropped unless `fragment`); None for a link
    that is not a URL (a hostile feed's "http://[::1", a NUL byte), so one bad item never
    loses the rest."""
    if not link.strip() or "\x00" in link:  # no link is no entry, not the page itself
        return None
    try:
        url = urljoin(base, link.strip())
        return url if fragment else urldefrag(url).url
    except ValueError:
        return None
