"""The Celery app, configured from meetwire's settings."""

from celery import Celery

from meetwire.settings import get_settings


def create_app() -> Celery:
    """A Celery app whose broker, queues and schedule come from Settings."""
    settings = get_settings()
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
        broker_connection_retry_on_startup=True,
        timezone="UTC",
        beat_schedule={
            "meetwire-tick": {"task": "meetwire.tick", "schedule": settings.tick_seconds},
        },
        imports=("worker.tasks",),
    )
    return app


app = create_app()
