"""The compose file is valid and declares the stack the README promises."""

import subprocess
import sys
from pathlib import Path

import yaml

from meetwire.settings import Settings

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
    assert {"redis", "postgres", "migrate", "worker", "beat", "flower"} <= set(services)
    assert services["migrate"]["command"] == ["meetwire", "db", "upgrade"]
    assert services["beat"]["deploy"]["replicas"] == 1
    assert "healthcheck" in services["postgres"] and "healthcheck" in services["redis"]
    assert "postgres-data" in compose["volumes"]
    flower = " ".join(services["flower"]["command"])
    assert "--port=5555" in flower and "--basic-auth=" in flower
    for name in ("worker", "beat", "flower"):
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully"


def test_env_example_lists_every_setting() -> None:
    listed = {
        line.split("=", 1)[0]
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    }
    expected = {f"MEETWIRE_{name.upper()}" for name in Settings.model_fields}
    assert expected <= listed, f"missing from .env.example: {sorted(expected - listed)}"
