"""Classify a stored article and attach it to its one Meeting row (same mode, date, city)."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, select

from models import Article, Meeting, utcnow
from scheduler.publishers import GENERIC, publisher_for
from worker.classify import Classification, ClassifyInput, classify

# A two- or three-day state visit is one meeting; coverage dated by its second or third day
# (or by a publisher a time zone away) still lands on the same row.
LINK_WINDOW_DAYS = 2
# A report whose day is not stated (a weekly round-up, a trip summary, "last week") is about a
# meeting of the past week: its publish date is the anchor and the meeting may end this many
# days before it. Weekly programmes cover seven days.
RECAP_DAYS = 7
STATED = "stated"
_MODES = {"meeting": "in_person", "video_meeting": "video", "phone_call": "phone"}


@dataclass(frozen=True)
class MeetingKey:
    """What decides that two reports are about the same meeting."""

    mode: str
    date: date
    city: str | None = None
    end_date: date | None = None
    basis: str = STATED  # how the report's date was found: stated, relative, published
    published: date | None = None  # the report's publish date: the anchor of an unstated day

    @property
    def last(self) -> date:
        return self.end_date or self.date


def same_meeting(a: MeetingKey, b: MeetingKey) -> bool:
    """Same mode, dates within two days (of a span), and the same city for in-person meetings.

    An in-person report without a city matches on mode and date alone: "Xi and Putin met" on
    the day of a Moscow visit is that visit. A report `b` whose day is not stated matches a
    meeting that ends within RECAP_DAYS before its publish date.
    """
    if a.mode != b.mode:
        return False
    window = timedelta(days=LINK_WINDOW_DAYS)
    if b.basis != STATED:
        anchor = b.published or b.date
        if a.last < anchor - timedelta(days=RECAP_DAYS) or a.date > anchor + window:
            return False
    elif b.date > a.last + window or a.date > b.last + window:
        return False
    if a.mode == "in_person" and a.city and b.city:
        return a.city == b.city
    return True


def key_of(meeting: Meeting) -> MeetingKey:
    return MeetingKey(meeting.mode, meeting.date, meeting.city, meeting.end_date)


def article_key(article: Article, *, date_basis: str = STATED) -> MeetingKey | None:
    """The article's meeting key, or None when it reports no meeting or call with a date."""
    mode = _MODES.get(article.label or "")
    if mode is None or article.meeting_date is None:
        return None
    published = _local_date(article) if date_basis != STATED else None
    return MeetingKey(
        mode,
        article.meeting_date,
        article.meeting_city,
        basis=date_basis,
        published=published or article.meeting_date,
    )


def _widen(meeting: Meeting, article: Article, *, stated: bool) -> None:
    """Stretch the meeting's span (only by a stated day) and fill details it lacked."""
    day = article.meeting_date
    if stated and day < meeting.date:
        meeting.end_date = meeting.end_date or meeting.date
        meeting.date = day
    elif stated and day > (meeting.end_date or meeting.date):
        meeting.end_date = day
    for column in ("city", "country", "occasion", "host"):
        value = getattr(article, "meeting_" + column, None) or getattr(article, column, None)
        if getattr(meeting, column) is None and value:
            setattr(meeting, column, value)
    meeting.updated_at = utcnow()


def _find_or_create(*, session: Session, article: Article, key: MeetingKey) -> Meeting:
    stated = key.basis == STATED
    anchor = key.date if stated else key.published or key.date
    # Visits last a few days: look that far back for a meeting whose span reaches the window.
    before = timedelta(days=(LINK_WINDOW_DAYS if stated else RECAP_DAYS) + 5)
    after = timedelta(days=LINK_WINDOW_DAYS + 3)
    query = (
        select(Meeting)
        .where(Meeting.mode == key.mode)
        .where(Meeting.date >= anchor - before, Meeting.date <= anchor + after)
    )
    # A stated day takes the first meeting it fits; a recap the latest one before it.
    order = (Meeting.date, Meeting.id) if stated else (Meeting.date.desc(), Meeting.id.desc())
    for meeting in session.exec(query.order_by(*order)).all():
        if same_meeting(key_of(meeting), key):
            _widen(meeting, article, stated=stated)
            return meeting
    meeting = Meeting(
        date=key.date,
        city=article.meeting_city,
        country=article.meeting_country,
        mode=key.mode,
        occasion=article.occasion,
        host=article.host,
    )
    session.add(meeting)
    session.flush()
    return meeting


def _adopt(article: Article, meeting: Meeting, *, stated: bool) -> None:
    """A report that did not state the day or the place reads the meeting's (what users see)."""
    # An unstated day inside the meeting's span is that day's news (day two of a visit); one
    # after it is a recap, which reads the meeting's first day.
    span_end = meeting.end_date or meeting.date
    if not stated and not meeting.date <= article.meeting_date <= span_end:
        article.meeting_date = meeting.date
    if article.meeting_city is None and meeting.city:
        article.meeting_city, article.meeting_country = meeting.city, meeting.country
        article.host = article.host or meeting.host
    article.occasion = article.occasion or meeting.occasion


def link_meeting(*, session: Session, article: Article, date_basis: str = STATED) -> Meeting | None:
    """Attach the article to its meeting (a duplicate through its original); None if no meeting.

    `date_basis` says how the article's meeting_date was found (Classification.date_basis):
    an unstated day links to a meeting of the past week and then takes that meeting's day.
    """
    if article.duplicate_of is not None:
        original = session.get(Article, article.duplicate_of)
        article.meeting_id = original.meeting_id if original else None
        session.add(article)
        return session.get(Meeting, article.meeting_id) if article.meeting_id else None
    key = article_key(article, date_basis=date_basis)
    if key is None:
        article.meeting_id = None
        session.add(article)
        return None
    meeting = _find_or_create(session=session, article=article, key=key)
    _adopt(article, meeting, stated=key.basis == STATED)
    article.meeting_id = meeting.id
    session.add(article)
    session.flush()
    return meeting


def _local_date(article: Article) -> date | None:
    """The publish date in the publisher's time zone (a Beijing 01:00 story is that day's)."""
    moment = article.published_at or article.entry_published_at
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    # The URL's host decides first: `publisher` may hold a name the registry does not know.
    publisher = publisher_for(article.url or article.canonical_url or "")
    if publisher is GENERIC and article.publisher:
        publisher = publisher_for("", article.publisher)
    return moment.astimezone(publisher.timezone).date()


def classify_input(article: Article, *, text: str | None = None) -> ClassifyInput:
    """What the classifier reads from a stored article (`text` overrides its own)."""
    return ClassifyInput(
        id=str(article.id),
        title=article.title or article.entry_title or "",
        text=text or article.text or "",
        url=article.url,
        published=_local_date(article),
        language=article.language,
        publisher=article.publisher or None,
    )


def classify_article(*, session: Session, article: Article) -> Classification:
    """Classify the article, write the result onto it, and link it to its meeting."""
    text = article.text
    if text is None and article.duplicate_of is not None:
        # Exact duplicates keep no text of their own; they read as their original does.
        original = session.get(Article, article.duplicate_of)
        text = original.text if original else None
    result = classify(classify_input(article, text=text))
    article.label = result.label
    article.is_meeting = result.is_meeting
    article.score = result.score
    article.evidence = list(result.evidence)
    article.meeting_date = result.meeting_date
    article.meeting_city = result.meeting_city
    article.meeting_country = result.meeting_country
    article.occasion = result.occasion
    article.host = result.host
    article.classified_at = datetime.now(UTC)
    session.add(article)
    link_meeting(session=session, article=article, date_basis=result.date_basis or STATED)
    return result
