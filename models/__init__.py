"""Tables and sessions: the corpus other tools read."""

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
from models.source import PollEvent, Source, SourceBase, SourceKind

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
