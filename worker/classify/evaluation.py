"""Scores of the classifier on the labelled sets: labels, details, contacts, meeting linking.

The tune/check split is fixed by each row's `id`: the first eight bytes of sha256(id, UTF-8),
read as a big-endian integer, modulo FOLDS (5) give the row's fold; fold 0 is the check part
(held out: no rule is written from it), folds 1-4 are the tune part. The same folds serve the
k-fold report, so a row never changes part when rows are added or reordered. Each part is linked
as an input of its own, so that no held-out row reads a day or city from a tuned row.
"""

import hashlib
import json
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from pathlib import Path

from worker.classify.classifier import Classification, ClassifyInput, classify
from worker.classify.labels import LABELS, MEETING_LABELS, MODE_OF_LABEL
from worker.classify.linking import (
    MeetingKey,
    cluster_by_arrival,
    link_batch,
)
from worker.classify.morphology import may_be_genitive, may_be_participle, verb_form
from worker.classify.tokens import segment_cuts

FOLDS = 5
CHECK_FOLD = 0
# The labelled files under ../shared/eval, read together (see the README there).
LABELLED_FILES = ("dev.jsonl", "dev_lookalikes.jsonl")
TRUTH_FILE = "meetings_truth.json"
# The sections of meetings_truth.json that list contacts which took place.
_TRUTH_SECTIONS = ("in_person", "video", "phone")


@dataclass(frozen=True, order=True)
class Contact:
    """One Xi–Putin contact as a user of the meetings table sees it: a mode and a day."""

    mode: str  # in_person | video | phone
    day: date


@dataclass(frozen=True)
class KnownContact:
    """A contact that took place, from the truth list: its mode and first and last day."""

    mode: str
    first: date
    last: date

    def covers(self, contact: Contact) -> bool:
        return self.mode == contact.mode and self.first <= contact.day <= self.last


@dataclass(frozen=True)
class ContactFigures:
    """Distinct contacts claimed by the output and reported by the labels, checked both ways."""

    claimed: int
    real: int  # of the claimed, those the truth list has
    reported: int
    found: int  # of the reported, those the output claims
    false: dict[Contact, list[str]]  # claimed but never held -> ids of the rows claiming it
    missed: dict[Contact, list[str]]  # reported but not claimed -> ids of the rows reporting it

    @property
    def real_share(self) -> float:
        return _ratio(self.real, self.claimed)

    @property
    def found_share(self) -> float:
        return _ratio(self.found, self.reported)


@dataclass(frozen=True)
class LabelFigures:
    """Precision and recall of one label, and how many rows carry it."""

    precision: float
    recall: float
    support: int


@dataclass(frozen=True)
class Figures:
    """Label, detail and contact scores of one set of predictions."""

    precision: float  # of is_meeting
    recall: float
    accuracy: float  # six labels
    date_accuracy: float  # exact day, over rows labelled with a meeting date
    city_accuracy: float  # over rows labelled with a meeting city
    confusion: dict[tuple[str, str], int]
    rows: int = 0
    dated: int = 0  # rows labelled with a meeting date
    placed: int = 0  # rows labelled with a meeting city
    per_label: dict[str, LabelFigures] | None = None
    per_language: dict[str, "Figures"] | None = None
    contacts: ContactFigures | None = None  # None without a truth list


@dataclass(frozen=True)
class Scores:
    """Each article classified alone, and the whole set linked as `meetwire classify` does."""

    alone: Figures
    linked: Figures
    link_precision: float  # pairwise "same meeting", on the linked output
    link_recall: float
    link_f1: float
    failures: list[str]  # rows the linked output gets wrong


@dataclass(frozen=True)
class Run:
    """The classifier's output on a labelled set, alone and linked, kept for scoring its parts."""

    rows: list[dict]
    alone: list[Classification]
    linked: list[Classification]
    meeting_ids: list[int | None]  # the linked meeting of each row
    true_ids: list[int | None]  # the labelled meeting of each row


@dataclass(frozen=True)
class SplitScores:
    """Scores of the held-out check part, the tune part and all rows."""

    check: Scores
    tune: Scores
    all: Scores


