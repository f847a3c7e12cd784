"""A dry-run poll: fetch a source once and say what it would ingest and what is wrong; no writes."""

from dataclasses import dataclass, field

from meetwire.publishers import canonical_url, publisher_for
from meetwire.settings import Settings
from models import Source
from worker.pipeline.entries import EntriesError, Entry, parse_entries
from worker.pipeline.fetch import FetchError, fetch


@dataclass
class SourceCheck:
    """The entries a poll of the source would record, and the problems a person should fix."""

    entries: list[Entry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    error: bool = False  # the source cannot be polled as it is


def check_source(source: Source, *, settings: Settings) -> SourceCheck:
    """Fetch and read `source` as a poll would, without touching the database."""
    report = SourceCheck()
    try:
        result = fetch(source.url, settings=settings, expect="feed")
        report.entries = parse_entries(result.body, source=source, settings=settings)
    except (FetchError, EntriesError) as exc:
        report.problems.append(str(exc))
        report.error = True
        return report
    if result.final_url.rstrip("/") != source.url.rstrip("/"):
        report.problems.append(
            f"the URL redirects to {result.final_url}: use that URL to save a request a poll"
        )
    report.problems.extend(entry_problems(report.entries, source))
    report.error = not report.entries
    return report


def entry_problems(entries: list[Entry], source: Source) -> list[str]:
    """What would make the entries a poor source: none, undated, untitled or repeated."""
    if not entries:
        hint = " (check link_pattern against the page's links)" if source.link_pattern else ""
        return [f"no entries found: nothing would be ingested{hint}"]
    problems = []
    undated = sum(1 for e in entries if e.published_at is None)
    if undated:
        problems.append(
            f"{undated} of {len(entries)} entries have no date: the article page's date is used"
        )
    untitled = sum(1 for e in entries if not e.title)
    if untitled:
        problems.append(f"{untitled} of {len(entries)} entries have no title")
    publisher = publisher_for(source.url, source.publisher or None)
    unique = {canonical_url(e.url, publisher) for e in entries}
    if len(unique) < len(entries):
        problems.append(
            f"{len(entries) - len(unique)} entries repeat another's article (stored once)"
        )
    return problems
