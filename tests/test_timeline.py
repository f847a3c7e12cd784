"""The meetings timeline at `/`, loaded from a real `meetwire api` process in headless Chromium."""

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlmodel import select

from models import Meeting, session_scope
from tests.support.browser import Browser, chromium_path
from tests.support.corpus import REPORTS, store_corpus
from tests.support.server import ApiServer


@pytest.fixture
def browser() -> Iterator[Browser]:
    if chromium_path() is None:
        reason = "chromium is not installed (apt-get install chromium; .ci/run installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    with Browser(width=1200, height=900) as b:
        yield b


def _shown(day) -> str:
    return f"{day.day} {day:%B} {day.year}"


def test_every_meeting_is_shown_with_its_city_and_date(
    database_url: str, browser: Browser, tmp_path: Path
) -> None:
    store_corpus(database_url)
    with session_scope(database_url) as session:
        meetings = session.exec(select(Meeting)).all()
    with ApiServer({"MEETWIRE_DATABASE_URL": database_url}) as server:
        browser.open(server.url + "/")
        page = browser.text()
        for m in meetings:
            assert _shown(m.date) in page, f"meeting {m.id}: date {m.date} not shown"
            if m.city:
                assert m.city in page, f"meeting {m.id}: city {m.city} not shown"
        assert "Video call" in page and "State visit" in page
        assert [str(y) for y in (2024, 2023, 2022, 2019)] == [
            line for line in page.splitlines() if line.strip() in {"2019", "2022", "2023", "2024"}
        ][:4], "years, newest first"
        browser.screenshot(tmp_path / "timeline.png")

        # A meeting opens onto its stories in every language.
        moscow_2023 = next(m for m in meetings if m.date.year == 2023)
        chinese_title = REPORTS["zh"][2]
        russian_title = REPORTS["ru"][2]
        assert chinese_title not in browser.text(), "coverage is closed until opened"
        browser.click(f"#meeting-{moscow_2023.id} summary")
        opened = browser.text()
        for heading in ("English", "中文 · Chinese", "Русский · Russian"):
            assert heading.upper() in opened.upper()
        assert chinese_title in opened and russian_title in opened
        assert "Xi Jinping holds talks with Vladimir Putin in Moscow" in opened
        browser.screenshot(tmp_path / "timeline-opened.png")

        # The kind filter leaves only video calls.
        browser.click('.chip[data-mode="video"]')
        filtered = browser.text()
        assert "30 December 2022" in filtered and "Astana" not in filtered

    assert (tmp_path / "timeline.png").stat().st_size > 10_000


def test_an_empty_corpus_says_how_to_fill_it(sqlite_url: str) -> None:
    with ApiServer({"MEETWIRE_DATABASE_URL": sqlite_url}) as server:
        page = httpx.get(server.url + "/", timeout=30)
        assert page.status_code == 200 and "text/html" in page.headers["content-type"]
        assert "meetwire run" in page.text
        css = httpx.get(server.url + "/static/timeline.css", timeout=30)
        assert css.status_code == 200 and "timeline" in css.text
