"""The compose stack's worker, beat and Flower, run as local processes against real services."""

from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlmodel import select

from models import FINAL_STATUSES, Article, session_scope, utcnow
from tests.support import DATA_DIR
from tests.support.feed import add_source, serve_feed
from tests.support.http import LocalServer, Response
from tests.support.processes import free_port, run_healthcheck, start_service, stop
from tests.support.services import truncate_postgres
from tests.support.waiting import wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.worker]


LOST = "/lost/1.html"
LOST_TITLE = "A story whose message was lost"


def serve_lost_copy(server: LocalServer) -> None:
    """The talks page again under another headline, at an address no feed lists."""
    server.routes[LOST] = Response(
        (DATA_DIR / "pages" / "xi_putin_talks.html")
        .read_bytes()
        .replace(b"Xi, Putin hold talks in Moscow", LOST_TITLE.encode())
    )


def test_beat_tick_leads_to_stored_articles_and_flower_sees_the_tasks(
    postgres_url: str, redis_url: str, http_server: LocalServer, tmp_path: Path, unique_name: str
) -> None:
    truncate_postgres(postgres_url)
    serve_feed(http_server)
    serve_lost_copy(http_server)
    add_source(postgres_url, http_server.url("/rss.xml"))
    # An article whose queue message was lost: only the database knows it is waiting.
    with session_scope(postgres_url) as session:
        session.add(
            Article(
                url=http_server.url(LOST),
                canonical_url="https://lost.example/1",
                publisher="xinhua",
                updated_at=utcnow() - timedelta(hours=1),
            )
        )
    env = {
        "MEETWIRE_DATABASE_URL": postgres_url,
        "MEETWIRE_BROKER_URL": redis_url,
        "MEETWIRE_QUEUE_NAME": f"meetwire-test-{unique_name}",
        "MEETWIRE_ALLOW_PRIVATE_NETWORKS": "true",
        "MEETWIRE_HOST_DELAY": "0",
        "MEETWIRE_TICK_SECONDS": "1",
        "FLOWER_USER": "tester",
        "FLOWER_PASSWORD": f"pw-{unique_name}",
        "FLOWER_PORT": str(free_port()),
        "BEAT_SCHEDULE": str(tmp_path / "celerybeat-schedule"),
    }
    names = ("worker", "worker-poll", "beat", "flower")
    services = [start_service(name, env, tmp_path) for name in names]
    try:

        def finished() -> dict[str, str]:
            with session_scope(postgres_url) as session:
                rows = session.exec(select(Article.title, Article.status)).all()
            return {title: status for title, status in rows if status in FINAL_STATUSES}

        wait_for(lambda: len(finished()) == 3, 90, "beat's tick to finish all articles", tmp_path)
        # The lost article is a copy of the talks story under another headline: found again by
        # the tick, then recognised by the deduplication stage (whichever the worker did first
        # is the original).
        statuses = finished()
        assert statuses["China-Russia Expo opens in Harbin"] == "stored"
        copies = [statuses["Xi, Putin hold talks in Moscow"], statuses[LOST_TITLE]]
        assert sorted(copies) == ["duplicate", "stored"]

        flower = f"http://127.0.0.1:{env['FLOWER_PORT']}"
        api = f"{flower}/api/tasks"
        auth = ("tester", env["FLOWER_PASSWORD"])

        def flower_succeeded() -> list[dict]:
            try:
                tasks = httpx.get(api, auth=auth, timeout=5).json()
            except (httpx.HTTPError, ValueError):
                return []
            return [t for t in tasks.values() if t.get("state") == "SUCCESS"]

        wanted = {"meetwire.tick", "meetwire.poll_source", "meetwire.process_article"}
        wait_for(
            lambda: wanted <= {t["name"] for t in flower_succeeded()},
            60,
            "Flower to list the tasks",
            tmp_path,
        )
        # The task list names the source or article and says what became of it.
        shown = {(t["name"], t["args"], t["result"]) for t in flower_succeeded()}
        polls = [s for s in shown if s[0] == "meetwire.poll_source"]
        assert any("source 1 local" in args and "2 new" in result for _n, args, result in polls)
        articles = [s for s in shown if s[0] == "meetwire.process_article"]
        talks = http_server.url("/a/202303/21/WS64191e5aa31057c47ebb5b1a.html")
        assert any(talks in args for _n, args, _r in articles), articles
        results = " ".join(result for _n, _a, result in articles)
        assert "stored, classified as meeting (Moscow" in results or "duplicate of" in results
        assert "classified as unrelated" in results
        assert httpx.get(api, timeout=5).status_code == 401
        assert httpx.get(api, auth=("tester", "wrong"), timeout=5).status_code == 401
        # Metrics name tasks and hosts: behind the login; the healthcheck says only "OK".
        assert httpx.get(f"{flower}/metrics", timeout=5).status_code == 401
        assert httpx.get(f"{flower}/metrics", auth=auth, timeout=5).status_code == 200
        assert httpx.get(f"{flower}/healthcheck", timeout=5).text == "OK"
        # The compose healthchecks, run as compose runs them, pass against the live services.
        for name in names:
            check = run_healthcheck(name, env)
            assert check.returncode == 0, (name, check.stdout, check.stderr)
    finally:
        for process in services:
            stop(process)
