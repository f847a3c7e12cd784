"""Reclassification on SQLite and PostgreSQL: meetings keep their ids while their articles do."""

from datetime import UTC, datetime

from sqlmodel import select

from models import Article, ArticleStatus, Meeting, session_scope
from worker.classify import CLASSIFIER_VERSION
from worker.pipeline.meetings import classify_article
from worker.reclassify import match_meetings, reclassify

MOSCOW = (
    "Xi and Putin hold talks in the Kremlin",
    "MOSCOW, March 21 (Xinhua) -- Chinese President Xi Jinping held talks with Russian "
    "President Vladimir Putin in Moscow on Tuesday.",
    datetime(2023, 3, 21, 15, 0, tzinfo=UTC),
)
MOSCOW_RU = (
    "Путин и Си Цзиньпин провели переговоры в Кремле",
    "Владимир Путин и Си Цзиньпин провели переговоры в Москве во вторник.",
    datetime(2023, 3, 21, 18, 0, tzinfo=UTC),
)
BEIJING = (
    "Xi Jinping holds talks with Vladimir Putin in Beijing",
    "Chinese President Xi Jinping held talks with Russian President Vladimir Putin in Beijing "
    "on Thursday.",
    datetime(2024, 5, 16, 9, 0, tzinfo=UTC),
)
PHONE = (
    "Xi, Putin talk by phone",
    "Chinese President Xi Jinping spoke with Russian President Vladimir Putin by telephone on "
    "Thursday.",
    datetime(2024, 2, 8, 12, 0, tzinfo=UTC),
)
MACRON = (
    "Xi meets Macron",
    "Chinese President Xi Jinping held talks with French President Emmanuel Macron in Paris.",
    datetime(2024, 2, 8, 12, 0, tzinfo=UTC),
)


def _add(session, name: str, spec: tuple, **extra) -> Article:
    title, text, published = spec
    url = f"https://english.news.cn/{name}.htm"
    article = Article(
        url=url,
        canonical_url=url,
        publisher="xinhua",
        title=title,
        text=text,
        published_at=published,
        status=extra.pop("status", ArticleStatus.stored),
        **extra,
    )
    session.add(article)
    session.flush()
    return article


def _ingest(database_url: str) -> dict[str, int]:
    """Articles classified as the pipeline classifies them; their ids by name."""
    with session_scope(database_url) as session:
        articles = {
            "phone": _add(session, "phone", PHONE),
            "moscow": _add(session, "moscow", MOSCOW),
            "beijing": _add(session, "beijing", BEIJING),
            "moscow_ru": _add(session, "moscow_ru", MOSCOW_RU),
        }
        articles["copy"] = _add(
            session,
            "copy",
            BEIJING,
            status=ArticleStatus.duplicate,
            duplicate_of=articles["beijing"].id,
        )
        for article in articles.values():
            classify_article(session=session, article=article)
        return {name: article.id for name, article in articles.items()}


def _meeting_of(database_url: str) -> dict[int, int | None]:
    with session_scope(database_url) as session:
        return dict(session.exec(select(Article.id, Article.meeting_id)).all())


def _meetings(database_url: str) -> dict[int, tuple]:
    with session_scope(database_url) as session:
        return {
            m.id: (m.mode, m.date, m.end_date, m.city, m.created_at)
            for m in session.exec(select(Meeting)).all()
        }


def test_new_meetings_take_the_old_id_they_share_most_articles_with() -> None:
    old = {1: {10, 11, 12}, 2: {20}, 3: {30}}
    new = {7: {10}, 8: {11, 12, 20}, 9: {40}, 10: {30, 31}}
    # 8 shares two articles with 1, 7 only one: 7 and 9 share none with an old id still free.
    assert match_meetings(old, new) == {8: 1, 10: 3}
    # Ties go to the older id, each old id at most once.
    assert match_meetings({5: {1}, 4: {2}}, {9: {1, 2}}) == {9: 4}
    assert match_meetings({}, {1: {1}}) == {}


def test_reclassifying_twice_keeps_every_meeting_id(database_url: str) -> None:
    ids = _ingest(database_url)
    links, meetings = _meeting_of(database_url), _meetings(database_url)
    assert len(meetings) == 3
    assert links[ids["moscow"]] == links[ids["moscow_ru"]]
    assert links[ids["copy"]] == links[ids["beijing"]]

    for _ in range(2):
        summary = reclassify(database_url=database_url)
        assert (summary.articles, summary.meetings) == (5, 3)
        assert (summary.kept_meetings, summary.new_meetings, summary.removed_meetings) == (3, 0, 0)
        assert _meeting_of(database_url) == links
        assert _meetings(database_url) == meetings


