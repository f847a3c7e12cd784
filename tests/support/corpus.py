"""A small stored corpus for the readers' tests: meetings in three years, reports in three
languages, copies, failures and a pending row, written through the models as the pipeline would."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import delete, update

from models import (
    Article,
    ArticleStatus,
    DuplicateKind,
    LshBucket,
    Meeting,
    PollEvent,
    RawPage,
    Source,
    session_scope,
)


@dataclass(frozen=True)
class MeetingSpec:
    day: date
    mode: str
    city: str | None
    country: str | None
    occasion: str | None
    host: str | None


MEETINGS = [
    MeetingSpec(date(2019, 6, 5), "in_person", "Moscow", "Russia", "state visit", "Russia"),
    MeetingSpec(date(2022, 2, 4), "in_person", "Beijing", "China", "Winter Olympics", "China"),
    MeetingSpec(date(2022, 12, 30), "video", None, None, None, None),
    MeetingSpec(date(2023, 3, 21), "in_person", "Moscow", "Russia", "state visit", "Russia"),
    MeetingSpec(date(2024, 7, 3), "in_person", "Astana", "Kazakhstan", "SCO summit", "Kazakhstan"),
]
LABEL_OF_MODE = {"in_person": "meeting", "video": "video_meeting", "phone": "phone_call"}

# One report per language; `{city}` and `{day}` are filled in per meeting.
REPORTS = {
    "en": (
        "xinhua",
        "https://english.news.cn/{slug}/en.htm",
        "Xi Jinping holds talks with Vladimir Putin in {city}",
        "{city_upper}, {day} (Xinhua) -- Chinese President Xi Jinping held talks with Russian "
        "President Vladimir Putin on {day}.",
    ),
    "zh": (
        "xinhua",
        "https://www.news.cn/{slug}/zh.htm",
        "习近平同俄罗斯总统普京会谈",
        "国家主席习近平同俄罗斯总统普京举行会谈。",
    ),
    "ru": (
        "tass",
        "https://tass.ru/politika/{slug}",
        "Путин и Си Цзиньпин провели переговоры",
        "Президент России Владимир Путин и председатель КНР Си Цзиньпин провели переговоры.",
    ),
}


@dataclass
class Corpus:
    meeting_ids: list[int] = field(default_factory=list)
    stories: list[int] = field(default_factory=list)  # stored originals
    copies: list[int] = field(default_factory=list)  # duplicates of a story
    others: list[int] = field(default_factory=list)  # failed, skipped, pending


def store_corpus(database_url: str) -> Corpus:
    """Write the corpus and return the ids by kind."""
    corpus = Corpus()
    with session_scope(database_url) as session:
        xinhua = Source(name="xinhua-en-world", url="https://english.news.cn/", publisher="xinhua")
        tass = Source(name="tass-en", url="https://tass.com/rss", publisher="tass")
        session.add_all([xinhua, tass])
        session.flush()
        sources = {"xinhua": xinhua.id, "tass": tass.id}
        for spec in MEETINGS:
            meeting = Meeting(
                date=spec.day,
                city=spec.city,
                country=spec.country,
                mode=spec.mode,
                occasion=spec.occasion,
                host=spec.host,
            )
            session.add(meeting)
            session.flush()
            corpus.meeting_ids.append(meeting.id)
            slug = spec.day.strftime("%Y%m%d")
            label = LABEL_OF_MODE[spec.mode]
            stored = []
            for language, (publisher, url, title, text) in REPORTS.items():
                city = spec.city or "Beijing"
                article = Article(
                    url=url.format(slug=slug),
                    canonical_url=url.format(slug=slug),
                    source_id=sources[publisher],
                    publisher=publisher,
                    title=title.format(city=city),
                    text=text.format(city_upper=city.upper(), day=spec.day.strftime("%B %d")),
                    language=language,
                    published_at=datetime.combine(spec.day, datetime.min.time(), UTC),
                    fetched_at=datetime(2026, 11, 25, 12, 0, tzinfo=UTC),
                    status=ArticleStatus.stored,
                    label=label,
                    is_meeting=label in ("meeting", "video_meeting"),
                    score=0.95,
                    evidence=[title.format(city=city)],
                    meeting_date=spec.day,
                    meeting_city=spec.city,
                    meeting_country=spec.country,
                    occasion=spec.occasion,
                    host=spec.host,
                    meeting_id=meeting.id,
                )
                session.add(article)
                stored.append(article)
            session.flush()
            corpus.stories += [a.id for a in stored]
            # A mirror copy of the English report: an exact duplicate stores no text of its own.
            original = stored[0]
            copy = Article(
                url=original.url.replace("english.news.cn", "www.chinadaily.com.cn"),
                canonical_url=original.url.replace("english.news.cn", "www.chinadaily.com.cn"),
                publisher="chinadaily",
                title=original.title,
                language="en",
                published_at=original.published_at,
                status=ArticleStatus.duplicate,
                duplicate_of=original.id,
                duplicate_kind=DuplicateKind.exact,
                similarity=1.0,
                label=label,
                is_meeting=original.is_meeting,
                score=0.95,
                meeting_id=meeting.id,
            )
            session.add(copy)
            session.flush()
            corpus.copies.append(copy.id)
        unrelated = Article(
            url="https://english.news.cn/20240101/weather.htm",
            canonical_url="https://english.news.cn/20240101/weather.htm",
            source_id=sources["xinhua"],
            publisher="xinhua",
            title="Snow in Harbin draws visitors",
            text="HARBIN, Jan. 1 (Xinhua) -- The ice festival opened on Monday.",
            language="en",
            published_at=datetime(2024, 1, 1, 3, 0, tzinfo=UTC),
            status=ArticleStatus.stored,
            label="unrelated",
            is_meeting=False,
            score=0.9,
        )
        failed = Article(
            url="https://english.news.cn/gone.htm",
            canonical_url="https://english.news.cn/gone.htm",
            source_id=sources["xinhua"],
            publisher="xinhua",
            status=ArticleStatus.failed,
            error="HTTP 404: the page is gone",
        )
        skipped = Article(
            url="https://english.news.cn/video.htm",
            canonical_url="https://english.news.cn/video.htm",
            publisher="xinhua",
            status=ArticleStatus.skipped,
            error="no article text on the page (a video page?)",
        )
        pending = Article(url="https://tass.com/new", canonical_url="https://tass.com/new")
        session.add_all([unrelated, failed, skipped, pending])
        session.flush()
        corpus.stories.append(unrelated.id)
        corpus.others += [failed.id, skipped.id, pending.id]
    return corpus


def empty_database(database_url: str) -> None:
    """Delete every row (children first), for a fixture that outlives one test."""
    with session_scope(database_url) as session:
        session.execute(update(Article).values(duplicate_of=None))
        for table in (LshBucket, RawPage, PollEvent, Article, Meeting, Source):
            session.execute(delete(table))
