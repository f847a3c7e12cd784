"""The rule features of an article agree with what classify() decided, on cases we wrote."""

import pytest

from tests.support.cases import Case, classified, load_cases
from worker.classify import LABELS, ClassifyInput, classify
from worker.classify.classifier import read_article
from worker.classify.features import FEATURE_NAMES, KINDS, features
from worker.classify.labels import MODE_OF_LABEL

pytestmark = pytest.mark.pure


def _named(vector: list[float]) -> dict[str, float]:
    return dict(zip(FEATURE_NAMES, vector, strict=True))


@pytest.mark.parametrize("case", load_cases(), ids=lambda c: c.id)
def test_features_follow_the_rules_decision(case: Case) -> None:
    result = classified(case)
    vector = _named(features(case.doc, result))
    assert [label for label in LABELS if vector[f"rule:{label}"] == 1.0] == [result.label]
    decision, detail = result.rule.split(":")[:2]
    if result.label in MODE_OF_LABEL:
        assert vector["kind:report"] >= 1
        assert vector["report:direct"] + vector["report:paired"] == vector["kind:report"]
    elif decision == "plan":
        assert vector["kind:plan"] >= 1
    elif decision == "mention" and detail in KINDS:
        # The reading the rules set aside is counted under its kind.
        assert vector[f"kind:{detail}"] >= 1
    assert sum(vector[f"language:{lang}"] for lang in ("en", "zh", "ru")) == 1.0


@pytest.mark.parametrize("case", load_cases()[::200], ids=lambda c: c.id)
def test_features_are_the_same_with_or_without_the_result(case: Case) -> None:
    assert features(case.doc) == features(case.doc, classify(case.doc))


def test_an_unread_language_has_only_the_rule_label() -> None:
    doc = ClassifyInput(
        id="de", title="Xi trifft Putin", text="Xi und Putin trafen sich heute.", language="de"
    )
    assert read_article(doc) is None
    vector = _named(features(doc))
    assert vector["rule:unrelated"] == 1.0
    assert all(v == 0.0 for name, v in vector.items() if not name.startswith("rule:"))
