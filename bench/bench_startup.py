"""Start-up time of `meetwire --help`, against a bare interpreter measured in the same run.

Usage: .venv/bin/python bench/bench_startup.py [--runs 15] [--meetwire PATH]
Prints the median wall-clock and CPU (user+sys) seconds of `python -c pass` and of
`meetwire --help`, the difference (what meetwire adds), and the ten packages `--help` spends
most time importing (`-X importtime`). Pass another checkout's `.venv/bin/meetwire` as
--meetwire to measure it the same way (e.g. before and after a change).
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _measure(command: list[str], runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds of `runs` executions (after one warm-up for the disk cache)."""
    subprocess.run(command, capture_output=True, check=True)
    walls, cpus = [], []
    for _ in range(runs):
        before = os.times()
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        walls.append(time.perf_counter() - started)
        after = os.times()
        cpus.append(
            (after.children_user - before.children_user)
            + (after.children_system - before.children_system)
        )
    return statistics.median(walls), statistics.median(cpus)


def _costliest_packages(meetwire: Path, count: int = 10) -> list[tuple[int, str]]:
    """Microseconds `meetwire --help` spends importing each top-level package (self times)."""
    python = meetwire.parent / "python"
    script = "import sys; sys.argv = ['meetwire', '--help']\nfrom meetwire.cli import main\nmain()"
    result = subprocess.run(
        [str(python), "-X", "importtime", "-c", script], capture_output=True, text=True
    )
    totals: dict[str, int] = {}
    for line in result.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[0].strip().isdigit():
            package = parts[2].strip().split(".")[0]
            totals[package] = totals.get(package, 0) + int(parts[0])
    return sorted(((t, p) for p, t in totals.items()), reverse=True)[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--meetwire", type=Path, default=ROOT / ".venv" / "bin" / "meetwire")
    args = parser.parse_args()
    python = args.meetwire.parent / "python"
    bare_wall, bare_cpu = _measure([str(python), "-c", "pass"], args.runs)
    help_wall, help_cpu = _measure([str(args.meetwire), "--help"], args.runs)
    print(f"meetwire: {args.meetwire}")
    print(
        f"python -c pass   wall {bare_wall:.3f} s   cpu {bare_cpu:.3f} s  (median of {args.runs})"
    )
    print(f"meetwire --help  wall {help_wall:.3f} s   cpu {help_cpu:.3f} s")
    print(
        f"meetwire adds    wall {help_wall - bare_wall:.3f} s   cpu {help_cpu - bare_cpu:.3f} s"
        f"   (--help / bare python: {help_wall / bare_wall:.1f}x wall)"
    )
    print("costliest packages imported by --help (ms, one run with -X importtime):")
    for micros, name in _costliest_packages(args.meetwire):
        print(f"  {micros / 1000:8.1f}  {name}")


if __name__ == "__main__":
    sys.exit(main())
