"""Score the classifier on ../shared/eval (dev.jsonl + dev_lookalikes.jsonl): check, tune, all.

Usage: .venv/bin/python bench/eval_classifier.py [--failures [--show-check-failures]]
       [--folds 5] [--path rows.jsonl ...] [--truth meetings_truth.json]

The check part (fold 0 of sha256(id) mod 5, see worker/classify/evaluation.py) is held out:
rules are written from the tune part, so --failures lists the tune part's failures only.
"""

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from worker.classify import CLASSIFIER_VERSION, LABELS
from worker.classify.evaluation import (
    FOLDS,
    LABELLED_FILES,
    TRUTH_FILE,
    ContactFigures,
    Figures,
    Scores,
    evaluate_folds,
    evaluate_split,
    is_check,
    load,
    load_labelled,
    load_truth,
    measure_throughput,
)

# The headline figures, in print order: (name, attribute of Figures or of its contacts).
HEADLINE = (
    ("is_meeting precision", "precision"),
    ("is_meeting recall", "recall"),
    ("six-label accuracy", "accuracy"),
    ("meeting_date exact day", "date_accuracy"),
    ("meeting_city", "city_accuracy"),
    ("contacts claimed that are real", "contacts.real_share"),
    ("contacts reported that are found", "contacts.found_share"),
)


def eval_dir() -> Path:
    """../shared/eval beside the project, or under MEETWIRE_SHARED_DIR."""
    default = Path(__file__).resolve().parents[2] / "shared"
    return Path(os.environ.get("MEETWIRE_SHARED_DIR", default)) / "eval"


def value(figures: Figures, name: str) -> float:
    out = figures
    for part in name.split("."):
        out = getattr(out, part)
    return out


def support(figures: Figures, name: str) -> str:
    if name == "date_accuracy":
        return f"(n={figures.dated})"
    if name == "city_accuracy":
        return f"(n={figures.placed})"
    return ""


def print_headline(scores: Scores) -> None:
    print(f"  {'':<34}{'alone':>8}{'linked':>8}")
    for title, name in HEADLINE:
        if name.startswith("contacts") and scores.linked.contacts is None:
            continue
        print(
            f"  {title:<34}{value(scores.alone, name):>8.3f}{value(scores.linked, name):>8.3f}"
            f"  {support(scores.linked, name)}".rstrip()
        )
    for title, figures in (("alone", scores.alone), ("linked", scores.linked)):
        if figures.contacts is not None:
            print(f"  contacts, {title}: {contacts_counts(figures.contacts)}")
    print(
        f"  linking pairwise precision {scores.link_precision:.3f}"
        f"  recall {scores.link_recall:.3f}  F1 {scores.link_f1:.3f}"
    )


def contacts_counts(c: ContactFigures) -> str:
    return f"claimed {c.claimed}, real {c.real}; reported {c.reported}, found {c.found}"


def print_languages(scores: Scores) -> None:
    print("  per language (alone / linked):")
    print(
        f"    {'':<4}{'rows':>5}  {'precision':>11}  {'recall':>11}  {'accuracy':>11}"
        f"  {'date':>15}  {'city':>15}"
    )
    for lang, alone in (scores.alone.per_language or {}).items():
        linked = (scores.linked.per_language or {})[lang]
        cells = [
            f"{alone.precision:.2f}/{linked.precision:.2f}",
            f"{alone.recall:.2f}/{linked.recall:.2f}",
            f"{alone.accuracy:.2f}/{linked.accuracy:.2f}",
            f"{alone.date_accuracy:.2f}/{linked.date_accuracy:.2f} n={linked.dated:<3}",
            f"{alone.city_accuracy:.2f}/{linked.city_accuracy:.2f} n={linked.placed:<3}",
        ]
        print(
            f"    {lang:<4}{linked.rows:>5}  {cells[0]:>11}  {cells[1]:>11}  {cells[2]:>11}"
            f"  {cells[3]:>15}  {cells[4]:>15}".rstrip()
        )


def print_labels(scores: Scores) -> None:
    print("  per label (alone / linked):")
    print(f"    {'':<14}{'precision':>11}  {'recall':>11}  {'support':>7}")
    for label in LABELS:
        alone = (scores.alone.per_label or {})[label]
        linked = (scores.linked.per_label or {})[label]
        print(
            f"    {label:<14}{alone.precision:>6.2f}/{linked.precision:.2f}"
            f"  {alone.recall:>6.2f}/{linked.recall:.2f}  {linked.support:>7}"
        )


