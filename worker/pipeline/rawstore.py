"""Where raw responses live: zlib-compressed in `raw_page.body`, or in files under
MEETWIRE_RAW_DIR (`raw_page.path`, relative to it) when that is set."""

import hashlib
import os
import tempfile
import zlib
from pathlib import Path

from meetwire.settings import Settings
from models import RawPage


class RawStoreError(OSError):
    """A raw page's file is missing or unreadable; the message names it."""


def save_raw(*, page: RawPage, body: bytes, settings: Settings) -> None:
    """Keep `body` compressed, in the row or (MEETWIRE_RAW_DIR) in a content-addressed file."""
    compressed = zlib.compress(body)
    if not settings.raw_dir:
        page.body, page.path = compressed, None
        return
    digest = hashlib.sha256(body).hexdigest()
    # Content-addressed names: identical responses share a file, and databases sharing one
    # directory (staging and production, tests) never overwrite each other's pages.
    relative = f"{digest[:2]}/{digest[2:4]}/{digest}.zz"
    target = Path(settings.raw_dir) / relative
    if not target.exists():
        _write_atomically(target, compressed)
    page.body, page.path = None, relative


def load_raw(*, page: RawPage, settings: Settings) -> bytes | None:
    """The raw body kept for a page, decompressed; None when nothing was kept."""
    if page.path:
        path = Path(page.path)
        if not path.is_absolute():
            path = Path(settings.raw_dir or ".") / path
        try:
            return zlib.decompress(path.read_bytes())
        except (OSError, zlib.error) as exc:
            raise RawStoreError(f"raw page file {path} is unreadable: {exc}") from exc
    if page.body is None:
        return None
    return zlib.decompress(page.body)


def _write_atomically(target: Path, data: bytes) -> None:
    """Write via a temporary file and rename, so a crash never leaves half a page behind."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
