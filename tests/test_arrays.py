"""Expression arrays refuse what numpy would broadcast silently into other
rows (gridmodel/model/arrays.aligned): a series whose axes are not stated,
and a misordered axis (steps x items against items x steps), which with one
item, or as many items as steps, numpy spreads without a word."""

from __future__ import annotations

import numpy as np
import pytest

from gridmodel.model.arrays import Lin, Terms, compress

STEPS = 4


def one_item() -> Lin:
    """The output of a single unit: items x steps, (1, 4)."""
    return Lin.block(0, (1, STEPS))


@pytest.mark.parametrize(
    "misordered",
    [
        lambda p: p * np.ones((STEPS, 1)),  # a series as steps x items: numpy would make (4, 4) rows
        lambda p: p + Lin.block(10, (STEPS, 1)),
        lambda p: p <= np.ones((STEPS, 1)),
    ],
    ids=["times a steps x items array", "plus a steps x items Lin", "compared with a steps x items array"],
)
def test_a_misordered_axis_raises_naming_both_shapes(misordered):
    with pytest.raises(ValueError, match=r"\(1, 4\).*\(4, 1\)|\(4, 1\).*\(1, 4\)"):
        misordered(one_item())


def test_a_series_must_state_which_axis_it_runs_along():
    square = Lin.block(0, (STEPS, STEPS))  # as many items as steps: a 1-D array could mean either axis
    with pytest.raises(ValueError, match=r"\(4, 4\).*\(4,\).*numbers of axes"):
        square * np.arange(STEPS)
    assert (square * np.arange(STEPS)[None, :]).coef[1, :, 0].tolist() == [0.0, 1.0, 2.0, 3.0]  # stated: per step
    assert (square * np.arange(STEPS)[:, None]).coef[1, :, 0].tolist() == [1.0] * STEPS  # stated: per item


def test_spreading_over_the_steps_and_single_values_still_work():
    capacity = Lin.block(0, (3,))  # one variable per item
    assert (capacity[:, None] * np.ones((1, STEPS))).shape == (3, STEPS)
    assert (Lin.block(0, ()) * np.ones(STEPS)).shape == (STEPS,)
    assert (Lin.block(0, (3, STEPS)) - capacity[:, None] <= 0.0).expr.shape == (3, STEPS)


def test_compress_sums_repeated_entries_and_drops_zero_sums():
    """Entries in any order, (0, 2) twice, (1, 0) cancelling to zero: by rows,
    each row's columns ascending; by columns, each column's rows ascending."""
    rows, cols = np.array([1, 0, 2, 0, 1, 2]), np.array([0, 2, 1, 2, 0, 0])
    coefs = np.array([4.0, 1.0, 5.0, 2.0, -4.0, 6.0])
    by_rows = compress(rows, cols, coefs, (3, 3))
    assert (by_rows.indptr.tolist(), by_rows.indices.tolist(), by_rows.data.tolist()) == ([0, 1, 1, 3], [2, 0, 1], [3.0, 6.0, 5.0])
    by_cols = compress(rows, cols, coefs, (3, 3), by_columns=True)
    assert (by_cols.indptr.tolist(), by_cols.indices.tolist(), by_cols.data.tolist()) == ([0, 1, 2, 3], [2, 2, 0], [6.0, 5.0, 3.0])
    assert by_cols.shape == (3, 3) and by_cols.nnz == 3
    empty = Terms(2).matrix(3)  # a registry nothing was added to
    assert empty.indptr.tolist() == [0, 0, 0] and empty.nnz == 0 and empty.shape == (2, 3)
