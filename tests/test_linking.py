"""Linking a batch of reports to meetings without a database, as `meetwire classify` does."""

from datetime import date

from worker.classify import ClassifyInput, classify, link_batch
from worker.classify.linking import MeetingKey, adopted_day

VISIT = MeetingKey("in_person", date(2023, 3, 20), "Moscow", date(2023, 3, 21))


def _doc(doc_id: str, title: str, text: str, published: str, language: str = "en"):
    return ClassifyInput(
        id=doc_id,
        title=title,
        text=text,
        published=date.fromisoformat(published),
        language=language,
    )


def _linked(docs: list[ClassifyInput]):
    return link_batch(docs, [classify(doc) for doc in docs])


def test_adopted_day() -> None:
    # A stated day, or one inside the visit, is the report's own.
    assert adopted_day(VISIT, date(2023, 3, 26), "stated") == date(2023, 3, 26)
    assert adopted_day(VISIT, date(2023, 3, 21), "published") == date(2023, 3, 21)
    # Published the day after the visit's last stated day: that day's news.
    assert adopted_day(VISIT, date(2023, 3, 22), "published") == date(2023, 3, 22)
    # A weekly recap, or "last week": the meeting's first day.
    assert adopted_day(VISIT, date(2023, 3, 26), "published") == date(2023, 3, 20)
    assert adopted_day(VISIT, date(2023, 3, 22), "relative") == date(2023, 3, 20)


def test_a_recap_reads_the_day_and_city_of_its_meeting() -> None:
    docs = [
        _doc(
            "stated",
            "Xi and Putin hold talks in Moscow",
            "MOSCOW, March 20 (Xinhua) -- Chinese President Xi Jinping held talks with Russian"
            " President Vladimir Putin in the Kremlin on Monday.",
            "2023-03-20",
        ),
        _doc(
            "recap",
            "Тема недели — переговоры лидеров России и Китая",
            "Владимир Путин и Си Цзиньпин провели переговоры и подписали заявление.",
            "2023-03-26",
            "ru",
        ),
        _doc("other", "Weather", "Rain in Moscow.", "2023-03-26"),
    ]
    alone = classify(docs[1])
    assert (alone.meeting_date, alone.meeting_city) == (date(2023, 3, 26), None)
    (first_id, first), (recap_id, recap), (other_id, _) = _linked(docs)
    assert first_id == recap_id is not None and other_id is None
    assert (recap.meeting_date, recap.meeting_city, recap.meeting_country, recap.host) == (
        date(2023, 3, 20),
        "Moscow",
        "Russia",
        "Russia",
    )
    assert first.meeting_date == date(2023, 3, 20)


def test_talks_on_the_day_of_a_video_call_are_that_call() -> None:
    docs = [
        _doc(
            "talks",
            "Xi and Putin hold talks as Trump returns",
            "The two leaders discussed trade and energy.",
            "2025-01-21",
        ),
        _doc(
            "video",
            "Xi holds video call with Putin",
            "Chinese President Xi Jinping held a video call with Russian President Vladimir"
            " Putin on Tuesday.",
            "2025-01-21",
        ),
    ]
    talks = classify(docs[0])
    assert talks.label == "meeting" and not talks.mode_stated, "in person is only assumed"
    (a, talks), (b, video) = _linked(docs)
    assert a == b and (talks.label, talks.is_meeting) == ("video_meeting", True)
    assert video.label == "video_meeting"


def test_a_stated_in_person_meeting_does_not_join_a_call() -> None:
    docs = [
        _doc(
            "met",
            "Xi meets Putin in Beijing",
            "Xi Jinping met Vladimir Putin in Beijing on Thursday.",
            "2024-05-16",
        ),
        _doc(
            "phone",
            "Xi, Putin talk by phone",
            "Xi Jinping spoke with Vladimir Putin by telephone on Thursday.",
            "2024-05-16",
        ),
    ]
    (a, met), (b, phone) = _linked(docs)
    assert a != b and (met.label, phone.label) == ("meeting", "phone_call")