def print_confusion(title: str, figures: Figures) -> None:
    print(f"  confusion, {title} (rows: truth, columns: predicted)")
    print(" " * 18 + "".join(f"{label[:9]:>10}" for label in LABELS))
    for t in LABELS:
        print(f"    {t:<14}" + "".join(f"{figures.confusion.get((t, p), 0):>10}" for p in LABELS))


def print_part(title: str, scores: Scores) -> None:
    print(f"\n== {title}: {scores.linked.rows} rows ==")
    print_headline(scores)
    print_languages(scores)
    print_labels(scores)
    print_confusion("alone", scores.alone)
    print_confusion("linked", scores.linked)


def print_failures(title: str, scores: Scores) -> None:
    print(f"\nfailures, {title}, linked ({len(scores.failures)}):")
    for line in scores.failures:
        print(f"  {line}")
    contacts = scores.linked.contacts
    if contacts is None:
        return
    print(f"false contacts, {title}, linked ({len(contacts.false)}): mode day <- claiming rows")
    for contact, ids in contacts.false.items():
        print(f"  {contact.mode} {contact.day} <- {' '.join(ids)}")
    print(f"missed contacts, {title}, linked ({len(contacts.missed)}): mode day <- reporting rows")
    for contact, ids in contacts.missed.items():
        print(f"  {contact.mode} {contact.day} <- {' '.join(ids)}")


def print_folds(folds: list[Scores]) -> None:
    print(f"\n== {len(folds)} folds of the same hash split (linked; fold 0 is the check part) ==")
    names = [name for _, name in HEADLINE if folds[0].linked.contacts or "contacts" not in name]
    heads = ["prec", "recall", "acc", "date", "city", "c.real", "c.found"][: len(names)]
    print(f"  {'fold':<6}{'rows':>5}" + "".join(f"{h:>8}" for h in heads))
    for i, scores in enumerate(folds):
        cells = "".join(f"{value(scores.linked, n):>8.3f}" for n in names)
        print(f"  {i:<6}{scores.linked.rows:>5}{cells}")
    for title, pick in (("mean", statistics.fmean), ("min", min), ("max", max)):
        cells = "".join(f"{pick(value(s.linked, n) for s in folds):>8.3f}" for n in names)
        print(f"  {title:<6}{'':>5}{cells}")
    stdev = "".join(f"{statistics.stdev(value(s.linked, n) for s in folds):>8.3f}" for n in names)
    print(f"  {'stdev':<6}{'':>5}{stdev}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--path", type=Path, action="append", help="labelled JSON lines (repeatable)"
    )
    parser.add_argument("--truth", type=Path, default=None, help="meetings_truth.json")
    parser.add_argument("--failures", action="store_true", help="list the tune part's failures")
    parser.add_argument(
        "--show-check-failures",
        action="store_true",
        help="with --failures, list the held-out check part's failures too",
    )
    parser.add_argument(
        "--folds", type=int, default=0, help=f"also report each fold ({FOLDS}: the split's own)"
    )
    args = parser.parse_args()
    folder = eval_dir()
    rows = [r for p in args.path for r in load(p)] if args.path else load_labelled(folder)
    truth_path = args.truth or folder / TRUTH_FILE
    truth = load_truth(truth_path) if truth_path.is_file() else None
    split = evaluate_split(rows, truth)
    n_check = sum(is_check(r) for r in rows)
    sources = ", ".join(str(p) for p in args.path) if args.path else " + ".join(LABELLED_FILES)
    print(f"classifier {CLASSIFIER_VERSION}; labelled rows: {len(rows)} ({sources})")
    print(
        f"split: check = fold 0 of sha256(id) mod {FOLDS} ({n_check} rows, held out),"
        f" tune = the rest ({len(rows) - n_check} rows)"
    )
    print("alone: each article by itself (meetwire classify --no-link); linked: each part's rows")
    print("as one input linked to meetings (meetwire classify; the pipeline's Meeting table)")
    if truth is None:
        print(f"no {truth_path}: contacts are not scored")
    print_part("check (held out)", split.check)
    print_part("tune", split.tune)
    print_part("all", split.all)
    if args.folds:
        print_folds(evaluate_folds(rows, truth, args.folds))
    per_cpu, per_wall = measure_throughput(rows)
    print(
        f"\nthroughput: {per_cpu:.0f} articles per CPU-second on one core"
        f" ({per_wall:.0f} per wall-clock second)"
    )
    if args.failures:
        print_failures("tune", split.tune)
        if args.show_check_failures:
            print_failures("check (held out)", split.check)


if __name__ == "__main__":
    main()
