"""The Celery app, configured from meetwire's settings."""

from celery import Celery

from meetwire.settings import Settings, get_settings
from worker import broker


def poll_queue(settings: Settings) -> str:
    """The queue for beat's tick and source polls, apart from the article queue."""
    return f"{settings.queue_name}-poll"


def task_routes(settings: Settings) -> dict[str, dict[str, str]]:
    """Polls get their own queue and worker, so a backlog of thousands of articles never
    delays the next poll, and a slow poll never holds an article worker."""
    polls = poll_queue(settings)
    return {
        "meetwire.tick": {"queue": polls},
        "meetwire.poll_source": {"queue": polls},
        "meetwire.process_article": {"queue": settings.queue_name},
    }


def create_app() -> Celery:
    """A Celery app whose broker, queues, limits and schedule come from Settings."""
    settings = get_settings()
    # The stock Redis transport, mended so that losing Redis cannot stop the worker.
    broker.use_for_redis_urls()
    app = Celery("meetwire", broker=settings.broker_url or "redis://127.0.0.1:6379/0")
    app.conf.update(
        result_backend=settings.result_backend or None,
        task_ignore_result=not settings.result_backend,
        # Flower builds its view from events; without these it sees no tasks.
        worker_send_task_events=True,
        task_send_sent_event=True,
        # A task is acknowledged after it ran, so a worker that dies mid-task loses nothing.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        # One message at a time per process: fetches are slow and politeness is per host.
        worker_prefetch_multiplier=1,
        task_default_queue=settings.queue_name,
        task_routes=task_routes(settings),
        # Soft limits raise inside the task (the article is recorded as failed); the hard
        # limit kills a child stuck in C code. Their reasons are beside the settings.
        task_annotations={
            "meetwire.process_article": {
                "soft_time_limit": settings.article_task_soft_seconds,
                "time_limit": settings.article_task_hard_seconds,
            },
            "meetwire.poll_source": {
                "soft_time_limit": settings.poll_task_soft_seconds,
                "time_limit": settings.poll_task_hard_seconds,
            },
        },
        broker_transport_options={"visibility_timeout": settings.broker_visibility_timeout},
        # Recycled children keep trafilatura's per-page growth from adding up over a month.
        worker_max_tasks_per_child=settings.worker_max_tasks_per_child,
        worker_max_memory_per_child=settings.worker_max_memory_per_child_kb,
        broker_connection_retry_on_startup=True,
        # Keep reconnecting to a restarting Redis instead of giving up after 100 tries.
        broker_connection_max_retries=None,
        # Beat records each sent tick at once, so its healthcheck can read the schedule's age.
        beat_sync_every=1,
        timezone="UTC",
        beat_schedule={
            "meetwire-tick": {"task": "meetwire.tick", "schedule": settings.tick_seconds},
        },
        imports=("worker.tasks",),
    )
    return app


app = create_app()
