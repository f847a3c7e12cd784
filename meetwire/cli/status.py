"""`meetwire status`: what the corpus holds, by source and status."""

from rich.table import Table
from sqlmodel import func, select

from meetwire.cli.app import app
from meetwire.cli.common import out, ready_settings
from models import Article, ArticleStatus, Meeting, Source, session_scope

STATUSES = [status.value for status in ArticleStatus]


@app.command("status")
def status_command() -> None:
    """Articles by source and status, originals, and meetings found."""
    settings = ready_settings()
    with session_scope(settings.database_url) as session:
        counts = session.exec(
            select(Source.name, Article.status, func.count())
            .join(Source, Article.source_id == Source.id, isouter=True)
            .group_by(Source.name, Article.status)
        ).all()
        originals = session.exec(
            select(func.count())
            .select_from(Article)
            .where(Article.status == ArticleStatus.stored, Article.duplicate_of.is_(None))
        ).one()
        meetings = session.exec(select(func.count()).select_from(Meeting)).one()
    by_source: dict[str, dict[str, int]] = {}
    for name, status, count in counts:
        by_source.setdefault(name or "(backfill)", {})[status] = count
    table = Table("source", *STATUSES, title="articles")
    for name, row in sorted(by_source.items()):
        table.add_row(name, *(str(row.get(status, 0)) for status in STATUSES))
    totals = [sum(row.get(status, 0) for row in by_source.values()) for status in STATUSES]
    table.add_row("total", *map(str, totals), style="bold")
    out.print(table)
    out.print(f"stories (stored originals): {originals}    meetings: {meetings}")
