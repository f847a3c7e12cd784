"""The Celery tasks on a real worker process, a real Redis broker and PostgreSQL."""

from pathlib import Path

import pytest

from tests.support.feed import EXPO, TALKS, add_source, articles, serve_feed
from tests.support.http import LocalServer, Response
from tests.support.processes import start_service, stop
from tests.support.services import truncate_postgres
from tests.support.waiting import wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.worker]


@pytest.fixture
def celery_worker(postgres_url: str, redis_url: str, tmp_path: Path, unique_name: str):
    """A worker started with the compose command, and the producer app pointed at its queue."""
    from meetwire.settings import Settings
    from worker.app import app, task_routes

    queue = f"meetwire-tasks-{unique_name}"
    env = {
        "MEETWIRE_DATABASE_URL": postgres_url,
        "MEETWIRE_BROKER_URL": redis_url,
        "MEETWIRE_QUEUE_NAME": queue,
        "MEETWIRE_ALLOW_PRIVATE_NETWORKS": "true",
        "MEETWIRE_HOST_DELAY": "0",
    }
    previous = (app.conf.broker_url, app.conf.task_default_queue, app.conf.task_routes)
    routes = task_routes(Settings(queue_name=queue))
    app.conf.update(broker_url=redis_url, task_default_queue=queue, task_routes=routes)
    app.set_current()  # shared tasks send through the current app, whatever another test made
    processes = [start_service(name, env, tmp_path) for name in ("worker", "worker-poll")]
    yield app
    for process in processes:
        stop(process)
    app.conf.update(broker_url=previous[0], task_default_queue=previous[1], task_routes=previous[2])


def test_poll_task_queues_article_tasks_and_a_transient_failure_is_retried(
    celery_worker, postgres_url: str, http_server: LocalServer, tmp_path: Path
) -> None:
    from worker.tasks import poll_source

    truncate_postgres(postgres_url)
    serve_feed(http_server)
    page = http_server.routes[TALKS]
    calls = {"n": 0}

    def flaky(handler):
        calls["n"] += 1
        return Response(b"busy", 503, {"Content-Type": "text/plain"}) if calls["n"] == 1 else page

    http_server.routes[TALKS] = flaky
    source_id = add_source(postgres_url, http_server.url("/rss.xml"))

    poll_source.delay(source_id)

    def finished() -> bool:
        return [a.status for a in articles(postgres_url)] == ["stored", "stored"]

    wait_for(finished, 60, "both articles to be stored", tmp_path)
    talks, expo = articles(postgres_url)
    assert talks.attempts == 2 and talks.error is None
    assert expo.attempts == 1
    assert http_server.hits(TALKS) == 2 and http_server.hits(EXPO) == 1
