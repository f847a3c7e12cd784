"""Classify a stored article and attach it to its one Meeting row (same mode, date, city)."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert
from sqlmodel import Session, select

from meetwire.publishers import Publisher
from models import Article, Meeting, utcnow
from worker.classify import CLASSIFIER_VERSION, Classification, ClassifyInput, classify
from worker.classify.dates import STATED
from worker.classify.labels import LABEL_OF_MODE, MODE_OF_LABEL, is_meeting
from worker.classify.linking import (
    LINK_WINDOW_DAYS,
    RECAP_DAYS,
    MeetingKey,
    adopted_day,
    meetings_for,
)

# Classification fields an article stores under the same name, which linking may then change.
_LINKED_FIELDS = (
    "label",
    "is_meeting",
    "meeting_date",
    "meeting_city",
    "meeting_country",
    "occasion",
    "host",
)


def key_of(meeting: Meeting) -> MeetingKey:
    return MeetingKey(meeting.mode, meeting.date, meeting.city, meeting.end_date)


def article_key(
    article: Article,
    publisher: Publisher,
    *,
    date_basis: str = STATED,
    mode_known: bool = True,
) -> MeetingKey | None:
    """The article's meeting key, or None when it reports no meeting or call with a date."""
    mode = MODE_OF_LABEL.get(article.label or "")
    if mode is None or article.meeting_date is None:
        return None
    published = _local_date(article, publisher) if date_basis != STATED else None
    return MeetingKey(
        mode,
        article.meeting_date,
        article.meeting_city,
        basis=date_basis,
        published=published or article.meeting_date,
        mode_known=mode_known,
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


def _find_or_create(
    *, session: Session, article: Article, key: MeetingKey, after_id: int | None = None
) -> Meeting:
    stated = key.basis == STATED
    anchor = key.date if stated else key.published or key.date
    # Visits last a few days: look that far back for a meeting whose span reaches the window.
    before = timedelta(days=(LINK_WINDOW_DAYS if stated else RECAP_DAYS) + 5)
    after = timedelta(days=LINK_WINDOW_DAYS + 3)
    query = select(Meeting).where(Meeting.date >= anchor - before, Meeting.date <= anchor + after)
    if key.mode_known:
        query = query.where(Meeting.mode == key.mode)
    if after_id is not None:
        query = query.where(Meeting.id > after_id)
    # A stated day takes the first meeting it fits; a recap the latest one before it.
    order = (Meeting.date, Meeting.id) if stated else (Meeting.date.desc(), Meeting.id.desc())
    candidates = session.exec(query.order_by(*order)).all()
    fits = meetings_for([key_of(meeting) for meeting in candidates], key)
    if fits:
        meeting = candidates[fits[0]]
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
    # Inserted alone for its id (a flush would also write the article, which is written once,
    # when it is finished).
    return session.scalars(
        insert(Meeting).returning(Meeting), [meeting.model_dump(exclude={"id"})]
    ).one()


def _adopt(article: Article, meeting: Meeting, *, basis: str) -> None:
    """A report that did not state the day, the place or the mode reads the meeting's."""
    article.meeting_date = adopted_day(key_of(meeting), article.meeting_date, basis)
    label = LABEL_OF_MODE[meeting.mode]
    if article.label != label:
        # "Xi and Putin held talks" on the day of their video call: that call.
        article.label, article.is_meeting = label, is_meeting(label)
    if article.meeting_city is None and meeting.city:
        article.meeting_city, article.meeting_country = meeting.city, meeting.country
        article.host = article.host or meeting.host
    article.occasion = article.occasion or meeting.occasion


def link_meeting(
    *,
    session: Session,
    article: Article,
    publisher: Publisher,
    date_basis: str = STATED,
    mode_known: bool = True,
    after_id: int | None = None,
) -> Meeting | None:
    """Attach the article to its meeting (a duplicate through its original); None if no meeting.

    `date_basis` says how the article's meeting_date was found (Classification.date_basis):
    an unstated day links to a meeting of the past week and then takes that meeting's day.
    Without `mode_known` (Classification.mode_stated) it may join a video link or call.
    With `after_id` only meetings of a larger id are candidates: a rebuild ignores the old rows.
    """
    if article.duplicate_of is not None:
        article.meeting_id = _meeting_of(session, article.duplicate_of)
        session.add(article)
        return session.get(Meeting, article.meeting_id) if article.meeting_id else None
    key = article_key(article, publisher, date_basis=date_basis, mode_known=mode_known)
    if key is None:
        article.meeting_id = None
        session.add(article)
        return None
    meeting = _find_or_create(session=session, article=article, key=key, after_id=after_id)
    _adopt(article, meeting, basis=key.basis)
    article.meeting_id = meeting.id
    session.add(article)
    return meeting


def _meeting_of(session: Session, article_id: int) -> int | None:
    """An article's meeting id: as this session holds the article, else its one column read
    (a duplicate needs nothing else of its original, whose text may be long)."""
    loaded = session.identity_map.get(session.identity_key(Article, article_id))
    if loaded is not None:
        return loaded.meeting_id
    return session.exec(select(Article.meeting_id).where(Article.id == article_id)).first()


def _local_date(article: Article, publisher: Publisher) -> date | None:
    """The publish date in the publisher's time zone (a Beijing 01:00 story is that day's)."""
    moment = article.published_at or article.entry_published_at
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(publisher.timezone).date()


def classify_input(
    article: Article, publisher: Publisher, *, text: str | None = None
) -> ClassifyInput:
    """What the classifier reads from a stored article (`text` overrides its own)."""
    return ClassifyInput(
        id=str(article.id),
        title=article.title or article.entry_title or "",
        text=text or article.text or "",
        url=article.url,
        published=_local_date(article, publisher),
        language=article.language,
        publisher=article.publisher or None,
    )


def classify_article(
    *, session: Session, article: Article, publisher: Publisher, after_id: int | None = None
) -> Classification:
    """Classify the article, write the result onto it, and link it to its meeting (of an id
    above `after_id` when given); the classification as stored (after linking)."""
    text = article.text
    if text is None and article.duplicate_of is not None:
        # Exact duplicates keep no text of their own; they read as their original does.
        original = session.get(Article, article.duplicate_of)
        text = original.text if original else None
    result = classify(classify_input(article, publisher, text=text))
    for name in _LINKED_FIELDS:
        setattr(article, name, getattr(result, name))
    article.score = result.score
    article.evidence = list(result.evidence)
    article.rule = result.rule[:200]
    article.classified_at = datetime.now(UTC)
    article.classifier_version = CLASSIFIER_VERSION
    session.add(article)
    link_meeting(
        session=session,
        article=article,
        publisher=publisher,
        date_basis=result.date_basis or STATED,
        mode_known=result.mode_stated,
        after_id=after_id,
    )
    return replace(result, **{name: getattr(article, name) for name in _LINKED_FIELDS})
