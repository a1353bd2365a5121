"""The cost of the feasibility remedy against the curtailment limit and a
corridor's rating (`gridmodel remedy-curves data/sweeps/jilin_remedy_cost.yaml`):
one remedy per point, each planned and checked as a run's (workflow.plan_remedy)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
from pydantic import Field

from .inputs import System
from .remedy import Remedy, settings
from .schema import Strict, unit
from .workflow import plan_remedy


class CostCurves(Strict):
    """A cost-curve sweep file (data/sweeps/jilin_remedy_cost.yaml): the
    feasibility remedy's cost at several curtailment limits, and at several
    ratings of one corridor (each with the base scenario's other settings)."""

    name: str = Field(description="Name of the sweep (its run folder's).")
    description: str = Field("", description="What the sweep shows.")
    base: str = Field(description="Base scenario, relative to this file.")
    curtailment_limits: list[float] = Field(description="criteria.max_curtailment_share of each point.", json_schema_extra=unit("p.u."))
    corridor: str = Field(description="The link whose rating is varied (links.name).")
    ratings_mw: list[float] = Field(description="Its ratings, MW (at the base scenario's curtailment limit).", json_schema_extra=unit("MW"))
    typical_days: int | None = Field(None, gt=0, description="expansion.typical_days for every point (default: the scenario's).")


def load_cost_curves(path) -> tuple[CostCurves, System]:
    """Read a cost-curve file and its base scenario; bad input raises InputError."""
    from pathlib import Path

    import yaml
    from pydantic import ValidationError

    from .errors import Collector
    from .inputs import load_system

    path, errors = Path(path), Collector()
    try:
        spec = CostCurves.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        errors.add(path, "", "cost-curve file does not exist")
    except (yaml.YAMLError, ValidationError) as exc:
        errors.add(path, "", f"not a valid cost-curve file: {exc}")
    errors.raise_if_any()
    system = load_system(path.parent / spec.base, {"expansion.typical_days": spec.typical_days} if spec.typical_days else None)
    if spec.corridor not in set(system.tables["links"]["name"]):
        errors.add(path, "field corridor", f"{spec.corridor!r} is not a link of {spec.base}")
    errors.raise_if_any()
    return spec, system


def with_rating(system: System, link: str, mw: float) -> System:
    links = system.tables["links"].copy()
    links.loc[links["name"] == link, "capacity_mw"] = mw
    return replace(system, tables={**system.tables, "links": links})


def cost_curves(spec: CostCurves, system: System) -> pd.DataFrame:
    """One feasibility remedy per point: curtailment limits (one base dispatch
    for all), then corridor ratings."""
    rows, base = [], None
    for limit in spec.curtailment_limits:
        r = plan_remedy(settings(system, **{"criteria.max_curtailment_share": limit}), "feasibility", attribute=False, base=base)
        base = r.base
        rows.append(_curve_row("curtailment_limit", limit, "p.u.", r))
    for mw in spec.ratings_mw:
        rows.append(_curve_row(spec.corridor, mw, "MW", plan_remedy(with_rating(system, spec.corridor, mw), "feasibility", attribute=False)))
    return pd.DataFrame(rows)


def _curve_row(axis: str, value: float, unit_name: str, r: Remedy) -> dict:
    mix = "; ".join(f"{a.candidate} {a.added:,.0f} {a.unit}" for a in r.additions.itertuples())
    return {"axis": axis, "value": value, "unit": unit_name, **r.cost(), "check_feasible": r.passed, "rounds": len(r.rounds), "additions": mix}


def cost_curve_figure(table: pd.DataFrame, path) -> None:
    """Cost of the remedy against each axis, one panel per axis."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    axes_names = list(dict.fromkeys(table["axis"]))
    fig, axes = plt.subplots(1, len(axes_names), figsize=(5 * len(axes_names), 4), squeeze=False)
    for ax, name in zip(axes[0], axes_names):
        t = table[table["axis"] == name]
        ax.plot(t["value"], t["total_cny"] / 1e9, "o-", label="total")
        ax.plot(t["value"], t["annualised_additions_cny"] / 1e9, "s--", label="additions")
        ax.plot(t["value"], t["operating_change_cny"] / 1e9, "^:", label="change in operating cost")
        for x, y, ok in zip(t["value"], t["total_cny"] / 1e9, t["check_feasible"]):
            if not ok:
                ax.annotate("check fails", (x, y), textcoords="offset points", xytext=(0, 6), fontsize=8, color="#c0392b")
        ax.axhline(0, color="#999", lw=0.6)
        ax.set_xlabel(f"{name} ({t['unit'].iloc[0]})")
        ax.set_ylabel("bn CNY per year")
        ax.legend(fontsize=8)
    fig.suptitle("Feasibility remedy: cost of meeting the criteria")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def write_cost_curves(table: pd.DataFrame, folder) -> None:
    from pathlib import Path

    from .files import write_csv

    write_csv(table, Path(folder) / "cost_curve.csv")
    cost_curve_figure(table, Path(folder) / "cost_curve.png")
