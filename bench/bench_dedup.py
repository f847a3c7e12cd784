"""Dedup bench: precision/recall on real pairs; cost per article at 10k-1M stored (PostgreSQL).

    .venv/bin/python bench/bench_dedup.py                      # accuracy, then 10k, 100k, 1M
    .venv/bin/python bench/bench_dedup.py --sizes 10000,50000  # a quick run
    .venv/bin/python bench/bench_dedup.py --no-cost            # accuracy only

Accuracy runs the real `deduplicate()` on a SQLite file, one pair per rolled-back transaction.
Cost loads synthetic stored articles (random signatures, as distinct texts have) and their
buckets with COPY into a throwaway PostgreSQL database, then times `deduplicate()` for real
texts (each a new original, then a near copy of it) at each size, rolling each pair back.
"""

import argparse
import io
import itertools
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import psycopg
from sqlmodel import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from meetwire.publishers import article_publisher, publisher_for
from meetwire.settings import PROJECT_ROOT, Settings
from models import Article, ArticleStatus, get_engine, upgrade
from worker.pipeline import minhash_index as index
from worker.pipeline.dedup import deduplicate
from worker.pipeline.extract import extract_article
from worker.pipeline.shingles import tokens

ADMIN_URL = os.environ.get(
    "MEETWIRE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
SHARED = Path(os.environ.get("MEETWIRE_SHARED_DIR", PROJECT_ROOT.parent / "shared"))
# Fixture pairs known to be successive wire versions of one story.
VERSION_PAIRS = [("en-c_135535054", "en-c_135535061"), ("en-c_135478010", "en-c_135478023")]
PUBLISHERS = ("xinhua", "chinadaily", "tass", "kremlin")
# Synthetic corpus density: articles per day across publishers, so a bigger corpus spans more
# days (as a real one grows) rather than packing more stories into each day.
ARTICLES_PER_DAY = 400
EPOCH = datetime(2016, 1, 1, tzinfo=UTC)


@dataclass
class Doc:
    title: str
    text: str
    publisher: str
    published: datetime | None
    language: str
    key: str
    meeting_date: str | None = None


@dataclass
class Pair:
    a: Doc
    b: Doc
    duplicate: bool
    kind: str


# --- inputs -------------------------------------------------------------------------------------


def fixture_docs() -> dict[str, Doc]:
    """Every fixture article, extracted as the pipeline does."""
    manifest = json.loads((SHARED / "fixtures" / "MANIFEST.json").read_text())
    docs = {}
    for entry in manifest["files"]:
        if entry["page_type"] != "article":
            continue
        raw = (SHARED / "fixtures" / entry["file"]).read_bytes()
        charset = entry.get("declared_charset") or "utf-8"
        try:
            html = raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            html = raw.decode("utf-8", "replace")
        url = entry["original_url"]
        publisher = publisher_for(url)
        extracted = extract_article(html, url=url, publisher=publisher)
        key = Path(entry["file"]).stem
        docs[key] = Doc(
            extracted.title or "",
            extracted.text,
            entry["publisher"],
            extracted.published_at,
            entry["language"],
            key,
        )
    return docs


def dev_docs() -> list[Doc]:
    docs = []
    for line in (SHARED / "eval" / "dev.jsonl").read_text().splitlines():
        row = json.loads(line)
        published = _parse_date(row.get("published"))
        docs.append(
            Doc(
                row["title"] or "",
                row["text"],
                row["publisher"] or "",
                published,
                row["language"],
                row["id"],
                row.get("meeting_date"),
            )
        )
    return docs


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?。！？])\s*", text) if s.strip()]


