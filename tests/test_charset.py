"""Decoding real gb2312 / iso-8859-1 pages and our GBK pages, with right, wrong and no charsets."""

import json
import re
from pathlib import Path

import pytest

from meetwire.settings import Settings
from tests.support import DATA_DIR
from tests.support.http import LocalServer, Response
from worker.pipeline.charset import decode, normalize
from worker.pipeline.fetch import fetch
from worker.pipeline.robots import ALLOW_ALL

CHARSET_DIR = DATA_DIR / "charset"


def _manifest_pages(shared_dir: Path, declared: str) -> list[Path]:
    manifest = json.loads((shared_dir / "fixtures" / "MANIFEST.json").read_text())
    files = [f["file"] for f in manifest["files"] if f.get("declared_charset") == declared]
    assert files, f"MANIFEST.json lists no {declared} page"
    return [shared_dir / "fixtures" / name for name in files]


def _title(text: str) -> str:
    match = re.search(r"<title>(.*?)</title>", text, re.S | re.I)
    assert match, "no <title> in decoded text"
    return match.group(1).strip()


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("gb2312", "gb18030"),
        ("GBK", "gb18030"),
        ("iso-8859-1", "cp1252"),
        ("latin1", "cp1252"),
        ("us-ascii", "cp1252"),
        ("UTF-8", "utf-8"),
        ('"utf8"', "utf-8"),
        ("x-no-such-charset", None),
        (None, None),
    ],
)
def test_labels_map_to_the_superset_browsers_use(label: str | None, codec: str | None) -> None:
    assert normalize(label) == codec


@pytest.mark.shared
@pytest.mark.parametrize("header", [None, "gb2312", "utf-8", "iso-8859-1"])
def test_real_gb2312_pages_decode_whatever_the_header_says(shared_dir: Path, header) -> None:
    """Missing, right, wrong (utf-8) and default-ish wrong (iso-8859-1) headers all end in GBK."""
    pages = _manifest_pages(shared_dir, "gb2312")
    hebei = next(p for p in pages if "he-content" in p.name)
    decoded = decode(hebei.read_bytes(), header_charset=header)
    assert decoded.charset == "gb18030"
    assert _title(decoded.text) == "话剧《约定无期限》河北各市巡演结束"
    assert "\ufffd" not in decoded.text
    english = next(p for p in pages if "en-content" in p.name)
    decoded = decode(english.read_bytes(), header_charset=header)
    assert decoded.charset == "gb18030"
    assert '"宋体"' in decoded.text  # the page's only Chinese, in its CSS


@pytest.mark.shared
def test_real_gb2312_page_without_any_declaration_is_detected(shared_dir: Path) -> None:
    hebei = next(p for p in _manifest_pages(shared_dir, "gb2312") if "he-content" in p.name)
    stripped = re.sub(rb"charset=gb2312", b"", hebei.read_bytes(), flags=re.I)
    decoded = decode(stripped)
    assert decoded.source == "detected"
    assert _title(decoded.text) == "话剧《约定无期限》河北各市巡演结束"


@pytest.mark.shared
@pytest.mark.parametrize("header", [None, "utf-8", "iso-8859-1"])
def test_real_iso_8859_1_page(shared_dir: Path, header) -> None:
    (page,) = _manifest_pages(shared_dir, "iso-8859-1")
    raw = page.read_bytes()
    decoded = decode(raw, header_charset=header)
    assert decoded.text == raw.decode("ascii")  # the page is plain ASCII under its label
    assert decoded.charset in ("cp1252", "utf-8")
    assert _title(decoded.text) == "Xinhua - English"


@pytest.mark.parametrize("header", [None, "gb2312", "utf-8", "iso-8859-1"])
def test_gbk_only_characters_under_a_gb2312_label(header) -> None:
    """镕 is in GBK but not GB2312: decoding as strict gb2312 would fail or drop it."""
    raw = (CHARSET_DIR / "gbk-declared-gb2312.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("gb2312")
    decoded = decode(raw, header_charset=header)
    assert decoded.charset == "gb18030"
    assert _title(decoded.text) == "朱镕基会见普京"


@pytest.mark.parametrize("header", [None, "utf-8"])
def test_undeclared_gbk_page_is_detected(header) -> None:
    decoded = decode((CHARSET_DIR / "gbk-undeclared.html").read_bytes(), header_charset=header)
    assert decoded.source == "detected"
    assert decoded.charset == "gb18030"
    assert _title(decoded.text) == "习近平同普京举行会谈"


def test_latin1_label_decodes_cp1252_quotes() -> None:
    decoded = decode((CHARSET_DIR / "cp1252-declared-latin1.html").read_bytes())
    assert decoded.charset == "cp1252"
    assert _title(decoded.text) == "Xi and Putin “deepen” ties — café diplomacy"


def test_xml_declaration_names_the_feed_charset() -> None:
    decoded = decode((CHARSET_DIR / "gbk-feed-gb2312.xml").read_bytes())
    assert (decoded.charset, decoded.source) == ("gb18030", "xml")
    assert "<title>朱镕基会见普京</title>" in decoded.text


def test_bom_wins_over_a_wrong_header() -> None:
    raw = "\ufeff<html><title>Путин и Си</title></html>".encode()
    decoded = decode(raw, header_charset="iso-8859-1")
    assert (decoded.charset, decoded.source) == ("utf-8", "bom")
    assert _title(decoded.text) == "Путин и Си"


def test_a_stray_bad_byte_keeps_the_declared_utf8() -> None:
    raw = ("<html><title>Си Цзиньпин</title>" + "текст " * 500).encode() + b"\xff</html>"
    decoded = decode(raw, header_charset="utf-8")
    assert (decoded.charset, decoded.source) == ("utf-8", "header")
    assert _title(decoded.text) == "Си Цзиньпин"


@pytest.mark.parametrize(
    "content_type", ["text/html", "text/html; charset=utf-8", "text/html; charset=ISO-8859-1"]
)
def test_fetch_reports_the_charset_it_used(
    http_server: LocalServer, local_settings: Settings, content_type: str
) -> None:
    raw = (CHARSET_DIR / "gbk-declared-gb2312.html").read_bytes()
    http_server.routes["/zh"] = Response(raw, headers={"Content-Type": content_type})
    result = fetch(http_server.url("/zh"), settings=local_settings, robots=ALLOW_ALL)
    assert result.charset == "gb18030"
    assert result.body == raw
    assert _title(result.text or "") == "朱镕基会见普京"
