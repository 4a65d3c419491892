"""CSV downloads made safe to open in a spreadsheet: a cell beginning with = + - @, a tab or a carriage
return would be read as a formula by Excel or LibreOffice (CSV injection), so such a cell starts with a
quote mark instead. Every CSV the service offers for download goes through here."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: Any) -> str:
    """The cell's text, with a leading quote if a spreadsheet would otherwise treat it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def csv_download(*, filename: str, header: Iterable[str], rows: Iterable[Iterable[Any]]) -> HttpResponse:
    """A CSV file to download, every cell formula-safe. UTF-8 with a byte-order mark so Excel reads names right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([formula_safe(cell) for cell in header])
    writer.writerows([formula_safe(cell) for cell in row] for row in rows)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
