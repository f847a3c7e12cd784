"""Meeting linking on SQLite and PostgreSQL: one Meeting row per meeting, duplicates attach."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from meetwire.publishers import article_publisher
from models import Article, ArticleStatus, Meeting, session_scope
from worker.classify import classify
from worker.classify.linking import MeetingKey, same_meeting
from worker.pipeline.meetings import classify_article, classify_input, link_meeting

MOSCOW_DAY_1 = (
    "习近平同俄罗斯总统普京举行非正式会晤",
    "当地时间20日，国家主席习近平在莫斯科克里姆林宫同俄罗斯总统普京举行非正式会晤。",
    datetime(2023, 3, 20, 14, 0, tzinfo=UTC),
    "https://www.news.cn/world/2023-03/20/c_1.htm",
)
MOSCOW_DAY_2 = (
    "Xi and Putin hold talks in the Kremlin",
    "MOSCOW, March 21 (Xinhua) -- Chinese President Xi Jinping held talks with Russian "
    "President Vladimir Putin in Moscow on Tuesday.",
    datetime(2023, 3, 21, 15, 0, tzinfo=UTC),
    "https://english.news.cn/20230321/a.htm",
)
MOSCOW_RU = (
    "Путин и Си Цзиньпин провели переговоры в Кремле",
    "Владимир Путин и Си Цзиньпин провели переговоры в Москве во вторник.",
    datetime(2023, 3, 21, 18, 0, tzinfo=UTC),
    "http://kremlin.ru/events/president/news/70748",
)
BEIJING = (
    "Xi Jinping holds talks with Vladimir Putin in Beijing",
    "Chinese President Xi Jinping held talks with Russian President Vladimir Putin in Beijing "
    "on Thursday.",
    datetime(2024, 5, 16, 9, 0, tzinfo=UTC),
    "https://english.news.cn/20240516/b.htm",
)
PHONE = (
    "Xi, Putin talk by phone",
    "Chinese President Xi Jinping spoke with Russian President Vladimir Putin by telephone on "
    "Thursday.",
    datetime(2024, 2, 8, 12, 0, tzinfo=UTC),
    "https://english.news.cn/20240208/c.htm",
)
UNRELATED = (
    "Xi meets Macron",
    "Chinese President Xi Jinping held talks with French President Emmanuel Macron in Paris.",
    datetime(2024, 5, 6, 12, 0, tzinfo=UTC),
    "https://english.news.cn/20240506/d.htm",
)


def _publisher(article: Article):
    return article_publisher(article.url, article.publisher or None)


def _article(spec: tuple, **extra) -> Article:
    title, text, published, url = spec
    return Article(
        url=url,
        canonical_url=extra.pop("canonical_url", url),
        title=title,
        text=text,
        published_at=published,
        status=extra.pop("status", ArticleStatus.stored),
        **extra,
    )


def test_same_meeting_rule() -> None:
    moscow = MeetingKey("in_person", date(2023, 3, 20), "Moscow", date(2023, 3, 22))
    assert same_meeting(moscow, MeetingKey("in_person", date(2023, 3, 24), "Moscow"))
    assert not same_meeting(moscow, MeetingKey("in_person", date(2023, 3, 25), "Moscow"))
    assert not same_meeting(moscow, MeetingKey("in_person", date(2023, 3, 21), "Beijing"))
    assert not same_meeting(moscow, MeetingKey("video", date(2023, 3, 21)))
    assert same_meeting(moscow, MeetingKey("in_person", date(2023, 3, 21), None))
    assert same_meeting(
        MeetingKey("phone", date(2024, 2, 8)), MeetingKey("phone", date(2024, 2, 9))
    )


def test_a_report_without_a_stated_day_links_to_the_past_weeks_meeting() -> None:
    moscow = MeetingKey("in_person", date(2023, 3, 20), "Moscow", date(2023, 3, 21))
    recap = date(2023, 3, 26)
    weekly = MeetingKey("in_person", recap, None, basis="published", published=recap)
    assert same_meeting(moscow, weekly)
    # "last week" guesses seven days back; the publish date is still the anchor.
    last_week = MeetingKey(
        "in_person", recap - timedelta(days=7), "Moscow", basis="relative", published=recap
    )
    assert same_meeting(moscow, last_week)
    assert not same_meeting(
        moscow, MeetingKey("in_person", recap, "Beijing", basis="published", published=recap)
    )
    late = date(2023, 3, 30)
    assert not same_meeting(
        moscow, MeetingKey("in_person", late, None, basis="published", published=late)
    )
    # A stated day keeps the two-day rule.
    assert not same_meeting(moscow, MeetingKey("in_person", recap, "Moscow"))


WEEKLY_RECAP = (
    "Тема недели — переговоры лидеров России и Китая",
    "Владимир Путин и Си Цзиньпин провели переговоры и подписали заявление.",
    datetime(2023, 3, 26, 18, 0, tzinfo=UTC),
    "https://www.1tv.ru/news/2023-03-26/1.html",
)


def test_a_weekly_recap_joins_the_meeting_and_takes_its_day_and_city(database_url: str) -> None:
    with session_scope(database_url) as session:
        articles = [_article(MOSCOW_DAY_1), _article(MOSCOW_DAY_2), _article(WEEKLY_RECAP)]
        session.add_all(articles)
        session.flush()
        alone = classify(classify_input(articles[2], _publisher(articles[2])))
        assert alone.label == "meeting" and alone.date_basis == "published"
        assert alone.meeting_city is None
        results = [
            classify_article(session=session, article=a, publisher=_publisher(a)) for a in articles
        ]
        assert len({a.meeting_id for a in articles}) == 1
        recap = articles[2]
        assert (recap.meeting_date, recap.meeting_city) == (date(2023, 3, 20), "Moscow")
        # What classify_article returns is what it stored.
        assert (results[2].meeting_date, results[2].meeting_city) == (date(2023, 3, 20), "Moscow")
    with session_scope(database_url) as session:
        (meeting,) = session.exec(select(Meeting)).all()
        # The recap's publish date does not stretch the visit.
        assert (meeting.date, meeting.end_date) == (date(2023, 3, 20), date(2023, 3, 21))


VIDEO_CALL = (
    "Xi holds video talks with Putin",
    "Chinese President Xi Jinping held talks with Russian President Vladimir Putin via video"
    " link on Tuesday.",
    datetime(2025, 1, 21, 14, 0, tzinfo=UTC),
    "https://english.news.cn/20250121/v.htm",
)
TALKS_NO_MODE = (
    "Xi and Putin hold talks as Trump returns",
    "The two leaders discussed trade and energy.",
    datetime(2025, 1, 21, 16, 0, tzinfo=UTC),
    "https://www.scmp.com/news/china/article/1/xi-putin",
)


def test_talks_that_do_not_say_the_mode_join_that_days_video_call(database_url: str) -> None:
    with session_scope(database_url) as session:
        articles = [_article(VIDEO_CALL), _article(TALKS_NO_MODE)]
        session.add_all(articles)
        session.flush()
        assert classify(classify_input(articles[1], _publisher(articles[1]))).label == "meeting"
        results = [
            classify_article(session=session, article=a, publisher=_publisher(a)) for a in articles
        ]
        assert articles[0].meeting_id == articles[1].meeting_id is not None
        assert (articles[1].label, articles[1].is_meeting) == ("video_meeting", True)
        assert results[1].label == "video_meeting"
        (meeting,) = session.exec(select(Meeting)).all()
        assert meeting.mode == "video"


def test_publish_date_is_read_in_the_publishers_time_zone() -> None:
    # 17:00 UTC on 20 March is 01:00 on 21 March in Beijing.
    article = _article(MOSCOW_DAY_1)
    article.published_at = datetime(2023, 3, 20, 17, 0, tzinfo=UTC)
    assert classify_input(article, _publisher(article)).published == date(2023, 3, 21)


def test_one_meeting_row_per_meeting(database_url: str) -> None:
    with session_scope(database_url) as session:
        articles = [
            _article(spec) for spec in (MOSCOW_DAY_1, MOSCOW_DAY_2, MOSCOW_RU, BEIJING, PHONE)
        ]
        articles.append(_article(UNRELATED))
        session.add_all(articles)
        session.flush()
        labels = [
            classify_article(session=session, article=a, publisher=_publisher(a)).label
            for a in articles
        ]
        assert labels == ["meeting"] * 4 + ["phone_call", "unrelated"]
    with session_scope(database_url) as session:
        meetings = session.exec(select(Meeting).order_by(Meeting.date)).all()
        assert [(m.mode, m.date, m.end_date, m.city) for m in meetings] == [
            ("in_person", date(2023, 3, 20), date(2023, 3, 21), "Moscow"),
            ("phone", date(2024, 2, 8), None, None),
            ("in_person", date(2024, 5, 16), None, "Beijing"),
        ]
        moscow = meetings[0]
        assert (moscow.country, moscow.host) == ("Russia", "Russia")
        stored = session.exec(select(Article).order_by(Article.id)).all()
        by_title = {a.title: a for a in stored}
        moscow_ids = {by_title[s[0]].meeting_id for s in (MOSCOW_DAY_1, MOSCOW_DAY_2, MOSCOW_RU)}
        assert moscow_ids == {moscow.id}
        assert by_title[UNRELATED[0]].meeting_id is None
        day2 = by_title[MOSCOW_DAY_2[0]]
        assert day2.label == "meeting" and day2.is_meeting is True
        assert day2.meeting_date == date(2023, 3, 21) and day2.meeting_city == "Moscow"
        assert day2.evidence and day2.classified_at is not None and 0 < day2.score <= 1


def test_duplicates_attach_through_their_original(database_url: str) -> None:
    with session_scope(database_url) as session:
        original = _article(BEIJING)
        session.add(original)
        session.flush()
        duplicate = _article(
            BEIJING,
            canonical_url="https://mirror.example/b.htm",
            status=ArticleStatus.duplicate,
            duplicate_of=original.id,
        )
        # A copy whose own text would not link (a stub) still joins the original's meeting.
        duplicate.text = "Photo gallery."
        duplicate.title = "Gallery"
        session.add(duplicate)
        session.flush()
        classify_article(session=session, article=original, publisher=_publisher(original))
        classify_article(session=session, article=duplicate, publisher=_publisher(duplicate))
        assert original.meeting_id is not None
        assert duplicate.meeting_id == original.meeting_id
    with session_scope(database_url) as session:
        assert len(session.exec(select(Meeting)).all()) == 1


def test_link_meeting_without_a_meeting_clears_the_link(database_url: str) -> None:
    with session_scope(database_url) as session:
        article = _article(PHONE)
        session.add(article)
        session.flush()
        classify_article(session=session, article=article, publisher=_publisher(article))
        assert article.meeting_id is not None
        article.label = "mention"
        assert link_meeting(session=session, article=article, publisher=_publisher(article)) is None
        assert article.meeting_id is None


@pytest.mark.parametrize("spec", [MOSCOW_DAY_2])
def test_reclassifying_is_idempotent(database_url: str, spec: tuple) -> None:
    with session_scope(database_url) as session:
        article = _article(spec)
        session.add(article)
        session.flush()
        first = classify_article(session=session, article=article, publisher=_publisher(article))
        meeting_id = article.meeting_id
        second = classify_article(session=session, article=article, publisher=_publisher(article))
        assert first == second and article.meeting_id == meeting_id
        assert len(session.exec(select(Meeting)).all()) == 1
