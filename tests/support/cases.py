"""The classifier cases we wrote (tests/data/classify/*.jsonl), each classified once per run."""

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from worker.classify import Classification, ClassifyInput, classify

CASES_DIR = Path(__file__).resolve().parents[1] / "data" / "classify"


@dataclass(frozen=True)
class Case:
    """One written article and what the classifier must say about it."""

    doc: ClassifyInput
    expect: dict = field(compare=False)  # left out of the hash: classified() caches by doc

    @property
    def id(self) -> str:
        return self.doc.id


def _case(record: dict) -> Case:
    return Case(doc=ClassifyInput.from_record(record), expect=record["expect"])


@cache
def load_cases() -> tuple[Case, ...]:
    """Every case, in file order."""
    return tuple(
        _case(json.loads(line))
        for path in sorted(CASES_DIR.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    )


@cache
def classified(case: Case) -> Classification:
    """classify() of the case: the case tests and the feature tests share one run over them."""
    return classify(case.doc)
