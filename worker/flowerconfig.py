"""Flower's configuration file (`celery -A worker.app flower --conf=worker/flowerconfig.py`).

Flower runs this file at start-up. It reads the login from the environment, so the password
never appears on a command line, refuses the example passwords, puts /metrics behind the same
login and chooses the task list's columns. /healthcheck stays open: it answers only "OK".
"""

import os

from flower.views import monitor
from tornado import web

# The passwords of .env.example and other first guesses: a stack started with one is refused.
EXAMPLE_PASSWORDS = frozenset({"", "change-me", "changeme", "admin", "password", "flower"})
# Twelve characters is the least a password published on a network port should have.
MIN_PASSWORD_LENGTH = 12


def login_from_environment(environ: dict[str, str]) -> str:
    """`user:password` for basic auth; SystemExit naming the fix when it is missing or weak."""
    user = environ.get("FLOWER_USER", "")
    password = environ.get("FLOWER_PASSWORD", "")
    if not user:
        raise SystemExit("flower: set FLOWER_USER (and FLOWER_PASSWORD) in .env")
    if password.lower() in EXAMPLE_PASSWORDS or password == user:
        raise SystemExit("flower: FLOWER_PASSWORD is the example's or empty: set your own in .env")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise SystemExit(
            f"flower: FLOWER_PASSWORD is shorter than {MIN_PASSWORD_LENGTH} characters: "
            "set a longer one in .env"
        )
    return f"{user}:{password}"


basic_auth = [login_from_environment(dict(os.environ))]
# Loopback unless told otherwise: the compose file sets 0.0.0.0 inside the container and
# publishes the port on the host's 127.0.0.1 only.
address = os.environ.get("FLOWER_ADDRESS", "127.0.0.1")
port = int(os.environ.get("FLOWER_PORT", "5555"))
# What a person needs in the task list: which source or article (args) and what became of it
# (result: "stored", "duplicate of 12", "classified as meeting"); kwargs are never used.
tasks_columns = os.environ.get(
    "FLOWER_TASKS_COLUMNS", "name,state,args,result,received,runtime,worker"
)

# Flower serves Prometheus metrics (task names, worker host names) without a login: ask for one.
if not getattr(monitor.Metrics.get, "__wrapped_by_meetwire__", False):
    monitor.Metrics.get = web.authenticated(monitor.Metrics.get)
    monitor.Metrics.get.__wrapped_by_meetwire__ = True
