"""Feed sources: read from YAML, created and updated by name, claimed when due."""

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib.resources import files
from pathlib import Path

import yaml
from sqlmodel import Session, or_, select, update

from meetwire.publishers import GENERIC, PUBLISHERS, publisher_for
from models import Source, SourceKind, utcnow
from scheduler.intervals import parse_interval

log = logging.getLogger(__name__)

# A poll that has not finished after this long is presumed dead and its source is claimable again.
CLAIM_SECONDS = 600


@dataclass
class SourceSpec:
    """One source as a user writes it in YAML or on the command line."""

    name: str
    url: str
    kind: SourceKind = SourceKind.rss
    publisher: str = ""
    interval_seconds: int | None = None
    link_pattern: str | None = None
    enabled: bool = True
    options: dict = field(default_factory=dict)


class SourcesFileError(ValueError):
    """The sources file is not what `meetwire sources import` expects; the message says where."""


# The defaults ship inside the package, so an installed (non-editable) meetwire has them too.
DEFAULT_SOURCES = "default_sources.yaml"


def read_sources_file(path: Path) -> list[SourceSpec]:
    """Parse a YAML file with a top-level `sources:` list."""
    return parse_sources(path.read_text(encoding="utf-8"), where=str(path))


def read_default_sources(path: Path | None = None) -> tuple[list[SourceSpec], str]:
    """The sources of `path`, or the packaged defaults when it is None; and where they came from."""
    if path is not None:
        return read_sources_file(path), str(path)
    text = files("scheduler").joinpath(DEFAULT_SOURCES).read_text(encoding="utf-8")
    return parse_sources(text, where=DEFAULT_SOURCES), "the packaged defaults"


def parse_sources(text: str, *, where: str) -> list[SourceSpec]:
    """The sources of a YAML document; SourcesFileError names the entry and the fix."""
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SourcesFileError(f"{where}: not valid YAML: {exc}") from exc
    if not isinstance(document, dict) or not isinstance(document.get("sources"), list):
        raise SourcesFileError(f"{where}: expected a top-level `sources:` list")
    specs: list[SourceSpec] = []
    first_by_name: dict[str, int] = {}
    for i, item in enumerate(document["sources"]):
        spec = _spec_from_mapping(item, f"{where}: sources[{i}]")
        if spec.name in first_by_name:
            raise SourcesFileError(
                f"{where}: sources[{i}] ({spec.name}): the name is already used by "
                f"sources[{first_by_name[spec.name]}]; give each source its own name"
            )
        first_by_name[spec.name] = i
        specs.append(spec)
    return specs


def _spec_from_mapping(item: object, where: str) -> SourceSpec:
    if not isinstance(item, dict):
        raise SourcesFileError(f"{where}: expected a mapping with name, kind, url, publisher")
    # An empty name is reported as blank below; an empty URL is as good as none.
    missing = [k for k in ("name", "url") if item.get(k) is None or (k == "url" and not item[k])]
    if missing:
        raise SourcesFileError(f"{where}: missing {', '.join(missing)}")
    if not str(item["name"]).strip():
        raise SourcesFileError(f"{where}: the name is blank; give the source a name")
    known = {"name", "kind", "url", "publisher", "interval", "link_pattern", "enabled", "options"}
    unknown = sorted(set(item) - known)
    if unknown:
        # Ignored rather than refused, so a file shared with other tools still imports.
        log.warning("%s (%s): ignoring unknown keys %s", where, item["name"], ", ".join(unknown))
    try:
        kind = SourceKind(str(item.get("kind", "rss")))
    except ValueError:
        kinds = ", ".join(k.value for k in SourceKind)
        raise SourcesFileError(f"{where} ({item['name']}): kind must be one of {kinds}") from None
    try:
        interval = parse_interval(item["interval"]) if item.get("interval") is not None else None
    except ValueError as exc:
        raise SourcesFileError(f"{where} ({item['name']}): {exc}") from None
    spec = SourceSpec(
        name=str(item["name"]).strip(),
        url=str(item["url"]),
        kind=kind,
        publisher=str(item.get("publisher") or publisher_for(str(item["url"])).key),
        interval_seconds=interval,
        link_pattern=None if item.get("link_pattern") is None else str(item["link_pattern"]),
        enabled=bool(item.get("enabled", True)),
        options=dict(item.get("options") or {}),
    )
    problem = validate_spec(spec)
    if problem:
        raise SourcesFileError(f"{where} ({spec.name}): {problem}")
    return spec


def validate_spec(spec: SourceSpec) -> str | None:
    """Why a spec cannot be used (and what to do), or None."""
    if not spec.name.strip():
        return "the name is blank; give the source a name"
    if not spec.url.startswith(("http://", "https://")):
        return f"url must start with http:// or https://, got {spec.url!r}"
    if spec.kind == SourceKind.listing and not spec.link_pattern:
        return "a listing source needs link_pattern (a regex matching article URLs)"
    if spec.link_pattern is not None:
        try:
            re.compile(spec.link_pattern)
        except re.error as exc:
            return (
                f"link_pattern {spec.link_pattern!r} is not a valid regex ({exc}); fix the pattern"
            )
    if spec.publisher and spec.publisher not in PUBLISHERS and spec.publisher != GENERIC.key:
        known = ", ".join(sorted(PUBLISHERS))
        return (
            f"unknown publisher {spec.publisher!r}; use one of {known}, "
            "or leave publisher out to take it from the URL's host"
        )
    return None


def upsert_source(
    *, session: Session, spec: SourceSpec, default_interval: int
) -> tuple[Source, bool]:
    """Create the source named `spec.name`, or update it; returns (source, created)."""
    source = session.exec(select(Source).where(Source.name == spec.name)).first()
    created = source is None
    if source is None:
        source = Source(name=spec.name, url=spec.url)
    was_enabled = source.enabled
    source.url = spec.url
    source.kind = spec.kind
    source.publisher = spec.publisher or publisher_for(spec.url).key
    source.interval_seconds = spec.interval_seconds or source.interval_seconds or default_interval
    if created and spec.interval_seconds is None:
        source.interval_seconds = default_interval
    source.link_pattern = spec.link_pattern
    source.enabled = spec.enabled
    source.options = spec.options
    if spec.enabled and not was_enabled:
        source.next_poll_at = None  # re-enabled sources are due at once
    source.updated_at = utcnow()
    session.add(source)
    session.flush()
    return source, created


def due_source_ids(*, session: Session, now: datetime) -> list[int]:
    """Enabled sources whose next poll time has come and that nobody is polling."""
    query = select(Source.id).where(
        Source.enabled,
        or_(Source.next_poll_at.is_(None), Source.next_poll_at <= now),
        or_(Source.claimed_until.is_(None), Source.claimed_until < now),
    )
    return list(session.exec(query))


def claim_source(*, session: Session, source_id: int, now: datetime) -> bool:
    """Atomically mark a source as being polled; False when another poller got it first."""
    result = session.exec(
        update(Source)
        .where(
            Source.id == source_id,
            or_(Source.claimed_until.is_(None), Source.claimed_until < now),
        )
        .values(claimed_until=now + timedelta(seconds=CLAIM_SECONDS))
    )
    return result.rowcount == 1


def claim_due_sources(*, session: Session, now: datetime | None = None) -> list[int]:
    """Claim every due source; each id is returned to exactly one caller."""
    now = now or utcnow()
    claimed = []
    for source_id in due_source_ids(session=session, now=now):
        if claim_source(session=session, source_id=source_id, now=now):
            claimed.append(source_id)
    return claimed
