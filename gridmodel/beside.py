"""How a remedy's jobs run: work that can go beside the hourly dispatches
(which use the scenario's workers) in a second process, or in this one.
The remedy (remedy.plan_remedy) says what to start; this module, where."""

from __future__ import annotations

from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager

from . import progress
from .inputs import System
from .jobs import pool_of, solve_cores, working_beside


class Side:
    """Where work beside the hourly dispatches runs: a process of its own,
    or this one (`concurrent` False: each job runs when started)."""

    def __init__(self, pool):
        self.pool = pool
        self.concurrent = isinstance(pool, ProcessPoolExecutor)

    def start(self, fn, *args) -> Future:
        """fn(*args) beside; in another process without stage lines (the
        main process reports the stages)."""
        return self.pool.submit(quietly, fn, *args) if self.concurrent else self.pool.submit(fn, *args)


def quietly(fn, *args):
    with progress.silenced():
        return fn(*args)


@contextmanager
def beside(system: System):
    """A process for work that can run beside the hourly dispatches: the
    remedy's plan while the base is dispatched, and what each addition
    fixes while the plan is checked. On two cores these fill the core left
    idle while a windowed dispatch solves its coarse year and while its
    last windows finish. In this process where it has no second core to
    share (jobs.solve_cores: one worker, a worker process such as a sweep's
    case, one core). On Ctrl-C,
    SIGTERM or an error, nothing queued starts (jobs.pool_of)."""
    alone = solve_cores(system.scenario.solver.workers) < 2
    with pool_of(0 if alone else 1) as pool, working_beside(0 if alone else 1):
        yield Side(pool)
