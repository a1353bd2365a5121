"""User-facing errors: collected, then reported together (exit code 2)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Issue:
    """One broken rule: which file, where in it, and what is wrong."""

    file: str
    where: str
    rule: str

    def __str__(self) -> str:
        where = f", {self.where}" if self.where else ""
        return f"{self.file}{where}: {self.rule}"


class InputError(Exception):
    """Bad input: a list of issues, each naming file, row/field and rule."""

    def __init__(self, issues: list[Issue]):
        self.issues = list(issues)
        super().__init__(self.message())

    def message(self) -> str:
        lines = [f"{len(self.issues)} problem(s) in the input:"]
        lines += [f"  - {i}" for i in self.issues]
        return "\n".join(lines)


class SolverError(Exception):
    """HiGHS did not return an optimal solution (exit code 3)."""


class Collector:
    """Gathers issues so that every problem is reported in one go."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []
        self.dropped: dict[str, set] = {}  # table -> keys of rows rejected, so that
        # later reference checks do not repeat an error as "unknown ..."

    def add(self, file: str, where: str, rule: str) -> None:
        self.issues.append(Issue(str(file), where, rule))

    def raise_if_any(self) -> None:
        if self.issues:
            raise InputError(self.issues)
