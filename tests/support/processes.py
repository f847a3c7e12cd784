"""Start the compose services' own command lines as local processes."""

import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
_VARIABLE = re.compile(r"\$\{(\w+)(?:(:?-)([^}]*)|:?\?[^}]*)?\}")


def _interpolate(part: str, env: dict[str, str]) -> str:
    """Compose's ${VAR}, ${VAR:-default} and ${VAR:?error}, from `env`."""

    def value(match: re.Match) -> str:
        name, dash, default = match.groups()
        if dash == ":-" and not env.get(name):
            return default
        if dash == "-" and name not in env:
            return default
        return env[name]

    return _VARIABLE.sub(value, part).replace("$$", "$")


def compose_command(service: str, env: dict[str, str]) -> list[str]:
    """The `command` of a docker-compose.yml service, with ${VAR…} filled in from `env`."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    command = compose["services"][service]["command"]
    return [_interpolate(part, env) for part in command]


def healthcheck_command(service: str, env: dict[str, str]) -> list[str]:
    """The `healthcheck.test` of a service (a CMD list) as a command line."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    test = compose["services"][service]["healthcheck"]["test"]
    assert test[0] == "CMD", f"{service}: only CMD healthchecks run as local processes"
    return [_interpolate(part, env) for part in test[1:]]


def run_healthcheck(service: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run a service's healthcheck command as compose would, inside the service's environment."""
    full_env = _environment(env)
    return subprocess.run(
        healthcheck_command(service, full_env),
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _environment(env: dict[str, str]) -> dict[str, str]:
    full_env = {**os.environ, **env}
    full_env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{full_env.get('PATH', '')}"
    return full_env


def start_service(service: str, env: dict[str, str], log_dir: Path) -> subprocess.Popen:
    """Run the service's command with the virtual environment's scripts first on PATH."""
    full_env = _environment(env)
    log = (log_dir / f"{service}.log").open("ab")
    return subprocess.Popen(
        compose_command(service, full_env),
        cwd=ROOT,
        env=full_env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def free_port() -> int:
    """A TCP port nobody listens on at the moment, on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop(process: subprocess.Popen) -> None:
    """Stop a started service and everything it forked."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
