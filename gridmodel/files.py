"""Writing a file whole or not at all, and tables as CSV in the run folder's
format (rounded numbers, timestamps as in the input series, a byte-order mark
for Excel): shared by the modules that write run folders and their companions
(export, dictionary, excel, compare, remedy, sweep, cost_curves)."""

from __future__ import annotations

import codecs
import os
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

TIME_FORMAT = "%Y-%m-%d %H:%M"  # as in the input series
DECIMALS = 6
"""Result CSVs hold numbers rounded to 6 decimals of their unit (1e-6 MW,
1e-6 CNY...): below HiGHS's tolerances (1e-7 relative), so nothing real is
lost, and no 17-digit noise or -0 reaches a spreadsheet."""
TEMP_SUFFIX = ".partial"
CSV_ENCODING = "utf-8-sig"
"""CSVs start with a UTF-8 byte-order mark: Excel on a Chinese-locale Windows
then reads them as UTF-8 (without it, as GBK: mojibake); pandas, pyarrow and
Python's csv with encoding='utf-8-sig' read them unchanged."""


@contextmanager
def atomic(path: Path):
    """Write to `path.partial`, then rename: a reader (or an interrupted run)
    sees the whole file or none of it."""
    path = Path(path)
    tmp = path.with_name(path.name + TEMP_SUFFIX)
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_text(path: Path, text: str) -> None:
    with atomic(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def remove_partial(folder: Path) -> None:
    """Files left half-written by an interrupted write."""
    for tmp in Path(folder).rglob(f"*{TEMP_SUFFIX}"):
        tmp.unlink(missing_ok=True)


def rounded(values: np.ndarray) -> np.ndarray:
    """Rounded to DECIMALS; adding 0.0 turns -0.0 into 0.0."""
    return np.round(values, DECIMALS) + 0.0


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """A table as CSV through pyarrow's writer, about ten times faster than
    pandas' on a year's tables; numbers rounded (DECIMALS), timestamps
    formatted as the input series are, each distinct one once."""
    out = df.copy(deep=False)
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            codes, distinct = pd.factorize(out[col])
            out[col] = distinct.strftime(TIME_FORMAT).to_numpy()[codes]
        elif pd.api.types.is_float_dtype(out[col]):
            out[col] = rounded(out[col].to_numpy())
    with atomic(path) as tmp:
        with open(tmp, "wb") as f:
            f.write(codecs.BOM_UTF8)  # CSV_ENCODING
            pacsv.write_csv(pa.Table.from_pandas(out, preserve_index=False), f, pacsv.WriteOptions(quoting_style="needed"))


def round_number(v):
    """A number rounded as write_csv rounds it, for tables with mixed types
    per column (written through pandas); anything else unchanged."""
    return float(rounded(np.float64(v))) if isinstance(v, (float, np.floating)) else v
