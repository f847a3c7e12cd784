"""Deduplicate an article against the whole corpus: URL, exact text, near-duplicate, wire version.

How duplicates point (one level deep): every duplicate's `duplicate_of` is its story's current
original, whose own `duplicate_of` is NULL. The first article of a story is the original until a
later *version* of it (same publisher, same lead, a FLASH/Urgent/LD marker or the same headline)
with a longer text arrives: that version becomes the original, the old one becomes its
`version` duplicate, and every duplicate of the old one is re-pointed to it.
Exact duplicates of an original store no text (`text` NULL; exports read the original's); all
other duplicates keep their own text. Only originals are indexed in `lsh_bucket`: a duplicate
is reachable through its original, and the index stays one row set per story.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache

from sqlalchemy import bindparam, delete, func, literal, select, union, union_all, update
from sqlalchemy.orm import aliased
from sqlmodel import Session

from meetwire.publishers import Publisher, article_publisher, canonical_url
from meetwire.settings import Settings
from models import Article, ArticleStatus, DuplicateKind, LshBucket, RawPage
from worker.pipeline import minhash_index as index
from worker.pipeline.minhash_index import IndexKey
from worker.pipeline.shingles import (
    lead_words,
    normalise_text,
    shingles,
    strip_marker,
    version_rank,
)

# Wire versions of one story follow each other within hours; three days covers late "LD"s and
# publishers whose dates are only a day (local midnight) without linking next week's story.
VERSION_WINDOW = timedelta(days=3)
# Share of the shorter lead found in the longer one: Urgent vs 1st LD of the fixtures scores
# 0.8-1.0, two Xinhua stories on the same Xi-Duterte meeting 0.3-0.5.
VERSION_LEAD_SIMILARITY = 0.7
# Leads shorter than this many words say too little to compare by containment.
MIN_LEAD_WORDS = 6
# Enough of the body for the lead words (headline + first 30 words after the dateline).
LEAD_CHARS = 1500
# Shorter headlines ("Interview", "Roundup") are shared by unrelated stories.
MIN_HEADLINE_CHARS = 12
HASH_LOCK_BAND = -3
# Articles whose text has been decided on; the others have nothing to deduplicate yet.
DONE_STATES = (ArticleStatus.stored.value, ArticleStatus.duplicate.value)


@dataclass(frozen=True)
class DedupResult:
    """What deduplication decided for one article."""

    duplicate_of: int | None
    kind: str | None  # "url" | "exact" | "near" | "version" | None
    similarity: float | None

    @property
    def is_duplicate(self) -> bool:
        return self.duplicate_of is not None


ORIGINAL = DedupResult(None, None, None)


@dataclass(frozen=True)
class RebuildStats:
    """Outcome of `rebuild_index`: articles seen, originals and duplicates by kind."""

    articles: int
    originals: int
    duplicates: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class _Candidate:
    """A stored article as the decision needs it (no full text)."""

    id: int
    duplicate_of: int | None
    publisher: str
    title: str | None
    published_at: object
    minhash: bytes | None
    text_length: int
    lead: str

    @property
    def root(self) -> int:
        return self.duplicate_of or self.id


@dataclass(frozen=True)
class _Keys:
    near: list[IndexKey]
    headline: list[IndexKey]
    own: list[IndexKey]
    lookup_day: list[IndexKey]
    lock_day: list[IndexKey]
    marked: bool

    def indexed(self) -> list[IndexKey]:
        return self.near + self.headline + self.own


def content_hash(text: str) -> str:
    """sha256 (hex) of the normalised text: identical bodies at different URLs share it."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def deduplicate(
    *,
    session: Session,
    article: Article,
    settings: Settings,
    publisher: Publisher,
    final_url: str | None = None,
    first: bool = False,
) -> DedupResult:
    """Decide whether `article` (of `publisher`) duplicates a stored one; record it on the row,
    index originals. `final_url` is where its fetch ended (else its kept raw page is read);
    `first` says it was never decided before, so it has no index rows to replace."""
    if article.text is not None:
        article.content_hash = content_hash(article.text)
        sig = index.signature(shingles(article.text), settings.minhash_permutations)
        article.minhash = index.to_bytes(sig)
    keys = _keys(article, settings)
    hash_key = [IndexKey(HASH_LOCK_BAND, article.content_hash)] if article.content_hash else []
    # Marked items write the marked-day keys that unmarked items read: exclusive against shared,
    # so unmarked items of one day never wait for each other.
    index.lock_keys(
        session=session,
        exclusive=keys.near + keys.headline + hash_key + (keys.lock_day if keys.marked else []),
        shared=[] if keys.marked else keys.lock_day,
    )
    result = _url_duplicate(
        session=session, article=article, publisher=publisher, final_url=final_url
    )
    # The original an exact duplicate points to, when this transaction just read it as one.
    read_original = None
    if result is None:
        same_body, found = _find(session=session, article=article, keys=keys)
        result = (
            _exact_duplicate(article, same_body)
            or _similar(session=session, article=article, keys=keys, settings=settings, found=found)
            or ORIGINAL
        )
        if same_body is not None and same_body.duplicate_of is None:
            read_original = same_body.id
    _record(
        session=session,
        article=article,
        result=result,
        keys=keys,
        first=first,
        read_original=read_original,
    )
    return result


