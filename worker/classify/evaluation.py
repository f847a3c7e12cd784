"""Scores of the classifier on a labelled set (dev.jsonl's shape): labels, details, linking."""

import json
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from pathlib import Path

from worker.classify.classifier import Classification, ClassifyInput, classify
from worker.pipeline.meetings import STATED, MeetingKey, same_meeting

MODES = {"meeting": "in_person", "video_meeting": "video", "phone_call": "phone"}
IS_MEETING = ("meeting", "video_meeting")


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    accuracy: float
    date_accuracy: float
    city_accuracy: float
    linked_date_accuracy: float
    linked_city_accuracy: float
    link_precision: float
    link_recall: float
    link_f1: float
    throughput: float
    confusion: dict[tuple[str, str], int]
    failures: list[str]


def load(path: Path) -> list[dict]:
    """The labelled rows of a JSON-lines file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def to_input(row: dict) -> ClassifyInput:
    """What the classifier reads from a labelled row."""
    return ClassifyInput.from_record(row)


def _key(
    label: str,
    day: date | None,
    city: str | None,
    basis: str | None = STATED,
    published: date | None = None,
) -> MeetingKey | None:
    mode = MODES.get(label)
    if not (mode and day):
        return None
    return MeetingKey(mode, day, city, basis=basis or STATED, published=published or day)


def cluster(keys: list[MeetingKey | None]) -> list[int | None]:
    """Attach each key to the first earlier meeting it matches, as link_meeting does."""
    return cluster_meetings(keys)[0]


def cluster_meetings(keys: list[MeetingKey | None]) -> tuple[list[int | None], list[MeetingKey]]:
    """The meeting index of each key (in the given order, the order of arrival) and the
    meetings, widened by stated days and filled as link_meeting does."""
    meetings: list[MeetingKey] = []
    out: list[int | None] = [None] * len(keys)
    for at, key in enumerate(keys):
        if key is None:
            continue
        fits = [i for i, m in enumerate(meetings) if same_meeting(m, key)]
        if not fits:
            meetings.append(MeetingKey(key.mode, key.date, key.city))
            out[at] = len(meetings) - 1
            continue
        # A stated day takes the first meeting it fits; a recap the latest one before it.
        i = fits[0] if key.basis == STATED else max(fits, key=lambda j: meetings[j].date)
        m = meetings[i]
        lo, hi = m.date, m.last
        if key.basis == STATED:
            lo, hi = min(m.date, key.date), max(m.last, key.date)
        meetings[i] = MeetingKey(m.mode, lo, m.city or key.city, hi if hi != lo else None)
        out[at] = i
    return out, meetings


def _by_arrival(rows: list[dict]) -> list[int]:
    """Row indexes in publication order, as articles reach link_meeting."""
    return sorted(range(len(rows)), key=lambda i: rows[i].get("published") or "")


def _linked(rows: list[dict], keys: list[MeetingKey | None]) -> tuple[list, list]:
    """Cluster keys in arrival order; (meeting index per row, meeting per row or None)."""
    order = _by_arrival(rows)
    ids, meetings = cluster_meetings([keys[i] for i in order])
    by_row: list[int | None] = [None] * len(rows)
    for pos, i in enumerate(order):
        by_row[i] = ids[pos]
    return by_row, [meetings[i] if i is not None else None for i in by_row]


def _pairs(ids: list[int | None]) -> set[tuple[int, int]]:
    return {
        (a, b)
        for a, b in combinations(range(len(ids)), 2)
        if ids[a] is not None and ids[a] == ids[b]
    }


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def evaluate(rows: list[dict]) -> Scores:
    """Classify every row and score the results against its labels."""
    inputs = [to_input(r) for r in rows]
    start = time.perf_counter()
    preds: list[Classification] = [classify(doc) for doc in inputs]
    elapsed = time.perf_counter() - start
    truth = [r["label"] for r in rows]
    pairs = list(zip(preds, truth, strict=True))
    tp = sum(p.is_meeting and t in IS_MEETING for p, t in pairs)
    fp = sum(p.is_meeting and t not in IS_MEETING for p, t in pairs)
    fn = sum(not p.is_meeting and t in IS_MEETING for p, t in pairs)
    dated = [(p, r) for p, r in zip(preds, rows, strict=True) if r.get("meeting_date")]
    placed = [(p, r) for p, r in zip(preds, rows, strict=True) if r.get("meeting_city")]
    date_ok = sum(str(p.meeting_date) == r["meeting_date"] for p, r in dated)
    city_ok = sum(p.meeting_city == r["meeting_city"] for p, r in placed)
    true_ids, _ = _linked(
        rows,
        [
            _key(
                r["label"],
                date.fromisoformat(r["meeting_date"]) if r.get("meeting_date") else None,
                r.get("meeting_city"),
            )
            for r in rows
        ],
    )
    pred_ids, linked = _linked(
        rows,
        [
            _key(p.label, p.meeting_date, p.meeting_city, p.date_basis, doc.published)
            for p, doc in zip(preds, inputs, strict=True)
        ],
    )
    # What the article reads after linking: a report that states no day or no city takes its
    # meeting's, as link_meeting writes it.
    after = [
        (
            p.meeting_date
            if m is None or p.date_basis == STATED or m.date <= p.meeting_date <= m.last
            else m.date,
            p.meeting_city or (m.city if m else None),
        )
        for p, m in zip(preds, linked, strict=True)
    ]
    linked_date_ok = sum(
        str(d) == r["meeting_date"]
        for (d, _c), r in zip(after, rows, strict=True)
        if r.get("meeting_date")
    )
    linked_ok = sum(
        c == r["meeting_city"]
        for (_d, c), r in zip(after, rows, strict=True)
        if r.get("meeting_city")
    )
    true_pairs, pred_pairs = _pairs(true_ids), _pairs(pred_ids)
    lp = _ratio(len(true_pairs & pred_pairs), len(pred_pairs))
    lr = _ratio(len(true_pairs & pred_pairs), len(true_pairs))
    failures = [
        f"{r['id']}\ttruth={r['label']} pred={p.label}"
        f" date={p.meeting_date}/{r.get('meeting_date')}"
        f" city={p.meeting_city}/{r.get('meeting_city')}"
        for p, r in zip(preds, rows, strict=True)
        if p.label != r["label"]
        or (r.get("meeting_date") and str(p.meeting_date) != r["meeting_date"])
        or (r.get("meeting_city") and p.meeting_city != r["meeting_city"])
    ]
    return Scores(
        precision=_ratio(tp, tp + fp),
        recall=_ratio(tp, tp + fn),
        accuracy=sum(p.label == t for p, t in zip(preds, truth, strict=True)) / len(rows),
        date_accuracy=_ratio(date_ok, len(dated)),
        city_accuracy=_ratio(city_ok, len(placed)),
        linked_date_accuracy=_ratio(linked_date_ok, len(dated)),
        linked_city_accuracy=_ratio(linked_ok, len(placed)),
        link_precision=lp,
        link_recall=lr,
        link_f1=2 * lp * lr / (lp + lr) if lp + lr else 0.0,
        throughput=len(rows) / elapsed if elapsed else float("inf"),
        confusion=Counter((t, p.label) for p, t in zip(preds, truth, strict=True)),
        failures=failures,
    )


def measure_throughput(rows: list[dict], seconds: float = 2.0) -> tuple[float, float]:
    """Articles per second over repeated passes: (per CPU second of this process, per wall second).

    CPU time is the figure for "one core": wall time also counts waiting for other processes.
    """
    inputs = [to_input(r) for r in rows]
    done, start, cpu = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds:
        for doc in inputs:
            classify(doc)
        done += len(inputs)
    return done / (time.process_time() - cpu), done / (time.perf_counter() - start)
