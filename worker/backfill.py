"""Backfill without a schedule: a list of URLs, or the HTML responses in a WARC archive.

Both are resumable: articles already final are skipped, the rest continues where it stopped.
"""

import gzip
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from sqlmodel import Session, select
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from meetwire.lines import utf8_lines
from meetwire.publishers import canonical_url, publisher_for
from meetwire.settings import Settings
from models import FINAL_STATUSES, Article, RawPage, session_scope
from worker.pipeline.charset import decode
from worker.pipeline.fetch import HTML_TYPES, FetchResult
from worker.pipeline.poll import insert_article_if_new
from worker.pipeline.process import analyse_article, keep_raw_page
from worker.runner import Progress, RunSummary, process_pending


@dataclass(frozen=True)
class InvalidLine:
    """A line of a URL list that is not an http(s) URL."""

    number: int
    text: str
    reason: str


@dataclass
class UrlList:
    urls: list[str]
    invalid: list[InvalidLine]
    undecodable: int = 0  # lines that are not UTF-8 (also listed in `invalid`)


@dataclass
class BackfillReport:
    """What a backfill read and what became of it."""

    read: int = 0  # URLs, or WARC records
    new: int = 0  # articles inserted by this run
    done_before: int = 0  # already final: skipped (resuming)
    invalid: list[InvalidLine] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)  # WARC records not processed, by reason
    statuses: Counter = field(default_factory=Counter)  # final statuses reached in this run
    error: str | None = None  # an unreadable archive stops the run here
    undecodable: int = 0  # --urls: lines that are not UTF-8 text
    truncated: int = 0  # --warc: 1 when the archive ends inside a record (nothing of it stored)
    summary: RunSummary | None = None  # --urls: the processing run, by source


def read_url_list(path: Path) -> UrlList:
    """One URL a line; blank lines and `#` comments ignored, anything else not http(s) reported."""
    urls, invalid, seen, undecodable = [], [], set(), 0
    with path.open("rb") as stream:
        lines = list(utf8_lines(stream))
    for line in lines:
        number = line.number
        if line.text is None:
            undecodable += 1
            invalid.append(InvalidLine(number, "", line.problem or "not UTF-8"))
            continue
        text = line.text.strip()
        if not text or text.startswith("#"):
            continue
        problem = url_problem(text)
        if problem:
            invalid.append(InvalidLine(number, text, problem))
        elif text not in seen:
            seen.add(text)
            urls.append(text)
    return UrlList(urls, invalid, undecodable)


def url_problem(text: str) -> str | None:
    """Why `text` cannot be fetched as an article URL, or None."""
    if any(c.isspace() for c in text):
        return "contains spaces"
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        return f"not a URL: {exc}"
    if parts.scheme not in ("http", "https"):
        return "not an http(s) URL"
    if not parts.hostname:
        return "no host"
    return None


def backfill_urls(
    *, settings: Settings, path: Path, progress: Progress | None = None
) -> BackfillReport:
    """Insert each URL as a pending article (no source), then process every pending article."""
    listed = read_url_list(path)
    report = BackfillReport(
        read=len(listed.urls), invalid=listed.invalid, undecodable=listed.undecodable
    )
    with session_scope(settings.database_url) as session:
        for url in listed.urls:
            status = _insert_or_status(session, url)
            if status is None:
                report.new += 1
            elif status in FINAL_STATUSES:
                report.done_before += 1
    report.summary = process_pending(settings=settings, progress=progress)
    report.statuses = report.summary.totals()
    for key in ("found", "new"):
        report.statuses.pop(key, None)
    return report


def _insert_or_status(session: Session, url: str) -> str | None:
    """Insert a pending article for url; None when inserted, else the known article's status."""
    publisher = publisher_for(url)
    key = canonical_url(url, publisher)
    values = {"url": url, "canonical_url": key, "source_id": None, "publisher": publisher.key}
    if insert_article_if_new(session=session, values=values) is not None:
        return None
    return session.exec(select(Article.status).where(Article.canonical_url == key)).one()


def backfill_warc(
    *, settings: Settings, path: Path, progress: Progress | None = None
) -> BackfillReport:
    """Process each HTML 200 response of a WARC as if just fetched; other records are counted."""
    progress = progress or Progress()
    report = BackfillReport()
    if not is_warc(path):
        report.error = f"{path}: not a WARC file (a WARC record starts with 'WARC/')"
        return report
    try:
        progress.start("records", count_records(path))
        with path.open("rb") as stream:
            reader = WarcReader(stream)
            for record in reader:
                report.read += 1
                _backfill_record(record, reader=reader, settings=settings, report=report)
                progress.advance("records")
    except UnreadableArchive as exc:
        report.error = f"{path}: not a readable WARC file after {report.read} records: {exc}"
    except TruncatedRecord as exc:
        report.truncated = 1
        report.error = (
            f"{path} is truncated: record {report.read} ({exc.url or 'no URL'}) {exc}; nothing "
            "of it was stored: run again with the complete file to finish it"
        )
    return report


def is_warc(path: Path) -> bool:
    """Whether the file (gzipped or not) starts like a WARC record; warcio would read anything."""
    with path.open("rb") as stream:
        head = stream.read(5)
    if not head.startswith(b"\x1f\x8b"):
        return head == b"WARC/"
    try:
        with gzip.open(path) as inflated:
            return inflated.read(5) == b"WARC/"
    except (OSError, EOFError):
        return False


# warcio reports corrupt input as whichever error its parser hits first.
_CORRUPT = (ArchiveLoadFailed, ValueError, AttributeError, EOFError, OSError, zlib.error)


class UnreadableArchive(Exception):
    """warcio could not read the next record (truncated or corrupt archive)."""


