"""The evaluation: its split and contact counting, and issue 11's bars on the held-out check part
of ../shared/eval (dev.jsonl + dev_lookalikes.jsonl), linked as `meetwire classify` links."""

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from worker.classify import ClassifyInput, classify
from worker.classify.evaluation import (
    FOLDS,
    LABELLED_FILES,
    TRUTH_FILE,
    Contact,
    KnownContact,
    Scores,
    SplitScores,
    contact_figures,
    evaluate,
    evaluate_split,
    fold_of,
    is_check,
    load,
    load_labelled,
    load_truth,
)

# Bars the classifier in this branch does not meet on the check part yet, with the figure
# measured on 2026-12-07 (rules-2026.12.07zo). Strict: the day a bar is met its test fails, and
# the mark comes off.
NOT_MET_PRECISION = "is_meeting precision 0.909 on the check part (1 false meeting of 11)"
NOT_MET_RECALL = "is_meeting recall 0.909 on the check part (1 of 11 meetings missed)"
NOT_MET_DATE = "meeting_date exact day 0.846 on the check part (11 of 13)"
NOT_MET_CITY = "meeting_city 0.667 on the check part (6 of 9)"
NOT_MET_CONTACTS_REAL = "8 of 10 contacts claimed on the check part really happened (0.800)"
NOT_MET_CONTACTS_FOUND = "8 of 11 contacts reported on the check part are found (0.727)"


def _prediction(label: str, day: date | None):
    """A classification with the given label and day, as the classifier shapes one."""
    doc = ClassifyInput.from_record({"id": "x", "title": "", "text": ""})
    return replace(classify(doc), label=label, meeting_date=day)


def test_fold_is_sha256_of_the_id_modulo_five() -> None:
    # Pinned: the split must not move, or rules written from the tune part leak into the check.
    assert FOLDS == 5
    assert [fold_of(s) for s in "abcdefgh"] == [0, 1, 0, 4, 2, 2, 4, 2]
    assert fold_of("kremlin-en-68692") == 1
    assert is_check({"id": "a"}) and not is_check({"id": "b"})


def test_contacts_are_distinct_mode_and_day_checked_against_the_truth_spans() -> None:
    truth = [
        KnownContact("in_person", date(2023, 3, 20), date(2023, 3, 21)),
        KnownContact("phone", date(2022, 6, 15), date(2022, 6, 15)),
    ]
    rows = [
        {"id": "r1", "label": "meeting", "meeting_date": "2023-03-21"},
        {"id": "r2", "label": "meeting", "meeting_date": "2023-03-21"},
        {"id": "r3", "label": "unrelated", "meeting_date": None},
        {"id": "r4", "label": "phone_call", "meeting_date": "2022-06-15"},
        {"id": "r5", "label": "mention", "meeting_date": None},
    ]
    preds = [
        _prediction("meeting", date(2023, 3, 21)),
        _prediction("meeting", date(2023, 3, 21)),  # the same contact: counted once
        _prediction("phone_call", date(2023, 3, 20)),  # a call on a visit's day: never held
        _prediction("mention", None),
        _prediction("meeting", None),  # no day: claims no contact
    ]
    c = contact_figures(preds, rows, truth)
    assert (c.claimed, c.real, c.reported, c.found) == (2, 1, 2, 1)
    assert c.false == {Contact("phone", date(2023, 3, 20)): ["r3"]}
    assert c.missed == {Contact("phone", date(2022, 6, 15)): ["r4"]}
    assert c.real_share == 0.5 and c.found_share == 0.5


@pytest.fixture(scope="module")
def labelled(shared_dir: Path) -> list[dict]:
    return load_labelled(shared_dir / "eval")


@pytest.fixture(scope="module")
def split(shared_dir: Path, labelled: list[dict]) -> SplitScores:
    return evaluate_split(labelled, load_truth(shared_dir / "eval" / TRUTH_FILE))


@pytest.fixture(scope="module")
def check(split: SplitScores) -> Scores:
    return split.check


@pytest.mark.shared
def test_truth_list_reads_every_mode(shared_dir: Path) -> None:
    truth = load_truth(shared_dir / "eval" / TRUTH_FILE)
    assert {k.mode for k in truth} == {"in_person", "video", "phone"}
    assert KnownContact("in_person", date(2023, 3, 20), date(2023, 3, 21)) in truth
    assert all(k.first <= k.last for k in truth)


@pytest.mark.shared
def test_check_part_is_a_fifth_of_both_files(
    shared_dir: Path, labelled: list[dict], split: SplitScores
) -> None:
    ids = [r["id"] for r in labelled]
    assert len(ids) == len(set(ids))
    assert len(ids) == sum(len(load(shared_dir / "eval" / name)) for name in LABELLED_FILES)
    assert split.all.linked.rows == len(ids)
    assert 0.15 < split.check.linked.rows / len(ids) < 0.25
    assert split.check.linked.rows + split.tune.linked.rows == len(ids)
    assert set(split.check.linked.per_language or {}) == {"en", "ru", "zh"}


@pytest.mark.shared
def test_evaluate_scores_the_rows_it_is_given(labelled: list[dict]) -> None:
    rows = [r for r in labelled if is_check(r)]
    scores = evaluate(rows)
    assert scores.linked.rows == len(rows) and scores.linked.contacts is None
    assert sum(scores.linked.confusion.values()) == len(rows)


# Issue 11's bars, one test each, on the check part's rows linked as an input of their own.
@pytest.mark.shared
@pytest.mark.xfail(strict=True, reason=NOT_MET_PRECISION)
def test_bar_is_meeting_precision(check: Scores) -> None:
    assert check.linked.precision >= 0.97, check.failures


@pytest.mark.shared
@pytest.mark.xfail(strict=True, reason=NOT_MET_RECALL)
def test_bar_is_meeting_recall(check: Scores) -> None:
    assert check.linked.recall >= 0.95, check.failures


@pytest.mark.shared
def test_bar_six_label_accuracy(check: Scores) -> None:
    assert check.linked.accuracy >= 0.90, check.failures


@pytest.mark.shared
@pytest.mark.xfail(strict=True, reason=NOT_MET_DATE)
def test_bar_meeting_date(check: Scores) -> None:
    assert check.linked.date_accuracy >= 0.93, check.failures


@pytest.mark.shared
@pytest.mark.xfail(strict=True, reason=NOT_MET_CITY)
def test_bar_meeting_city(check: Scores) -> None:
    assert check.linked.city_accuracy >= 0.93, check.failures


@pytest.mark.shared
@pytest.mark.xfail(strict=True, reason=NOT_MET_CONTACTS_REAL)
def test_bar_contacts_claimed_are_real(check: Scores) -> None:
    contacts = check.linked.contacts
    assert contacts is not None
    assert contacts.real_share >= 0.95, contacts.false


@pytest.mark.shared
@pytest.mark.xfail(strict=True, reason=NOT_MET_CONTACTS_FOUND)
def test_bar_contacts_reported_are_found(check: Scores) -> None:
    contacts = check.linked.contacts
    assert contacts is not None
    assert contacts.found_share >= 0.95, contacts.missed
