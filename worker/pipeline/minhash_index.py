"""MinHash signatures and the LSH index kept in the `lsh_bucket` table, shared by all workers."""

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import numpy as np
from datasketch import MinHash
from datasketch.lsh import _optimal_param
from sqlalchemy import (
    CursorResult,
    Executable,
    Select,
    bindparam,
    delete,
    insert,
    select,
    text,
    tuple_,
)
from sqlmodel import Session

from models import LshBucket

# Candidates are looked up with the LSH S-curve centred this far below the decision threshold:
# banding at the threshold itself finds only ~40% of pairs at exactly 0.8, so candidates are
# found generously and every one is then checked against its stored signature.
CANDIDATE_MARGIN = 0.2
# A bucket shared by more articles than this is boilerplate, not a story; reading it all would
# make the cost grow with the corpus, so only its newest members are compared.
MAX_CANDIDATES = 200
SEED = 1
# Stored signatures must stay comparable across upgrades, so the hashing scheme is pinned
# (datasketch 2's default; its "legacy" values differ).
SCHEME = "affine32"

# Bands below zero hold exact keys rather than MinHash bands, in the same table and index.
HEADLINE_BAND = -1  # publisher + headline without its version marker
MARKED_DAY_BAND = -10  # publisher + day, for articles whose headline carries a version marker
DAY_BAND = -11  # publisher + day, for every original


@dataclass(frozen=True)
class IndexKey:
    """One row key of `lsh_bucket` (without the article)."""

    band: int
    bucket: str


@lru_cache(maxsize=8)
def _template(num_perm: int) -> MinHash:
    # Building the permutations is most of a MinHash's set-up cost; they depend only on the seed.
    return MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME)


def signature(shingles: set[str], num_perm: int) -> np.ndarray:
    """The MinHash signature (uint32) of a set of shingles."""
    template = _template(num_perm)
    minhash = MinHash(
        num_perm=num_perm, seed=SEED, permutations=template.permutations, scheme=SCHEME
    )
    minhash.update_batch([s.encode("utf-8") for s in shingles])
    return minhash.hashvalues.astype(np.uint32)


def to_bytes(sig: np.ndarray) -> bytes:
    """The signature as stored in `article.minhash` (little-endian uint32)."""
    return sig.astype("<u4").tobytes()


def from_bytes(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u4")


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Share of equal MinHash values: the estimated Jaccard similarity of the two shingle sets."""
    if len(a) != len(b) or len(a) == 0:
        return 0.0
    return float(np.count_nonzero(a == b)) / len(a)


@lru_cache(maxsize=32)
def band_shape(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) for LSH candidates, from datasketch's optimiser at the candidate threshold."""
    return _optimal_param(max(threshold - CANDIDATE_MARGIN, 0.3), num_perm, 0.5, 0.5)


def band_keys(sig: np.ndarray, threshold: float) -> list[IndexKey]:
    """One bucket per band: a 64-bit hash of the band's values in hex."""
    bands, rows = band_shape(threshold, len(sig))
    data = sig.astype("<u4")
    return [
        IndexKey(
            band,
            hashlib.blake2b(
                data[band * rows : (band + 1) * rows].tobytes(), digest_size=8
            ).hexdigest(),
        )
        for band in range(bands)
    ]


def exact_key(band: int, *parts: str) -> IndexKey:
    """A key for an exact-match band (headline, publisher-day)."""
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=16).hexdigest()
    return IndexKey(band, digest)


def day_keys(band: int, publisher: str, day: date | None, spread: int = 0) -> list[IndexKey]:
    """Publisher-day keys for `day` and `spread` days either side (none without a day)."""
    if day is None or not publisher:
        return []
    return [
        exact_key(band, publisher, (day + timedelta(days=d)).isoformat())
        for d in range(-spread, spread + 1)
    ]


def lookup_params(name: str, keys: list[IndexKey]) -> dict[str, int | str]:
    """The parameters of `lookup_query(name, len(keys))` for `keys`."""
    params: dict[str, int | str] = {}
    for i, key in enumerate(keys):
        params[f"{name}_band_{i}"] = key.band
        params[f"{name}_bucket_{i}"] = key.bucket
    return params


def lookup_query(name: str, count: int, *, exclude_param: str) -> Select | None:
    """Article ids sharing any of `count` keys bound by `lookup_params(name, keys)`, except the
    article bound to `exclude_param`, newest first, at most MAX_CANDIDATES: a SELECT to build
    once per key count and embed in the statement that reads them; None without keys."""
    if count == 0:
        return None
    table = LshBucket.__table__
    bands = [bindparam(f"{name}_band_{i}") for i in range(count)]
    buckets = [bindparam(f"{name}_bucket_{i}") for i in range(count)]
    return (
        select(table.c.article_id)
        .where(
            # The band and bucket lists let SQLite search the primary key for each pair; with the
            # pairs alone it walks the whole index in article order (the ORDER BY), however
            # large the table has grown. The pairs then keep only the exact keys.
            table.c.band.in_(bands),
            table.c.bucket.in_(buckets),
            tuple_(table.c.band, table.c.bucket).in_(
                [tuple_(band, bucket) for band, bucket in zip(bands, buckets, strict=True)]
            ),
            table.c.article_id != bindparam(exclude_param),
        )
        .distinct()
        .order_by(table.c.article_id.desc())
        .limit(MAX_CANDIDATES)
    )


def execute(session: Session, statement: Executable, params=None) -> CursorResult:
    """Run a Core statement on the session's connection, skipping the ORM's per-statement work.

    Pending ORM changes are flushed first when the session autoflushes, as `session.execute`
    would do for an ORM statement, so queries always see them.
    """
    if session.autoflush:
        session.flush()
    return session.connection().execute(statement, params)


_DELETE_KEYS = delete(LshBucket.__table__).where(
    LshBucket.__table__.c.article_id == bindparam("indexed_id")
)
_INSERT_KEY = insert(LshBucket.__table__)


def add(*, session: Session, article_id: int, keys: list[IndexKey], replace: bool = True) -> None:
    """Index an article under `keys`, replacing its old keys (`replace=False`: it has none)."""
    unique = sorted({(k.band, k.bucket) for k in keys})
    if not unique:
        return
    if replace:
        execute(session, _DELETE_KEYS, {"indexed_id": article_id})
    execute(
        session,
        _INSERT_KEY,
        [{"band": band, "bucket": bucket, "article_id": article_id} for band, bucket in unique],
    )


def lock_id(key: IndexKey) -> int:
    """A signed 64-bit advisory-lock id for a key."""
    digest = hashlib.blake2b(f"{key.band}:{key.bucket}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def lock_keys(*, session: Session, exclusive: list[IndexKey], shared: list[IndexKey]) -> None:
    """Take transaction-scoped advisory locks on PostgreSQL, in one global order (no deadlocks).

    Two articles that could be duplicates of each other always share a key, so their
    lookup-then-insert runs one after the other; SQLite's single writer already serialises.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    modes = {lock_id(k): "shared" for k in shared}
    modes.update({lock_id(k): "exclusive" for k in exclusive})
    if not modes:
        return
    calls, params = [], {}
    for i, (lock, mode) in enumerate(sorted(modes.items())):
        function = (
            "pg_advisory_xact_lock" if mode == "exclusive" else "pg_advisory_xact_lock_shared"
        )
        calls.append(f"{function}(:k{i})")
        params[f"k{i}"] = lock
    # Select-list items are evaluated left to right, so one round trip takes them in order.
    session.execute(text("SELECT " + ", ".join(calls)), params)
