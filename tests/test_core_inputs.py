"""Bad input: each rule gives a message naming the file, the row or field, and
the rule; every problem of a scenario is reported in one go. Scenario
inheritance (`extends:`, `edits:`, `capacity_totals_mw`) resolves as stated."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from cases import EXAMPLE, link, thermal, wind, write_case, zones
from gridmodel.errors import InputError
from gridmodel.inputs import load_system

def spec() -> dict:
    """A valid two-zone case with one of every table (the base of each bad case)."""
    return {
        "tables": {
            "zones": zones("a", "b"),
            "links": [link("ab", "a", "b", 500)],
            "thermal": [
                thermal("coal", "a", 1000, 100, min_load_pu=0.4),
                thermal("chp", "b", 500, 120, technology="chp", heat_area="city", heat_max_pu=1.0, cm=0.5, cv=0.15),
            ],
            "renewables": [wind("w", "a", 800)],
            "storage": [{"name": "st", "zone": "b", "technology": "battery", "power_mw": 100, "energy_mwh": 400}],
            "demand_response": [{"name": "dr", "zone": "a", "share_of_peak": 0.05, "cost_cny_per_mwh": 2000, "max_hours_per_year": 100}],
            "heat_areas": [{"heat_area": "city", "zone": "b"}],
        },
        "load": {"a": [500.0] * 4, "b": [300.0] * 4},
        "availability": {"w": [0.5] * 4},
        "heat": {"city": [200.0] * 4},
    }


def write(folder: Path, s: dict, **settings) -> Path:
    return write_case(folder, s["tables"], s["load"], s["availability"], s["heat"], **settings)


# ----------------------------------------------------------------- mutations
def row(table: str, i: int = 0, **values):
    def mutate(s):
        s["tables"][table][i].update(values)

    return mutate


def add_row(table: str, values: dict):
    def mutate(s):
        s["tables"][table].append(values)

    return mutate


def series(role: str, column: str, values: list):
    def mutate(s):
        s[role][column] = values

    return mutate


def add_island(s):
    s["tables"]["zones"] += zones("c")
    s["load"]["c"] = [10.0] * 4


def edit_csv(name: str, change):
    """Change a written CSV file (for what the dict-based writer cannot express)."""

    def post(folder: Path, path: Path) -> None:
        df = pd.read_csv(folder / name)
        change(df).to_csv(folder / name, index=False)

    return post


def shift_timestamps(df: pd.DataFrame) -> pd.DataFrame:
    return df.assign(timestamp=(pd.to_datetime(df["timestamp"]) + pd.Timedelta(hours=1)).dt.strftime("%Y-%m-%d %H:%M"))


def edit_yaml(**changes):
    def post(folder: Path, path: Path) -> None:
        doc = yaml.safe_load(path.read_text())
        doc.update(changes)
        path.write_text(yaml.safe_dump(doc))

    return post


def extends_cycle(folder: Path, path: Path) -> None:
    """scenario.yaml extends child.yaml, which extends scenario.yaml."""
    (folder / "child.yaml").write_text(yaml.safe_dump({"extends": "scenario.yaml", "name": "child"}))
    edit_yaml(extends="child.yaml")(folder, path)


# (id, change to the spec, change to the written files, fragments the message must hold)
BAD = [
    ("negative-capacity", row("thermal", capacity_mw=-5.0), None, ["thermal.csv", "row 1 (name=coal)", "capacity_mw", "greater than or equal to 0"]),
    ("availability-above-1", series("availability", "w", [0.5, 1.5, 0.5, 0.5]), None, ["availability.csv", "row 2, column w", "must be <= 1"]),
    ("availability-negative", series("availability", "w", [0.5, 0.5, -0.1, 0.5]), None, ["availability.csv", "row 3, column w", "must be >= 0"]),
    ("nan-in-series", series("load", "a", [500.0, float("nan"), 500.0, 500.0]), None, ["load_mw.csv", "row 2, column a", "must be a number"]),
    ("series-length", series("availability", "w", [0.5] * 3), None, ["availability.csv", "has 3 hourly rows but the other series have 4"]),
    ("misaligned-timestamps", None, edit_csv("load_mw.csv", shift_timestamps), ["load_mw.csv", "row 1, field timestamp", "expected 2030-01-01 00:00"]),
    ("unknown-zone", row("renewables", zone="zz"), None, ["renewables.csv", "row 1 (name=w), field zone", "unknown internal zone 'zz'"]),
    ("min-load-above-1", row("thermal", min_load_pu=1.2), None, ["thermal.csv", "field min_load_pu", "less than or equal to 1"]),
    ("efficiency-zero", row("storage", eta_charge=0.0), None, ["storage.csv", "field eta_charge", "greater than 0"]),
    ("efficiency-above-1", row("storage", eta_discharge=1.1), None, ["storage.csv", "field eta_discharge", "less than or equal to 1"]),
    ("missing-parent", None, edit_yaml(extends="nowhere.yaml"), ["scenario.yaml", "field extends", "'nowhere.yaml' does not exist"]),
    ("extends-cycle", None, extends_cycle, ["field extends", "cycle of extends: scenario.yaml -> child.yaml -> scenario.yaml"]),
    ("unknown-yaml-key", None, edit_yaml(colour="red"), ["scenario.yaml", "field colour", "Extra inputs are not permitted"]),
    ("unknown-nested-yaml-key", None, edit_yaml(reserve={"load_shar": 0.1}), ["scenario.yaml", "field reserve.load_shar", "Extra inputs are not permitted"]),
    ("unknown-csv-column", row("thermal", colour="red"), None, ["thermal.csv", "column colour", "unknown column for table 'thermal'"]),
    ("self-loop", add_row("links", link("aa", "a", "a", 100)), None, ["links.csv", "row 2 (name=aa)", "self-loop"]),
    ("duplicate-link", add_row("links", link("ba", "b", "a", 100)), None, ["links.csv", "row 2 (name=ba)", "duplicate link", "'ab'"]),
    ("island", add_island, None, ["links.csv", "island", "['c']"]),
    ("chp-without-heat-area", row("thermal", 1, heat_area=""), None, ["thermal.csv", "(name=chp), field heat_area", "a CHP unit needs one of the heat_areas"]),
    ("chp-unknown-heat-area", row("thermal", 1, heat_area="town"), None, ["thermal.csv", "(name=chp), field heat_area", "'town'"]),
    ("duplicate-unit-name", row("thermal", 1, name="coal"), None, ["thermal.csv", "name coal", "duplicate name"]),
]


def test_base_case_is_valid(tmp_path):
    system = load_system(write(tmp_path, spec()))
    assert system.internal_zones == ["a", "b"] and len(system.index) == 4


@pytest.mark.parametrize("pre, post, fragments", [case[1:] for case in BAD], ids=[case[0] for case in BAD])
def test_bad_input_names_file_field_and_rule(tmp_path, pre, post, fragments):
    s = spec()
    if pre:
        pre(s)
    path = write(tmp_path, s)
    if post:
        post(tmp_path, path)
    with pytest.raises(InputError) as info:
        load_system(path)
    message = info.value.message()
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in:\n{message}"
    assert "np.float64" not in message  # values shown as the user wrote them


@pytest.mark.parametrize(
    "changes, n_at_least",
    [
        ([row("thermal", capacity_mw=-5.0), series("load", "a", [500.0, float("nan"), 500.0, 500.0])], 2),  # a table and a series
        ([row("thermal", capacity_mw=-5.0), row("storage", eta_charge=0.0)], 2),  # two tables
        ([row("renewables", zone="zz"), add_row("links", link("aa", "a", "a", 100))], 2),  # two references
        ([row("thermal", capacity_mw=-5.0), row("renewables", zone="zz")], 2),  # a value and a reference
    ],
    ids=["table-and-series", "two-tables", "two-references", "value-and-reference"],
)
def test_all_errors_are_reported_together(tmp_path, changes, n_at_least):
    s = spec()
    for change in changes:
        change(s)
    with pytest.raises(InputError) as info:
        load_system(write(tmp_path, s))
    assert len(info.value.issues) >= n_at_least, info.value.message()
    assert f"{len(info.value.issues)} problem(s)" in info.value.message()


# -------------------------------------------------------------- inheritance
def child(folder: Path, **settings) -> Path:
    """A scenario that extends the example and states only what differs."""
    path = folder / "child.yaml"
    path.write_text(yaml.safe_dump({"extends": str(EXAMPLE), **settings}))
    return path


def test_child_scenario_changes_only_what_it_states(tmp_path):
    parent = load_system(EXAMPLE)
    edit = {"table": "renewables", "where": {"technology": "wind"}, "scale": {"capacity_mw": 2.0}}
    son = load_system(child(tmp_path, name="more_wind", edits=[edit], criteria={"max_curtailment_share": 0.1}))
    assert son.scenario.name == "more_wind"
    assert son.scenario.criteria.max_curtailment_share == 0.1
    assert son.scenario.criteria.min_export_renewable_share == parent.scenario.criteria.min_export_renewable_share  # merged, not replaced
    r0, r1 = parent.tables["renewables"], son.tables["renewables"]
    is_wind = r0["technology"] == "wind"
    assert r1.loc[is_wind, "capacity_mw"].tolist() == pytest.approx((2 * r0.loc[is_wind, "capacity_mw"]).tolist())
    assert r1.loc[~is_wind, "capacity_mw"].tolist() == r0.loc[~is_wind, "capacity_mw"].tolist()
    for name in ("thermal", "storage", "links"):
        pd.testing.assert_frame_equal(son.tables[name], parent.tables[name])
    pd.testing.assert_frame_equal(son.load_mw, parent.load_mw)


def test_grandchild_edits_apply_after_the_parents(tmp_path):
    double = {"table": "thermal", "where": {"name": "coal_central"}, "scale": {"capacity_mw": 2.0}}
    halve = {"table": "thermal", "where": {"name": "coal_central"}, "scale": {"capacity_mw": 0.5}, "set": {"min_load_pu": 0.4}}
    child(tmp_path, name="c", edits=[double])
    grand = tmp_path / "grand.yaml"
    grand.write_text(yaml.safe_dump({"extends": "child.yaml", "name": "g", "edits": [halve]}))
    parent, g = load_system(EXAMPLE).tables["thermal"].set_index("name"), load_system(grand).tables["thermal"].set_index("name")
    assert g.loc["coal_central", "capacity_mw"] == pytest.approx(parent.loc["coal_central", "capacity_mw"])
    assert g.loc["coal_central", "min_load_pu"] == 0.4


def test_an_edit_of_the_channels_keeps_the_infinite_default(tmp_path):
    """channels' max_energy_mwh_per_year defaults to inf (no cap); the table
    is validated again after an edit, which refused that inf as if it had
    been typed into the CSV."""
    tables = {
        "zones": zones("a") + [{"zone": "x", "kind": "external", "export_price_cny_per_mwh": 0.0}],
        "thermal": [thermal("coal", "a", 400, 100)],
        "links": [{**link("a_x", "a", "x", 300.0), "kind": "export"}],
        "channels": [{"name": "uhv", "link": "a_x", "min_energy_mwh_per_year": 1000.0}],
    }
    parent = write_case(tmp_path / "parent", tables, {"a": [50.0] * 24})
    edit = {"table": "channels", "where": {"name": "uhv"}, "set": {"level_mw": 100.0}, "scale": {"min_energy_mwh_per_year": 2.0}}
    (tmp_path / "child.yaml").write_text(yaml.safe_dump({"extends": str(parent), "name": "edited", "edits": [edit]}))
    ch = load_system(tmp_path / "child.yaml").tables["channels"].iloc[0]
    assert (ch["level_mw"], ch["min_energy_mwh_per_year"], ch["max_energy_mwh_per_year"]) == (100.0, 2000.0, float("inf"))


def test_capacity_totals_scale_units_to_the_total(tmp_path):
    parent = load_system(EXAMPLE)
    son = load_system(child(tmp_path, name="totals", capacity_totals_mw={"wind": 4500.0, "battery": 500.0}))
    r0, r1 = parent.tables["renewables"], son.tables["renewables"]
    wind_rows = r1["technology"] == "wind"
    assert r1.loc[wind_rows, "capacity_mw"].sum() == pytest.approx(4500.0)
    assert r1.loc[~wind_rows, "capacity_mw"].tolist() == r0.loc[~wind_rows, "capacity_mw"].tolist()
    s0, s1 = parent.tables["storage"].set_index("name"), son.tables["storage"].set_index("name")
    battery = s1["technology"] == "battery"
    assert s1.loc[battery, "power_mw"].sum() == pytest.approx(500.0)
    duration0 = s0.loc[battery, "energy_mwh"] / s0.loc[battery, "power_mw"]
    assert (s1.loc[battery, "energy_mwh"] / s1.loc[battery, "power_mw"]).tolist() == pytest.approx(duration0.tolist())  # duration kept
    pd.testing.assert_frame_equal(s1[~battery], s0[~battery])


def test_capacity_total_for_a_missing_technology_is_an_error(tmp_path):
    with pytest.raises(InputError, match=r"capacity_totals_mw\.hydro"):
        load_system(write(tmp_path, spec(), capacity_totals_mw={"hydro": 100.0}))
