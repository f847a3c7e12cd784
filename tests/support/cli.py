"""The installed `meetwire` command, run in its own process as a user runs it."""

import os
import subprocess
import sys
from pathlib import Path

MEETWIRE = str(Path(sys.executable).parent / "meetwire")


def command_env(database_url: str) -> dict[str, str]:
    """The environment a test gives the command: its database, local servers, no host delay."""
    return {
        "MEETWIRE_DATABASE_URL": database_url,
        "MEETWIRE_ALLOW_PRIVATE_NETWORKS": "true",
        "MEETWIRE_HOST_DELAY": "0",
        "MEETWIRE_BROKER_URL": "",
        "COLUMNS": "200",
    }


def meetwire(
    *args: str, env: dict[str, str], stdin: str | None = None
) -> subprocess.CompletedProcess:
    """Run `meetwire ARGS` with `env` over this process's environment; output as text."""
    return subprocess.run(
        [MEETWIRE, *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
    )
