"""Scores of the classifier on a labelled set (dev.jsonl's shape): labels, details, linking."""

import json
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from pathlib import Path

from worker.classify.classifier import Classification, ClassifyInput, classify
from worker.classify.linking import (
    MODES,
    MeetingKey,
    cluster_by_arrival,
    link_batch,
)

IS_MEETING = ("meeting", "video_meeting")


@dataclass(frozen=True)
class Figures:
    """Label and detail scores of one set of predictions."""

    precision: float  # of is_meeting
    recall: float
    accuracy: float  # six labels
    date_accuracy: float  # exact day, over rows labelled with a meeting date
    city_accuracy: float  # over rows labelled with a meeting city
    confusion: dict[tuple[str, str], int]


@dataclass(frozen=True)
class Scores:
    """Each article classified alone, and the whole set linked as `meetwire classify` does."""

    alone: Figures
    linked: Figures
    link_precision: float  # pairwise "same meeting", on the linked output
    link_recall: float
    link_f1: float
    failures: list[str]  # rows the linked output gets wrong


def load(path: Path) -> list[dict]:
    """The labelled rows of a JSON-lines file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def to_input(row: dict) -> ClassifyInput:
    """What the classifier reads from a labelled row."""
    return ClassifyInput.from_record(row)


def _true_key(row: dict) -> MeetingKey | None:
    """The labelled meeting of a row, or None."""
    mode = MODES.get(row["label"])
    if not (mode and row.get("meeting_date")):
        return None
    return MeetingKey(mode, date.fromisoformat(row["meeting_date"]), row.get("meeting_city"))


def _true_meetings(rows: list[dict]) -> list[int | None]:
    """The labelled meeting of each row, grouped as the linking rule groups stated reports."""
    published = [to_input(r).published for r in rows]
    return cluster_by_arrival([_true_key(r) for r in rows], published)[0]


def _pairs(ids: list[int | None]) -> set[tuple[int, int]]:
    return {
        (a, b)
        for a, b in combinations(range(len(ids)), 2)
        if ids[a] is not None and ids[a] == ids[b]
    }


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def figures(preds: list[Classification], rows: list[dict]) -> Figures:
    """Score predictions against their labelled rows."""
    pairs = list(zip(preds, rows, strict=True))
    truth = [r["label"] for r in rows]
    tp = sum(p.is_meeting and r["label"] in IS_MEETING for p, r in pairs)
    fp = sum(p.is_meeting and r["label"] not in IS_MEETING for p, r in pairs)
    fn = sum(not p.is_meeting and r["label"] in IS_MEETING for p, r in pairs)
    dated = [(p, r) for p, r in pairs if r.get("meeting_date")]
    placed = [(p, r) for p, r in pairs if r.get("meeting_city")]
    return Figures(
        precision=_ratio(tp, tp + fp),
        recall=_ratio(tp, tp + fn),
        accuracy=_ratio(sum(p.label == r["label"] for p, r in pairs), len(pairs)),
        date_accuracy=_ratio(
            sum(str(p.meeting_date) == r["meeting_date"] for p, r in dated), len(dated)
        ),
        city_accuracy=_ratio(
            sum(p.meeting_city == r["meeting_city"] for p, r in placed), len(placed)
        ),
        confusion=Counter((t, p.label) for p, t in zip(preds, truth, strict=True)),
    )


def evaluate(rows: list[dict]) -> Scores:
    """Classify every row, alone and linked, and score the results against its labels."""
    inputs = [to_input(r) for r in rows]
    preds = [classify(doc) for doc in inputs]
    # What `meetwire classify` prints for the whole file: a report that states no day, city or
    # mode reads its meeting's, as the pipeline's Meeting table gives it.
    linked = link_batch(inputs, preds)
    after = [p for _, p in linked]
    true_pairs = _pairs(_true_meetings(rows))
    pred_pairs = _pairs([meeting_id for meeting_id, _ in linked])
    lp = _ratio(len(true_pairs & pred_pairs), len(pred_pairs))
    lr = _ratio(len(true_pairs & pred_pairs), len(true_pairs))
    failures = [
        f"{r['id']}\ttruth={r['label']} pred={p.label}"
        f" date={p.meeting_date}/{r.get('meeting_date')}"
        f" city={p.meeting_city}/{r.get('meeting_city')}"
        for p, r in zip(after, rows, strict=True)
        if p.label != r["label"]
        or (r.get("meeting_date") and str(p.meeting_date) != r["meeting_date"])
        or (r.get("meeting_city") and p.meeting_city != r["meeting_city"])
    ]
    return Scores(
        alone=figures(preds, rows),
        linked=figures(after, rows),
        link_precision=lp,
        link_recall=lr,
        link_f1=2 * lp * lr / (lp + lr) if lp + lr else 0.0,
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
