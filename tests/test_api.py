"""`meetwire api` as a real server process over a stored corpus, on SQLite and PostgreSQL."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import httpx
import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from meetwire.api.app import create_app
from meetwire.settings import Settings
from models import upgrade
from tests.support.corpus import MEETINGS, Corpus, empty_database, store_corpus
from tests.support.processes import compose_command
from tests.support.server import ApiServer


@dataclass
class Served:
    url: str
    corpus: Corpus
    database_url: str

    def get(self, path: str, **params) -> httpx.Response:
        return httpx.get(self.url + path, params=params, timeout=30)


def _env(database_url: str) -> dict[str, str]:
    return {"MEETWIRE_DATABASE_URL": database_url, "MEETWIRE_BROKER_URL": ""}


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def served(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[Served]:
    """The API over the test corpus, started once per database for this module."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('api') / 'meetwire.db'}"
        upgrade(url)
    else:
        url = request.getfixturevalue("postgres_url")
        empty_database(url)
    corpus = store_corpus(url)
    with ApiServer(_env(url)) as server:
        yield Served(server.url, corpus, url)
    if request.param == "postgres":
        empty_database(url)


def test_health_names_the_database_and_counts(served: Served) -> None:
    response = served.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["schema_current"] is True
    assert body["database"] == (
        "sqlite" if served.database_url.startswith("sqlite") else "postgresql"
    )
    assert body["meetings"] == len(MEETINGS)


def test_meetings_list_every_meeting_with_counts_languages_and_publishers(served: Served) -> None:
    body = served.get("/meetings").json()
    meetings = body["items"]
    assert [(m["date"], m["city"], m["mode"]) for m in meetings] == [
        (s.day.isoformat(), s.city, s.mode) for s in MEETINGS
    ]
    first = meetings[0]
    assert (first["story_count"], first["article_count"]) == (3, 4)
    assert first["languages"] == ["en", "ru", "zh"]
    assert first["publishers"] == ["chinadaily", "tass", "xinhua"]
    assert len(first["article_ids"]) == 4

    videos = served.get("/meetings", mode="video").json()["items"]
    assert [m["date"] for m in videos] == ["2022-12-30"]
    in_2022 = served.get("/meetings", since="2022-01-01", until="2022-12-31").json()["items"]
    assert [m["date"] for m in in_2022] == ["2022-02-04", "2022-12-30"]


def test_one_meeting_has_its_articles_in_every_language(served: Served) -> None:
    meeting_id = served.corpus.meeting_ids[3]
    body = served.get(f"/meetings/{meeting_id}").json()
    assert (body["date"], body["city"], body["occasion"]) == ("2023-03-21", "Moscow", "state visit")
    languages = {a["language"] for a in body["articles"]}
    assert languages == {"en", "zh", "ru"}
    copy = next(a for a in body["articles"] if a["status"] == "duplicate")
    original = next(a for a in body["articles"] if a["id"] == copy["duplicate_of"])
    assert copy["text"] == original["text"], "a text-less copy shows its original's text"

    missing = served.get("/meetings/999999")
    assert missing.status_code == 404 and "999999" in missing.json()["detail"]


def _all_pages(served: Served, **params) -> list[dict]:
    items, cursor, pages = [], None, 0
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        response = served.get("/articles", **query)
        assert response.status_code == 200, response.text
        body = response.json()
        items += body["items"]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            return items
        assert pages < 100, "the cursor must move forward"


def test_articles_are_paged_by_cursor_without_gaps_or_repeats(served: Served) -> None:
    corpus = served.corpus
    every = sorted(corpus.stories + corpus.copies + corpus.others)
    assert [a["id"] for a in _all_pages(served, limit=4)] == every
    assert [a["id"] for a in _all_pages(served, limit=500)] == every


