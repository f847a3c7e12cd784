"""Does a model over the rule features beat the hand-weighted rules? 5-fold cross-validation.

Usage: .venv/bin/python bench/learned_layer.py [--path rows.jsonl ...]

Rows: ../shared/eval/dev.jsonl + dev_lookalikes.jsonl, in the folds of sha256(id) mod 5 that
bench/eval_classifier.py uses (worker/classify/evaluation.py). For each fold: a logistic
regression (multinomial, balanced class weights, standardised worker/classify/features.py
vectors) is trained on the other four and predicts the held-out one. Three labellers, each
article alone (no linking):
  rules     classify() as it is;
  model     the model's most probable label;
  override  the rules' label, unless the model gives another label a probability above a
            threshold chosen by inner cross-validation over the four training folds only.
The rules were written from folds 1-4, so only fold 0 is held out from both the rules and the
model: the nested check prints it on its own.
"""

import argparse
import statistics
import sys
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from bench.eval_classifier import eval_dir
from worker.classify import LABELS, Classification, classify
from worker.classify.evaluation import (
    CHECK_FOLD,
    FOLDS,
    Figures,
    figures,
    fold_of,
    load,
    load_labelled,
    to_input,
)
from worker.classify.features import FEATURE_NAMES, features
from worker.classify.labels import is_meeting

RANDOM_STATE = 0
# Override thresholds tried by the inner cross-validation; 1.0 never overrides the rules.
THRESHOLDS = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.99, 1.0)


@dataclass(frozen=True)
class Data:
    """The labelled rows with their rule output, feature vectors, labels and folds."""

    rows: list[dict]
    rules: list[Classification]
    x: np.ndarray
    y: np.ndarray
    folds: np.ndarray


@dataclass(frozen=True)
class FoldResult:
    """One held-out fold scored three ways, and the override threshold chosen for it."""

    fold: int
    rules: Figures
    model: Figures
    override: Figures
    threshold: float
    overrides: int  # rows where the override changed the rules' label
    inner: dict[float, float]  # inner-CV six-label accuracy of each threshold (1.0: the rules)


def prepare(rows: list[dict]) -> Data:
    """Classify every row and compute its feature vector."""
    docs = [to_input(r) for r in rows]
    rules = [classify(doc) for doc in docs]
    x = np.array([features(doc, pred) for doc, pred in zip(docs, rules, strict=True)])
    return Data(
        rows=rows,
        rules=rules,
        x=x,
        y=np.array([r["label"] for r in rows]),
        folds=np.array([fold_of(r["id"]) for r in rows]),
    )


def fit(x: np.ndarray, y: np.ndarray) -> Pipeline:
    """Standardised features, multinomial logistic regression, balanced class weights."""
    model = make_pipeline(
        StandardScaler(),
        # lbfgs fits the multinomial (softmax) loss over the six labels.
        LogisticRegression(
            solver="lbfgs", class_weight="balanced", max_iter=5000, random_state=RANDOM_STATE
        ),
    )
    return model.fit(x, y)


def probabilities(model: Pipeline, x: np.ndarray) -> np.ndarray:
    """Probabilities in LABELS order (a label missing from training gets 0)."""
    out = np.zeros((len(x), len(LABELS)))
    proba = model.predict_proba(x)
    for j, label in enumerate(model.classes_):
        out[:, LABELS.index(label)] = proba[:, j]
    return out


def overridden(rules: list[str], proba: np.ndarray, threshold: float) -> list[str]:
    """The rules' labels, replaced by the model's where it is surer than `threshold`."""
    best = proba.argmax(axis=1)
    return [
        LABELS[b] if p[b] > threshold else rule
        for rule, b, p in zip(rules, best, proba, strict=True)
    ]


def relabel(preds: list[Classification], labels: list[str]) -> list[Classification]:
    """The rule outputs with another label (details are not the model's concern)."""
    return [
        p if p.label == label else replace(p, label=label, is_meeting=is_meeting(label))
        for p, label in zip(preds, labels, strict=True)
    ]


def accuracy(labels: list[str], truth: np.ndarray) -> float:
    return float(np.mean([a == b for a, b in zip(labels, truth, strict=True)]))


def inner_accuracy(data: Data, train: np.ndarray) -> dict[float, float]:
    """Six-label accuracy of each threshold over the training folds' inner cross-validation:
    each training fold predicted by a model of the other training folds."""
    proba = np.zeros((len(data.rows), len(LABELS)))
    inner = sorted(set(data.folds[train]))
    for held in inner:
        part = train & (data.folds != held)
        test = train & (data.folds == held)
        proba[test] = probabilities(fit(data.x[part], data.y[part]), data.x[test])
    rules = [data.rules[i].label for i in np.flatnonzero(train)]
    truth = data.y[train]
    return {t: accuracy(overridden(rules, proba[train], t), truth) for t in THRESHOLDS}


