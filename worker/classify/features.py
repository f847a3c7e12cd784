"""A fixed-length numeric summary of what the rules read in one article, for a learned layer.

Every feature is an output of the rule layer (readings, mentions, its label), never raw words:
a model over them can only re-weigh what the rules already see.
"""

from worker.classify.classifier import (
    Classification,
    ClassifyInput,
    classify,
    read_article,
    recalled_reports,
)
from worker.classify.labels import LABELS, Mode

KINDS = (
    "report",
    "plan",
    "history",
    "other_party",
    "message",
    "summit",
    "denied",
    "backdrop",
    "wish",
)
LANGUAGES = ("en", "zh", "ru")

FEATURE_NAMES: tuple[str, ...] = (
    *(f"kind:{kind}" for kind in KINDS),
    "report:direct",
    "report:paired",
    "report:strong",
    "report:mode_said",
    *(f"mode:{mode}" for mode in Mode),
    "mode:unsaid",
    "article:xi",
    "article:putin",
    "article:named_both",
    "article:pair",
    "article:generic_pair",
    "article:implied",
    "lead:both",
    "title:both",
    "context:both_named",
    "context:opens_with_both",
    *(f"language:{lang}" for lang in LANGUAGES),
    *(f"rule:{label}" for label in LABELS),
    "rule:mode_stated",
    "rule:score",
)


def _flag(value: bool) -> float:
    return 1.0 if value else 0.0


def features(doc: ClassifyInput, result: Classification | None = None) -> list[float]:
    """The article's feature vector, in FEATURE_NAMES order (`result`: its classify() output)."""
    result = result if result is not None else classify(doc)
    reading = read_article(doc)
    rule = [_flag(result.label == label) for label in LABELS]
    rule += [_flag(result.mode_stated and result.mode is not None), result.score]
    if reading is None:
        # A language the rules do not read: nothing but the rule's own label.
        return [0.0] * (len(FEATURE_NAMES) - len(rule)) + rule
    readings = reading.readings
    if result.rule.startswith("mention:history:") and not any(
        r.kind == "history" for r in readings
    ):
        # classify() set the reports back as history: their day is long before the news.
        readings = recalled_reports(readings)
    reports = [r for r in readings if r.kind == "report"]
    whole, title = reading.whole, reading.named[0] if reading.named else None
    vector = [float(sum(r.kind == kind for r in readings)) for kind in KINDS]
    vector += [
        float(sum(r.direct for r in reports)),
        float(sum(not r.direct for r in reports)),
        float(sum(r.strong for r in reports)),
        float(sum(r.mode_said for r in reports)),
    ]
    vector += [_flag(any(r.mode == mode for r in readings)) for mode in Mode]
    vector.append(_flag(any(r.mode is None for r in readings)))
    vector += [
        _flag(whole.xi),
        _flag(whole.putin),
        _flag(whole.named_both),
        _flag(whole.pair),
        _flag(whole.generic_pair),
        _flag((whole.xi and whole.xi_implied) or (whole.putin and whole.putin_implied)),
        _flag(reading.lead.both),
        _flag(title is not None and title.both),
        _flag(reading.context.both_named),
        _flag(reading.context.opens_with_both),
    ]
    vector += [_flag(reading.language == lang) for lang in LANGUAGES]
    return vector + rule
