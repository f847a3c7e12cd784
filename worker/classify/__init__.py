"""The Xi–Putin meeting classifier: pure functions from an article's text to a label and details."""

from worker.classify.classifier import (
    CLASSIFIER_VERSION,
    LABELS,
    Classification,
    ClassifyInput,
    classify,
)
from worker.classify.linking import link_batch
from worker.classify.places import Place, place_for

__all__ = [
    "CLASSIFIER_VERSION",
    "LABELS",
    "Classification",
    "ClassifyInput",
    "Place",
    "classify",
    "link_batch",
    "place_for",
]