def choose_threshold(inner: dict[float, float]) -> float:
    """The best inner-CV threshold; ties go to the higher one, which overrides less."""
    return max((acc, t) for t, acc in inner.items())[1]


def score_fold(data: Data, fold: int) -> FoldResult:
    """Train on every other fold, score the held-out one three ways."""
    train, test = data.folds != fold, data.folds == fold
    model = fit(data.x[train], data.y[train])
    proba = probabilities(model, data.x[test])
    inner = inner_accuracy(data, train)
    threshold = choose_threshold(inner)
    index = np.flatnonzero(test)
    rows = [data.rows[i] for i in index]
    rules = [data.rules[i] for i in index]
    rule_labels = [p.label for p in rules]
    model_labels = [LABELS[b] for b in proba.argmax(axis=1)]
    override_labels = overridden(rule_labels, proba, threshold)
    return FoldResult(
        fold=fold,
        rules=figures(rules, rows),
        model=figures(relabel(rules, model_labels), rows),
        override=figures(relabel(rules, override_labels), rows),
        threshold=threshold,
        overrides=sum(a != b for a, b in zip(rule_labels, override_labels, strict=True)),
        inner=inner,
    )


_COLUMNS = (("acc", "accuracy"), ("prec", "precision"), ("recall", "recall"))


def _cells(f: Figures) -> str:
    return "".join(f"{getattr(f, name):>7.3f}" for _, name in _COLUMNS)


def print_folds(results: list[FoldResult]) -> None:
    heads = "".join(f"{h:>7}" for h, _ in _COLUMNS)
    print(f"  {'':<11}{'rules':^21} | {'model':^21} | {'override':^21} |")
    print(f"  {'fold':<6}{'rows':>5}{heads} | {heads} | {heads} | threshold  changed")
    for r in results:
        print(
            f"  {r.fold:<6}{r.rules.rows:>5}{_cells(r.rules)} | {_cells(r.model)} |"
            f" {_cells(r.override)} | {r.threshold:>9.2f}  {r.overrides:>7}"
        )
    means = []
    for kind in ("rules", "model", "override"):
        means.append(
            "".join(
                f"{statistics.fmean(getattr(getattr(r, kind), name) for r in results):>7.3f}"
                for _, name in _COLUMNS
            )
        )
    print(f"  {'mean':<6}{'':>5}{means[0]} | {means[1]} | {means[2]} |")
    print("\n  inner CV on the training folds: six-label accuracy by override threshold")
    print(f"  {'fold':<6}" + "".join(f"{t:>7.2f}" for t in THRESHOLDS))
    for r in results:
        print(f"  {r.fold:<6}" + "".join(f"{r.inner[t]:>7.3f}" for t in THRESHOLDS))


def print_confusion(title: str, f: Figures) -> None:
    print(f"  confusion, {title} (rows: truth, columns: predicted)")
    print(" " * 18 + "".join(f"{label[:9]:>10}" for label in LABELS))
    for t in LABELS:
        print(f"    {t:<14}" + "".join(f"{f.confusion.get((t, p), 0):>10}" for p in LABELS))


def print_check(result: FoldResult) -> None:
    trained = ", ".join(str(f) for f in range(FOLDS) if f != CHECK_FOLD)
    print(f"\n== nested check: fold {CHECK_FOLD}, held out from the rules; model trained on folds")
    print(f"   {trained} only, threshold by inner CV on those folds ==")
    for title, f in (
        ("rules", result.rules),
        ("model", result.model),
        ("override", result.override),
    ):
        languages = ", ".join(
            f"{lang} {g.accuracy:.3f}" for lang, g in (f.per_language or {}).items()
        )
        print(
            f"  {title:<9} six-label accuracy {f.accuracy:.3f}  is_meeting precision"
            f" {f.precision:.3f}  recall {f.recall:.3f}  (accuracy by language: {languages})"
        )
    print(f"  override threshold {result.threshold:.2f}; labels changed: {result.overrides}")
    print_confusion("rules", result.rules)
    print_confusion("model", result.model)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--path", type=Path, action="append", help="labelled JSON lines (repeatable)"
    )
    args = parser.parse_args()
    rows = [r for p in args.path for r in load(p)] if args.path else load_labelled(eval_dir())
    data = prepare(rows)
    print(
        f"labelled rows: {len(rows)}; features: {len(FEATURE_NAMES)}; folds: sha256(id) mod {FOLDS}"
    )
    print("each article alone; acc = six-label accuracy, prec/recall = is_meeting")
    results = [score_fold(data, fold) for fold in range(FOLDS)]
    print_folds(results)
    print_check(results[CHECK_FOLD])


if __name__ == "__main__":
    main()