def _keys(article: Article, settings: Settings) -> _Keys:
    """The index keys an article is looked up, locked and (if original) stored under."""
    near = []
    if article.minhash is not None and article.text:
        near = index.band_keys(index.from_bytes(article.minhash), settings.near_duplicate_threshold)
    publisher = article.publisher or ""
    headline = strip_marker(article.title)
    headline_keys = (
        [index.exact_key(index.HEADLINE_BAND, publisher, headline)]
        if publisher and len(headline) >= MIN_HEADLINE_CHARS
        else []
    )
    marked = version_rank(article.title) is not None
    day = article.published_at.date() if article.published_at else None
    own = index.day_keys(index.DAY_BAND, publisher, day)
    if marked:
        own += index.day_keys(index.MARKED_DAY_BAND, publisher, day)
    # A marked item may be a version of any same-publisher story of those days; an unmarked
    # one only of a marked item (or of a story with the same headline, found by that key).
    lookup_band = index.DAY_BAND if marked else index.MARKED_DAY_BAND
    return _Keys(
        near=near,
        headline=headline_keys,
        own=own,
        lookup_day=index.day_keys(lookup_band, publisher, day, spread=1),
        lock_day=index.day_keys(index.MARKED_DAY_BAND, publisher, day, spread=1),
        marked=marked,
    )


def _url_duplicate(
    *, session: Session, article: Article, publisher: Publisher, final_url: str | None
) -> DedupResult | None:
    """The page redirected (final URL) to an article already stored under its canonical URL."""
    if final_url is None:
        page = session.get(RawPage, article.id)
        final_url = page.final_url if page is not None else None
    if not final_url:
        return None
    final = canonical_url(final_url, publisher)
    if final == article.canonical_url:
        return None
    row = index.execute(session, _BY_CANONICAL_URL, {"canonical_url": final}).first()
    if row is None or row.id == article.id:
        return None
    return DedupResult(row.duplicate_of or row.id, DuplicateKind.url.value, 1.0)


def _exact_duplicate(article: Article, same_body: _Candidate | None) -> DedupResult | None:
    """Another article with the same normalised body; its story's original wins."""
    if same_body is None or same_body.root == article.id:
        return None
    return DedupResult(same_body.root, DuplicateKind.exact.value, 1.0)


def _find(
    *, session: Session, article: Article, keys: _Keys
) -> tuple[_Candidate | None, list[_Candidate]]:
    """The article with the same normalised body (an original first), and the near-duplicate
    and version candidates: every lookup and their rows in one round trip."""
    other = keys.headline + keys.lookup_day
    params = {
        "content_hash": article.content_hash,
        # Ids start at 1: an article not yet inserted excludes nothing.
        "article_id": article.id if article.id is not None else 0,
        **index.lookup_params("near", keys.near),
        **index.lookup_params("other", other),
    }
    statement = _find_statement(len(keys.near), len(other))
    same, similar = None, []
    for exact, *values in index.execute(session, statement, params):
        if exact:
            same = _Candidate(*values)
        else:
            similar.append(_Candidate(*values))
    return same, similar


def _similar(
    *, session: Session, article: Article, keys: _Keys, settings: Settings, found: list[_Candidate]
) -> DedupResult | None:
    """A near-duplicate (estimated Jaccard over the threshold) or an earlier/later wire version."""
    # Not its own older versions, when an article is decided again.
    candidates = [c for c in found if c.root != article.id]
    if not candidates:
        return None
    sig = index.from_bytes(article.minhash) if article.minhash else None
    best = _best_near(sig, candidates, settings.near_duplicate_threshold)
    if best is not None:
        candidate, similarity = best
        if _same_publisher(article, candidate) and (
            keys.marked or version_rank(candidate.title) is not None
        ):
            return _version(session=session, article=article, candidate=candidate, sim=similarity)
        return DedupResult(candidate.root, DuplicateKind.near.value, similarity)
    own_lead = _OwnLead(article)
    for candidate in sorted(candidates, key=lambda c: -c.id):
        similarity = _version_similarity(article, candidate, own_lead)
        if similarity is not None:
            return _version(session=session, article=article, candidate=candidate, sim=similarity)
    return None


def _load(*, session: Session, article_id: int) -> _Candidate:
    row = index.execute(session, _BY_ID, {"candidate_id": article_id}).one()
    return _Candidate(*row[1:])