def variants(doc: Doc, rng: random.Random) -> list[Pair]:
    """Derived duplicates: truncation, a changed sentence, an added dateline, a new headline."""
    size = len(tokens(doc.text))
    pairs = []
    copy = Doc(**{**doc.__dict__, "publisher": doc.publisher + "-mirror", "key": doc.key + "'"})
    if size >= 20:
        dateline = "MOSCOW, May 16 (Xinhua) -- " if doc.language != "zh" else "新华社北京5月16日电 "
        pairs.append(Pair(doc, _with(copy, text=dateline + doc.text), True, "dateline"))
    pairs.append(Pair(doc, _with(copy, title="Updated: " + doc.title[::-1]), True, "headline"))
    sentences = _sentences(doc.text)
    if size >= 100 and len(sentences) >= 6:
        keep = max(1, int(len(sentences) * 0.9))
        pairs.append(Pair(doc, _with(copy, text=" ".join(sentences[:keep])), True, "truncation"))
        changed = list(sentences)
        changed[len(changed) // 2] = rng.choice(
            [
                "The talks lasted three hours.",
                "会谈持续了三个小时。",
                "Переговоры длились три часа.",
            ]
        )
        pairs.append(Pair(doc, _with(copy, text=" ".join(changed)), True, "changed sentence"))
    return pairs


def _with(doc: Doc, **changes) -> Doc:
    return Doc(**{**doc.__dict__, **changes})


def accuracy_pairs(fixtures: dict[str, Doc], dev: list[Doc]) -> list[Pair]:
    rng = random.Random(4)
    pairs = [Pair(fixtures[a], fixtures[b], True, "wire version") for a, b in VERSION_PAIRS]
    for doc in list(fixtures.values()) + dev:
        pairs.extend(variants(doc, rng))
    versions = {frozenset(p) for p in VERSION_PAIRS}
    for a, b in itertools.combinations(sorted(fixtures), 2):
        same_language = fixtures[a].language == fixtures[b].language
        if same_language and frozenset((a, b)) not in versions:
            pairs.append(Pair(fixtures[a], fixtures[b], False, "different fixture stories"))
    by_meeting: dict[str, list[Doc]] = {}
    for doc in dev:
        if doc.meeting_date:
            by_meeting.setdefault(doc.meeting_date, []).append(doc)
    for docs in by_meeting.values():
        for a, b in itertools.combinations(docs, 2):
            if a.language == b.language:
                pairs.append(Pair(a, b, False, "same meeting, other article"))
    return pairs


def _publisher(article: Article):
    return article_publisher(article.url, article.publisher or None)


# --- accuracy -------------------------------------------------------------------------------------


def judge(session: Session, settings: Settings, pair: Pair, n: int) -> bool:
    """True when deduplication links the pair (either way round); the transaction is undone."""
    try:
        first = _insert(session, pair.a, f"a{n}")
        deduplicate(session=session, article=first, settings=settings, publisher=_publisher(first))
        second = _insert(session, pair.b, f"b{n}")
        deduplicate(
            session=session, article=second, settings=settings, publisher=_publisher(second)
        )
        session.refresh(first)
        return second.duplicate_of == first.id or first.duplicate_of == second.id
    finally:
        session.rollback()


def _insert(session: Session, doc: Doc, name: str) -> Article:
    url = f"https://bench.example/{name}/{uuid.uuid4().hex[:8]}"
    article = Article(
        url=url,
        canonical_url=url,
        publisher=doc.publisher,
        title=doc.title,
        text=doc.text,
        published_at=doc.published,
        language=doc.language,
        status=ArticleStatus.stored,
    )
    session.add(article)
    session.flush()
    return article


def run_accuracy() -> None:
    fixtures, dev = fixture_docs(), dev_docs()
    pairs = accuracy_pairs(fixtures, dev)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/accuracy.db"
        upgrade(url)
        settings = Settings(database_url=url)
        with Session(get_engine(url), expire_on_commit=False) as session:
            verdicts = [(pair, judge(session, settings, pair, n)) for n, pair in enumerate(pairs)]
    tp = sum(1 for p, v in verdicts if p.duplicate and v)
    fp = sum(1 for p, v in verdicts if not p.duplicate and v)
    fn = sum(1 for p, v in verdicts if p.duplicate and not v)
    print(f"accuracy over {len(pairs)} pairs ({tp + fn} duplicate, {len(pairs) - tp - fn} not)")
    for kind in sorted({p.kind for p in pairs}):
        group = [(p, v) for p, v in verdicts if p.kind == kind]
        linked = sum(1 for _, v in group if v)
        print(f"  {kind:28s} {linked:4d} / {len(group):4d} linked")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"precision {precision:.3f}  recall {recall:.3f}")
    for pair, verdict in verdicts:
        if verdict != pair.duplicate and pair.kind in ("wire version", "different fixture stories"):
            print(f"  miss: {pair.kind}: {pair.a.key} / {pair.b.key}")


