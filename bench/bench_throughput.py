"""Throughput of both drivers against trafilatura alone, measured in one run on the same pages.

Usage: .venv/bin/python bench/bench_throughput.py [--articles 2000] [--memory-articles 10000]
       [--sources-304 1000] [--skip distributed,embedded,...] [--shared ../shared]

The real article pages of ../shared/fixtures are served from a local HTTP server, each under its
own URL with a unique sentence added (so every URL is a distinct page), politeness off for that
host. In one run it prints articles per second for:
  limit-1 / limit-2  trafilatura extraction with metadata alone, 1 and 2 processes, no HTTP or DB;
  distributed        poll -> Redis -> 2 Celery worker processes -> PostgreSQL;
  embedded           `meetwire run` on a fresh SQLite file (a subprocess, start-up included,
                     and again from its first article finished to its last, as the limit is
                     measured after a warm-up);
then the ratios (distributed / limit-2, embedded / limit-1), the worker processes' resident memory
after 1k and --memory-articles articles, and the CPU seconds to poll --sources-304 unchanged
sources (every answer a 304) against re-reading their feeds.
"""

import argparse
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
import trafilatura  # noqa: E402
from sqlalchemy import func, text  # noqa: E402
from sqlmodel import select  # noqa: E402

from bench.bench_pipeline import fixture_pages, varied  # noqa: E402
from meetwire.settings import Settings  # noqa: E402
from models import Article, Source, get_engine, session_scope, upgrade  # noqa: E402
from scheduler.sources import SourceSpec, upsert_source  # noqa: E402
from tests.support.http import LocalServer, Response  # noqa: E402
from worker.pipeline.charset import decode  # noqa: E402
from worker.pipeline.extract import _CONFIG  # noqa: E402

POSTGRES = os.environ.get("MEETWIRE_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")
REDIS = os.environ.get("MEETWIRE_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
WARM_UP = 16

# --- the pages -------------------------------------------------------------------------------

_PAGES: list[tuple[str, bytes]] = []


def serve_articles(server: LocalServer, prefix: str, first: int, count: int) -> str:
    """Serve `count` distinct pages under /{prefix}/N.html behind one RSS feed; its URL."""
    items = []
    for n in range(first, first + count):
        _url, body = _PAGES[n % len(_PAGES)]
        path = f"/{prefix}/{n}.html"
        server.routes[path] = Response(varied(body, n))
        items.append(f"<item><title>Story {n}</title><link>{server.url(path)}</link></item>")
    feed = f"<?xml version='1.0'?><rss version='2.0'><channel><title>b</title>{''.join(items)}"
    feed_path = f"/{prefix}-{first}.xml"
    server.routes[feed_path] = Response(
        (feed + "</channel></rss>").encode(), headers={"Content-Type": "application/rss+xml"}
    )
    return server.url(feed_path)


# --- the limit: trafilatura alone ------------------------------------------------------------


def _load_pages(shared: Path) -> None:
    _PAGES[:] = fixture_pages(shared)


def _extract(n: int) -> bool:
    url, body = _PAGES[n % len(_PAGES)]
    html = decode(varied(body, n)).text
    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        config=_CONFIG,
    )
    return document is not None


def limit(shared: Path, count: int, processes: int) -> float:
    """Articles/s of decode + one trafilatura extraction with metadata, in `processes`."""
    context = multiprocessing.get_context("fork")
    with context.Pool(processes, initializer=_load_pages, initargs=(shared,)) as pool:
        pool.map(_extract, range(processes * 2))  # warm: imports and first-call caches
        started = time.perf_counter()
        pool.map(_extract, range(count), chunksize=8)
        return count / (time.perf_counter() - started)


# --- memory of processes ---------------------------------------------------------------------