def test_article_filters(served: Served) -> None:
    corpus = served.corpus

    def ids(**params) -> set[int]:
        return {a["id"] for a in _all_pages(served, limit=7, **params)}

    assert ids(unique="true") == set(corpus.stories), "unique: stored stories only"
    meetings = ids(label="meeting")
    assert meetings and all(a["label"] == "meeting" for a in _all_pages(served, label="meeting"))
    assert ids(label="video_meeting", unique="true") == set(corpus.stories[6:9])
    tass = _all_pages(served, publisher="tass")
    assert len(tass) == len(MEETINGS) and {a["source"] for a in tass} == {"tass-en"}
    russian = _all_pages(served, language="ru")
    assert len(russian) == len(MEETINGS) and all(a["language"] == "ru" for a in russian)
    in_2022 = _all_pages(served, since="2022-01-01", until="2022-12-31", unique="true")
    assert {a["published_at"][:4] for a in in_2022} == {"2022"} and len(in_2022) == 6
    found = _all_pages(served, q="ASTANA")
    assert [a["title"] for a in found] == [
        "Xi Jinping holds talks with Vladimir Putin in Astana"
    ] * 2
    assert (
        _all_pages(served, q="普京会谈", until=date(2019, 12, 31).isoformat())[0]["language"]
        == "zh"
    )
    assert _all_pages(served, q="100%_") == []
    assert ids(status="failed") == {corpus.others[0]}

    bad = served.get("/articles", label="bogus")
    assert bad.status_code == 422 and "meeting" in bad.text


def test_one_article_and_a_missing_one(served: Served) -> None:
    story = served.corpus.stories[0]
    body = served.get(f"/articles/{story}").json()
    assert body["id"] == story and body["status"] == "stored" and body["text"]
    assert body["published_at"].endswith("+08:00"), "shown in the publisher's time zone"
    assert served.get("/articles/999999").status_code == 404
    assert served.get("/articles/0").status_code == 422


def test_sources_with_their_counts(served: Served) -> None:
    sources = {s["name"]: s for s in served.get("/sources").json()["items"]}
    assert set(sources) == {"xinhua-en-world", "tass-en"}
    assert sources["tass-en"]["story_count"] == len(MEETINGS)
    assert sources["xinhua-en-world"]["article_count"] == 2 * len(MEETINGS) + 2


def test_openapi_documents_every_route(served: Served) -> None:
    paths = served.get("/openapi.json").json()["paths"]
    assert {"/health", "/meetings", "/meetings/{meeting_id}", "/articles"} <= set(paths)
    assert {"/articles/{article_id}", "/sources"} <= set(paths)


@pytest.mark.parametrize("mode", list(GenerationMode))
def test_every_generated_request_gets_a_documented_answer(served: Served, mode) -> None:
    """Schemathesis: valid and invalid requests to every operation; never a 5xx, and every
    status code, content type and body is the one the OpenAPI document promises."""
    schema = schemathesis.openapi.from_url(served.url + "/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 6
    for operation in operations:
        if mode is GenerationMode.NEGATIVE and not list(operation.iter_parameters()):
            continue  # nothing in the request can be made invalid

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=40,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case) -> None:
            case.call_and_validate()

        check()


def test_the_compose_api_service_command_serves_the_api(sqlite_url: str) -> None:
    server = ApiServer(_env(sqlite_url))
    server.command = compose_command("api", {"API_PORT": str(server.port)})
    with server:
        response = httpx.get(server.url + "/health", timeout=30)
        assert response.status_code == 200 and response.json()["status"] == "ok"


def test_a_database_that_does_not_answer_gets_a_503_not_a_500() -> None:
    app = create_app(Settings(database_url="postgresql+psycopg://postgres@127.0.0.1:1/none"))
    with TestClient(app) as client:
        for path in ("/health", "/meetings", "/articles", "/sources"):
            response = client.get(path)
            assert response.status_code == 503, path
            assert response.json()["detail"].startswith("the database is unavailable")
