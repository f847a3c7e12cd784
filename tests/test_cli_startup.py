"""`meetwire --help` (and any command's help) starts without loading the heavy libraries."""

import json
import subprocess
import sys

import pytest

# What the pipeline needs and help does not: each costs tens to hundreds of milliseconds.
# (pydantic is not listed: typer itself reads a command's options with it.)
HEAVY = (
    "trafilatura",
    "celery",
    "kombu",
    "sqlalchemy",
    "sqlmodel",
    "alembic",
    "httpx",
    "feedparser",
    "lxml",
    "redis",
    "datasketch",
    "psycopg",
    "warcio",
    "yaml",
    "rich",
    "models.article",
    "models.db",
    "worker.classify",
    "worker.pipeline.fetch",
    "scheduler.sources",
)

SCRIPT = """
import json, sys
sys.argv = ["meetwire", *json.loads(sys.argv[1])]
from meetwire.cli import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def loaded_modules(*args: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, json.dumps(args)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize(
    "args", [["--help"], ["-h"], ["sources", "--help"], ["run", "--help"], ["--version"]]
)
def test_help_loads_no_heavy_library(args: list[str]) -> None:
    modules = loaded_modules(*args)
    assert "typer" in modules  # the script really ran the command line
    loaded = sorted(m for m in HEAVY if m in modules)
    assert loaded == [], f"`meetwire {' '.join(args)}` imported {loaded}"


def test_package_inits_stay_light() -> None:
    # Importing a package for one name must not load its siblings (issue 10, item 6).
    code = (
        "import sys, scheduler, worker.pipeline, models\n"
        "from models.source_kind import SourceKind\n"
        "print(' '.join(sorted(sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    modules = set(result.stdout.split())
    assert "models" in modules and "scheduler" in modules
    assert not {"sqlalchemy", "sqlmodel", "trafilatura", "httpx"} & modules
