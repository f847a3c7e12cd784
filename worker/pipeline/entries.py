"""Turn a polled document (feed, listing page, ...) into article entries."""

import calendar
import re
from collections.abc import Callable
from datetime import UTC, datetime

import feedparser
import lxml.html

from meetwire.settings import Settings, get_settings
from models import Source, SourceKind
from worker.pipeline.entry import EntriesError, Entry, absolute_url
from worker.pipeline.json_listing import parse_json_listing
from worker.pipeline.sitemap import parse_sitemap

# The end of an RSS <item> or Atom <entry>, to count items before feedparser reads them.
_ITEM_END = re.compile(rb"</(?:[\w-]+:)?(?:item|entry)\s*>", re.IGNORECASE)
_ROOT_CLOSE = ((b"<rdf:rdf", b"</rdf:RDF>"), (b"<feed", b"</feed>"), (b"<rss", b"</channel></rss>"))


def first_items(document: bytes, limit: int) -> bytes:
    """The feed cut after its first `limit` items and closed again, so feedparser (about 2,500
    items a second) never reads a 200,000-item feed whole; shorter feeds are returned as is."""
    for count, match in enumerate(_ITEM_END.finditer(document), start=1):
        if count == limit:
            head = document[:4096].lower()
            closing = next((tag for root, tag in _ROOT_CLOSE if root in head), b"")
            return document[: match.end()] + closing
    return document


def parse_rss(document: bytes, *, source: Source, settings: Settings | None = None) -> list[Entry]:
    """RSS or Atom, via feedparser; a feed with no entries and a parse error is refused."""
    limit = (settings or get_settings()).max_entries_read_per_poll
    feed = feedparser.parse(first_items(document, limit))
    if feed.bozo and not feed.entries:
        reason = feed.get("bozo_exception", "not a feed")
        raise EntriesError(f"not a readable RSS/Atom feed: {reason}")
    entries = []
    for item in feed.entries:
        url = absolute_url(source.url, item.get("link") or "")
        if not url:
            continue
        entries.append(
            Entry(
                url=url,
                title=item.get("title"),
                published_at=_struct_time_to_utc(
                    item.get("published_parsed") or item.get("updated_parsed")
                ),
            )
        )
    return entries


def parse_listing(document: bytes, *, source: Source) -> list[Entry]:
    """An HTML section page: links whose absolute URL matches the source's link pattern."""
    if not source.link_pattern:
        raise EntriesError("a listing source needs a link_pattern (a regex for article URLs)")
    try:
        pattern = re.compile(source.link_pattern)
    except re.error as exc:
        raise EntriesError(f"link_pattern is not a valid regex: {exc}") from exc
    try:
        tree = lxml.html.fromstring(document)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise EntriesError(f"not a readable HTML page: {exc}") from exc
    seen: dict[str, Entry] = {}
    for anchor in tree.iter("a"):
        href = anchor.get("href")
        if not href:
            continue
        url = absolute_url(source.url, href, fragment=False)
        if not url or url in seen or not pattern.search(url):
            continue
        title = " ".join(anchor.text_content().split()) or None
        seen[url] = Entry(url=url, title=title)
    return list(seen.values())


# Parsers that take the settings: they may fetch a second document or bound what they read.
_SETTINGS_PARSERS = (parse_json_listing, parse_sitemap, parse_rss)

Parser = Callable[..., list[Entry]]

PARSERS: dict[str, Parser] = {
    SourceKind.rss: parse_rss,
    SourceKind.listing: parse_listing,
    SourceKind.json: parse_json_listing,
    SourceKind.sitemap: parse_sitemap,
}


def parse_entries(
    document: bytes, *, source: Source, settings: Settings | None = None
) -> list[Entry]:
    """Entries of a document fetched for `source`, by the source's kind."""
    parser = PARSERS.get(source.kind)
    if parser is None:
        raise EntriesError(f"unknown source kind {source.kind!r}")
    if parser in _SETTINGS_PARSERS:
        return parser(document, source=source, settings=settings)
    return parser(document, source=source)


def _struct_time_to_utc(value) -> datetime | None:
    if not value:
        return None
    return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
