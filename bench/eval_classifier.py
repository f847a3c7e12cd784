"""Score the classifier on ../shared/eval/dev.jsonl: labels, details, meeting linking, speed.

Usage: .venv/bin/python bench/eval_classifier.py [--failures] [--path dev.jsonl]
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from worker.classify import LABELS
from worker.classify.evaluation import Figures, Scores, evaluate, load, measure_throughput


def dev_path() -> Path:
    """dev.jsonl under MEETWIRE_SHARED_DIR, else ../shared beside the project."""
    default = Path(__file__).resolve().parents[2] / "shared"
    return Path(os.environ.get("MEETWIRE_SHARED_DIR", default)) / "eval" / "dev.jsonl"


def print_figures(title: str, figures: Figures) -> None:
    print(title)
    print(f"  is_meeting precision: {figures.precision:.3f}  recall: {figures.recall:.3f}")
    print(f"  six-label accuracy: {figures.accuracy:.3f}")
    print(f"  meeting_date exact-day accuracy: {figures.date_accuracy:.3f}")
    print(f"  meeting_city accuracy: {figures.city_accuracy:.3f}")


def print_confusion(figures: Figures) -> None:
    print("\nconfusion, linked (rows: truth, columns: predicted)")
    short = [label[:9] for label in LABELS]
    print(" " * 14 + "".join(f"{s:>10}" for s in short))
    for t in LABELS:
        print(f"{t:<14}" + "".join(f"{figures.confusion.get((t, p), 0):>10}" for p in LABELS))


def print_report(scores: Scores, n: int, throughput: tuple[float, float]) -> None:
    print(f"articles: {n}")
    print_figures("each article alone (meetwire classify --no-link)", scores.alone)
    print_figures(
        "the whole file, linked (meetwire classify; the pipeline's Meeting table)", scores.linked
    )
    print(
        f"linking pairwise precision: {scores.link_precision:.3f}"
        f"  recall: {scores.link_recall:.3f}  F1: {scores.link_f1:.3f}"
    )
    print(
        f"throughput: {throughput[0]:.0f} articles per CPU-second on one core"
        f" ({throughput[1]:.0f} per wall-clock second)"
    )
    print_confusion(scores.linked)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", type=Path, default=None, help="labelled JSON lines")
    parser.add_argument("--failures", action="store_true", help="list misclassified ids")
    args = parser.parse_args()
    path = args.path or dev_path()
    rows = load(path)
    scores = evaluate(rows)
    print_report(scores, len(rows), measure_throughput(rows))
    if args.failures:
        print(f"\nfailures ({len(scores.failures)}):")
        for line in scores.failures:
            print(line)


if __name__ == "__main__":
    main()
