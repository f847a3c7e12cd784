"""`meetwire db upgrade`."""

import typer

from meetwire.cli.app import db_app
from meetwire.cli.common import console, fail, load_settings, redact


@db_app.command("upgrade")
def upgrade_command(
    wait: float = typer.Option(30.0, "--wait", help="Seconds to wait for the database to answer."),
) -> None:
    """Apply pending migrations to MEETWIRE_DATABASE_URL."""
    from sqlalchemy.exc import SQLAlchemyError

    from models.db import upgrade, wait_for_database

    settings = load_settings()
    try:
        wait_for_database(settings.database_url, seconds=wait)
        upgrade(settings.database_url)
    except (SQLAlchemyError, OSError) as exc:
        fail(f"could not migrate {redact(settings.database_url)}: {exc}")
    console.print(f"database {redact(settings.database_url)} is at the newest schema")
