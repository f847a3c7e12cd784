"""The `sitemap` source kind: XML sitemaps, sitemap indexes and Google News sitemaps.

An index's child sitemaps are fetched here, through the fetch layer, newest first (by
`<lastmod>`) and at most `options.max_children` of them, so one poll reads the whole tree.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from lxml import etree

from meetwire.settings import Settings, get_settings
from models import Source
from scheduler.publishers import Publisher, publisher_for
from worker.pipeline.entry import EntriesError, Entry
from worker.pipeline.follow import Follow, follower
from worker.pipeline.json_listing import keep_matching

# Big news sites keep dozens of child sitemaps; the newest 20 cover weeks of articles and keep
# one poll to a bounded number of requests.
DEFAULT_MAX_CHILDREN = 20
# The sitemap protocol caps a sitemap at 50 MB uncompressed; a .gz child is inflated up to that.
MAX_SITEMAP_BYTES = 50_000_000
_OPTIONS = {"max_children", "child_pattern", "max_age_days"}
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_DTD_REFUSED = "refused: the document declares a DTD/entities, which sitemaps never do"


@dataclass(frozen=True)
class SitemapOptions:
    """Per-source settings of a sitemap source (`source.options`)."""

    max_children: int = DEFAULT_MAX_CHILDREN
    child_pattern: str | None = None  # only child sitemaps whose URL matches this regex
    max_age_days: float | None = None  # drop entries dated longer ago than this

    @classmethod
    def from_options(cls, options: dict) -> SitemapOptions:
        unknown = sorted(set(options) - _OPTIONS)
        if unknown:
            known = ", ".join(sorted(_OPTIONS))
            raise EntriesError(f"unknown sitemap options {', '.join(unknown)}; known: {known}")
        try:
            result = cls(
                max_children=int(options.get("max_children", DEFAULT_MAX_CHILDREN)),
                child_pattern=options.get("child_pattern"),
                max_age_days=(
                    float(options["max_age_days"]) if options.get("max_age_days") else None
                ),
            )
            if result.child_pattern:
                re.compile(result.child_pattern)
        except (TypeError, ValueError, re.error) as exc:
            raise EntriesError(f"bad sitemap options {options!r}: {exc}") from None
        return result


@dataclass(frozen=True)
class ChildSitemap:
    url: str
    lastmod: datetime | None


def parse_sitemap(
    document: bytes,
    *,
    source: Source,
    settings: Settings | None = None,
    follow: Follow | None = None,
) -> list[Entry]:
    """Entries of a sitemap; for an index, of its newest child sitemaps."""
    options = SitemapOptions.from_options(dict(source.options or {}))
    publisher = publisher_for(source.url, source.publisher or None)
    limit = (settings or get_settings()).max_entries_read_per_poll
    root = parse_xml(document)
    if _local(root) == "urlset":
        entries = urlset_entries(root, publisher=publisher, limit=limit)
    elif _local(root) == "sitemapindex":
        children = child_sitemaps(root, publisher=publisher, options=options)
        del root  # a fat index is not kept while its children are read
        entries = _read_children(children, publisher, follow or follower(settings), limit)
    else:
        raise EntriesError(f"not a sitemap: the root element is <{_local(root)}>")
    entries = keep_matching(_dedupe(entries), source.link_pattern)
    if options.max_age_days is not None:
        cutoff = datetime.now(UTC) - timedelta(days=options.max_age_days)
        entries = [e for e in entries if e.published_at is None or e.published_at >= cutoff]
    return entries


def parse_xml(document: bytes) -> etree._Element:
    """Parse untrusted XML: no entities, no DTD, no network, no huge trees; gzip inflated."""
    document = gunzip(document)
    # Sitemaps never need a DTD; one that declares entities is an attack (billion laughs, XXE),
    # refused before libxml2 reads a byte of it.
    if _DOCTYPE.search(document):
        raise EntriesError(_DTD_REFUSED)
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(document, parser)
    except etree.XMLSyntaxError as exc:
        raise EntriesError(f"not readable XML: {exc}") from None
    if root is None:
        raise EntriesError("not readable XML: empty document")
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise EntriesError(_DTD_REFUSED)
    return root


def gunzip(document: bytes) -> bytes:
    """Inflate a gzipped sitemap (.xml.gz), refusing more than MAX_SITEMAP_BYTES of output."""
    if not document.startswith(b"\x1f\x8b"):
        return document
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(document, MAX_SITEMAP_BYTES + 1)
    except zlib.error as exc:
        raise EntriesError(f"not a readable gzip file: {exc}") from None
    if len(out) > MAX_SITEMAP_BYTES:
        raise EntriesError(f"gzipped sitemap inflates beyond {MAX_SITEMAP_BYTES} bytes: refused")
    if not inflater.eof:
        raise EntriesError("not a readable gzip file: truncated")
    return out


def urlset_entries(
    root: etree._Element, *, publisher: Publisher, limit: int | None = None
) -> list[Entry]:
    """One entry per <url> (the first `limit`): news:publication_date, else lastmod, as its
    date; news:title."""
    entries: list[Entry] = []
    for url in _children(root, "url"):
        if limit is not None and len(entries) >= limit:
            break
        loc = _child_text(url, "loc")
        if not loc:
            continue
        news = next(_children(url, "news"), None)
        title = _child_text(news, "title") if news is not None else None
        published = _child_text(news, "publication_date") if news is not None else None
        when = parse_w3c_date(published, publisher) or parse_w3c_date(
            _child_text(url, "lastmod"), publisher
        )
        entries.append(Entry(url=loc, title=title, published_at=when))
    return entries


def child_sitemaps(
    root: etree._Element, *, publisher: Publisher, options: SitemapOptions
) -> list[ChildSitemap]:
    """The index's child sitemaps to read: matching `child_pattern`, newest first, capped."""
    pattern = re.compile(options.child_pattern) if options.child_pattern else None
    children = []
    for item in _children(root, "sitemap"):
        loc = _child_text(item, "loc")
        if loc and (pattern is None or pattern.search(loc)):
            lastmod = parse_w3c_date(_child_text(item, "lastmod"), publisher)
            children.append(ChildSitemap(loc, lastmod))
    oldest = datetime.min.replace(tzinfo=UTC)
    children.sort(key=lambda c: c.lastmod or oldest, reverse=True)  # stable for equal dates
    return children[: max(0, options.max_children)]


