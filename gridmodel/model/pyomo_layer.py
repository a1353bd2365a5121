"""The hand-off to Pyomo, and the workarounds on its internals it needs: rows
as a MatrixConstraint built from sparse arrays (`RowBlock`), no garbage
collection while building, and a model freed at once after the hand-off to
HiGHS (`release`). What changes with a Pyomo release is here."""

from __future__ import annotations

import ctypes
import functools
import gc
from contextlib import contextmanager
from typing import TYPE_CHECKING

import numpy as np
from pyomo.core.base.matrix_constraint import MatrixConstraint

if TYPE_CHECKING:
    from .arrays import Compressed
    from .core import Context


def _pyomo_bound(a: np.ndarray) -> np.ndarray:
    """Pyomo's form of a bound: the number, or None where there is none."""
    out = a.astype(object)
    out[~np.isfinite(a)] = None
    return out


class RowBlock(MatrixConstraint):
    """A Pyomo MatrixConstraint that also keeps the model-wide column number
    of each of its variables (`used`), its bounds as arrays and its array
    shape, for the hand-off and for duals.
    (`values`/`items`/`keys` are redefined because Pyomo 6.10's Mapping base
    does not accept the `sort` argument Block iteration passes.)"""

    def __init__(self, A: Compressed, lower: np.ndarray, upper: np.ndarray, x: list, used: np.ndarray, shape: tuple):
        local = np.empty(used[-1] + 1 if len(used) else 0, dtype=np.int32)
        local[used] = np.arange(len(used), dtype=np.int32)
        local = local[A.indices]
        super().__init__(A.data, local, A.indptr, _pyomo_bound(lower), _pyomo_bound(upper), x)
        self.used, self.lower_array, self.upper_array, self.array_shape = used, lower, upper, shape

    def entries(self, first_row: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The rows' (row, column, coefficient) entries, rows numbered from
        `first_row`, columns by the model's column numbers."""
        rows = np.repeat(np.arange(first_row, first_row + len(self)), np.diff(self._A_indptr))
        return rows, self.used[self._A_indices], self._A_data

    def values(self, *args, **kwargs):
        return iter(self._data)

    def keys(self, *args, **kwargs):
        return iter(range(len(self._data)))

    def items(self, *args, **kwargs):
        return enumerate(self._data)


@contextmanager
def gc_paused():
    """Pyomo creates millions of small objects; collecting during the build only costs time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def release(ctx: "Context") -> None:
    """Free the Pyomo model now. Every scalar Pyomo component (the model
    itself, the objective, single variables) refers to itself through its
    `_data` dict, so an unused model waits for a full garbage collection,
    which costs ~0.1 s per weekly window of Jilin (as much as building it).
    Clearing those dicts lets reference counting free it at once. So do the
    anonymous index sets Pyomo makes for `Var(range(k), range(n))` (a product
    and one set per range, listed by the component, not on the model):
    left alone they kept ~18 MB on synthetic 5 zones x 8760 h."""
    m = ctx.m
    for component in list(m.component_objects(descend_into=True)):
        if not component.is_indexed():
            component._data.clear()
        for index_set in component._anonymous_sets or ():
            index_set._data.clear()
    m._data.clear()
    ctx.m = m = None  # the last reference, here too: trimmed while it was held, the model's memory stayed (73 MB at 5 zones x 8760 h)
    ctx.columns = ctx.col_lower = ctx.col_upper = []  # the variables and their bounds (HiGHS has them; the solution maps back through ctx.vars' column numbers)
    return_freed_memory()


def return_freed_memory() -> None:
    """Hand freed heap memory back to the OS (glibc's malloc_trim): HiGHS's
    large arrays are fresh mappings, so without this the model's freed memory
    would stay counted under the solve's peak (synthetic 5 zones x 8760 h:
    -150 MB). Elsewhere than glibc, nothing to do."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


@functools.cache
def _glibc():
    try:
        libc = ctypes.CDLL("libc.so.6")
        return libc if hasattr(libc, "malloc_trim") else None
    except OSError:
        return None