def fold_of(row_id: str, folds: int = FOLDS) -> int:
    """The fold of a row: sha256 of its id, modulo the number of folds."""
    digest = hashlib.sha256(row_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % folds


def is_check(row: dict) -> bool:
    """True for a row of the held-out check part."""
    return fold_of(row["id"]) == CHECK_FOLD


def load(path: Path) -> list[dict]:
    """The labelled rows of a JSON-lines file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def load_labelled(eval_dir: Path) -> list[dict]:
    """The rows of every labelled file in ../shared/eval, in file order."""
    return [row for name in LABELLED_FILES for row in load(eval_dir / name)]


def load_truth(path: Path) -> list[KnownContact]:
    """The contacts that took place, from meetings_truth.json (all modes, multilateral too)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        KnownContact(
            entry["mode"],
            date.fromisoformat(entry["date"]),
            date.fromisoformat(entry.get("end_date") or entry["date"]),
        )
        for section in _TRUTH_SECTIONS
        for entry in data[section]
    ]


def to_input(row: dict) -> ClassifyInput:
    """What the classifier reads from a labelled row."""
    return ClassifyInput.from_record(row)


def _true_key(row: dict) -> MeetingKey | None:
    """The labelled meeting of a row, or None."""
    mode = MODE_OF_LABEL.get(row["label"])
    if not (mode and row.get("meeting_date")):
        return None
    return MeetingKey(mode, date.fromisoformat(row["meeting_date"]), row.get("meeting_city"))


def _true_meetings(rows: list[dict]) -> list[int | None]:
    """The labelled meeting of each row, grouped as the linking rule groups stated reports."""
    published = [to_input(r).published for r in rows]
    return cluster_by_arrival([_true_key(r) for r in rows], published)[0]


def _pairs(ids: Sequence[int | None]) -> set[tuple[int, int]]:
    return {
        (a, b)
        for a, b in combinations(range(len(ids)), 2)
        if ids[a] is not None and ids[a] == ids[b]
    }


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def _claimed(pred: Classification) -> Contact | None:
    mode = MODE_OF_LABEL.get(pred.label)
    return Contact(mode, pred.meeting_date) if mode and pred.meeting_date else None


def _reported(row: dict) -> Contact | None:
    mode = MODE_OF_LABEL.get(row["label"])
    day = row.get("meeting_date")
    return Contact(mode, date.fromisoformat(day)) if mode and day else None


def contact_figures(
    preds: list[Classification], rows: list[dict], truth: list[KnownContact]
) -> ContactFigures:
    """Distinct (mode, day) contacts: claimed ones the truth list has, reported ones claimed."""
    claimed: dict[Contact, list[str]] = defaultdict(list)
    reported: dict[Contact, list[str]] = defaultdict(list)
    for pred, row in zip(preds, rows, strict=True):
        if (contact := _claimed(pred)) is not None:
            claimed[contact].append(row["id"])
        if (contact := _reported(row)) is not None:
            reported[contact].append(row["id"])
    false = {c: ids for c, ids in sorted(claimed.items()) if not any(k.covers(c) for k in truth)}
    missed = {c: ids for c, ids in sorted(reported.items()) if c not in claimed}
    return ContactFigures(
        claimed=len(claimed),
        real=len(claimed) - len(false),
        reported=len(reported),
        found=len(reported) - len(missed),
        false=false,
        missed=missed,
    )


def _language(row: dict) -> str:
    return row.get("language") or "?"


def _label_figures(preds: list[Classification], rows: list[dict]) -> dict[str, LabelFigures]:
    out = {}
    for label in LABELS:
        said = sum(p.label == label for p in preds)
        support = sum(r["label"] == label for r in rows)
        right = sum(p.label == label == r["label"] for p, r in zip(preds, rows, strict=True))
        out[label] = LabelFigures(_ratio(right, said), _ratio(right, support), support)
    return out


def figures(
    preds: list[Classification],
    rows: list[dict],
    truth: list[KnownContact] | None = None,
    by_language: bool = True,
) -> Figures:
    """Score predictions against their labelled rows (contacts only with a truth list)."""
    pairs = list(zip(preds, rows, strict=True))
    tp = sum(p.is_meeting and r["label"] in MEETING_LABELS for p, r in pairs)
    fp = sum(p.is_meeting and r["label"] not in MEETING_LABELS for p, r in pairs)
    fn = sum(not p.is_meeting and r["label"] in MEETING_LABELS for p, r in pairs)
    dated = [(p, r) for p, r in pairs if r.get("meeting_date")]
    placed = [(p, r) for p, r in pairs if r.get("meeting_city")]
    per_language = None
    if by_language:
        per_language = {}
        for lang in sorted({_language(r) for r in rows}):
            same = [(p, r) for p, r in pairs if _language(r) == lang]
            per_language[lang] = figures(
                [p for p, _ in same], [r for _, r in same], by_language=False
            )
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
        confusion=Counter((r["label"], p.label) for p, r in pairs),
        rows=len(pairs),
        dated=len(dated),
        placed=len(placed),
        per_label=_label_figures(preds, rows),
        per_language=per_language,
        contacts=contact_figures(preds, rows, truth) if truth is not None else None,
    )


