"""Regenerate tests/data/extract/golden.json: `python -m tests.support.golden [SHARED_DIR]`.

Review the diff by hand before committing: the file is what the extraction tests hold us to.
"""

import json
import sys
from pathlib import Path

from meetwire.publishers import publisher_for
from worker.pipeline.charset import decode
from worker.pipeline.extract import ExtractionError, extract_article

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "extract" / "golden.json"


def extract_fixture(shared: Path, item: dict):
    """Decode and extract one manifest page the way the pipeline does (no HTTP charset header)."""
    body = (shared / "fixtures" / item["file"]).read_bytes()
    html = decode(body).text
    return extract_article(
        html, url=item["original_url"], publisher=publisher_for(item["original_url"])
    )


def main(shared: Path) -> None:
    manifest = json.loads((shared / "fixtures" / "MANIFEST.json").read_text())
    golden = {}
    for item in manifest["files"]:
        if item["page_type"] != "article":
            continue
        try:
            page = extract_fixture(shared, item)
        except ExtractionError as exc:
            golden[item["file"]] = {"error": str(exc)}
            continue
        golden[item["file"]] = {
            "title": page.title,
            "published": page.published_at.astimezone(publisher_for(item["original_url"]).timezone)
            .date()
            .isoformat()
            if page.published_at
            else None,
            "language": page.language,
            "text_start": page.text[:80],
            "text_end": page.text[-60:],
        }
    GOLDEN.write_text(json.dumps(golden, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(golden)} pages to {GOLDEN}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[3] / "shared")
