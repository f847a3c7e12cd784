"""The `meetwire` command and its sub-command groups; each command lives in its own module."""

import typer

# Plain help: typer's rich panels label every flag `<bool>` and cost a rich import per --help.
HELP = {"rich_markup_mode": None, "context_settings": {"help_option_names": ["-h", "--help"]}}

app = typer.Typer(
    name="meetwire",
    help="Keep a deduplicated, classified corpus of news about Xi–Putin meetings.",
    no_args_is_help=True,
    add_completion=False,
    **HELP,
)
sources_app = typer.Typer(
    help="Feed sources: import, list, add, check, disable, enable.", no_args_is_help=True, **HELP
)
db_app = typer.Typer(help="Database schema: upgrade.", no_args_is_help=True, **HELP)
export_app = typer.Typer(
    help="Write the corpus for other tools: articles, meetings.", no_args_is_help=True, **HELP
)
app.add_typer(sources_app, name="sources")
app.add_typer(db_app, name="db")
app.add_typer(export_app, name="export")


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"meetwire {version('meetwire')}")
        raise typer.Exit()


@app.callback()
def _options(
    version: bool = typer.Option(
        False,
        "--version",
        help="Print the version and exit.",
        callback=_print_version,
        is_eager=True,
    ),
) -> None:
    pass
