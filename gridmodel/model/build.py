"""Compose the formulation modules into one Pyomo model."""

from __future__ import annotations

import ctypes
import functools
import gc
from contextlib import contextmanager

from ..inputs import System
from .core import Context, Horizon, add_rows
from .modules import MODULES


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


def release(ctx: Context) -> None:
    """Free the Pyomo model now. Every scalar Pyomo component (the model
    itself, the objective, single variables) refers to itself through its
    `_data` dict, so an unused model waits for a full garbage collection,
    which costs ~0.1 s per weekly window of Jilin (as much as building it).
    Clearing those dicts lets reference counting free it at once."""
    m = ctx.m
    for component in list(m.component_objects(descend_into=True)):
        if not component.is_indexed():
            component._data.clear()
    m._data.clear()
    ctx.m = None
    ctx.columns = []  # the variables themselves (the solution maps back through ctx.vars' column numbers)
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


def build_model(system: System, horizon: Horizon | None = None) -> Context:
    """The LP for `system` over `horizon` (default: the system's hours, in order)."""
    ctx = Context(system, horizon or Horizon.chronological(system.index))
    with gc_paused():
        for module in MODULES:
            with ctx.within(module):
                module.build(ctx)
        add_rows(ctx)
    return ctx