def test_a_changed_article_leaves_the_other_meetings_their_ids(database_url: str) -> None:
    ids = _ingest(database_url)
    links = _meeting_of(database_url)
    with session_scope(database_url) as session:
        # The call turns out to be a report about someone else; the Russian Moscow report now
        # tells of the Beijing talks.
        phone = session.get(Article, ids["phone"])
        phone.title, phone.text, _ = MACRON
        moscow_ru = session.get(Article, ids["moscow_ru"])
        moscow_ru.title, moscow_ru.text, moscow_ru.published_at = BEIJING
        session.add_all([phone, moscow_ru])
        new = _add(session, "another-call", (*PHONE[:2], datetime(2025, 5, 8, 9, tzinfo=UTC)))
        new_id = new.id

    summary = reclassify(database_url=database_url)
    after = _meeting_of(database_url)
    assert after[ids["phone"]] is None
    assert after[ids["moscow"]] == links[ids["moscow"]]
    assert after[ids["beijing"]] == after[ids["copy"]] == links[ids["beijing"]]
    assert after[ids["moscow_ru"]] == links[ids["beijing"]]
    assert after[new_id] not in set(links.values())
    assert (summary.kept_meetings, summary.new_meetings, summary.removed_meetings) == (2, 1, 1)
    with session_scope(database_url) as session:
        assert session.get(Meeting, links[ids["phone"]]) is None
        moscow = session.get(Meeting, links[ids["moscow"]])
        assert (moscow.mode, moscow.city) == ("in_person", "Moscow")


def test_a_meeting_keeps_its_id_and_takes_its_rebuilt_fields(database_url: str) -> None:
    ids = _ingest(database_url)
    links = _meeting_of(database_url)
    with session_scope(database_url) as session:
        # A stale row (an older classifier put the call on another day and in a city).
        meeting = session.get(Meeting, links[ids["phone"]])
        meeting.city, meeting.date = "Sochi", datetime(2024, 2, 7).date()
        session.add(meeting)
        # An article no longer stored reports no meeting afterwards.
        failed = session.get(Article, ids["moscow_ru"])
        failed.status = ArticleStatus.failed
        session.add(failed)
    reclassify(database_url=database_url)
    with session_scope(database_url) as session:
        meeting = session.get(Meeting, links[ids["phone"]])
        assert (meeting.city, meeting.date.isoformat()) == (None, "2024-02-08")
        assert session.get(Article, ids["moscow_ru"]).meeting_id is None
        assert session.get(Article, ids["moscow"]).meeting_id == links[ids["moscow"]]


def test_the_classifier_version_is_stored_and_outdated_skips_the_current(
    database_url: str,
) -> None:
    ids = _ingest(database_url)
    links = _meeting_of(database_url)
    with session_scope(database_url) as session:
        versions = set(session.exec(select(Article.classifier_version)).all())
        assert versions == {CLASSIFIER_VERSION}
        # Labelled by an older classifier: the Beijing original, whose copy follows it.
        beijing = session.get(Article, ids["beijing"])
        beijing.classifier_version = "rules-older"
        beijing.title, beijing.text, _ = MACRON
        session.add(beijing)
        # Labelled by none yet (stored before the column existed).
        phone = session.get(Article, ids["phone"])
        phone.classifier_version = None
        session.add(phone)

    summary = reclassify(database_url=database_url, outdated=True)
    assert (summary.articles, summary.skipped) == (3, 2)  # beijing, its copy, phone
    assert summary.removed_meetings == 1
    after = _meeting_of(database_url)
    assert after[ids["beijing"]] is None and after[ids["copy"]] is None
    assert after[ids["phone"]] == links[ids["phone"]]
    assert after[ids["moscow"]] == after[ids["moscow_ru"]] == links[ids["moscow"]]
    with session_scope(database_url) as session:
        assert session.get(Meeting, links[ids["beijing"]]) is None
        assert set(session.exec(select(Article.classifier_version)).all()) == {CLASSIFIER_VERSION}

    nothing = reclassify(database_url=database_url, outdated=True)
    assert (nothing.articles, nothing.skipped, nothing.removed_meetings) == (0, 5, 0)
    assert _meeting_of(database_url) == after
