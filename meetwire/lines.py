"""Text input read line by line, so one undecodable line costs that line, not the file."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    """One input line: its text, or (text None) why it could not be read."""

    number: int
    text: str | None
    problem: str | None = None


def utf8_lines(raw_lines: Iterable[bytes]) -> Iterator[Line]:
    """Decode each line as UTF-8 (a leading BOM is dropped); a bad line says where and why."""
    for number, raw in enumerate(raw_lines, start=1):
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            byte = raw[exc.start]
            problem = (
                f"not UTF-8 (byte 0x{byte:02x} at column {exc.start + 1}): "
                "save the file as UTF-8 (e.g. iconv -f GB18030 -t UTF-8)"
            )
            yield Line(number, None, problem)
        else:
            yield Line(number, text.rstrip("\r\n"))
