"""Runs started from the page: each one is `gridmodel run SCENARIO --out OUT`
in a process of its own, exactly what the CLI does (same checks, same run
folder, same files), so the page adds no second way of running.

The process writes its console (the stage lines of gridmodel/progress.py) to a
log file, which the page reads for live progress. It is started in a session
of its own: closing the page, or stopping the server, does not stop a run;
the Stop button sends SIGTERM, which the CLI turns into a clean stop (FAILED.txt).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

CLI = "from gridmodel.cli import main; main()"


@dataclass
class Job:
    id: str
    scenario: str
    log: Path
    out: Path
    process: subprocess.Popen
    started: float = field(default_factory=time.time)
    stopped: bool = False

    def lines(self) -> list[str]:
        return self.log.read_text(encoding="utf-8", errors="replace").splitlines() if self.log.exists() else []

    @property
    def state(self) -> str:
        code = self.process.poll()
        return "running" if code is None else ("done" if code == 0 else "failed")

    def _record_end(self) -> None:
        """A run that ended without a word in its folder (killed in the instant
        after the folder was made, or a signal before the CLI could catch it):
        FAILED.txt says how it ended."""
        name, code = self.run_name(), self.process.returncode
        folder = self.out / name if name else None
        if folder is None or (folder / "FAILED.txt").exists() or (folder / "summary.json").exists():
            return
        from ..export import write_failure

        how = "interrupted by SIGTERM (Stop on the page)" if self.stopped else f"ended with exit code {code}"
        write_failure(folder, f"{how} while starting, before any result was written (see run.log)")

    def run_name(self) -> str | None:
        """The run folder the CLI made (it prints its path), once it exists."""
        pattern = re.compile(re.escape(str(self.out) + os.sep) + r"([^\s/\\]+-\d{8}-\d{6}(?:-\d+)?)")
        found = pattern.search(self.log.read_text(encoding="utf-8", errors="replace")) if self.log.exists() else None
        return found.group(1) if found else None

    def status(self) -> dict:
        state = self.state  # before the log: a finished run's last lines are in it
        if state == "failed":
            self._record_end()
        return {"id": self.id, "scenario": self.scenario, "state": state, "returncode": self.process.poll(), "run": self.run_name(), "lines": self.lines(), "elapsed_s": round(time.time() - self.started, 1)}


class Jobs:
    """The runs this server started, by id."""

    def __init__(self, out: Path, logs: Path):
        self.out, self.logs = out, logs
        self._jobs: dict[str, Job] = {}

    def start(self, scenario_file: Path, name: str, options: list[str]) -> Job:
        self.logs.mkdir(parents=True, exist_ok=True)
        job_id = uuid.uuid4().hex[:12]
        log = self.logs / f"{job_id}.log"
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8"}
        with log.open("w", encoding="utf-8") as sink:
            process = subprocess.Popen(
                [sys.executable, "-c", CLI, "run", str(scenario_file), "--out", str(self.out), *options],
                stdout=sink, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, start_new_session=True,
            )
        job = self._jobs[job_id] = Job(job_id, name, log, self.out, process)
        return job

    def get(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    def all(self) -> list[Job]:
        return sorted(self._jobs.values(), key=lambda j: -j.started)

    def stop(self, job_id: str) -> None:
        job = self._jobs.get(job_id)
        if job is not None and job.state == "running":
            job.stopped = True
            job.process.send_signal(signal.SIGTERM)
