"""The compose file is valid and declares the stack the README promises."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from meetwire.settings import Settings
from tests.support.processes import compose_command, start_service
from worker.app import app, poll_queue

ROOT = Path(__file__).resolve().parent.parent


def test_compose_file_matches_the_compose_specification() -> None:
    checker = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.compose-spec", str(ROOT / "docker-compose.yml")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_declares_the_whole_stack() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    expected = {"redis", "postgres", "migrate", "worker", "worker-poll", "beat", "flower"}
    assert expected <= set(services)
    assert services["migrate"]["command"] == ["meetwire", "db", "upgrade"]
    assert services["beat"]["deploy"]["replicas"] == 1
    assert "postgres-data" in compose["volumes"]
    for name in ("worker", "worker-poll", "beat", "flower"):
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully"
    for name in ("redis", "postgres", "worker", "worker-poll", "beat", "flower"):
        assert "healthcheck" in services[name], name


def test_compose_deploys_safely() -> None:
    """Pinned images, no password on a command line, Flower on loopback, Redis with a password."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    for name, service in services.items():
        image = service.get("image", "")
        assert image and not image.endswith(":latest") and ":" in image, (name, image)
        # ${…PASSWORD} would be written into the command line by compose (visible in `ps`).
        assert not re.search(r"\$\{\w*PASSWORD", " ".join(service.get("command", []))), name
    flower = services["flower"]
    assert flower["ports"] == ["${FLOWER_BIND:-127.0.0.1}:5555:5555"]
    api_port = "${API_PORT:-8000}"
    assert services["api"]["ports"] == [f"${{API_BIND:-127.0.0.1}}:{api_port}:{api_port}"]
    assert "--conf=worker/flowerconfig.py" in flower["command"]
    assert "DATABASE_URL" not in str(flower["environment"])
    assert "requirepass" in " ".join(services["redis"]["command"])
    assert "${REDIS_PASSWORD" in services["worker"]["environment"]["MEETWIRE_BROKER_URL"]
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert ".env" in ignored and "!.env.example" in ignored
    assert "slim" in (ROOT / "Dockerfile").read_text().split("FROM ", 1)[1].split()[0]


def test_workers_have_a_queue_each_and_are_recycled_as_the_settings_say() -> None:
    env = {"MEETWIRE_QUEUE_NAME": "q"}
    articles = compose_command("worker", env)
    polls = compose_command("worker-poll", env)
    assert "--queues=q" in articles and "--queues=q-poll" in polls
    settings = Settings()
    assert poll_queue(Settings(queue_name="q")) == "q-poll"
    for command in (articles, polls):
        assert f"--max-tasks-per-child={settings.worker_max_tasks_per_child}" in command
        assert f"--max-memory-per-child={settings.worker_max_memory_per_child_kb}" in command
    routes = app.conf.task_routes
    assert routes["meetwire.poll_source"]["queue"] == poll_queue(settings)
    assert routes["meetwire.process_article"]["queue"] == settings.queue_name
    visibility = app.conf.broker_transport_options["visibility_timeout"]
    assert visibility > settings.article_lease_seconds > 0
    assert visibility > settings.max_backoff_seconds
    limits = app.conf.task_annotations["meetwire.process_article"]
    assert 0 < limits["soft_time_limit"] < limits["time_limit"] < visibility


def test_a_visibility_timeout_shorter_than_a_lease_is_refused() -> None:
    with pytest.raises(ValueError, match="broker_visibility_timeout"):
        Settings(broker_visibility_timeout=60, article_lease_seconds=600)


@pytest.mark.parametrize(
    ("user", "password", "why"),
    [
        ("admin", "change-me", "example"),
        ("admin", "", "example"),
        ("admin", "short-pw", "shorter than 12"),
        ("", "a-long-enough-password", "FLOWER_USER"),
    ],
)
def test_flower_refuses_the_example_and_weak_passwords(user, password, why, tmp_path) -> None:
    env = {"FLOWER_USER": user, "FLOWER_PASSWORD": password, "FLOWER_PORT": "0"}
    process = start_service("flower", env, tmp_path)
    assert process.wait(timeout=60) != 0
    assert why in (tmp_path / "flower.log").read_text()


def test_env_example_lists_every_setting() -> None:
    listed = {
        line.split("=", 1)[0]
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    }
    expected = {f"MEETWIRE_{name.upper()}" for name in Settings.model_fields}
    assert expected <= listed, f"missing from .env.example: {sorted(expected - listed)}"
