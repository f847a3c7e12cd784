from pathlib import Path

import pytest
from sqlmodel import select

from models import Source, session_scope
from scheduler.sources import (
    SourcesFileError,
    claim_due_sources,
    read_sources_file,
    upsert_source,
)

PROJECT = Path(__file__).resolve().parent.parent


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_default_sources_file_is_valid() -> None:
    specs = read_sources_file(PROJECT / "config" / "sources.yaml")
    names = {spec.name for spec in specs}
    assert {"chinadaily-world", "chinadaily-china", "xinhua-en-world", "xinhua-en-china"} <= names
    listing = next(spec for spec in specs if spec.name == "xinhua-en-world")
    assert listing.kind == "listing" and listing.interval_seconds == 900


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- a\n- b\n", "top-level `sources:` list"),
        ("sources:\n  - name: x\n", "missing url"),
        ("sources:\n  - {name: x, url: 'ftp://x/'}\n", "http:// or https://"),
        ("sources:\n  - {name: x, url: 'http://x/', kind: atom}\n", "kind must be one of"),
        ("sources:\n  - {name: x, url: 'http://x/', kind: listing}\n", "link_pattern"),
        ("sources:\n  - {name: x, url: 'http://x/', interval: soon}\n", "not an interval"),
        ("sources: [\n", "not valid YAML"),
    ],
)
def test_bad_sources_files_say_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(SourcesFileError, match=message):
        read_sources_file(_write(tmp_path, text))


def test_unknown_keys_are_ignored_with_a_warning(tmp_path: Path, caplog) -> None:
    text = "sources:\n  - {name: x, url: 'http://x/', colour: red}\n"
    specs = read_sources_file(_write(tmp_path, text))
    assert [spec.name for spec in specs] == ["x"]
    assert "ignoring unknown keys colour" in caplog.text


def test_import_again_updates_by_name(settings, tmp_path: Path) -> None:
    first = _write(tmp_path, "sources:\n  - {name: cd, url: 'http://a/rss.xml', interval: 15m}\n")
    with session_scope(settings.database_url) as session:
        for spec in read_sources_file(first):
            upsert_source(session=session, spec=spec, default_interval=900)
    second = _write(
        tmp_path,
        "sources:\n  - {name: cd, url: 'http://b/rss.xml', interval: 1h, enabled: false}\n",
    )
    with session_scope(settings.database_url) as session:
        for spec in read_sources_file(second):
            _source, created = upsert_source(session=session, spec=spec, default_interval=900)
            assert not created
    with session_scope(settings.database_url) as session:
        rows = session.exec(select(Source)).all()
    assert len(rows) == 1
    assert (rows[0].url, rows[0].interval_seconds, rows[0].enabled) == (
        "http://b/rss.xml",
        3600,
        False,
    )


def _add_sources(settings, tmp_path: Path, count: int) -> None:
    text = "sources:\n" + "".join(
        f"  - {{name: s{i}, url: 'http://x/{i}.xml'}}\n" for i in range(count)
    )
    with session_scope(settings.database_url) as session:
        for spec in read_sources_file(_write(tmp_path, text)):
            upsert_source(session=session, spec=spec, default_interval=900)


def test_a_claimed_source_is_not_claimed_again(settings, tmp_path: Path) -> None:
    _add_sources(settings, tmp_path, 5)
    with session_scope(settings.database_url) as session:
        first = claim_due_sources(session=session)
    with session_scope(settings.database_url) as session:
        second = claim_due_sources(session=session)
    assert len(first) == 5
    assert second == []


@pytest.mark.postgres
def test_concurrent_ticks_split_the_sources(postgres_url, tmp_path: Path, monkeypatch) -> None:
    """Many ticks at once on PostgreSQL: every due source is claimed exactly once."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from meetwire.settings import Settings
    from tests.support.services import truncate_postgres

    truncate_postgres(postgres_url)
    settings = Settings(database_url=postgres_url)
    _add_sources(settings, tmp_path, 40)
    barrier = Barrier(6)

    def tick() -> list[int]:
        barrier.wait()
        with session_scope(postgres_url) as session:
            return claim_due_sources(session=session)

    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(lambda _: tick(), range(6)))
    claimed = [source_id for ids in results for source_id in ids]
    assert len(claimed) == 40
    assert len(set(claimed)) == 40
