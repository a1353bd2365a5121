"""User-facing errors: collected, then reported together (exit code 2)."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

UNION_TAGS = {"float", "int", "str", "bool", "list[str]", "list", "dict"}
"""Pydantic names the branch of a union (`float | str`) in an error's location;
the user wrote one field, so those tags are left out."""


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
        issue = Issue(str(file), where, rule)
        if issue not in self.issues:  # e.g. the same year mismatch found by every series
            self.issues.append(issue)

    def add_validation(self, file: str, exc: ValidationError, where: str = "") -> None:
        """Pydantic's errors, one per field the user wrote (the first branch of a
        union that failed), each with the value found."""
        seen = set()
        for e in exc.errors():
            name = field_name(e["loc"])
            if name in seen:
                continue
            seen.add(name)
            got = f" (got {e['input']!r})" if e["type"] != "missing" and not isinstance(e.get("input"), dict) else ""
            self.add(file, f"{where}field {name or 'row'}", f"{e['msg']}{got}")

    def raise_if_any(self) -> None:
        if self.issues:
            raise InputError(self.issues)


def field_name(loc: tuple) -> str:
    """`("edits", 0, "set", "capacity_mw", "float")` -> `edits[0].set.capacity_mw`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part not in UNION_TAGS and not str(part).startswith(("function-", "literal[")):
            out += f".{part}" if out else str(part)
    return out
