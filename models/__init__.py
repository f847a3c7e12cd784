"""Tables and sessions: the corpus other tools read.

Names are loaded on first use (PEP 562), so importing one light module of the package (such as
`models.source_kind`) does not load SQLAlchemy.
"""

from importlib import import_module
from typing import TYPE_CHECKING

_EXPORTS = {
    "FINAL_STATUSES": "models.article",
    "Article": "models.article",
    "ArticleStatus": "models.article",
    "DuplicateKind": "models.article",
    "LshBucket": "models.article",
    "RawPage": "models.article",
    "UTCDateTime": "models.base",
    "utcnow": "models.base",
    "get_engine": "models.db",
    "prepare_database": "models.db",
    "session_scope": "models.db",
    "upgrade": "models.db",
    "Meeting": "models.meeting",
    "PollEvent": "models.source",
    "Source": "models.source",
    "SourceBase": "models.source",
    "SourceKind": "models.source_kind",
}

__all__ = [
    "FINAL_STATUSES",
    "Article",
    "ArticleStatus",
    "DuplicateKind",
    "LshBucket",
    "Meeting",
    "PollEvent",
    "RawPage",
    "Source",
    "SourceBase",
    "SourceKind",
    "UTCDateTime",
    "get_engine",
    "prepare_database",
    "session_scope",
    "upgrade",
    "utcnow",
]

if TYPE_CHECKING:
    from models.article import (
        FINAL_STATUSES,
        Article,
        ArticleStatus,
        DuplicateKind,
        LshBucket,
        RawPage,
    )
    from models.base import UTCDateTime, utcnow
    from models.db import get_engine, prepare_database, session_scope, upgrade
    from models.meeting import Meeting
    from models.source import PollEvent, Source, SourceBase
    from models.source_kind import SourceKind


# Tables refer to each other by name (foreign keys), so they are registered together.
_TABLES = ("models.article", "models.meeting", "models.source")


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'models' has no attribute {name!r}")
    if module != "models.source_kind":
        for table_module in _TABLES:
            import_module(table_module)
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
