"""Scenario files: read YAML, follow `extends:`, merge, validate against the schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .errors import Collector, field_name
from .schema import Scenario

PATH_SECTIONS = ("tables", "series")


def read_yaml(path: Path, errors: Collector, what: str = "scenario") -> dict | None:
    """A YAML file of settings, or None with the reason collected."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        errors.add(path, "", f"{what} file does not exist")
        return None
    except IsADirectoryError:
        errors.add(path, "", f"is a folder, not a file (give the {what}'s .yaml file)")
        return None
    except UnicodeDecodeError as exc:
        errors.add(path, "", f"not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8")
        return None
    except yaml.YAMLError as exc:
        errors.add(path, "", f"not valid YAML: {exc}")
        return None
    except ValueError as exc:  # a value YAML reads as a date or time that is none (2030-13-01)
        errors.add(path, "", f"not valid YAML: {exc} (quote a date that is meant as text)")
        return None
    if not isinstance(data, dict):
        errors.add(path, "", "must be a mapping of settings (key: value)")
        return None
    return data


def _absolutise_paths(data: dict, base: Path) -> dict:
    """Make table/series paths absolute so that a child may inherit them."""
    for section in PATH_SECTIONS:
        if isinstance(data.get(section), dict):
            data[section] = {
                k: (str((base / v).resolve()) if isinstance(v, str) else v) for k, v in data[section].items()
            }
    return data


def _merge(parent: dict, child: dict) -> dict:
    """Deep-merge child over parent; `edits` lists are concatenated (parent first)."""
    out = dict(parent)
    for key, value in child.items():
        if key == "edits":
            out[key] = list(parent.get(key, [])) + list(value or [])
        elif isinstance(value, dict) and isinstance(parent.get(key), dict):
            out[key] = _merge(parent[key], value)
        else:
            out[key] = value
    return out


def resolve_scenario_dict(path: Path, errors: Collector, _chain: tuple[Path, ...] = ()) -> dict | None:
    """The fully merged settings of a scenario file, parents applied."""
    path = path.resolve()
    if path in _chain:
        cycle = " -> ".join(p.name for p in (*_chain, path))
        errors.add(_chain[-1], "field extends", f"cycle of extends: {cycle}")
        return None
    data = read_yaml(path, errors)
    if data is None:
        return None
    data = _absolutise_paths(data, path.parent)
    parent_ref = data.get("extends")
    if parent_ref is None:
        return data
    parent_path = (path.parent / str(parent_ref)).resolve()
    if not parent_path.is_file():
        problem = "is a folder, not a file" if parent_path.is_dir() else "does not exist"
        errors.add(path, "field extends", f"parent scenario {parent_ref!r} {problem} ({parent_path})")
        return None
    parent = resolve_scenario_dict(parent_path, errors, (*_chain, path))
    if parent is None:
        return None
    merged = _merge(parent, {k: v for k, v in data.items() if k != "extends"})
    merged["extends"] = str(parent_path)
    return merged


def load_scenario(path: str | Path, overrides: dict[str, Any] | None = None) -> Scenario:
    """Read and validate a scenario file (with its parents and optional overrides).

    `overrides` maps dotted keys (``"criteria.max_curtailment_share"``) to values;
    sweeps use it to vary a scenario without writing a file.
    """
    errors = Collector()
    scenario = read_scenario(path, errors, overrides)
    errors.raise_if_any()
    return scenario


def read_scenario(path: str | Path, errors: Collector, overrides: dict[str, Any] | None = None) -> Scenario | None:
    """The scenario at `path`, its problems collected. A setting that breaks a
    rule is reported, blamed and left out (its default used), so that the
    tables and series can still be checked in the same pass without a
    follow-on error about it; None if the file cannot be read or a required
    setting (name, year, tables.zones, series.load) is missing or wrong."""
    data = resolve_scenario_dict(Path(path), errors)
    if data is None:
        return None
    for dotted, value in (overrides or {}).items():
        set_dotted(data, dotted, value)
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        errors.add_validation(path, exc, model=Scenario)
        for e in exc.errors():
            errors.blame(path, field_name(e["loc"]))
            _leave_out(data, e["loc"])
    try:
        return Scenario.model_validate(data)
    except ValidationError:
        return None


def _leave_out(data: dict, loc: tuple) -> None:
    """Remove the setting at an error's location: the first key on its path
    whose value is not a mapping (a list of edits goes whole), or the section
    the location ends at. A missing setting leaves nothing to remove."""
    node = data
    for i, part in enumerate(loc):
        if not isinstance(node, dict) or part not in node:
            return
        if i == len(loc) - 1 or not isinstance(node[part], dict):
            del node[part]
            return
        node = node[part]


def set_dotted(data: dict, dotted: str, value: Any) -> None:
    """Set ``a.b.c`` in nested dicts, creating levels as needed."""
    keys = dotted.split(".")
    node = data
    for k in keys[:-1]:
        node = node.setdefault(k, {})
    node[keys[-1]] = value


def scenario_paths(scenario: Scenario) -> dict[str, str]:
    """Every input file a scenario reads, by role (for hashing and checks)."""
    out = {}
    for section, model in (("tables", scenario.tables), ("series", scenario.series)):
        for key, value in model.model_dump().items():
            if value:
                out[f"{section}.{key}"] = value
    return out
