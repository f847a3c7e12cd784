"""Fetch a document that a polled document points at (a child sitemap, a JSON datasource)."""

from collections.abc import Callable

from meetwire.settings import Settings, get_settings
from worker.pipeline.entry import EntriesError
from worker.pipeline.fetch import FetchError, fetch

# A parser that must read a second document calls one of these with its URL.
Follow = Callable[[str], bytes]


def follower(settings: Settings | None = None) -> Follow:
    """Fetch linked documents through the fetch layer (robots, politeness, network guard)."""
    # Parsers called without settings (unit tests, one-off scripts) use the process's settings.
    settings = settings or get_settings()

    def follow(url: str) -> bytes:
        try:
            return fetch(url, settings=settings, expect="any").body
        except FetchError as exc:
            raise EntriesError(f"could not fetch {url}: {exc}") from exc

    return follow
