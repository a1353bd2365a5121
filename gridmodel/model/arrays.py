"""Arrays of linear expressions (`Lin`), families of rows (`Rows`) and rows
built from registered terms (`Terms`): the algebra the formulation modules
write their equations in, with numpy only (no Pyomo), and the compressed
sparse form the rows are handed over in (`Compressed`).

Why arrays: a model module states a family of rows in one line that reads
like its equation (`P + cv * H <= U` over every cluster and hour); the
context (core.py) turns them into Pyomo components in one go.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def aligned(op: str, mine: tuple, theirs: tuple) -> tuple:
    """The shape of `Lin(mine) op theirs`, refusing with both shapes named
    what numpy would broadcast into other rows without a word: operands of
    different numbers of axes (a single value, shape (), goes with any), and
    a Lin spread along any axis but its last (steps), as a series of steps x
    items against one item's (1, T) would make it (T, T). Spreading over the
    steps (`cap[:, None] * avail`) is how the modules write per-item values."""
    if theirs == mine or not theirs:
        return mine
    if not mine:
        return theirs
    if len(theirs) != len(mine):
        raise ValueError(f"Lin of shape {mine} {op} shape {theirs}: different numbers of axes; give every axis (items x steps), e.g. a[:, None] or a[None, :]")
    try:
        shape = np.broadcast_shapes(mine, theirs)
    except ValueError:
        raise ValueError(f"Lin of shape {mine} {op} shape {theirs}: the shapes do not line up (is an axis misordered, steps x items for items x steps?)") from None
    if shape[:-1] != mine[:-1]:
        raise ValueError(f"Lin of shape {mine} {op} shape {theirs} would spread the Lin to {shape} (is an axis misordered, steps x items for items x steps?)")
    return shape


class Lin:
    """An array of linear expressions: element e is sum_k coef[e, k] x[col[e, k]].

    `coef` and `col` have the array's shape plus a last axis for the terms;
    column -1 stands for no variable. Arithmetic broadcasts as numpy does
    (`cv[:, None] * H` scales cluster c's row by cv[c]); indexing selects
    elements (`P[:, prev]` is the previous step's output); comparing with a
    number, an array or another Lin gives a family of rows for `Context.rows`.

    Broadcasting is checked (`aligned`): an operand states every axis (a
    series over steps against items x steps is `s[None, :]`) and a Lin is
    spread over its steps only, so a misordered axis (steps x items against
    items x steps) raises a ValueError naming both shapes instead of
    silently making other rows.
    """

    __slots__ = ("coef", "col")
    __array_ufunc__ = None  # `array * Lin` is Lin.__rmul__, not numpy broadcasting over a sequence

    def __init__(self, coef: np.ndarray, col: np.ndarray):
        self.coef, self.col = coef, col

    @property
    def shape(self) -> tuple:
        return self.coef.shape[:-1]

    def __getitem__(self, index) -> "Lin":
        index = index if isinstance(index, tuple) else (index,)
        return Lin(self.coef[(*index, slice(None))], self.col[(*index, slice(None))])

    def __mul__(self, k) -> "Lin":
        k = np.asarray(k, dtype=float)
        aligned("*", self.shape, k.shape)
        coef = self.coef * k[..., None]
        return Lin(coef, np.broadcast_to(self.col, coef.shape))

    __rmul__ = __mul__

    def __neg__(self) -> "Lin":
        return self * -1.0

    def __add__(self, other: "Lin") -> "Lin":
        if not isinstance(other, Lin):
            return NotImplemented
        shape = aligned("+", self.shape, other.shape)
        aligned("+", other.shape, self.shape)

        def spread(a: np.ndarray) -> np.ndarray:
            return np.broadcast_to(a, shape + a.shape[-1:])

        return Lin(
            np.concatenate([spread(self.coef), spread(other.coef)], axis=-1),
            np.concatenate([spread(self.col), spread(other.col)], axis=-1),
        )

    def __sub__(self, other: "Lin") -> "Lin":
        return self + (-other)

    def sum(self, axis: int = -1) -> "Lin":
        """Sum over an axis of the array (its terms join each element's)."""
        axis = axis % len(self.shape)

        def fold(a: np.ndarray) -> np.ndarray:
            a = np.moveaxis(a, axis, -2)
            return a.reshape(a.shape[:-2] + (a.shape[-2] * a.shape[-1],))

        return Lin(fold(self.coef), fold(self.col))

    def _rows(self, other, lower: bool, upper: bool) -> "Rows":
        if isinstance(other, Lin):
            return (self - other)._rows(0.0, lower, upper)
        rhs = np.asarray(other, dtype=float)
        aligned("compared with", self.shape, rhs.shape)
        rhs = np.broadcast_to(rhs, self.shape)  # a right-hand side larger than the rows fails here
        inf = np.full(self.shape, np.inf)
        return Rows(self, rhs if lower else -inf, rhs if upper else inf)

    def __le__(self, other) -> "Rows":
        return self._rows(other, lower=False, upper=True)

    def __ge__(self, other) -> "Rows":
        return self._rows(other, lower=True, upper=False)

    def __eq__(self, other) -> "Rows":  # type: ignore[override]
        return self._rows(other, lower=True, upper=True)

    __hash__ = None  # type: ignore[assignment]

    @classmethod
    def block(cls, first_col: int, shape: tuple) -> "Lin":
        """Variables numbered first_col, first_col + 1, ... in C order."""
        col = np.arange(first_col, first_col + int(np.prod(shape)), dtype=np.int64).reshape(shape + (1,))
        return cls(np.ones(col.shape), col)

    @property
    def columns(self) -> np.ndarray:
        """The column of each element of a plain variable block (-1: none)."""
        return self.col[..., 0]

    def placed(self, index, n: int) -> "Lin":
        """An array of n along the first axis holding this one's elements at
        `index` and nothing elsewhere: variables that exist only for some
        items (CHP heat of CHP clusters) used in equations over all items."""
        coef = np.zeros((n,) + self.coef.shape[1:])
        col = np.full((n,) + self.col.shape[1:], -1, dtype=np.int64)
        coef[index], col[index] = self.coef, self.col
        return Lin(coef, col)


@dataclass
class Rows:
    """A family of rows lower <= expr <= upper, one per element of expr."""

    expr: Lin
    lower: np.ndarray
    upper: np.ndarray


class Terms:
    """Terms added into rows by number (scatter-add): the balance of zone z at
    step t is row z * steps + t, and every module adds its injections there.
    `const` is a constant on the left-hand side of each row."""

    def __init__(self, n_rows: int) -> None:
        self.n_rows = n_rows
        self.parts: list = []
        self.const = np.zeros(n_rows)

    def add(self, expr: Lin, rows=0) -> None:
        rows = np.broadcast_to(np.asarray(rows, dtype=np.int64)[..., None], expr.coef.shape)
        self.parts.append((rows.ravel(), np.broadcast_to(expr.col, expr.coef.shape).ravel(), expr.coef.ravel()))

    def add_constant(self, values, rows=0) -> None:
        np.add.at(self.const, np.asarray(rows), values)

    def matrix(self, n_cols: int) -> Compressed:
        """The rows as a sparse matrix by rows (duplicates summed, zeros
        dropped); the terms are handed over (the registry is empty afterwards)."""
        parts, self.parts = self.parts or [(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))], []
        rows, cols, coefs = (np.concatenate(a) for a in zip(*parts))
        keep = cols >= 0
        return compress(rows[keep], cols[keep], coefs[keep], (self.n_rows, n_cols))


@dataclass
class Compressed:
    """A sparse matrix as scipy's csr/csc arrays keep it, by rows (CSR): row
    i's coefficients are data[indptr[i]:indptr[i + 1]], in the columns
    indices[indptr[i]:indptr[i + 1]], ascending; by columns (CSC) the same
    with rows and columns swapped. Not scipy.sparse itself: with Pyomo
    loaded, importing scipy also imports scipy.stats, .spatial and .integrate
    (pyomo.common.dependencies): 56 MB more resident from the imports on
    (bench_scaling 5 zones x 8760 h: peak 884 -> 825 MB)."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    shape: tuple[int, int]  # (rows, columns) either way

    @property
    def nnz(self) -> int:
        return len(self.data)


def compress(rows: np.ndarray, cols: np.ndarray, coefs: np.ndarray, shape: tuple[int, int], by_columns: bool = False) -> Compressed:
    """Entries (row, column, coefficient) as a Compressed matrix by rows (or
    by columns): the coefficients of a repeated (row, column) summed in their
    given order, zero sums dropped."""
    major, minor, n_minor = (cols, rows, shape[0]) if by_columns else (rows, cols, shape[1])
    key = major.astype(np.int64) * n_minor + minor
    order = np.argsort(key, kind="stable")
    key = key[order]
    first = np.flatnonzero(np.diff(key, prepend=-1))  # each (row, column)'s first entry
    total = np.add.reduceat(coefs[order], first) if first.size else coefs[:0]
    nonzero = total != 0
    key, total = key[first[nonzero]], total[nonzero]
    n_major = shape[1] if by_columns else shape[0]
    indptr = np.concatenate(([0], np.cumsum(np.bincount(key // n_minor, minlength=n_major))))
    return Compressed(indptr, key % n_minor, total, shape)


def stack(parts: list[Lin]) -> Lin:
    """Lin arrays of one shape (e.g. single investment variables) stacked on a new first axis."""
    k = max(p.coef.shape[-1] for p in parts)

    def pad(a: np.ndarray, fill) -> np.ndarray:
        return np.concatenate([a, np.full(a.shape[:-1] + (k - a.shape[-1],), fill, dtype=a.dtype)], axis=-1)

    return Lin(np.stack([pad(p.coef, 0.0) for p in parts]), np.stack([pad(p.col, -1) for p in parts]))
