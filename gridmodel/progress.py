"""What a run is doing: one line per stage with the time since the run began,
and, for work done in parts (windows, sweep cases), each part done with an
estimate of the time left. The current stage is what FAILED.txt names when a
run is interrupted or crashes.

Lines go to the "gridmodel" logger (console and run.log). Work done inside a
window's worker process is quiet: the parent reports the windows instead.
"""

from __future__ import annotations

import logging
import signal
import time
from contextlib import contextmanager

log = logging.getLogger("gridmodel")

_state = {"t0": time.perf_counter(), "stage": "starting", "quiet": False}


def start() -> None:
    """A new run: the clock starts now."""
    _state.update(t0=time.perf_counter(), stage="starting")


def elapsed_s() -> float:
    return time.perf_counter() - _state["t0"]


def stage(name: str) -> None:
    """Enter a stage: remembered for FAILED.txt and shown with the elapsed time."""
    if _state["quiet"]:
        return
    _state["stage"] = name
    log.info("[%6.1f s] %s", elapsed_s(), name)


def current() -> str:
    return _state["stage"]


@contextmanager
def silenced():
    """No stage lines inside (a window's solve: the windows are reported instead)."""
    was = _state["quiet"]
    _state["quiet"] = True
    try:
        yield
    finally:
        _state["quiet"] = was


def part_done(done: int, total: int, what: str, started_s: float) -> None:
    """`done` of `total` parts finished: a line with the time left at the rate so far."""
    spent = time.perf_counter() - started_s
    left = spent / done * (total - done)
    log.info("[%6.1f s]   %s %d/%d done, about %.0f s left", elapsed_s(), what, done, total, left)


class Interrupted(KeyboardInterrupt):
    """SIGTERM, turned into the same clean stop as Ctrl-C."""


def _raise_interrupted(signum, frame) -> None:
    raise Interrupted(signal.Signals(signum).name)


@contextmanager
def sigterm_as_interrupt():
    """While inside, SIGTERM (e.g. `kill`, a job scheduler) raises Interrupted
    like Ctrl-C raises KeyboardInterrupt, so both end the run cleanly."""
    previous = signal.signal(signal.SIGTERM, _raise_interrupted)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
