"""Curtailment by cause: Shapley shares over four families of limits plus the
surplus must add up to the base run's curtailment.

The fixture (4 hours, two zones and a neighbour) is built so that each family
causes some curtailment: 200 MW of wind in zone a next to a coal unit with a
60 % minimum load that the reserve keeps online, a 50 MW line to zone b, a
20 MW export channel and a 20 MW / 20 MWh battery. Every way of absorbing
surplus wind has a strictly positive value or cost (exports earn 50 CNY/MWh,
the battery loses energy and costs 1 CNY/MWh, the line is lossless), so the
curtailment of each counterfactual is unique, not one of several optima.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cases import NO_RESERVE, link, thermal, wind, write_case, zones
from gridmodel import dictionary
from gridmodel.api import run_scenario, solve_system
from gridmodel.attribution import CAUSES_CSV, COUNTERFACTUALS_CSV, FAMILIES, attribute, relaxed, shapley
from gridmodel.export import write_run
from gridmodel.inputs import load_system


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> Path:
    return write_case(
        tmp_path_factory.mktemp("attribution") / "limits",
        {
            "zones": zones("a", "b") + [{"zone": "x", "kind": "external", "export_price_cny_per_mwh": 50}],
            "links": [link("ab", "a", "b", 50), {**link("ax", "a", "x", 20), "kind": "export"}],
            "renewables": [wind("wind", "a", 200)],
            "thermal": [{"name": "coal", "zone": "a", "technology": "coal", "capacity_mw": 100, "min_load_pu": 0.6}],
            "storage": [{"name": "bat", "zone": "a", "technology": "battery", "power_mw": 20, "energy_mwh": 20, "eta_charge": 0.9, "eta_discharge": 0.9, "vom_cny_per_mwh": 1}],
        },
        load={"a": [60.0] * 4, "b": [60.0] * 4},
        availability={"wind": [1.0, 1.0, 0.1, 0.1]},
        reserve={"load_share": 0.2, "renewable_share": 0.0},
    )


@pytest.fixture(scope="module")
def system(scenario):
    return load_system(scenario)


@pytest.fixture(scope="module")
def attribution(system):
    return attribute(system)


def test_shapley_of_a_hand_computed_game():
    """v(a)=1, v(b)=2, v(ab)=5: phi_a = (1 + (5-2))/2 = 2, phi_b = (2 + (5-1))/2 = 3."""
    v = {frozenset(): 0.0, frozenset("a"): 1.0, frozenset("b"): 2.0, frozenset("ab"): 5.0}
    assert shapley(v, ["a", "b"]) == pytest.approx({"a": 2.0, "b": 3.0})


def test_shares_of_a_hand_computed_case(tmp_path):
    """Zone a: 100 MW of wind and 40 MW of load, a 20 MW line to zone b
    (50 MW of load, coal at 100 CNY/MWh) and a 10 MW export channel (the
    neighbour pays 50 CNY/MWh): 100 - 40 - 20 - 10 = 30 MW curtailed, 60 MWh
    over 2 h. Relaxing the line (b takes its 50 MW of wind) or the channel (the
    neighbour takes the rest) leaves none: C = 60 MWh with nothing relaxed, 0
    with network, export or both; thermal and storage change nothing (no
    minimum load, no store). Network and export are symmetric: 30 MWh each;
    thermal 0, storage 0, surplus 0. (The shares add up to the base by
    construction; what is tested is each one.)"""
    path = write_case(
        tmp_path / "two-causes",
        {
            "zones": zones("a", "b") + [{"zone": "x", "kind": "external", "export_price_cny_per_mwh": 50}],
            "links": [link("ab", "a", "b", 20), {**link("ax", "a", "x", 10), "kind": "export"}],
            "renewables": [wind("wind", "a", 100)],
            "thermal": [thermal("coal", "b", 100, 100)],
        },
        load={"a": [40.0, 40.0], "b": [50.0, 50.0]},
        availability={"wind": [1.0, 1.0]},
        reserve=NO_RESERVE,
    )
    causes = attribute(load_system(path)).causes.set_index("cause")["curtailment_mwh"]
    assert causes.to_dict() == pytest.approx({"network": 30.0, "thermal": 0.0, "storage": 0.0, "export": 30.0, "surplus": 0.0}, abs=1e-6)


def test_each_family_causes_some_curtailment(attribution):
    by_cause = attribution.causes.set_index("cause")["curtailment_mwh"]
    assert list(by_cause.index) == [*FAMILIES, "surplus"]
    for family in FAMILIES:
        assert by_cause[family] > 1.0, f"{family} causes no curtailment in the fixture"


def test_surplus_is_what_remains_with_everything_relaxed(attribution):
    """The neighbour buys any amount once the channel is relaxed, so nothing remains."""
    cf = attribution.counterfactuals
    all_relaxed = cf[cf[list(FAMILIES)].all(axis=1)]["curtailment_mwh"].item()
    assert len(cf) == 2 ** len(FAMILIES)
    assert attribution.causes.set_index("cause").loc["surplus", "curtailment_mwh"] == pytest.approx(all_relaxed)
    assert all_relaxed == pytest.approx(0.0, abs=1e-6)


def test_relaxing_leaves_the_original_system_unchanged(system):
    before = {name: df.copy() for name, df in system.tables.items()}
    r = relaxed(system, list(FAMILIES))
    for name, df in before.items():
        pd.testing.assert_frame_equal(system.tables[name], df)
    assert r.tables["links"]["capacity_mw"].tolist() == [50_000.0, 20_000.0]
    assert (r.tables["thermal"][["min_load_pu", "retrofit_min_load_pu", "cm"]].to_numpy() == 0).all()
    assert np.allclose(r.tables["storage"][["power_mw", "energy_mwh"]].to_numpy(), [[20_000.0, 20_000.0]])


def test_base_result_saves_a_solve_and_gives_the_same_shares(system, attribution):
    base = solve_system(system)
    again = attribute(replace(system), base=base)
    pd.testing.assert_frame_equal(again.causes, attribution.causes, rtol=1e-6)


def test_write_puts_both_tables_in_the_run_folder(attribution, tmp_path):
    attribution.write(tmp_path)
    causes = pd.read_csv(tmp_path / CAUSES_CSV)
    assert list(causes.columns) == ["cause", "description", "curtailment_mwh", "share"]
    assert len(pd.read_csv(tmp_path / COUNTERFACTUALS_CSV)) == 16
    described = dictionary.describe(tmp_path)
    assert (described["meaning"] != "").all(), described[described["meaning"] == ""]


def test_attribute_command_on_a_past_run(scenario, tmp_path):
    """`gridmodel attribute RUN_DIR` solves the run's scenario again and adds
    the table, its dictionary entries and the figure to that folder."""
    write_run(run_scenario(scenario), tmp_path, str(scenario))
    proc = subprocess.run([str(Path(sys.executable).parent / "gridmodel"), "attribute", str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    base = json.loads((tmp_path / "summary.json").read_text())["kpis"]["curtailment_mwh"]
    assert pd.read_csv(tmp_path / CAUSES_CSV)["curtailment_mwh"].sum() == pytest.approx(base, rel=1e-6)
    assert CAUSES_CSV in set(pd.read_csv(tmp_path / dictionary.CSV)["file"])
    assert (tmp_path / "figures" / "curtailment_by_cause.png").exists()
