"""The app factory: JSON routes, the timeline page and its static files over the corpus."""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import SQLAlchemyError

from meetwire.api import routes, timeline
from meetwire.settings import Settings, get_settings

DESCRIPTION = (
    "Read-only access to the meetwire corpus: Xi Jinping – Vladimir Putin meetings and the news "
    "articles that report them, deduplicated and classified. Lists of articles are paged by "
    "`cursor` (follow `next_cursor`)."
)


async def _database_unavailable(_request: Request, exc: SQLAlchemyError) -> JSONResponse:
    # A database that went away is the operator's problem, not a bug: say so with a 503.
    reason = str(exc.orig if getattr(exc, "orig", None) else exc).splitlines()[0]
    return JSONResponse({"detail": f"the database is unavailable: {reason}"}, status_code=503)


def create_app(settings: Settings | None = None) -> FastAPI:
    """A FastAPI app reading the database of `settings` (the process settings by default)."""
    # Swagger UI and ReDoc load their scripts from a CDN; the OpenAPI document needs none.
    app = FastAPI(
        title="meetwire",
        description=DESCRIPTION,
        version="1",
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings or get_settings()
    app.add_exception_handler(SQLAlchemyError, _database_unavailable)
    app.include_router(routes.router)
    app.include_router(timeline.router)
    app.mount("/static", StaticFiles(directory=timeline.HERE / "static"), name="static")
    return app
