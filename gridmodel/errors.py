"""User-facing errors: collected, then reported together (exit code 2)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import get_args

from pydantic import BaseModel, ValidationError

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
    """Bad input: a list of issues, each naming file, row/field and rule
    (and the plausibility warnings found beside them)."""

    def __init__(self, issues: list[Issue], warnings: list[Issue] = ()):
        self.issues = list(issues)
        self.warnings = list(warnings)
        super().__init__(self.message())

    def message(self) -> str:
        lines = [f"{len(self.issues)} problem(s) in the input:"]
        lines += [f"  - {i}" for i in self.issues]
        return "\n".join(lines + warning_lines(self.warnings))


def warning_lines(warnings: list[Issue]) -> list[str]:
    """The warnings under a heading, or nothing."""
    return [f"{len(warnings)} warning(s) (accepted, but check them):", *(f"  - {w}" for w in warnings)] if warnings else []


class SolverError(Exception):
    """HiGHS did not return an optimal solution (exit code 3)."""


class Collector:
    """Gathers issues so that every problem is reported in one go, and none
    twice: a value already reported is not blamed again for what follows
    from it (a rejected row, a setting left out, a field blamed)."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []
        self.warnings: list[Issue] = []
        self.dropped: dict[str, set] = {}  # table -> keys of rows rejected, so that
        # later reference checks do not repeat an error as "unknown ..."
        self.rejected: dict[str, list[dict]] = {}  # table -> those rows as written (a rejected link still joins its zones)
        self.blamed: set[tuple[str, str]] = set()  # (file, field) already reported

    def add(self, file: str, where: str, rule: str) -> None:
        issue = Issue(str(file), where, rule)
        if issue not in self.issues and not self.follows(str(file), where):  # e.g. the same year mismatch found by every series
            self.issues.append(issue)

    def warn(self, file: str, where: str, rule: str) -> None:
        """A likely mistake that is still valid input (a unit slip)."""
        issue = Issue(str(file), where, rule)
        if issue not in self.warnings:
            self.warnings.append(issue)

    def blame(self, file: str, field: str) -> None:
        """`field` of `file` is reported: errors about it or within it that follow are not."""
        self.blamed.add((str(file), field))

    def follows(self, file: str, where: str) -> bool:
        """Whether `where` ("field a.b" or "row 3 (...), field c") is a field
        already blamed, one inside it, or one that holds it."""
        field = where.rpartition("field ")[2] if "field " in where else None
        return field is not None and any(
            f == file and (b == field or b.startswith(f"{field}.") or field.startswith((f"{b}.", f"{b}["))) for f, b in self.blamed
        )

    def dropped_values(self, table: str, column: str) -> set:
        """`column` of the rows of `table` rejected so far."""
        return {row[column] for row in self.rejected.get(table, []) if column in row}

    def add_validation(self, file: str, exc: ValidationError, where: str = "", model: type[BaseModel] | None = None) -> None:
        """Pydantic's errors, one per field the user wrote (the first branch of a
        union that failed), each with the value found; an unknown key of
        `model` with the closest known one."""
        seen = set()
        for e in exc.errors():
            name = field_name(e["loc"])
            if name in seen:
                continue
            seen.add(name)
            got = f" (got {e['input']!r})" if e["type"] not in ("missing", "extra_forbidden") and not isinstance(e.get("input"), dict) else ""
            hint = did_you_mean(str(e["loc"][-1]), known_keys(model, e["loc"][:-1])) if e["type"] == "extra_forbidden" and model else ""
            self.add(file, f"{where}field {name or 'row'}", f"{e['msg']}{got}{hint}")

    def raise_if_any(self) -> None:
        if self.issues:
            raise InputError(self.issues, self.warnings)


def closest(word: str, known) -> str | None:
    """The one of `known` that `word` is most likely a misspelling of (difflib), or None."""
    close = difflib.get_close_matches(str(word), [str(k) for k in known], n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, known) -> str:
    """"; did you mean 'reserve'?" for the closest of `known`, or ''."""
    meant = closest(word, known)
    return f"; did you mean {meant!r}?" if meant else ""


def known_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys a settings model takes at `loc` (list positions skipped), [] where it takes any."""
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        model = field and _model_in(field.annotation)
        if model is None:
            return []
    return list(model.model_fields)


def _model_in(annotation) -> type[BaseModel] | None:
    """The settings model of a field typed `M`, `M | None` or `list[M]`."""
    for t in (annotation, *get_args(annotation)):
        if isinstance(t, type) and issubclass(t, BaseModel):
            return t
    return None


def field_name(loc: tuple) -> str:
    """`("edits", 0, "set", "capacity_mw", "float")` -> `edits[0].set.capacity_mw`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part not in UNION_TAGS and not str(part).startswith(("function-", "literal[")):
            out += f".{part}" if out else str(part)
    return out
