"""The `meetwire` command and its sub-command groups; each command lives in its own module."""

import typer

app = typer.Typer(
    name="meetwire",
    help="Keep a deduplicated, classified corpus of news about Xi–Putin meetings.",
    no_args_is_help=True,
    add_completion=False,
)
sources_app = typer.Typer(help="Feed sources: import, list, add, disable.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
export_app = typer.Typer(help="Write the corpus for other tools.", no_args_is_help=True)
app.add_typer(sources_app, name="sources")
app.add_typer(db_app, name="db")
app.add_typer(export_app, name="export")
