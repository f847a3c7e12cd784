"""Helpers shared by the tests: local servers, services, feeds and the command line."""

from pathlib import Path

# Small inputs we write ourselves; real pages live in ../shared (the shared_dir fixture).
DATA_DIR = Path(__file__).resolve().parents[1] / "data"