def run(rows: list[dict], alone: list[Classification] | None = None) -> Run:
    """Classify every row alone (unless given), then link the set as one `meetwire classify`
    input."""
    inputs = [to_input(r) for r in rows]
    if alone is None:
        alone = [classify(doc) for doc in inputs]
    # What `meetwire classify` prints for the whole file: a report that states no day, city or
    # mode reads its meeting's, as the pipeline's Meeting table gives it.
    linked = link_batch(inputs, alone)
    return Run(
        rows=rows,
        alone=alone,
        linked=[p for _, p in linked],
        meeting_ids=[meeting_id for meeting_id, _ in linked],
        true_ids=_true_meetings(rows),
    )


def _failure(pred: Classification, row: dict) -> str | None:
    wrong = (
        pred.label != row["label"]
        or (row.get("meeting_date") and str(pred.meeting_date) != row["meeting_date"])
        or (row.get("meeting_city") and pred.meeting_city != row["meeting_city"])
    )
    if not wrong:
        return None
    return (
        f"{row['id']}\t{row.get('language')}\ttruth={row['label']} pred={pred.label}"
        f" date={pred.meeting_date}/{row.get('meeting_date')}"
        f" city={pred.meeting_city}/{row.get('meeting_city')}"
    )


def part(result: Run, keep: Sequence[int]) -> Run:
    """The rows at the `keep` indexes of a run, linked again as an input of their own."""
    return run([result.rows[i] for i in keep], [result.alone[i] for i in keep])


def score(result: Run, truth: list[KnownContact] | None = None) -> Scores:
    """Scores of a run against its labelled rows (contacts only with a truth list)."""
    rows, alone, linked = result.rows, result.alone, result.linked
    true_pairs = _pairs(result.true_ids)
    pred_pairs = _pairs(result.meeting_ids)
    lp = _ratio(len(true_pairs & pred_pairs), len(pred_pairs))
    lr = _ratio(len(true_pairs & pred_pairs), len(true_pairs))
    return Scores(
        alone=figures(alone, rows, truth),
        linked=figures(linked, rows, truth),
        link_precision=lp,
        link_recall=lr,
        link_f1=2 * lp * lr / (lp + lr) if lp + lr else 0.0,
        failures=[f for p, r in zip(linked, rows, strict=True) if (f := _failure(p, r))],
    )


def evaluate(rows: list[dict], truth: list[KnownContact] | None = None) -> Scores:
    """Classify every row, alone and linked, and score the results against its labels."""
    return score(run(rows), truth)


def evaluate_split(rows: list[dict], truth: list[KnownContact] | None = None) -> SplitScores:
    """Scores of the check part, the tune part and all rows, each part linked on its own."""
    result = run(rows)
    check = [i for i, r in enumerate(rows) if is_check(r)]
    tune = [i for i, r in enumerate(rows) if not is_check(r)]
    return SplitScores(
        check=score(part(result, check), truth),
        tune=score(part(result, tune), truth),
        all=score(result, truth),
    )


def evaluate_folds(
    rows: list[dict], truth: list[KnownContact] | None = None, folds: int = FOLDS
) -> list[Scores]:
    """Scores of each fold of the hash split, each linked on its own (fold 0 is the check part
    when folds is FOLDS)."""
    result = run(rows)
    members: list[list[int]] = [[] for _ in range(folds)]
    for i, row in enumerate(rows):
        members[fold_of(row["id"], folds)].append(i)
    return [score(part(result, keep), truth) for keep in members]


def measure_throughput(rows: list[dict], seconds: float = 2.0) -> tuple[float, float]:
    """Articles per second over repeated passes: (per CPU second of this process, per wall second).

    CPU time is the figure for "one core": wall time also counts waiting for other processes.
    """
    inputs = [to_input(r) for r in rows]
    done, start, cpu = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds:
        # Each pass starts cold: repeating the same rows must not let caches do the work.
        for cached in (segment_cuts, verb_form, may_be_genitive, may_be_participle):
            cached.cache_clear()
        for doc in inputs:
            classify(doc)
        done += len(inputs)
    return done / (time.process_time() - cpu), done / (time.perf_counter() - start)
