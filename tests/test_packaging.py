"""What a non-editable install (the Dockerfile's `pip install .`) carries besides the code."""

import tomllib
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def test_every_package_data_pattern_ships_a_file() -> None:
    config = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    package_data = config["tool"]["setuptools"]["package-data"]
    for package, patterns in package_data.items():
        for pattern in patterns:
            matched = list((PROJECT / package.replace(".", "/")).glob(pattern))
            assert matched, f"package-data {package!r}: {pattern!r} matches no file"
    assert "default_sources.yaml" in {p.name for p in (PROJECT / "scheduler").glob("*.yaml")}
