"""`meetwire sources import|list|add|disable|enable`."""

from pathlib import Path

import typer
from rich.table import Table
from sqlmodel import select

from meetwire.cli.app import sources_app
from meetwire.cli.common import console, fail, out, ready_settings
from models import Source, SourceKind, session_scope
from scheduler.intervals import format_interval, parse_interval
from scheduler.sources import (
    SourcesFileError,
    SourceSpec,
    read_sources_file,
    upsert_source,
    validate_spec,
)


@sources_app.command("import")
def import_command(
    file: Path = typer.Argument(..., help="YAML file with a `sources:` list."),
) -> None:
    """Create or update (by name) every source in a YAML file."""
    settings = ready_settings()
    try:
        specs = read_sources_file(file)
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
    console.print(f"imported {len(specs)} sources from {file}: {created} new, {updated} updated")


@sources_app.command("list")
def list_command() -> None:
    """Show every source with its polling state."""
    settings = ready_settings()
    table = Table(
        "name",
        "kind",
        "publisher",
        "every",
        "enabled",
        "next poll",
        "failures",
        "last error",
        "url",
    )
    with session_scope(settings.database_url) as session:
        for source in session.exec(select(Source).order_by(Source.name)):
            table.add_row(
                source.name,
                source.kind,
                source.publisher,
                format_interval(source.interval_seconds),
                "yes" if source.enabled else "no",
                source.next_poll_at.isoformat(timespec="seconds") if source.next_poll_at else "due",
                str(source.consecutive_failures),
                (source.last_error or "")[:60],
                source.url,
            )
    out.print(table)


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
    """Add a source, or update the one with this name (NAME URL, or --name and --url)."""
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
        fail(problem)
    with session_scope(settings.database_url) as session:
        _source, created = upsert_source(
            session=session, spec=spec, default_interval=settings.default_interval_seconds
        )
    console.print(f"{'added' if created else 'updated'} source {name}")


@sources_app.command("disable")
def disable_command(name: str = typer.Argument(..., help="Name of the source.")) -> None:
    """Stop polling a source (its articles stay)."""
    _set_enabled(name, False)


@sources_app.command("enable")
def enable_command(name: str = typer.Argument(..., help="Name of the source.")) -> None:
    """Poll a disabled source again, starting now."""
    _set_enabled(name, True)


def _set_enabled(name: str, enabled: bool) -> None:
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
