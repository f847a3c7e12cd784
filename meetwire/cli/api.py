"""`meetwire api`: the read-only HTTP API and the meetings timeline."""

import typer

from meetwire.cli.app import app
from meetwire.cli.common import ready_settings


@app.command("api")
def api_command(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
) -> None:
    """Serve the corpus over HTTP: JSON at /meetings, /articles, /sources; the timeline at /."""
    settings = ready_settings()
    # Imported here: the web stack is heavy and no other command needs it.
    import uvicorn

    from meetwire.api.app import create_app

    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")
