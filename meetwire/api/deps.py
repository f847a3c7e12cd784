"""What every route needs: the settings the app was made with and a database session."""

from collections.abc import Iterator

from fastapi import Request
from sqlmodel import Session

from meetwire.settings import Settings
from models import get_engine


def settings_of(request: Request) -> Settings:
    return request.app.state.settings


def session(request: Request) -> Iterator[Session]:
    """One read-only session per request."""
    with Session(get_engine(settings_of(request).database_url)) as db:
        yield db
