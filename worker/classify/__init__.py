"""The Xi–Putin meeting classifier: pure functions from an article's text to a label and details."""

from worker.classify.classifier import (
    CLASSIFIER_VERSION,
    Classification,
    ClassifyInput,
    classify,
)
from worker.classify.labels import LABELS, Label, Mode
from worker.classify.linking import link_batch
from worker.classify.places import Place, place_for

__all__ = [
    "CLASSIFIER_VERSION",
    "LABELS",
    "Classification",
    "ClassifyInput",
    "Label",
    "Mode",
    "Place",
    "classify",
    "link_batch",
    "place_for",
]
