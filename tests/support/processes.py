"""Start the compose services' own command lines as local processes."""

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
_VARIABLE = re.compile(r"\$\{(\w+)(?::?[-?][^}]*)?\}")


def compose_command(service: str, env: dict[str, str]) -> list[str]:
    """The `command` of a docker-compose.yml service, with ${VAR…} filled in from `env`."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    command = compose["services"][service]["command"]
    return [_VARIABLE.sub(lambda m: env[m.group(1)], part) for part in command]


def start_service(service: str, env: dict[str, str], log_dir: Path) -> subprocess.Popen:
    """Run the service's command with the virtual environment's scripts first on PATH."""
    full_env = {**os.environ, **env}
    full_env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{full_env.get('PATH', '')}"
    log = (log_dir / f"{service}.log").open("wb")
    return subprocess.Popen(
        compose_command(service, full_env),
        cwd=ROOT,
        env=full_env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process: subprocess.Popen) -> None:
    """Stop a started service and everything it forked."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
