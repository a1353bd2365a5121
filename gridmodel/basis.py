"""A simplex basis by name, so that an LP like one already solved starts
HiGHS from that one's optimal basis (a chain's next window, windows/).

Consecutive windows of a chain are the same model over other hours: which
units sit at a bound, which stores are full, which rows bind at a given hour
of the window is much alike from one week to the next. Their optimal basis,
read by variable block and row family (not by position: a window across a
month's end has one more hydro budget row), is a far better start than
HiGHS's crash: Jilin 2030's weeks, seven windows of a chain, 16.5 s of
HiGHS cold against 8.4 s started from the window before (4,000-6,500
iterations instead of ~20,000; HiGHS then skips presolve).

A block or family of another shape (a shorter last window, a second month)
takes the status at the nearest index (`clipped`); what the earlier LP did
not have starts at a bound (columns) or basic (rows). The count of basic
variables may then differ from the rows': HiGHS takes such an "alien" basis
and completes it. Any start gives the same optimum; only the time differs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import highspy
import numpy as np

from .model.core import Context

if TYPE_CHECKING:
    from .solve import Matrix

LOWER, BASIC, UPPER, ZERO = (int(highspy.HighsBasisStatus.kLower), int(highspy.HighsBasisStatus.kBasic), int(highspy.HighsBasisStatus.kUpper), int(highspy.HighsBasisStatus.kZero))
STATUS = [highspy.HighsBasisStatus(k) for k in range(len(highspy.HighsBasisStatus.__members__))]


@dataclass
class Basis:
    """Status of each variable (by block, shaped as it; -1: not in the LP) and
    each row (by family, shaped as it) of an LP over `steps` time steps."""

    cols: dict[str, np.ndarray]
    rows: dict[str, np.ndarray]
    steps: int


def read_basis(h: highspy.Highs, ctx: Context, matrix: Matrix) -> Basis:
    """The optimal basis HiGHS holds, by variable block and row family."""
    b = h.getBasis()
    col = np.fromiter(map(int, b.col_status), np.int8, len(b.col_status))
    row = np.fromiter(map(int, b.row_status), np.int8, len(b.row_status))
    cols = {}
    for name, block in ctx.vars.items():
        pos = matrix.positions(block.columns)
        cols[name] = np.where(pos >= 0, col[np.maximum(pos, 0)], -1).astype(np.int8)
    rows = {name: row[first : first + int(np.prod(shape))].reshape(shape) for name, (first, shape) in matrix.families.items()}
    return Basis(cols, rows, ctx.horizon.n)


def start_from(h: highspy.Highs, basis: Basis, ctx: Context, matrix: Matrix) -> None:
    """Give HiGHS `basis` (of a like LP) as its starting basis for this one."""
    col = np.full(matrix.col_lower.size, LOWER, np.int8)
    row = np.full(matrix.row_lower.size, BASIC, np.int8)
    for name, block in ctx.vars.items():
        status = clipped(basis.cols.get(name), block.columns.shape)
        if status is not None:
            pos = matrix.positions(block.columns)
            at = (pos >= 0) & (status >= 0)
            col[pos[at]] = status[at]
    for name, (first, shape) in matrix.families.items():
        status = clipped(basis.rows.get(name), shape)
        if status is not None:
            row[first : first + status.size] = status.ravel()
    start = highspy.HighsBasis()
    start.col_status = [STATUS[k] for k in at_bounds(col, matrix.col_lower, matrix.col_upper).tolist()]
    start.row_status = [STATUS[k] for k in at_bounds(row, matrix.row_lower, matrix.row_upper).tolist()]
    start.alien = True  # the count of basic variables may differ from the rows' (see the module doc)
    h.setBasis(start)


def clipped(status: np.ndarray | None, shape: tuple) -> np.ndarray | None:
    """`status` as an array of `shape`, each index taken at the nearest one it has; None if it cannot be."""
    if status is None or status.ndim != len(shape) or 0 in status.shape:
        return None
    return status[np.ix_(*(np.minimum(np.arange(k), n - 1) for k, n in zip(shape, status.shape)))]


def at_bounds(status: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """Nonbasic statuses moved to a bound the variable (or row) has: a free one at zero."""
    out = status.copy()
    nonbasic, lo, up = status != BASIC, np.isfinite(lower), np.isfinite(upper)
    out[nonbasic & (status == LOWER) & ~lo & up] = UPPER
    out[nonbasic & (status == UPPER) & ~up & lo] = LOWER
    out[nonbasic & (status == ZERO) & lo] = LOWER
    out[nonbasic & ~lo & ~up] = ZERO
    return out
