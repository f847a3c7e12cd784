"""Pipeline stages as plain functions (no Celery): poll, fetch, extract, dedup, classify, store.

Names are loaded on first use (PEP 562), so importing one stage does not load every other.
"""

from typing import TYPE_CHECKING

from meetwire.lazy import lazy_exports

_EXPORTS = {
    "DedupResult": "worker.pipeline.dedup",
    "deduplicate": "worker.pipeline.dedup",
    "EntriesError": "worker.pipeline.entries",
    "Entry": "worker.pipeline.entries",
    "parse_entries": "worker.pipeline.entries",
    "Extracted": "worker.pipeline.extract",
    "ExtractionError": "worker.pipeline.extract",
    "extract_article": "worker.pipeline.extract",
    "FetchError": "worker.pipeline.fetch",
    "FetchResult": "worker.pipeline.fetch",
    "fetch": "worker.pipeline.fetch",
    "classify_article": "worker.pipeline.meetings",
    "link_meeting": "worker.pipeline.meetings",
    "PollOutcome": "worker.pipeline.poll",
    "poll_source": "worker.pipeline.poll",
    "ArticleOutcome": "worker.pipeline.process",
    "analyse_article": "worker.pipeline.process",
    "process_article": "worker.pipeline.process",
}

__all__ = [
    "ArticleOutcome",
    "DedupResult",
    "EntriesError",
    "Entry",
    "Extracted",
    "ExtractionError",
    "FetchError",
    "FetchResult",
    "PollOutcome",
    "analyse_article",
    "classify_article",
    "deduplicate",
    "extract_article",
    "fetch",
    "link_meeting",
    "parse_entries",
    "poll_source",
    "process_article",
]

if TYPE_CHECKING:
    from worker.pipeline.dedup import DedupResult, deduplicate
    from worker.pipeline.entries import EntriesError, Entry, parse_entries
    from worker.pipeline.extract import Extracted, ExtractionError, extract_article
    from worker.pipeline.fetch import FetchError, FetchResult, fetch
    from worker.pipeline.meetings import classify_article, link_meeting
    from worker.pipeline.poll import PollOutcome, poll_source
    from worker.pipeline.process import ArticleOutcome, analyse_article, process_article


__getattr__ = lazy_exports(__name__, _EXPORTS)
