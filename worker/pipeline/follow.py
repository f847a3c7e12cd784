"""Fetch a document that a polled document points at (a child sitemap, a JSON datasource)."""

from collections.abc import Callable

from meetwire.settings import Settings, get_settings
from worker.pipeline.fetch import FetchError, fetch

# A parser that must read a second document calls one of these with its URL.
Follow = Callable[[str], bytes]


def follower(settings: Settings | None = None) -> Follow:
    """Fetch linked documents through the fetch layer (robots, politeness, network guard)."""
    # The poll stage calls parsers with (document, source) only, so settings come from the
    # process unless the caller passes them.
    settings = settings or get_settings()

    def follow(url: str) -> bytes:
        try:
            return fetch(url, settings=settings, expect="any").body
        except FetchError as exc:
            raise entries_error(f"could not fetch {url}: {exc}") from exc

    return follow


def entries_error(message: str) -> Exception:
    """An EntriesError; imported late because entries.py imports the parsers that raise it."""
    from worker.pipeline.entries import EntriesError

    return EntriesError(message)


def make_entry(url: str, title: str | None, published_at):
    """An Entry; imported late for the same reason as `entries_error`."""
    from worker.pipeline.entries import Entry

    return Entry(url=url, title=title, published_at=published_at)
