"""`meetwire sources import|list|add|check|disable|enable`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from meetwire.cli.app import sources_app
from meetwire.cli.common import console, fail, load_settings, out, ready_settings, setup_logging
from meetwire.cli.tables import Column, print_table
from models.source_kind import SourceKind

if TYPE_CHECKING:
    from models import Source
    from scheduler.sources import SourceSpec

WIDE = typer.Option(False, "--wide", help="Show every column, however wide.")
LIST_COLUMNS = (
    Column("name"),
    Column("kind", drop=4),
    Column("publisher", drop=3),
    Column("every", drop=5),
    Column("enabled"),
    Column("next poll", drop=6),
    Column("failures", drop=2),
    Column("last error", drop=7, fold=True),
    Column("url", drop=1, fold=True),
)


@sources_app.command("import")
def import_command(
    file: Path | None = typer.Argument(
        None, help="YAML file with a `sources:` list; without it, the packaged defaults."
    ),
) -> None:
    """Import a YAML file of sources (or the defaults), by name.

    A source whose name exists is updated; without FILE, the packaged defaults are imported.
    """
    from models import session_scope
    from scheduler.sources import SourcesFileError, read_default_sources, upsert_source

    settings = ready_settings()
    try:
        specs, origin = read_default_sources(file)
    except (SourcesFileError, OSError) as exc:
        fail(str(exc))
    created = updated = 0
    with session_scope(settings.database_url) as session:
        for spec in specs:
            _source, is_new = upsert_source(
                session=session, spec=spec, default_interval=settings.default_interval_seconds
            )
            created += is_new
            updated += not is_new
    console.print(f"imported {len(specs)} sources from {origin}: {created} new, {updated} updated")


@sources_app.command("list")
def list_command(wide: bool = WIDE) -> None:
    """Show every source with its polling state."""
    from sqlmodel import select

    from models import Source, session_scope
    from scheduler.intervals import format_interval

    settings = ready_settings()
    rows = []
    with session_scope(settings.database_url) as session:
        for source in session.exec(select(Source).order_by(Source.name)):
            next_poll = source.next_poll_at
            rows.append(
                [
                    source.name,
                    source.kind,
                    source.publisher,
                    format_interval(source.interval_seconds),
                    "yes" if source.enabled else "no",
                    next_poll.strftime("%Y-%m-%d %H:%M") if next_poll else "due",
                    str(source.consecutive_failures),
                    source.last_error or "",
                    source.url,
                ]
            )
    if not rows:
        console.print("no sources yet: `meetwire sources import` adds the default sources")
        return
    print_table(out, LIST_COLUMNS, rows, wide=wide)


@sources_app.command("add")
def add_command(
    name: str | None = typer.Argument(None, help="Unique name of the source."),
    url: str | None = typer.Argument(
        None, help="Feed, listing page, JSON datasource or sitemap URL."
    ),
    name_option: str | None = typer.Option(None, "--name", help="The name, as an option."),
    url_option: str | None = typer.Option(None, "--url", help="The URL, as an option."),
    kind: SourceKind = typer.Option(SourceKind.rss, "--kind", help="What the URL serves."),
    publisher: str = typer.Option(
        "", "--publisher", help="Publisher key (default: from the host)."
    ),
    interval: str = typer.Option("15m", "--interval", help="How often to poll, e.g. 15m, 2h."),
    link_pattern: str | None = typer.Option(None, "--link-pattern", help="Article URL regex."),
    disabled: bool = typer.Option(False, "--disabled", help="Add it without polling it."),
) -> None:
    """Add a source, or update the one with this name.

    Give NAME URL, or --name and --url.
    """
    from models import session_scope
    from scheduler.intervals import parse_interval
    from scheduler.sources import SourceSpec, upsert_source, validate_spec

    name, url = name or name_option, url or url_option
    if not name or not url:
        fail("give the source's name and URL: `meetwire sources add NAME URL [--kind rss]`")
    settings = ready_settings()
    try:
        seconds = parse_interval(interval)
    except ValueError as exc:
        fail(str(exc))
    spec = SourceSpec(
        name=name,
        url=url,
        kind=kind,
        publisher=publisher,
        interval_seconds=seconds,
        link_pattern=link_pattern,
        enabled=not disabled,
    )
    problem = validate_spec(spec)
    if problem:
        fail(f"source {name}: {problem}")
    with session_scope(settings.database_url) as session:
        _source, created = upsert_source(
            session=session, spec=spec, default_interval=settings.default_interval_seconds
        )
    console.print(f"{'added' if created else 'updated'} source {name}")


@sources_app.command("check")
def check_command(
    target: str = typer.Argument(..., metavar="NAME|URL", help="A source's name, or a URL."),
    kind: SourceKind | None = typer.Option(
        None, "--kind", help="What the URL serves (default: the source's kind, or rss)."
    ),
    link_pattern: str | None = typer.Option(
        None, "--link-pattern", help="Article URL regex (listing sources)."
    ),
    wide: bool = WIDE,
) -> None:
    """Try a source: fetch once, show what would be ingested.

    Stores nothing. Give a source's name, or a URL with --kind (and --link-pattern).
    """
    from worker.pipeline.check import check_source

    source = _source_to_check(target, kind, link_pattern)
    settings = load_settings()
    setup_logging()
    report = check_source(source, settings=settings)
    rows = [
        [e.published_at.strftime("%Y-%m-%d %H:%M") if e.published_at else "", e.title or "", e.url]
        for e in report.entries
    ]
    columns = (Column("date"), Column("title", fold=True), Column("url", fold=True))
    title = f"{source.name}: {len(report.entries)} entries would be ingested ({source.kind})"
    if report.entries:
        print_table(out, columns, rows, wide=wide, title=title)
    else:
        out.print(title, highlight=False)
    for problem in report.problems:
        out.print(f"problem: {problem}", style="red", highlight=False)
    if not report.problems:
        out.print("no problems found", highlight=False)
    if report.error:
        raise typer.Exit(1)


def _source_to_check(target: str, kind: SourceKind | None, link_pattern: str | None) -> Source:
    """The named source (its settings overridden by the options), or a transient one for a URL."""
    from sqlmodel import select

    from meetwire.publishers import publisher_for
    from models import Source, session_scope
    from scheduler.sources import SourceSpec, validate_spec

    if target.startswith(("http://", "https://")):
        spec = SourceSpec(name=target, url=target, kind=kind or SourceKind.rss)
        spec.link_pattern = link_pattern
    else:
        settings = ready_settings()
        with session_scope(settings.database_url) as session:
            known = session.exec(select(Source).where(Source.name == target)).first()
            if known is None:
                fail(f"no source named {target!r}: give a URL, or see `meetwire sources list`")
            spec = _spec_of(known)
        spec.kind = kind or spec.kind
        spec.link_pattern = link_pattern or spec.link_pattern
    problem = validate_spec(spec)
    if problem:
        fail(problem)
    publisher = spec.publisher or publisher_for(spec.url).key
    return Source(
        name=spec.name,
        url=spec.url,
        kind=spec.kind,
        publisher=publisher,
        link_pattern=spec.link_pattern,
        options=spec.options,
    )


def _spec_of(source: Source) -> SourceSpec:
    from scheduler.sources import SourceSpec

    return SourceSpec(
        name=source.name,
        url=source.url,
        kind=SourceKind(source.kind),
        publisher=source.publisher,
        link_pattern=source.link_pattern,
        options=dict(source.options or {}),
    )


@sources_app.command("disable")
def disable_command(name: str = typer.Argument(..., help="Name of the source.")) -> None:
    """Stop polling a source (its articles stay)."""
    _set_enabled(name, False)


@sources_app.command("enable")
def enable_command(name: str = typer.Argument(..., help="Name of the source.")) -> None:
    """Poll a disabled source again, starting now."""
    _set_enabled(name, True)


def _set_enabled(name: str, enabled: bool) -> None:
    from sqlmodel import select

    from models import Source, session_scope

    settings = ready_settings()
    with session_scope(settings.database_url) as session:
        source = session.exec(select(Source).where(Source.name == name)).first()
        if source is None:
            fail(f"no source named {name!r} (see `meetwire sources list`)")
        source.enabled = enabled
        if enabled:
            source.next_poll_at = None
        session.add(source)
    console.print(f"{'enabled' if enabled else 'disabled'} source {name}")