# --- cost -----------------------------------------------------------------------------------------


class Throwaway:
    """A fresh PostgreSQL database at the newest schema, dropped on exit."""

    def __enter__(self) -> str:
        self.name = f"meetwire_bench_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{self.name}"')
        base = ADMIN_URL.rsplit("/", 1)[0]
        self.url = f"{base}/{self.name}".replace("postgresql://", "postgresql+psycopg://", 1)
        upgrade(self.url)
        return self.url

    def __exit__(self, *exc) -> None:
        get_engine(self.url).dispose()
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


# Secondary indexes are dropped while loading and rebuilt after: building an index once is far
# faster than updating it row by row for a million rows.
ARTICLE_INDEXES = {
    f"ix_article_{column}": (
        f"CREATE {'UNIQUE ' if column == 'canonical_url' else ''}INDEX ix_article_{column} "
        f"ON article ({column})"
    )
    for column in (
        "canonical_url",
        "content_hash",
        "duplicate_of",
        "published_at",
        "publisher",
        "status",
        "updated_at",
    )
}


def load(url: str, start: int, stop: int, settings: Settings, rng: np.random.Generator) -> None:
    """Append synthetic stored articles with ids [start, stop) and their buckets."""
    dsn = url.replace("+psycopg", "")
    with psycopg.connect(dsn) as conn:
        for name in ARTICLE_INDEXES:
            conn.execute(f"DROP INDEX IF EXISTS {name}")
        conn.execute("ALTER TABLE lsh_bucket DROP CONSTRAINT IF EXISTS lsh_bucket_pkey")
        conn.execute("DROP INDEX IF EXISTS ix_lsh_bucket_article_id")
        conn.execute("ALTER TABLE lsh_bucket DROP CONSTRAINT IF EXISTS lsh_bucket_article_id_fkey")
        for chunk in range(start, stop, 50_000):
            ids = range(chunk, min(chunk + 50_000, stop))
            sigs = rng.integers(
                0, 2**32, size=(len(ids), settings.minhash_permutations), dtype=np.uint32
            )
            articles, buckets = io.StringIO(), io.StringIO()
            for row, article_id in enumerate(ids):
                publisher = PUBLISHERS[article_id % len(PUBLISHERS)]
                published = EPOCH + timedelta(days=article_id // ARTICLES_PER_DAY)
                sig = sigs[row]
                words = " ".join(f"w{v % 50000}" for v in sig[:24])
                stamp = published.isoformat()
                link = f"https://bench.example/{article_id}"
                digest = f"{article_id:064x}"
                fields = [
                    str(article_id), link, link, publisher, f"Story {article_id}", words,
                    "stored", "0", stamp, stamp, stamp, "[]", digest,
                    "\\\\x" + index.to_bytes(sig).hex(),
                ]  # fmt: skip
                articles.write("\t".join(fields) + "\n")
                keys = index.band_keys(sig, settings.near_duplicate_threshold)
                keys += index.day_keys(index.DAY_BAND, publisher, published.date())
                keys.append(index.exact_key(index.HEADLINE_BAND, publisher, f"story {article_id}"))
                for key in keys:
                    buckets.write(f"{key.band}\t{key.bucket}\t{article_id}\n")
            columns = (
                "id, url, canonical_url, publisher, title, text, status, attempts, published_at, "
                "discovered_at, updated_at, evidence, content_hash, minhash"
            )
            with conn.cursor().copy(f"COPY article ({columns}) FROM STDIN") as copy:
                copy.write(articles.getvalue())
            with conn.cursor().copy(
                "COPY lsh_bucket (band, bucket, article_id) FROM STDIN"
            ) as copy:
                copy.write(buckets.getvalue())
        for statement in ARTICLE_INDEXES.values():
            conn.execute(statement)
        conn.execute("ALTER TABLE lsh_bucket ADD PRIMARY KEY (band, bucket, article_id)")
        conn.execute("CREATE INDEX ix_lsh_bucket_article_id ON lsh_bucket (article_id)")
        conn.execute(
            "ALTER TABLE lsh_bucket ADD CONSTRAINT lsh_bucket_article_id_fkey "
            "FOREIGN KEY (article_id) REFERENCES article (id) NOT VALID"
        )
        conn.execute(f"SELECT setval('article_id_seq', {stop})")
        conn.commit()
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE article")
        conn.execute("VACUUM ANALYZE lsh_bucket")


def time_dedup(url: str, settings: Settings, docs: list[Doc], newest: datetime) -> list[float]:
    """Milliseconds per deduplicate() call: each doc as a new original, then a near copy of it.

    The docs are dated on the corpus's newest days, as a crawler's new articles are, so the
    same-day buckets they meet are as full at every corpus size.
    """
    timings = []
    rng = random.Random(7)
    with Session(get_engine(url), expire_on_commit=False) as session:
        for n, doc in enumerate(docs):
            doc = _with(doc, published=newest - timedelta(days=n % 2))
            copies = [doc, *[p.b for p in variants(doc, rng) if p.kind != "headline"][:1]]
            try:
                for m, version in enumerate(copies):
                    article = _insert(session, version, f"t{n}-{m}")
                    started = time.perf_counter()
                    deduplicate(
                        session=session,
                        article=article,
                        settings=settings,
                        publisher=_publisher(article),
                    )
                    timings.append((time.perf_counter() - started) * 1000)
            finally:
                session.rollback()
    return timings


def run_cost(sizes: list[int], probes: int) -> None:
    fixtures, dev = fixture_docs(), dev_docs()
    docs = [d for d in list(fixtures.values()) + dev if len(tokens(d.text)) >= 20][:probes]
    rng = np.random.default_rng(1)
    results = {}
    with Throwaway() as url:
        settings = Settings(database_url=url)
        time_dedup(url, settings, docs[:20], EPOCH)  # warm up: imports, plans, connections
        loaded = 1
        for size in sorted(sizes):
            started = time.perf_counter()
            load(url, loaded, size + 1, settings, rng)
            load_seconds = time.perf_counter() - started
            loaded = size + 1
            timings = time_dedup(
                url, settings, docs, EPOCH + timedelta(days=size // ARTICLES_PER_DAY)
            )
            p50 = statistics.median(timings)
            p95 = float(np.percentile(timings, 95))
            results[size] = p95
            print(
                f"{size:>9,d} stored: loaded in {load_seconds:6.1f}s; {len(timings)} dedup calls: "
                f"p50 {p50:6.2f} ms  p95 {p95:6.2f} ms",
                flush=True,
            )
    smallest, largest = min(results), max(results)
    if largest != smallest:
        ratio = results[largest] / results[smallest]
        verdict = "ok" if ratio <= 2 else "over the 2x bar"
        print(f"p95 ratio {largest:,d}/{smallest:,d}: {ratio:.2f}x ({verdict})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--probes", type=int, default=250, help="texts timed at each size")
    parser.add_argument("--no-cost", action="store_true")
    parser.add_argument("--no-accuracy", action="store_true")
    args = parser.parse_args()
    if not args.no_accuracy:
        run_accuracy()
    if not args.no_cost:
        run_cost([int(s) for s in args.sizes.split(",")], args.probes)


if __name__ == "__main__":
    main()
