"""The Celery app (worker.app), its thin tasks (worker.tasks), and the pipeline stages they call
(worker.pipeline); worker.runner runs the same stages in one process without Celery."""
