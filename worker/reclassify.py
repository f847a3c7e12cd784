"""Re-classify stored articles and re-link their meetings, keeping a meeting's id while its
articles stay together."""

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import delete, update
from sqlmodel import Session, func, select

from models import Article, ArticleStatus, Meeting, session_scope, utcnow
from worker.classify import CLASSIFIER_VERSION
from worker.pipeline.meetings import classify_article
from worker.runner import Progress

# Commits in batches so a long run keeps its progress if interrupted.
BATCH = 200
CLASSIFIED = (ArticleStatus.stored, ArticleStatus.duplicate)
# What a rebuilt meeting hands to the old row that keeps its id.
_MEETING_FIELDS = ("date", "end_date", "city", "country", "mode", "occasion", "host")


@dataclass
class ReclassifySummary:
    """Articles classified (by label) or skipped as current, and meetings kept, new, removed."""

    articles: int = 0
    skipped: int = 0
    labels: dict[str, int] = field(default_factory=dict)
    meetings: int = 0
    kept_meetings: int = 0
    new_meetings: int = 0
    removed_meetings: int = 0


def select_articles(session: Session, *, outdated: bool = False) -> list[int]:
    """Stored articles, originals before their duplicates so duplicates find their meeting;
    with `outdated`, only those the current classifier did not label, and their duplicates."""
    rows = session.exec(
        select(Article.id, Article.duplicate_of, Article.classifier_version)
        .where(Article.status.in_(CLASSIFIED))
        .order_by(Article.duplicate_of.is_not(None), Article.id)
    ).all()
    if not outdated:
        return [article_id for article_id, _original, _version in rows]
    chosen = {article_id for article_id, _o, version in rows if version != CLASSIFIER_VERSION}
    # A duplicate follows its original's meeting, so it is re-linked with it.
    return [a for a, original, _v in rows if a in chosen or original in chosen]


def match_meetings(old: dict[int, set[int]], new: dict[int, set[int]]) -> dict[int, int]:
    """The old meeting id each new meeting keeps: pairs with the most articles in common first,
    each old id at most once (ties go to the older id)."""
    old_of = {article: meeting for meeting, articles in old.items() for article in articles}
    common: Counter[tuple[int, int]] = Counter()
    for meeting, articles in new.items():
        for article in articles:
            if article in old_of:
                common[meeting, old_of[article]] += 1
    kept: dict[int, int] = {}
    for new_id, old_id in sorted(common, key=lambda pair: (-common[pair], pair[1], pair[0])):
        if new_id not in kept and old_id not in kept.values():
            kept[new_id] = old_id
    return kept


def reclassify(
    *, database_url: str, outdated: bool = False, progress: Progress | None = None
) -> ReclassifySummary:
    """Re-classify stored articles (with `outdated`, only those not labelled by the current
    classifier) and re-link their meetings; meetings keep their ids where their articles do."""
    progress = progress or Progress()
    with session_scope(database_url) as session:
        ids = select_articles(session, outdated=outdated)
        total = session.exec(
            select(func.count()).select_from(Article).where(Article.status.in_(CLASSIFIED))
        ).one()
        last_id = session.exec(select(func.max(Meeting.id))).one() or 0
    summary = ReclassifySummary(skipped=total - len(ids))
    progress.start("reclassify", len(ids))
    if outdated:
        touched = _classify(database_url, ids, summary, progress)
        with session_scope(database_url) as session:
            summary.removed_meetings = _drop_empty(session, touched)
    else:
        with session_scope(database_url) as session:
            old = _members(session, Meeting.id <= last_id)
            # Articles no longer stored (failed or skipped since) report no meeting.
            session.execute(
                update(Article)
                .where(Article.meeting_id.is_not(None), Article.status.not_in(CLASSIFIED))
                .values(meeting_id=None)
            )
        # Meetings are rebuilt from scratch beside the old rows (a corrected date or city may
        # merge or split them), then each rebuilt meeting takes the id of the old row it matches.
        _classify(database_url, ids, summary, progress, after_id=last_id)
        with session_scope(database_url) as session:
            summary.removed_meetings = _renumber(session, old, last_id)
    with session_scope(database_url) as session:
        summary.meetings = session.exec(select(func.count()).select_from(Meeting)).one()
        summary.new_meetings = session.exec(
            select(func.count()).select_from(Meeting).where(Meeting.id > last_id)
        ).one()
    summary.kept_meetings = summary.meetings - summary.new_meetings
    return summary


def _classify(
    database_url: str,
    ids: list[int],
    summary: ReclassifySummary,
    progress: Progress,
    *,
    after_id: int | None = None,
) -> set[int]:
    """Classify and link each article in batches; the meetings they were linked to before."""
    touched: set[int] = set()
    for start in range(0, len(ids), BATCH):
        with session_scope(database_url) as session:
            for article_id in ids[start : start + BATCH]:
                article = session.get(Article, article_id)
                if article.meeting_id is not None:
                    touched.add(article.meeting_id)
                result = classify_article(session=session, article=article, after_id=after_id)
                summary.articles += 1
                summary.labels[result.label] = summary.labels.get(result.label, 0) + 1
                progress.advance("reclassify")
    return touched


def _members(session: Session, *where) -> dict[int, set[int]]:
    """The ids of the stored articles of each meeting (of those `where` selects)."""
    rows = session.exec(
        select(Article.meeting_id, Article.id)
        .join(Meeting, Meeting.id == Article.meeting_id)
        .where(Article.status.in_(CLASSIFIED), *where)
    ).all()
    members: dict[int, set[int]] = {}
    for meeting_id, article_id in rows:
        members.setdefault(meeting_id, set()).add(article_id)
    return members


def _renumber(session: Session, old: dict[int, set[int]], last_id: int) -> int:
    """Move each rebuilt meeting (id above `last_id`) onto the old row it matches and delete
    the old rows nothing matched; how many were deleted."""
    for new_id, old_id in match_meetings(old, _members(session, Meeting.id > last_id)).items():
        source, target = session.get(Meeting, new_id), session.get(Meeting, old_id)
        changed = False
        for name in _MEETING_FIELDS:
            if getattr(target, name) != getattr(source, name):
                setattr(target, name, getattr(source, name))
                changed = True
        if changed:
            target.updated_at = utcnow()
        session.add(target)
        session.flush()
        session.execute(
            update(Article).where(Article.meeting_id == new_id).values(meeting_id=old_id)
        )
        session.delete(source)
        session.flush()
    stale = list(
        session.exec(
            select(Meeting.id).where(
                Meeting.id <= last_id,
                ~select(Article.id).where(Article.meeting_id == Meeting.id).exists(),
            )
        )
    )
    # An old row nothing matched is left without articles: the meeting it was is gone.
    if stale:
        session.execute(delete(Meeting).where(Meeting.id.in_(stale)))
    return len(stale)


def _drop_empty(session: Session, meeting_ids: set[int]) -> int:
    """Delete those of the meetings that no article reports any more; how many."""
    empty = [
        meeting_id
        for meeting_id in sorted(meeting_ids)
        if session.exec(select(Article.id).where(Article.meeting_id == meeting_id)).first() is None
    ]
    if empty:
        session.execute(delete(Meeting).where(Meeting.id.in_(empty)))
    return len(empty)
