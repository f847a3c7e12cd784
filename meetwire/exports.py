"""Writing corpus records as JSON lines, CSV or Parquet, one batch in memory at a time.

The three formats hold the same rows and the same fields (the record model's, in its order):
CSV writes lists as JSON and booleans as true/false; Parquet keeps the types.
"""

import csv
import json
import types
import typing
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from enum import StrEnum
from itertools import islice
from typing import IO, TextIO

from pydantic import BaseModel

# Rows per Parquet row group: enough to compress well, and about 5 MB of typical articles, so
# memory stays flat however large the corpus.
ROW_GROUP = 1000


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"

    @property
    def binary(self) -> bool:
        return self is ExportFormat.parquet


def jsonable(value):
    """A field value as JSON has it (dates and times in ISO 8601)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def record_dict(record: BaseModel, fields: Iterable[str]) -> dict:
    """The JSON object of one record."""
    return {name: jsonable(getattr(record, name)) for name in fields}


def json_line(record: BaseModel, fields: Iterable[str]) -> str:
    return json.dumps(record_dict(record, fields), ensure_ascii=False) + "\n"


def csv_value(value) -> str:
    """A field as a CSV cell: empty for null, JSON for lists and booleans, ISO for times."""
    if value is None:
        return ""
    if isinstance(value, bool | list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(jsonable(value))


def write_jsonl(records: Iterable[BaseModel], fields: tuple[str, ...], out: TextIO) -> int:
    count = 0
    for record in records:
        out.write(json_line(record, fields))
        count += 1
    return count


def write_csv(records: Iterable[BaseModel], fields: tuple[str, ...], out: TextIO) -> int:
    writer = csv.writer(out)
    writer.writerow(fields)
    count = 0
    for record in records:
        writer.writerow([csv_value(getattr(record, name)) for name in fields])
        count += 1
    return count


def _arrow_type(annotation):
    import pyarrow as pa

    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return _arrow_type(args[0])
    if typing.get_origin(annotation) is list:
        return pa.list_(_arrow_type(args[0]))
    simple = {
        int: pa.int64(),
        float: pa.float64(),
        str: pa.string(),
        bool: pa.bool_(),
        date: pa.date32(),
        # Parquet keeps one zone per column: instants in UTC (JSON shows the publisher's offset).
        datetime: pa.timestamp("us", tz="UTC"),
    }
    return simple[annotation]


def arrow_schema(model: type[BaseModel]):
    """The Parquet schema of a record model, field by field."""
    import pyarrow as pa

    return pa.schema(
        [
            pa.field(name, _arrow_type(field.annotation))
            for name, field in model.model_fields.items()
        ]
    )


def _batches(records: Iterable[BaseModel], size: int) -> Iterator[list[BaseModel]]:
    iterator = iter(records)
    while batch := list(islice(iterator, size)):
        yield batch


def write_parquet(
    records: Iterable[BaseModel],
    model: type[BaseModel],
    out: IO[bytes],
    *,
    row_group: int = ROW_GROUP,
) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema(model)
    count = 0
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        for batch in _batches(records, row_group):
            columns = [pa.array([getattr(r, f.name) for r in batch], type=f.type) for f in schema]
            writer.write_table(pa.Table.from_arrays(columns, schema=schema))
            count += len(batch)
    return count


def write_records(
    records: Iterable[BaseModel], model: type[BaseModel], fmt: ExportFormat, out: IO
) -> int:
    """Write every record in `fmt` to `out` (text for jsonl/csv, binary for parquet); the count."""
    fields = tuple(model.model_fields)
    if fmt is ExportFormat.parquet:
        return write_parquet(records, model, out)
    if fmt is ExportFormat.csv:
        return write_csv(records, fields, out)
    return write_jsonl(records, fields, out)
