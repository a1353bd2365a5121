"""Helpers for the annual limits modules declare (technology.Limit): a
windowed year shares each limit over its hours by the coarse year's use of
it per day (gridmodel/windows), and the one LP's share of it by hours."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .core import Context

DAY_H = 24


def per_day(values: np.ndarray, sequence: np.ndarray) -> np.ndarray:
    """Per-step values of representative days (items x steps) summed per
    original day (items x days): `sequence` is the representative day of
    every day of the run."""
    return values.reshape(len(values), -1, DAY_H).sum(axis=2)[:, sequence]


def by_hours(ctx: Context, groups: int) -> np.ndarray:
    """The one LP's share of each of `groups` annual limits at each hour of
    the run (groups x hours): the run's share of the year, evenly."""
    n = ctx.horizon.n
    return np.full((groups, n), ctx.year_share / n)
