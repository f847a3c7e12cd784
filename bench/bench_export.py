"""Export bench: time and peak memory of `meetwire export articles` over 100k articles, per format.

    .venv/bin/python bench/bench_export.py                   # 100,000 articles on SQLite
    .venv/bin/python bench/bench_export.py --articles 20000  # a quick run
    .venv/bin/python bench/bench_export.py --postgres        # on a throwaway PostgreSQL database

Generates the articles (3 kB of text each, classified, a tenth of them copies of another) into a
temporary database, then runs each export in a fresh process and prints its wall time and peak
resident memory. The baseline, measured in the same run, is a process that streams the same
records and writes nothing: the ratio is what writing the format costs on top of reading.
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psycopg
from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models import Article, get_engine, upgrade

ADMIN_URL = os.environ.get(
    "MEETWIRE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
TEXT_BYTES = 3000
SENTENCE = (
    "Xi Jinping Vladimir Putin held talks in Moscow Beijing on Tuesday the two heads of state "
    "agreed to deepen cooperation in energy trade security and the Belt and Road Initiative"
)
WORDS = SENTENCE.split()
LABELS = ("meeting", "mention", "unrelated", "announcement", "phone_call")


def _rows(start: int, count: int, rng: random.Random) -> list[dict]:
    rows = []
    for i in range(start, start + count):
        copy = i % 10 == 9
        text = " ".join(rng.choices(WORDS, k=TEXT_BYTES // 6))[:TEXT_BYTES]
        label = LABELS[i % len(LABELS)]
        rows.append(
            {
                "url": f"https://english.news.cn/bench/{i}.htm",
                "canonical_url": f"https://english.news.cn/bench/{i}.htm",
                "publisher": "xinhua",
                "title": f"Story {i}: " + " ".join(rng.choices(WORDS, k=8)),
                "text": None if copy else text,
                "language": "en",
                "published_at": datetime(2016, 1, 1, tzinfo=UTC) + timedelta(hours=i),
                "fetched_at": datetime(2026, 11, 1, tzinfo=UTC),
                "status": "duplicate" if copy else "stored",
                "duplicate_of": i if copy else None,  # the previous row's id (ids start at 1)
                "duplicate_kind": "exact" if copy else None,
                "attempts": 1,
                "label": label,
                "is_meeting": label == "meeting",
                "score": 0.9,
                "evidence": ["Xi Jinping held talks with Vladimir Putin."],
                "meeting_date": date(2023, 3, 21) if label == "meeting" else None,
                "meeting_city": "Moscow" if label == "meeting" else None,
            }
        )
    return rows


def generate(database_url: str, count: int) -> float:
    """Insert `count` articles; the seconds it took."""
    started = time.perf_counter()
    rng = random.Random(7)
    with get_engine(database_url).begin() as connection:
        for start in range(0, count, 5000):
            connection.execute(insert(Article), _rows(start, min(5000, count - start), rng))
    return time.perf_counter() - started


CHILD = """
import resource, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from meetwire.corpus import ArticleFilter, ArticleRecord, iter_articles
from meetwire.exports import ExportFormat, write_records
from models import session_scope
fmt, url, out = sys.argv[1:4]
started = time.perf_counter()
with session_scope(url) as session:
    records = iter_articles(session, ArticleFilter())
    if fmt == "read":
        count = sum(1 for _ in records)
    else:
        fmt = ExportFormat(fmt)
        with open(out, "wb" if fmt.binary else "w", encoding=None if fmt.binary else "utf-8",
                  newline=None if fmt.binary else "") as f:
            count = write_records(records, ArticleRecord, fmt, f)
seconds = time.perf_counter() - started
print(count, seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def run_child(fmt: str, database_url: str, out: Path) -> tuple[int, float, float]:
    """(rows, seconds, peak RSS MB) of one export in a fresh process."""
    code = CHILD.format(root=str(Path(__file__).resolve().parent.parent))
    result = subprocess.run(
        [sys.executable, "-c", code, fmt, database_url, str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    count, seconds, rss = result.stdout.split()
    return int(count), float(seconds), float(rss)


def bench(database_url: str, count: int, workdir: Path) -> None:
    upgrade(database_url)
    print(f"generating {count:,} articles ...", file=sys.stderr)
    print(f"generated {count:,} articles in {generate(database_url, count):.1f} s")
    base_rows, base_s, base_rss = run_child("read", database_url, workdir / "none")
    print(
        f"\n{'format':<10}{'rows':>9}{'seconds':>10}{'articles/s':>12}{'peak RSS':>11}"
        f"{'output':>10}{'× read':>8}"
    )
    print(
        f"{'read only':<10}{base_rows:>9,}{base_s:>10.1f}{base_rows / base_s:>12,.0f}"
        f"{base_rss:>8.0f} MB{'—':>10}{1:>8.2f}"
    )
    for fmt in ("jsonl", "csv", "parquet"):
        out = workdir / f"articles.{fmt}"
        rows, seconds, rss = run_child(fmt, database_url, out)
        size = out.stat().st_size / 1e6
        print(
            f"{fmt:<10}{rows:>9,}{seconds:>10.1f}{rows / seconds:>12,.0f}{rss:>8.0f} MB"
            f"{size:>7.0f} MB{seconds / base_s:>8.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--postgres", action="store_true", help="use a throwaway PostgreSQL db")
    args = parser.parse_args()
    database = "PostgreSQL" if args.postgres else "SQLite"
    print(f"export bench: {args.articles:,} articles on {database}")
    with tempfile.TemporaryDirectory(prefix="meetwire-bench-export-") as tmp:
        workdir = Path(tmp)
        if not args.postgres:
            bench(f"sqlite:///{workdir / 'bench.db'}", args.articles, workdir)
            return
        name = f"meetwire_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        url = ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
        try:
            bench(f"{url}/{name}", args.articles, workdir)
        finally:
            get_engine(f"{url}/{name}").dispose()
            with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