def _read_children(
    children: list[ChildSitemap], publisher: Publisher, follow: Follow, limit: int
) -> list[Entry]:
    """Entries of each child sitemap, newest child first, until `limit` entries are read;
    one unreadable child does not lose the others."""
    entries: list[Entry] = []
    errors: list[str] = []
    for child in children:
        if len(entries) >= limit:
            break
        try:
            root = parse_xml(follow(child.url))
        except ValueError as exc:  # EntriesError
            errors.append(f"{child.url}: {exc}")
            continue
        if _local(root) != "urlset":
            errors.append(f"{child.url}: nested <{_local(root)}> is not followed")
            continue
        entries.extend(urlset_entries(root, publisher=publisher, limit=limit - len(entries)))
        del root
    if errors and len(errors) == len(children):
        raise EntriesError("no child sitemap could be read: " + "; ".join(errors[:3]))
    return entries


def parse_w3c_date(value: str | None, publisher: Publisher) -> datetime | None:
    """A W3C datetime as UTC; a bare date or a time without offset is in the publisher's zone."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=publisher.timezone)
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):  # 9999-12-31T23:59-12:00 leaves the calendar
        return None


def _dedupe(entries: list[Entry]) -> list[Entry]:
    """One entry per URL; a URL listed twice (news and archive sitemap) keeps what each knows."""
    seen: dict[str, Entry] = {}
    for entry in entries:
        first = seen.get(entry.url)
        if first is None:
            seen[entry.url] = entry
        else:
            # A news sitemap's entry (it has a title) is the richer one; the other fills gaps.
            rich, other = (entry, first) if first.title is None else (first, entry)
            when = rich.published_at or other.published_at
            seen[entry.url] = Entry(
                url=entry.url, title=rich.title or other.title, published_at=when
            )
    return list(seen.values())


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _children(element: etree._Element, name: str):
    return (child for child in element if _local(child) == name)


def _child_text(element: etree._Element, name: str) -> str | None:
    child = next(_children(element, name), None)
    text = (child.text or "").strip() if child is not None else ""
    return text or None
