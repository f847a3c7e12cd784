"""The `json` source kind: a JSON listing such as news.cn's `ds_<id>.json` datasource.

Which JSON fields hold the item list, URL, title and time is set per source in
`source.options`; news.cn's datasource shape is the default. A source may also point at the
HTML page that names its datasource (`<ul class="wz-list" data="datasource:<id>">`, as on
http://www.news.cn/xhsxw.htm): the datasource is then fetched from `ds_<id>.json` beside it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import urljoin

from meetwire.settings import Settings
from models import Source
from worker.pipeline.entry import EntriesError, Entry, absolute_url
from worker.pipeline.follow import Follow, follower

# news.cn pages name their datasource in a `data` attribute: data="datasource:<id>".
_DATASOURCE = re.compile(rb"""data\s*=\s*["']\s*datasource:([0-9A-Za-z_-]+)""")


@dataclass(frozen=True)
class JsonMapping:
    """Where each entry field sits in the JSON; dotted paths ("data.list"), "" for the root."""

    items: str = "datasource"
    url: str = "publishUrl"
    title: str = "title"
    published: str = "publishTime"
    # Times without an offset are in this zone; news.cn writes China Standard Time.
    timezone: str = "+08:00"

    @classmethod
    def from_options(cls, options: dict) -> JsonMapping:
        """The mapping a source's options describe; unknown keys are refused."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(options) - known)
        if unknown:
            raise EntriesError(
                f"unknown json options {', '.join(unknown)}; known: {', '.join(sorted(known))}"
            )
        mapping = cls(**{k: str(v) for k, v in options.items() if k in known})
        mapping.zone()  # refuse a bad offset now, with the option's name in the message
        return mapping

    def zone(self) -> timezone:
        try:
            return datetime.strptime(self.timezone, "%z").tzinfo  # type: ignore[return-value]
        except ValueError:
            raise EntriesError(
                f"options.timezone must be an offset like +08:00, got {self.timezone!r}"
            ) from None


def parse_json_listing(
    document: bytes,
    *,
    source: Source,
    settings: Settings | None = None,
    follow: Follow | None = None,
) -> list[Entry]:
    """Entries of a JSON listing, or of the datasource an HTML page names."""
    mapping = JsonMapping.from_options(dict(source.options or {}))
    base = source.url
    datasource = datasource_url(document, page_url=source.url)
    if datasource:
        document = (follow or follower(settings))(datasource)
        base = datasource
    entries = entries_from_json(document, mapping=mapping, base_url=base)
    return keep_matching(entries, source.link_pattern)


def keep_matching(entries: list[Entry], link_pattern: str | None) -> list[Entry]:
    """Only the entries whose URL matches the source's optional link pattern."""
    if not link_pattern:
        return entries
    try:
        pattern = re.compile(link_pattern)
    except re.error as exc:
        raise EntriesError(f"link_pattern is not a valid regex: {exc}") from None
    return [entry for entry in entries if pattern.search(entry.url)]


def datasource_url(document: bytes, *, page_url: str) -> str | None:
    """The `ds_<id>.json` URL an HTML page names, or None when the document is not HTML."""
    head = document.lstrip()[:1]
    if head in (b"{", b"["):
        return None
    match = _DATASOURCE.search(document)
    if match is None:
        raise EntriesError(
            "not JSON, and no datasource:<id> attribute found in the page: point the source at "
            "the JSON datasource (e.g. http://www.news.cn/ds_<id>.json)"
        )
    return urljoin(page_url, f"ds_{match.group(1).decode('ascii')}.json")


def entries_from_json(document: bytes, *, mapping: JsonMapping, base_url: str) -> list[Entry]:
    """Map each item of the JSON listing to an entry; items without a URL are skipped."""
    try:
        data = json.loads(document)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise EntriesError(f"not valid JSON: {exc}") from None
    except RecursionError:
        raise EntriesError("refused: the JSON is nested too deeply to be a listing") from None
    items = _lookup(data, mapping.items)
    if not isinstance(items, list):
        where = f"at {mapping.items!r}" if mapping.items else "at the top level"
        raise EntriesError(
            f"no list of items {where} in the JSON; set options.items to the dotted path of "
            "the item list (e.g. 'datasource' or 'data.list', '' for a top-level list)"
        )
    zone = mapping.zone()
    entries, seen = [], set()
    for item in items:
        link = _text(_lookup(item, mapping.url)) if isinstance(item, dict) else None
        if not link:
            continue
        url = absolute_url(base_url, link)
        if not url or url in seen:
            continue
        seen.add(url)
        title = _text(_lookup(item, mapping.title))
        entries.append(
            Entry(url=url, title=title, published_at=_when(_lookup(item, mapping.published), zone))
        )
    if items and not entries:
        raise EntriesError(
            f"none of the {len(items)} items has a URL in {mapping.url!r}; set options.url to "
            "the field that holds the article URL"
        )
    return entries


def _lookup(data: object, path: str) -> object:
    for key in [part for part in path.split(".") if part]:
        if isinstance(data, dict):
            data = data.get(key)
        elif isinstance(data, list) and key.isdigit() and int(key) < len(data):
            data = data[int(key)]
        else:
            return None
    return data


def _text(value: object) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    text = " ".join(str(value).split())
    return text or None


def _when(value: object, zone: timezone) -> datetime | None:
    """A time as UTC: ISO 8601 / "YYYY-MM-DD HH:MM:SS" (in `zone` unless it says) or epoch."""
    try:
        if isinstance(value, int | float) and not isinstance(value, bool):
            seconds = value / 1000 if value > 1e11 else value  # epoch milliseconds or seconds
            return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)
        text = _text(value)
        if not text:
            return None
        moment = datetime.fromisoformat(text.replace("/", "-"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=zone)
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):  # year 10000, 1e300 ms: no usable date, still an entry
        return None
