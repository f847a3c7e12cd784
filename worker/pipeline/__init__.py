"""Pipeline stages as plain functions (no Celery): poll, fetch, extract, dedup, classify, store."""

from worker.pipeline.dedup import DedupResult, deduplicate
from worker.pipeline.entries import EntriesError, Entry, parse_entries
from worker.pipeline.extract import Extracted, ExtractionError, extract_article
from worker.pipeline.fetch import FetchError, FetchResult, fetch
from worker.pipeline.meetings import classify_article, link_meeting
from worker.pipeline.poll import PollOutcome, poll_source
from worker.pipeline.process import ArticleOutcome, analyse_article, process_article

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
