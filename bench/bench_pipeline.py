"""Throughput and memory of the embedded pipeline (`meetwire run`) on real pages.

Usage: .venv/bin/python bench/bench_pipeline.py [--pages 200] [--shared ../shared]
Serves the real fixture articles from a local server behind an RSS feed, each under several URLs
with its text varied so that every page is a new story, then runs the whole pipeline (poll,
fetch, extract, dedup, classify, store) on a fresh SQLite file. Prints articles per second, the
same pages through extraction alone (the baseline measured in this run), their ratio (how much
the rest of the pipeline costs on top of trafilatura), and the peak resident memory.
"""

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlmodel import select

from meetwire.publishers import publisher_for
from meetwire.settings import Settings
from models import Article, session_scope, upgrade
from scheduler.sources import SourceSpec, upsert_source
from tests.support.http import LocalServer, Response
from worker.pipeline.charset import decode
from worker.pipeline.extract import extract_article
from worker.runner import run_once

ROOT = Path(__file__).resolve().parent.parent


def fixture_pages(shared: Path) -> list[tuple[str, bytes]]:
    """(original URL, bytes) of every real article page in the manifest."""
    manifest = json.loads((shared / "fixtures" / "MANIFEST.json").read_text())
    return [
        (item["original_url"], (shared / "fixtures" / item["file"]).read_bytes())
        for item in manifest["files"]
        if item["page_type"] == "article"
    ]


def varied(body: bytes, n: int) -> bytes:
    """The page with a unique sentence in its first paragraph, so each URL is a distinct page."""
    marker = f"Story number {n} ({' '.join(f'w{n}x{i}' for i in range(40))}). ".encode()
    at = body.lower().find(b"<p>")
    return body if at < 0 else body[: at + 3] + marker + body[at + 3 :]


def serve(server: LocalServer, pages: list[tuple[str, bytes]], count: int) -> None:
    items = []
    for n in range(count):
        _url, body = pages[n % len(pages)]
        path = f"/a/{n}.html"
        server.routes[path] = Response(varied(body, n))
        items.append(f"<item><title>Story {n}</title><link>{server.url(path)}</link></item>")
    feed = f"<?xml version='1.0'?><rss version='2.0'><channel><title>bench</title>{''.join(items)}"
    server.routes["/rss.xml"] = Response(
        (feed + "</channel></rss>").encode(), headers={"Content-Type": "application/rss+xml"}
    )


def extraction_only(pages: list[tuple[str, bytes]], count: int) -> float:
    """Seconds to decode and extract the same pages with no HTTP and no database."""
    started = time.perf_counter()
    for n in range(count):
        url, body = pages[n % len(pages)]
        extract_article(decode(varied(body, n)).text, url=url, publisher=publisher_for(url))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument(
        "--shared",
        type=Path,
        default=Path(os.environ.get("MEETWIRE_SHARED_DIR", ROOT.parent / "shared")),
    )
    args = parser.parse_args()
    pages = fixture_pages(args.shared)
    with tempfile.TemporaryDirectory() as tmp, LocalServer() as server:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        upgrade(url)
        settings = Settings(
            database_url=url,
            allow_private_networks=True,
            host_delay=0,
            robots_enabled=False,
            broker_url="",
        )
        serve(server, pages, args.pages)
        with session_scope(url) as session:
            upsert_source(
                session=session,
                spec=SourceSpec(name="bench", url=server.url("/rss.xml")),
                default_interval=900,
            )
        started = time.perf_counter()
        summary = run_once(settings=settings)
        pipeline = time.perf_counter() - started
        with session_scope(url) as session:
            stored = len(session.exec(select(Article.id).where(Article.status == "stored")).all())
    baseline = extraction_only(pages, args.pages)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pages: {args.pages} ({len(pages)} real fixture pages, varied)")
    print(
        f"statuses when processed: {dict(summary.totals())}; originals at the end: {stored} "
        "(later wire versions supersede earlier originals)"
    )
    print(
        f"pipeline (poll+fetch+extract+dedup+classify+store, SQLite): "
        f"{args.pages / pipeline:.1f} articles/s"
    )
    print(f"baseline (decode+extract only, same pages): {args.pages / baseline:.1f} articles/s")
    print(f"ratio pipeline/baseline throughput: {baseline / pipeline:.2f}")
    print(f"peak resident memory: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