class TruncatedRecord(Exception):
    """A record ends before its Content-Length or its gzip member ends early (a cut file)."""

    def __init__(self, message: str, url: str | None) -> None:
        super().__init__(message)
        self.url = url


def records(stream, **options) -> Iterator:
    """The archive's records; warcio's many ways of failing on a corrupt file become one."""
    return iter(WarcReader(stream, **options))


class WarcReader:
    """warcio's iterator, with corrupt input as one error and a check that a record is whole."""

    def __init__(self, stream, **options) -> None:
        self.iterator = ArchiveIterator(stream, **options)

    def __iter__(self) -> Iterator:
        iterator = iter(self.iterator)
        while True:
            try:
                record = next(iterator)
            except StopIteration:
                return
            except _CORRUPT as exc:
                raise UnreadableArchive(f"{type(exc).__name__}: {exc}") from exc
            yield record

    def check_whole(self, record) -> None:
        """Read the record to its end; TruncatedRecord if bytes or the gzip member end are missing.

        warcio hands back a cut-off record as if it were complete: its payload simply ends.
        """
        url = record.rec_headers.get_header("WARC-Target-URI")
        raw = record.raw_stream
        if getattr(raw, "limit", None) is None:
            raise TruncatedRecord("has its headers cut short", url)
        try:
            while raw.read(1 << 16):
                pass
            missing = raw.limit
            if missing > 0:
                raise TruncatedRecord(
                    f"ends {missing} bytes short of its {record.length}-byte length", url
                )
            self.iterator.read_to_end()
        except _CORRUPT as exc:
            raise TruncatedRecord(f"cannot be read to its end ({exc})", url) from exc
        decompressor = self.iterator.reader.decompressor
        if decompressor is not None and not decompressor.eof:
            raise TruncatedRecord("ends before its gzip member does (the file is cut)", url)


def count_records(path: Path) -> int:
    """The number of readable records in a WARC (a quick first pass, for the progress bar)."""
    count = 0
    with path.open("rb") as stream:
        try:
            for _ in records(stream, no_record_parse=True):
                count += 1
        except UnreadableArchive:
            pass  # the processing pass reports it, after keeping what comes before
    return count


def _backfill_record(
    record, *, reader: WarcReader, settings: Settings, report: BackfillReport
) -> None:
    reason = skip_reason(record)
    if reason:
        reader.check_whole(record)
        report.skipped[reason] += 1
        return
    body = record.content_stream().read(settings.max_body_bytes + 1)
    # Nothing of a cut-off record is stored: a later run with the whole file finishes it.
    reader.check_whole(record)
    if len(body) > settings.max_body_bytes:
        report.skipped[f"larger than {settings.max_body_bytes} bytes"] += 1
        return
    url = record.rec_headers.get_header("WARC-Target-URI")
    with session_scope(settings.database_url) as session:
        article, inserted = _pending_article(session, url)
        if article is None:
            report.done_before += 1
            return
        report.new += int(inserted)
        article.attempts += 1
        result = fetch_result_of(record, url=url, body=body)
        keep_raw_page(session=session, article=article, result=result, settings=settings)
        _date_from_capture(session, article, warc_date(record))
        outcome = analyse_article(
            session=session, article=article, html=result.text or "", settings=settings
        )
    report.statuses[str(outcome.status)] += 1


def skip_reason(record) -> str | None:
    """Why a WARC record is not an article page to process, or None."""
    if record.rec_type == "revisit":
        return "revisit record (no body)"
    if record.rec_type != "response":
        return f"{record.rec_type} record"
    if record.http_headers is None:
        return "response without HTTP headers"
    status = record.http_headers.get_statuscode()
    if status != "200":
        return f"HTTP status {status}"
    media_type = _media_type(record.http_headers.get_header("Content-Type"))
    if media_type not in HTML_TYPES:
        return f"not HTML ({media_type or 'no content type'})"
    return None


def fetch_result_of(record, *, url: str, body: bytes) -> FetchResult:
    """The FetchResult the fetch layer would have returned for this response."""
    headers = record.http_headers
    content_type = headers.get_header("Content-Type")
    decoded = decode(body, header_charset=_charset(content_type))
    return FetchResult(
        url=url,
        final_url=url,
        status_code=200,
        content_type=_media_type(content_type),
        charset=decoded.charset,
        body=body,
        text=decoded.text,
        etag=headers.get_header("ETag"),
        last_modified=headers.get_header("Last-Modified"),
    )


def _pending_article(session: Session, url: str) -> tuple[Article | None, bool]:
    """(the article for url, whether it was inserted now); None when it is already final."""
    publisher = publisher_for(url)
    key = canonical_url(url, publisher)
    values = {"url": url, "canonical_url": key, "source_id": None, "publisher": publisher.key}
    inserted = insert_article_if_new(session=session, values=values) is not None
    article = session.exec(select(Article).where(Article.canonical_url == key)).one()
    return (None if article.status in FINAL_STATUSES else article), inserted


def _date_from_capture(session: Session, article: Article, captured: datetime | None) -> None:
    """The page was fetched when the crawler captured it, not when the archive was read."""
    page = session.get(RawPage, article.id)
    if captured is not None and page is not None:
        page.fetched_at = article.fetched_at = captured


def _media_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


def _charset(content_type: str | None) -> str | None:
    for part in (content_type or "").split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def warc_date(record) -> datetime | None:
    """When the crawler captured the record (WARC-Date), as UTC."""
    value = record.rec_headers.get_header("WARC-Date")
    try:
        return datetime.fromisoformat(value).astimezone(UTC) if value else None
    except ValueError:
        return None