def _candidates(where, *, exact: bool):
    """The candidate columns (no full text) of the articles `where` selects, tagged `exact`."""
    return select(
        literal(1 if exact else 0).label("exact"),
        _ARTICLE.c.id,
        _ARTICLE.c.duplicate_of,
        _ARTICLE.c.publisher,
        _ARTICLE.c.title,
        _ARTICLE.c.published_at,
        _ARTICLE.c.minhash,
        func.coalesce(func.length(_ARTICLE.c.text), 0),
        func.coalesce(func.substr(_ARTICLE.c.text, 1, LEAD_CHARS), ""),
    ).where(where)


@lru_cache(maxsize=64)
def _find_statement(near: int, other: int):
    """`_find`'s one statement for `near` and `other` index keys, built once per key count.

    Parameters: content_hash (NULL finds no same body), article_id (excluded), and the keys
    (`minhash_index.lookup_params` "near" and "other").
    """
    same_body = (
        select(_ARTICLE.c.id)
        .where(
            _ARTICLE.c.content_hash == bindparam("content_hash"),
            _ARTICLE.c.id != bindparam("article_id"),
        )
        .order_by(_ARTICLE.c.duplicate_of.is_not(None), _ARTICLE.c.id)
        .limit(1)
    )
    exact = _candidates(_ARTICLE.c.id.in_(same_body), exact=True)
    lookups = [
        query.subquery()
        for query in (
            index.lookup_query("near", near, exclude_param="article_id"),
            index.lookup_query("other", other, exclude_param="article_id"),
        )
        if query is not None
    ]
    if not lookups:
        return exact
    found = union(*(select(lookup.c.article_id) for lookup in lookups))
    return union_all(exact, _candidates(_ARTICLE.c.id.in_(found), exact=False))


# Statements run for every article, built once (the Core table: no ORM work per execution).
_ARTICLE = Article.__table__
_BY_ID = _candidates(_ARTICLE.c.id == bindparam("candidate_id"), exact=False)
_BY_CANONICAL_URL = select(_ARTICLE.c.id, _ARTICLE.c.duplicate_of).where(
    _ARTICLE.c.canonical_url == bindparam("canonical_url")
)
_DUPLICATE_OF = select(_ARTICLE.c.duplicate_of).where(_ARTICLE.c.id == bindparam("original_id"))


def _best_near(sig, candidates: list[_Candidate], threshold: float):
    """The most similar candidate at or over the threshold, with its estimated Jaccard."""
    if sig is None:
        return None
    scored = [
        (index.estimated_jaccard(sig, index.from_bytes(c.minhash)), c)
        for c in candidates
        if c.minhash is not None
    ]
    scored = [(s, c) for s, c in scored if s >= threshold]
    if not scored:
        return None
    similarity, candidate = max(scored, key=lambda sc: (sc[0], -sc[1].id))
    return candidate, similarity


def _same_publisher(article: Article, candidate: _Candidate) -> bool:
    return bool(article.publisher) and article.publisher == candidate.publisher


@lru_cache(maxsize=1024)
def _candidate_lead(title: str | None, lead: str) -> frozenset[str]:
    """`lead_words` of a stored article: the same originals are candidates for article after
    article of their publisher and days, so their words are kept rather than worked out again."""
    return frozenset(lead_words(title, lead))


class _OwnLead:
    """The article's lead words, worked out once however many candidates they are compared with."""

    def __init__(self, article: Article) -> None:
        self._article = article
        self._words: set[str] | None = None

    def words(self) -> set[str]:
        if self._words is None:
            article = self._article
            self._words = lead_words(article.title, (article.text or "")[:LEAD_CHARS])
        return self._words


def _version_similarity(
    article: Article, candidate: _Candidate, own_lead: _OwnLead | None = None
) -> float | None:
    """Lead similarity when `candidate` is another version of the article's story, else None."""
    if not _same_publisher(article, candidate):
        return None
    both_dated = article.published_at is not None and candidate.published_at is not None
    if both_dated and abs(article.published_at - candidate.published_at) > VERSION_WINDOW:
        return None
    marked = version_rank(article.title) is not None or version_rank(candidate.title) is not None
    if not marked and strip_marker(article.title) != strip_marker(candidate.title):
        return None
    similarity = lead_similarity(
        (own_lead or _OwnLead(article)).words(), _candidate_lead(candidate.title, candidate.lead)
    )
    return similarity if similarity >= VERSION_LEAD_SIMILARITY else None


def lead_similarity(a: set[str], b: set[str]) -> float:
    """Containment of the shorter lead in the longer (Jaccard when either is too short)."""
    if not a or not b:
        return 0.0
    common = len(a & b)
    if min(len(a), len(b)) < MIN_LEAD_WORDS:
        return common / len(a | b)
    return common / min(len(a), len(b))


