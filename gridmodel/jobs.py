"""How runs' jobs run and log: worker processes that stop with the run, an
executor that runs each task at once in this process (where no process pool
is wanted), and HiGHS's log of a run of many solves, one file per solve
while they run in parallel, joined in order. Used by the windows
(windows/), the remedy and the workflow alike."""

from __future__ import annotations

import multiprocessing
import os
import signal
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

_beside = 0
"""Processes of this run working beside this one (`working_beside`)."""


def machine_cores() -> int:
    """The cores this process may run on (its CPU affinity where the OS has one)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def solve_cores(workers: int | None) -> int:
    """The cores one solve of this process may use. A run's own process has
    the machine's, less one for each of the run's processes working beside
    it (the remedy's side job); a worker process (a window, a sweep's case,
    the side job) has one, as does a scenario held to one worker
    (`solver.workers: 1`): the run's other processes, or the user, keep
    the rest."""
    if workers == 1 or multiprocessing.parent_process() is not None:
        return 1
    return max(1, machine_cores() - _beside)


@contextmanager
def working_beside(processes: int):
    """While the block runs, `processes` of this run's processes work beside
    this one: its solves leave them their cores."""
    global _beside
    _beside += processes
    try:
        yield
    finally:
        _beside -= processes


@contextmanager
def pool_of(processes: int):
    """An executor for the block: `processes` worker processes (0: Inline,
    this process). On an error nothing queued starts; on Ctrl-C or SIGTERM
    (KeyboardInterrupt, progress.Interrupted) the workers are ended too,
    not waited for. Ctrl-C at a terminal reaches them through the process
    group, SIGTERM to the run's process alone does not: Jilin 2025's
    monthly windows solved on for many minutes after their run had
    stopped. Workers die at SIGTERM (not the run's clean stop, which they
    would inherit): a window's solve is all they hold, and a stopped run
    writes no results."""
    executor = ProcessPoolExecutor(max_workers=processes, initializer=signal.signal, initargs=(signal.SIGTERM, signal.SIG_DFL)) if processes else Inline()
    with executor:
        try:
            yield executor
        except BaseException as exc:
            interrupted = isinstance(exc, KeyboardInterrupt)
            if interrupted:
                for worker in list((getattr(executor, "_processes", None) or {}).values()):  # as Python 3.14's terminate_workers()
                    worker.terminate()
            # With its workers ended, the pool's manager thread is joined here: a shutdown without
            # waiting forgets it, and left running it raced Python's exit (CPython 3.11's
            # _python_exit wakes it without its lock: "Bad file descriptor" once in a CI run).
            executor.shutdown(wait=interrupted, cancel_futures=True)
            raise


class Inline:
    """An executor that runs each task at once, in this process."""

    def submit(self, fn, *args) -> Future:
        f: Future = Future()
        f.set_result(fn(*args))
        return f

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def shutdown(self, **kw) -> None:
        return None


class Logs:
    """HiGHS's log of a windowed run: one file per solve while they run (the
    windows solve in parallel), joined into the run's highs.log in the
    order of `order` (the coarse year -1, then the windows' numbers)."""

    def __init__(self, log_file: str | None):
        self.path = Path(log_file) if log_file else None
        self.parts: dict[int, tuple[str, Path]] = {}

    def part(self, order: int, title: str) -> str | None:
        if self.path is None:
            return None
        piece = self.path.with_name(f"{self.path.name}.{order + 1:03d}.partial")
        self.parts[order] = (title, piece)
        return str(piece)

    def next(self, title: str) -> str | None:
        """The file for the next solve, after those asked for so far."""
        return self.part(max(self.parts, default=-1) + 1, title)

    def join(self) -> None:
        if self.path is None:
            return
        with self.path.open("w", encoding="utf-8") as out:
            for _, (title, piece) in sorted(self.parts.items()):
                out.write(f"===== {title} =====\n")
                if piece.exists():
                    out.write(piece.read_text(encoding="utf-8", errors="replace"))
                    piece.unlink()
                else:
                    out.write("(not solved: the run stopped before it)\n")
