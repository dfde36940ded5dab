"""Spreadsheet files -> rows of text cells, numbered as the spreadsheet
shows them; and rows -> a CSV that Excel and LibreOffice open as they are.

CSV comes in whatever Excel or LibreOffice wrote: UTF-8 with or without a
byte order mark, UTF-16 (Excel's "Unicode text"), Windows-1252 from older
Excels; delimited by commas, semicolons (where the comma is the decimal
mark), tabs or bars. `.xlsx` is read with openpyxl, an optional extra.
Cells become text as the spreadsheet shows them: 2022.0 is "2022".
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import OnesheetError, Problem
from .load import read_bytes

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
MAX_BYTES = 50 * 1024 * 1024
DELIMITERS = ",;\t|"


@dataclass(frozen=True)
class Row:
    number: int  # as the spreadsheet shows it: the first row is 1
    cells: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not any(cell.strip() for cell in self.cells)


def read_rows(path: Path) -> list[Row]:
    """Every row of the file's first sheet with anything in it."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx" or suffix == ".xlsm":
        rows = _read_xlsx(path)
    elif suffix in CSV_SUFFIXES:
        rows = _read_csv(path)
    else:
        hint = "save it as .xlsx or .csv" if suffix in (".xls", ".ods", ".numbers") else "give a .csv or .xlsx file"
        raise OnesheetError([Problem(path, None, None, f"cannot read {suffix or 'this'} files; {hint}")])
    return [row for row in rows if not row.empty]


def decode(data: bytes) -> str:
    """Text in the encoding a spreadsheet saved it in: a byte order mark
    says which; UTF-16 without one shows as NUL bytes; else UTF-8, else
    Windows-1252 (Latin-1 for the five bytes it leaves undefined)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    sample = data[:2000]
    if len(sample) >= 4 and sample.count(0) * 3 > len(sample):
        encoding = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
        return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def sniff_delimiter(text: str) -> str:
    """The delimiter used most on the first line (the header), outside
    quotes; a comma when none is."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif char in "\r\n" and not quoted:
            break
        elif char in counts and not quoted:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(path: Path) -> list[Row]:
    text = decode(read_bytes(path, MAX_BYTES, "split the spreadsheet")).replace("\x00", "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    try:
        return [Row(number, tuple(cells)) for number, cells in enumerate(reader, start=1)]
    except csv.Error as exc:
        raise OnesheetError([Problem(path, reader.line_num, None, f"not a readable CSV file: {exc}")]) from None


def _read_xlsx(path: Path) -> list[Row]:
    try:
        import openpyxl
    except ImportError:
        message = "reading .xlsx files needs openpyxl: pip install 'onesheet[xlsx]' (or save the sheet as .csv)"
        raise OnesheetError([Problem(path, None, None, message)]) from None
    read_bytes(path, MAX_BYTES, "split the spreadsheet")  # the same size limit and read errors as a CSV
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it does not read
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
            try:
                sheet = book.worksheets[0]
                return [
                    Row(number, tuple(_cell_text(value) for value in values))
                    for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1)
                ]
            finally:
                book.close()
    except Exception as exc:  # a damaged archive raises whatever zipfile or the XML parser raises
        raise OnesheetError([Problem(path, None, None, f"not a readable .xlsx file: {exc}")]) from None


def _cell_text(value: object) -> str:
    """A cell's value as the spreadsheet shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.timedelta):
        minutes, seconds = divmod(round(value.total_seconds()), 60)
        return f"{minutes // 60}:{minutes % 60:02d}:{seconds:02d}"
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """A CSV as Excel writes it: UTF-8 with a byte order mark (so that
    Excel reads accents right), commas, CRLF line ends, quotes where needed."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")
