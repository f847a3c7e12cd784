"""Extract an article's title, date, author, language and body text from its HTML."""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

import trafilatura
from trafilatura.settings import use_config

from meetwire.publishers import Publisher, date_from_url, local_midnight_utc
from worker.classify.sentences import strip_related_blocks
from worker.pipeline.language import detect_language

# Trafilatura's default 'MIN_EXTRACTED_SIZE' of 250 chars drops short wire items ("FLASH"),
# which are real articles here; the signal timeout is off because workers run tasks in threads.
_CONFIG = use_config()
_CONFIG.set("DEFAULT", "MIN_EXTRACTED_SIZE", "60")
_CONFIG.set("DEFAULT", "MIN_OUTPUT_SIZE", "20")
_CONFIG.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")


# Site names that <title> tags append to (or use instead of) the headline.
_SITE_NAMES = (
    r"(新华网|新华社|中国日报网|中国日报|Xinhua(\s*\|\s*English\.news\.cn)?|English\.news\.cn|"
    r"China Daily|chinadaily\.com\.cn|TASS|ТАСС|English|Xinhuanet)"
)
_SITE_SUFFIX = re.compile(
    r"\s*[-|_–—]\s*" + _SITE_NAMES + r"(\s*[-|_–—]\s*" + _SITE_NAMES + r")*\s*$"
)
_SITE_ONLY = re.compile(r"^\s*" + _SITE_NAMES + r"\s*$")


@dataclass(frozen=True)
class Extracted:
    """What the page says about itself."""

    title: str | None
    text: str
    published_at: datetime | None
    language: str | None
    author: str | None
    canonical_url: str | None


class ExtractionError(ValueError):
    """The page holds no article text."""


def extract_article(html: str, *, url: str, publisher: Publisher) -> Extracted:
    """Run trafilatura over `html`; dates fall back to the one in the URL (publisher's zone)."""
    # Precision mode drops "Related:" blocks and sidebars; table-laid-out pages (older Xinhua
    # provincial sites) come out empty in it, so the default mode is the fallback.
    document = _run_trafilatura(html, url, favor_precision=True)
    if document is None or not (document.text or "").strip():
        document = _run_trafilatura(html, url, favor_precision=False)
    if document is None or not (document.text or "").strip():
        raise ExtractionError("no article text found on the page (empty or not an article)")
    return Extracted(
        title=clean_title(document.title),
        text=strip_related_blocks(document.text.strip()),
        published_at=_published(document.date, url, publisher),
        language=detect_language(document.text) or publisher.language or None,
        author=_clean(document.author),
        canonical_url=None if document.url == url else _clean(document.url),
    )


def _run_trafilatura(html: str, url: str, *, favor_precision: bool):
    return trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=favor_precision,
        config=_CONFIG,
    )


def _published(found: str | None, url: str, publisher: Publisher) -> datetime | None:
    day = _parse_day(found) or date_from_url(url, publisher)
    if day is None:
        return None
    return local_midnight_utc(day, publisher)


def _parse_day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return (
            datetime.fromisoformat(value).astimezone(UTC).date()
            if "T" in value
            else (date.fromisoformat(value[:10]))
        )
    except ValueError:
        return None


def clean_title(title: str | None) -> str | None:
    """The headline without the site name; None when the title is only the site name."""
    title = _clean(title)
    if title is None:
        return None
    title = _SITE_SUFFIX.sub("", title)
    return None if not title or _SITE_ONLY.match(title) else title


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None