def children(pid: int) -> list[int]:
    """Direct child processes of `pid` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


# --- distributed: Redis + 2 Celery worker processes + PostgreSQL -----------------------------


@contextmanager
def fresh_postgres() -> "Iterator[str]":  # noqa: F821
    name = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = f"{POSTGRES}/{name}".replace("postgresql://", "postgresql+psycopg://", 1)
    try:
        yield url
    finally:
        get_engine(url).dispose()
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _env(database_url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "MEETWIRE_DATABASE_URL": database_url,
        "MEETWIRE_HOST_DELAY": "0",
        "MEETWIRE_ROBOTS_ENABLED": "false",
        "MEETWIRE_ALLOW_PRIVATE_NETWORKS": "true",
        # Each run serves all its articles in one feed: one poll must take them all (the default
        # cap of 500 entries a poll left the rest for a next run, and `meetwire run` unfinished).
        "MEETWIRE_MAX_ENTRIES_PER_POLL": str(10**6),
        "PYTHONPATH": str(ROOT),
        **extra,
    }


def _poll_feed(settings: Settings, name: str, feed_url: str) -> list[int]:
    from worker.pipeline.poll import poll_source

    with session_scope(settings.database_url) as session:
        source, _created = upsert_source(
            session=session, spec=SourceSpec(name=name, url=feed_url), default_interval=900
        )
        session.flush()
        source_id = source.id
    with session_scope(settings.database_url) as session:
        return poll_source(session=session, source_id=source_id, settings=settings).new_article_ids


def _finished(database_url: str) -> int:
    # "not pending" keeps this progress check off ix_article_status, whose reads are reported.
    with session_scope(database_url) as session:
        return session.exec(
            select(func.count()).select_from(Article).where(Article.status != "pending")
        ).one()


def _wait(database_url: str, total: int, on_progress: Callable[[int], None], limit: float) -> None:
    deadline = time.monotonic() + limit
    while (done := _finished(database_url)) < total:
        on_progress(done)
        if time.monotonic() > deadline:
            raise SystemExit(f"gave up: {done}/{total} articles final after {limit:.0f} s")
        time.sleep(0.2)


def distributed(server: LocalServer, count: int, memory_articles: int, log_dir: Path) -> dict:
    """Articles/s through 2 Celery worker processes, and their memory after 1k and more."""
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    with fresh_postgres() as url:
        upgrade(url)
        env = _env(url, MEETWIRE_BROKER_URL=REDIS, MEETWIRE_QUEUE_NAME=queue)
        os.environ.update({k: env[k] for k in env if k.startswith("MEETWIRE_")})
        from meetwire.settings import get_settings

        get_settings.cache_clear()
        settings = get_settings()
        from worker.app import app
        from worker.tasks import process_article

        app.conf.broker_url = REDIS
        ids = _poll_feed(settings, "bench-d", serve_articles(server, "d", 0, count))
        command = [
            sys.executable, "-m", "celery", "-A", "worker.app", "worker", "--concurrency=2",
            "--loglevel=WARNING", "-Q", queue, "--without-gossip", "--without-mingle",
        ]  # fmt: skip
        log = (log_dir / "worker.log").open("wb")
        worker = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        memory: dict[int, float] = {}
        try:
            deadline = time.monotonic() + 60
            while not app.control.ping(destination=None, timeout=0.5):
                if worker.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"the worker did not start: see {log_dir / 'worker.log'}")
            # Steady state, as for the limit: each worker process loads its models on its first
            # articles (trafilatura, language identification), so a few go through first.
            warm = _poll_feed(settings, "bench-w", serve_articles(server, "w", 10**6, WARM_UP))
            for article_id in warm:
                process_article.apply_async((article_id,), queue=queue)
            _wait(url, len(warm), lambda done: None, limit=600)
            started = time.perf_counter()
            for article_id in ids:
                process_article.apply_async((article_id,), queue=queue)

            def sample(done: int) -> None:
                if done >= 1000 and 1000 not in memory:
                    memory[1000] = sum(rss_mb(c) for c in children(worker.pid))

            _wait(url, len(warm) + len(ids), sample, limit=3600)
            rate = len(ids) / (time.perf_counter() - started)
            print(
                f"distributed (Redis + 2 Celery worker processes + PostgreSQL): "
                f"{rate:.1f} articles/s",
                flush=True,
            )
            with get_engine(url).connect() as connection:
                scans = connection.execute(
                    text(
                        "SELECT idx_tup_read FROM pg_stat_user_indexes "
                        "WHERE indexrelname = 'ix_article_status'"
                    )
                ).scalar()
            print(f"index entries read through ix_article_status: {scans}", flush=True)
            sample(len(ids))
            total = len(warm) + len(ids)
            if memory_articles > total:
                more = _poll_feed(
                    settings, "bench-m", serve_articles(server, "m", total, memory_articles - total)
                )
                for article_id in more:
                    process_article.apply_async((article_id,), queue=queue)
                _wait(url, total + len(more), lambda done: None, limit=4 * 3600)
                memory[memory_articles] = sum(rss_mb(c) for c in children(worker.pid))
        finally:
            os.killpg(worker.pid, 15)
            worker.wait(timeout=60)
            log.close()
    return {"rate": rate, "memory": memory}


# --- embedded: `meetwire run` on SQLite ------------------------------------------------------


def embedded(server: LocalServer, count: int, tmp: Path) -> tuple[float, float]:
    """Articles/s of `meetwire run` (a fresh process, as a user runs it) over `count` pages:
    from the start of the process, and from the first article finished to the last.

    The second is measured as the limit is (after its warm-up): without the process start-up
    (imports), the poll of the feed and the first article (models loaded on first use). It is
    read from the articles' own `updated_at`, set as each one finishes.
    """
    url = f"sqlite:///{tmp / 'embedded.db'}"
    upgrade(url)
    feed_url = serve_articles(server, "e", 0, count)
    with session_scope(url) as session:
        upsert_source(
            session=session, spec=SourceSpec(name="bench-e", url=feed_url), default_interval=900
        )
    meetwire = Path(sys.executable).parent / "meetwire"
    started = time.perf_counter()
    subprocess.run(
        [str(meetwire), "run"], cwd=tmp, env=_env(url, MEETWIRE_BROKER_URL=""), check=True,
        stdout=subprocess.DEVNULL, stderr=(tmp / "embedded.log").open("wb"),
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    done = _finished(url)
    if done != count:
        raise SystemExit(f"meetwire run left {count - done} of {count} articles unfinished")
    with session_scope(url) as session:
        first, last = session.exec(
            select(func.min(Article.updated_at), func.max(Article.updated_at))
        ).one()
    return count / elapsed, (count - 1) / (last - first).total_seconds()


# --- 304 polls -------------------------------------------------------------------------------


def polls_304(server: LocalServer, sources: int, tmp: Path) -> tuple[float, float]:
    """CPU seconds (this thread) to poll `sources` unchanged feeds: all 304, then all re-read."""
    from worker.pipeline.poll import poll_source

    feed = (
        "<?xml version='1.0'?><rss version='2.0'><channel><title>f</title>"
        + "".join(
            f"<item><title>Item {i}</title><link>{server.url(f'/p/{i}.html')}</link></item>"
            for i in range(20)
        )
        + "</channel></rss>"
    ).encode()

    def route(handler) -> Response:
        if handler.headers.get("If-None-Match") == '"v1"':
            return Response(b"", 304, {"ETag": '"v1"'})
        return Response(feed, headers={"Content-Type": "application/rss+xml", "ETag": '"v1"'})

    for i in range(sources):
        server.routes[f"/feeds/{i}.xml"] = route
    url = f"sqlite:///{tmp / 'polls.db'}"
    upgrade(url)
    settings = Settings(**_settings_fields(url))
    with session_scope(url) as session:
        for i in range(sources):
            upsert_source(
                session=session,
                spec=SourceSpec(name=f"f{i}", url=server.url(f"/feeds/{i}.xml")),
                default_interval=900,
            )
    with session_scope(url) as session:
        ids = list(session.exec(select(Source.id).order_by(Source.id)))

    def poll_all() -> tuple[float, set[str]]:
        outcomes = set()
        started = time.thread_time()
        for source_id in ids:
            with session_scope(url) as session:
                outcomes.add(
                    poll_source(session=session, source_id=source_id, settings=settings).outcome
                )
        return time.thread_time() - started, outcomes

    poll_all()  # first poll: stores every ETag
    not_modified, outcomes = poll_all()
    assert outcomes == {"not_modified"}, outcomes
    with session_scope(url) as session:
        session.execute(text("UPDATE source SET etag = NULL, last_modified = NULL"))
    reread, outcomes = poll_all()
    assert outcomes == {"ok"}, outcomes
    return not_modified, reread


def _settings_fields(url: str) -> dict:
    return {
        "database_url": url,
        "allow_private_networks": True,
        "host_delay": 0,
        "robots_enabled": False,
        "broker_url": "",
    }


# --- main ------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--memory-articles", type=int, default=10_000)
    parser.add_argument("--sources-304", type=int, default=1000)
    parser.add_argument("--skip", default="", help="comma list: limit,distributed,embedded,polls")
    parser.add_argument(
        "--shared",
        type=Path,
        default=Path(os.environ.get("MEETWIRE_SHARED_DIR", ROOT.parent / "shared")),
    )
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    _load_pages(args.shared)
    n = args.articles
    results: dict = {}
    print(f"articles: {n} distinct URLs over {len(_PAGES)} real fixture pages", flush=True)
    with tempfile.TemporaryDirectory() as tmp_name, LocalServer() as server:
        tmp = Path(tmp_name)
        if "limit" not in skip:
            results["limit-1"] = limit(args.shared, n, 1)
            print(f"limit-1 (trafilatura alone, 1 process): {results['limit-1']:.1f} articles/s")
            results["limit-2"] = limit(args.shared, n, 2)
            print(f"limit-2 (trafilatura alone, 2 processes): {results['limit-2']:.1f} articles/s")
        if "embedded" not in skip:
            results["embedded"], results["embedded-articles"] = embedded(server, n, tmp)
            print(f"embedded (`meetwire run`, SQLite): {results['embedded']:.1f} articles/s")
            print(
                "embedded, first to last article (no start-up, poll or first article): "
                f"{results['embedded-articles']:.1f} articles/s"
            )
        if "distributed" not in skip:
            d = distributed(server, n, args.memory_articles, tmp)
            results["distributed"] = d["rate"]
            for after, mb in sorted(d["memory"].items()):
                print(f"worker processes' resident memory after {after} articles: {mb:.0f} MB")
            if len(d["memory"]) == 2:
                first, last = (d["memory"][k] for k in sorted(d["memory"]))
                print(f"worker memory growth: {100 * (last / first - 1):+.1f}% (bar: <= 25%)")
        if "polls" not in skip:
            cpu_304, cpu_200 = polls_304(server, args.sources_304, tmp)
            print(
                f"CPU to poll {args.sources_304} unchanged sources: {cpu_304:.2f} s all 304, "
                f"{cpu_200:.2f} s re-reading every feed ({cpu_200 / cpu_304:.0f}x)"
            )
    if "limit-2" in results and "distributed" in results:
        ratio = results["distributed"] / results["limit-2"]
        print(f"ratio distributed / limit-2: {ratio:.2f} (bar: >= 0.80)")
    if "limit-1" in results and "embedded" in results:
        ratio = results["embedded"] / results["limit-1"]
        print(f"ratio embedded / limit-1: {ratio:.2f} (bar: >= 0.85)")
        ratio = results["embedded-articles"] / results["limit-1"]
        print(f"ratio embedded first to last article / limit-1: {ratio:.2f} (start-up excluded)")


if __name__ == "__main__":
    main()