def _version(*, session: Session, article: Article, candidate: _Candidate, sim: float):
    """Link a version: the longer text (then the later marker, then the later id) is current."""
    root = candidate
    if candidate.duplicate_of is not None:
        root = _load(session=session, article_id=candidate.root)
    mine = (len(article.text or ""), version_rank(article.title) or 0, article.id)
    theirs = (root.text_length, version_rank(root.title) or 0, root.id)
    if mine > theirs:
        _supersede(session=session, old_id=root.id, new_id=article.id, similarity=sim)
        return ORIGINAL
    return DedupResult(root.id, DuplicateKind.version.value, sim)


def _supersede(*, session: Session, old_id: int, new_id: int, similarity: float) -> None:
    """Make `new_id` the story's original: the old original and its duplicates point to it."""
    old_text = select(Article.text).where(Article.id == old_id).scalar_subquery()
    # Exact duplicates stored without text would show the new version's text: give them theirs.
    session.execute(
        update(Article)
        .where(Article.duplicate_of == old_id, Article.text.is_(None))
        .values(text=old_text)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(Article)
        .where(Article.duplicate_of == old_id)
        .values(duplicate_of=new_id)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(Article)
        .where(Article.id == old_id)
        .values(
            duplicate_of=new_id,
            duplicate_kind=DuplicateKind.version.value,
            similarity=similarity,
            status=ArticleStatus.duplicate.value,
        )
        .execution_options(synchronize_session=False)
    )


def _record(
    *,
    session: Session,
    article: Article,
    result: DedupResult,
    keys: _Keys,
    first: bool,
    read_original: int | None = None,
) -> None:
    """Write the decision on the article; originals are added to the index.

    `read_original` is an article this transaction has just read as an original (no re-read).
    """
    article.duplicate_of = result.duplicate_of
    article.duplicate_kind = result.kind
    article.similarity = result.similarity
    if result.is_duplicate:
        article.status = ArticleStatus.duplicate
        if result.kind == DuplicateKind.exact.value and (
            result.duplicate_of == read_original or _is_original(session, result.duplicate_of)
        ):
            article.text = None  # the original holds the same text
        session.add(article)
        return
    if article.status == ArticleStatus.duplicate:
        article.status = ArticleStatus.stored
    session.add(article)
    if article.id is None:
        session.flush()
    index.add(session=session, article_id=article.id, keys=keys.indexed(), replace=not first)


def _is_original(session: Session, article_id: int) -> bool:
    row = index.execute(session, _DUPLICATE_OF, {"original_id": article_id}).first()
    return row is not None and row.duplicate_of is None


Original = aliased(Article)


def rebuild_index(
    *,
    session: Session,
    settings: Settings,
    progress: Callable[[int, int], None] | None = None,
    batch: int = 500,
) -> RebuildStats:
    """Rebuild hashes, signatures and buckets from stored text, re-deciding in article-id order.

    Commits every `batch` articles; run it with the workers stopped.
    """
    session.execute(delete(LshBucket))
    # Exact duplicates stored without text get their original's (the same normalised text) back,
    # so every article is decided from its text alone and in order, as if seen for the first time.
    original_text = (
        select(Original.text).where(Original.id == Article.duplicate_of).scalar_subquery()
    )
    session.execute(
        update(Article)
        .where(
            Article.status.in_(DONE_STATES),
            Article.text.is_(None),
            Article.duplicate_of.is_not(None),
        )
        .values(text=original_text)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(Article)
        .where(Article.status.in_(DONE_STATES))
        .values(
            duplicate_of=None,
            duplicate_kind=None,
            similarity=None,
            minhash=None,
            content_hash=None,
        )
        .execution_options(synchronize_session=False)
    )
    ids = list(
        session.execute(
            select(Article.id).where(Article.status.in_(DONE_STATES)).order_by(Article.id)
        ).scalars()
    )
    session.commit()
    for done, article_id in enumerate(ids, start=1):
        article = session.get(Article, article_id)
        publisher = article_publisher(article.url, article.publisher or None)
        deduplicate(session=session, article=article, settings=settings, publisher=publisher)
        if done % batch == 0 or done == len(ids):
            session.commit()
            session.expunge_all()
        if progress is not None:
            progress(done, len(ids))
    return _stats(session=session, ids=ids)


def _stats(*, session: Session, ids: list[int]) -> RebuildStats:
    rows = session.execute(
        select(Article.duplicate_kind, func.count())
        .where(Article.status.in_(DONE_STATES))
        .group_by(Article.duplicate_kind)
    ).all()
    counts = {kind: count for kind, count in rows}
    originals = counts.pop(None, 0)
    return RebuildStats(articles=len(ids), originals=originals, duplicates=counts)
