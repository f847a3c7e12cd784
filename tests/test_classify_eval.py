"""The classifier on ../shared/eval/dev.jsonl: the issue's bars and no regression below today."""

from pathlib import Path

import pytest

from worker.classify.evaluation import Scores, evaluate, load, measure_throughput

pytestmark = pytest.mark.shared

# Issue 5's bars on the dev set.
BARS = {
    "precision": 0.97,
    "recall": 0.95,
    "accuracy": 0.90,
    "date_accuracy": 0.93,
    "city_accuracy": 0.93,
    "link_f1": 0.95,
}
# Not reached yet by the rules (see the bench's --failures): the misses are mostly BORDERLINE
# rows whose text states no mode, city or day (weekly recaps, one-line feed items). Strict, so
# the day a bar is met this test fails and the bar moves into the asserted set.
# The date and city bars are on the classifier alone; after linking (a recap takes its
# meeting's day and city) the figures are higher and have their own floors below.
NOT_YET = {
    "recall": "0.943: 4 misses, texts that state no meeting verb or name only one leader",
    "date_accuracy": "0.807: weekly recaps and trip summaries that state no day (0.867 linked)",
    "city_accuracy": "0.763: feed items that name no city (0.932 after linking)",
    "link_f1": "0.891: texts that do not state the mode or the meeting at all",
}
# Measured on 2026-11-25 with CLASSIFIER_VERSION rules-2026.11.25c, less a small margin:
# a change that drops below these is a regression.
FLOORS = {
    "precision": 0.97,
    "recall": 0.93,
    "accuracy": 0.91,
    "date_accuracy": 0.79,
    "city_accuracy": 0.75,
    "linked_date_accuracy": 0.85,
    "linked_city_accuracy": 0.92,
    "link_f1": 0.87,
}
# Issue 5: at least 500 articles a second on one core.
MIN_ARTICLES_PER_CPU_SECOND = 500


@pytest.fixture(scope="module")
def dev_rows(shared_dir: Path) -> list[dict]:
    return load(shared_dir / "eval" / "dev.jsonl")


@pytest.fixture(scope="module")
def scores(dev_rows: list[dict]) -> Scores:
    return evaluate(dev_rows)


def _bar(name: str):
    if name in NOT_YET:
        return pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=NOT_YET[name]))
    return name


@pytest.mark.parametrize("name", [_bar(n) for n in BARS])
def test_issue_bar(scores: Scores, name: str) -> None:
    assert getattr(scores, name) >= BARS[name], scores.failures


@pytest.mark.parametrize("name", list(FLOORS))
def test_no_regression(scores: Scores, name: str) -> None:
    assert getattr(scores, name) >= FLOORS[name], scores.failures


def test_every_label_is_predicted_right_at_least_once(scores: Scores) -> None:
    for label in ("meeting", "video_meeting", "phone_call", "announcement", "mention", "unrelated"):
        assert scores.confusion.get((label, label), 0) > 0, label


def test_throughput_on_one_core(dev_rows: list[dict]) -> None:
    per_cpu_second, _wall = measure_throughput(dev_rows, seconds=1.0)
    assert per_cpu_second >= MIN_ARTICLES_PER_CPU_SECOND
