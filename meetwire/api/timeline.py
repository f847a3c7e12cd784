"""The meetings timeline at `/`: meetings by year, each opening its stories in every language."""

from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import groupby
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy import select
from sqlmodel import Session

from meetwire.api.deps import session
from meetwire.corpus import MeetingFilter, MeetingRecord, iter_meetings
from models.views import v_articles
from scheduler.publishers import GENERIC, Publisher, publisher_for

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=HERE / "templates")
router = APIRouter(include_in_schema=False)

LANGUAGE_NAMES = {"en": "English", "zh": "中文 · Chinese", "ru": "Русский · Russian"}
MODE_NAMES = {"in_person": "In person", "video": "Video call", "phone": "Phone call"}


def _language_order(code: str) -> tuple[int, str]:
    """English, Chinese, Russian first, then the rest by code."""
    names = list(LANGUAGE_NAMES)
    return (names.index(code) if code in names else len(names), code)


@dataclass(frozen=True)
class StoryLink:
    id: int
    title: str
    url: str
    publisher: str
    published: date | None
    copies: int


@dataclass
class LanguageGroup:
    code: str
    name: str
    stories: list[StoryLink]


@dataclass
class TimelineMeeting:
    meeting: MeetingRecord
    groups: list[LanguageGroup] = field(default_factory=list)

    @property
    def mode_name(self) -> str:
        return MODE_NAMES.get(self.meeting.mode, self.meeting.mode)

    @property
    def place(self) -> str:
        m = self.meeting
        return ", ".join(p for p in (m.city, m.country) if p) or "—"

    @property
    def days(self) -> str:
        start, end = self.meeting.date, self.meeting.end_date
        text = f"{start.day} {start:%B}"
        if end and end != start:
            text += f" – {end.day} {end:%B}"
        return text


def _publisher_name(url: str, publisher: Publisher) -> str:
    """The registry's name, or the site's host for a publisher meetwire has no rules for."""
    if publisher.hosts or publisher.key != GENERIC.key:
        return publisher.name
    host = urlsplit(url).hostname or publisher.name
    return host.removeprefix("www.")


@dataclass
class Year:
    year: int
    meetings: list[TimelineMeeting]


def _stories_by_meeting(db: Session) -> dict[int, list[LanguageGroup]]:
    """Each meeting's stored stories grouped by language, English, Chinese, Russian first."""
    v = v_articles
    rows = db.execute(
        select(
            v.c.id,
            v.c.meeting_id,
            v.c.language,
            v.c.title,
            v.c.url,
            v.c.publisher,
            v.c.published_at,
            v.c.duplicates,
        )
        .where(v.c.meeting_id.is_not(None))
        .order_by(v.c.meeting_id, v.c.published_at, v.c.id)
    ).all()
    groups: dict[int, list[LanguageGroup]] = {}
    for meeting_id, meeting_rows in groupby(rows, key=lambda r: r.meeting_id):
        by_language: dict[str, list[StoryLink]] = {}
        for r in meeting_rows:
            publisher = publisher_for(r.url, r.publisher or None)
            published: datetime | None = r.published_at
            by_language.setdefault(r.language or "", []).append(
                StoryLink(
                    id=r.id,
                    title=r.title or r.url,
                    url=r.url,
                    publisher=_publisher_name(r.url, publisher),
                    published=published.astimezone(publisher.timezone).date()
                    if published
                    else None,
                    copies=r.duplicates,
                )
            )
        codes = sorted(by_language, key=_language_order)
        groups[meeting_id] = [
            LanguageGroup(
                code=c, name=LANGUAGE_NAMES.get(c, c.upper() or "Unknown"), stories=by_language[c]
            )
            for c in codes
        ]
    return groups


def timeline(db: Session) -> list[Year]:
    """Every meeting, newest year first and newest first within a year, with its stories."""
    stories = _stories_by_meeting(db)
    meetings = sorted(
        iter_meetings(db, MeetingFilter()), key=lambda m: (m.date, m.id), reverse=True
    )
    return [
        Year(year=year, meetings=[TimelineMeeting(m, stories.get(m.id, [])) for m in group])
        for year, group in groupby(meetings, key=lambda m: m.date.year)
    ]


@router.get("/", response_class=HTMLResponse)
def timeline_page(request: Request, db: Annotated[Session, Depends(session)]) -> HTMLResponse:
    years = timeline(db)
    meetings = [tm for y in years for tm in y.meetings]
    codes = sorted({g.code for tm in meetings for g in tm.groups if g.code}, key=_language_order)
    return templates.TemplateResponse(
        request,
        "timeline.html",
        {
            "years": years,
            "meeting_count": len(meetings),
            "story_count": sum(tm.meeting.story_count for tm in meetings),
            "languages": [LANGUAGE_NAMES.get(c, c) for c in codes],
            "modes": MODE_NAMES,
        },
    )
