"""The page's endpoints without a browser (FastAPI TestClient): the form is
checked by the run's own gate and every problem lands next to its field with
nothing written or run; an edit reaches the model; runs started from the page
are CLI runs in new folders (two at once never share one); the run page, the
downloads and the comparison are read from the folders."""

from __future__ import annotations

import hashlib
import io
import re
import time
import zipfile
from html import escape, unescape
from pathlib import Path

import pandas as pd
import pytest
import yaml
from fastapi.testclient import TestClient

from cases import EXAMPLE
from gridmodel import i18n
from gridmodel.gate import prepare
from gridmodel.headline import headline, mode_line
from gridmodel.scenario import load_scenario
from gridmodel.web.app import create_app
from gridmodel.web.folders import summary
from gridmodel.workflow import MONTHS

GOOD = {"name": "example", "mode": "full", "typical_days": "6"}


def errors_of(html: str) -> dict[str, str]:
    return {k: unescape(v) for k, v in re.findall(r'data-field="([^"]+)">([^<]*)<', html)}


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def client(tmp_path):
    return TestClient(create_app(tmp_path / "runs")), tmp_path / "runs"


@pytest.mark.parametrize(
    "field, value, rule",
    [
        ("dr_share", "1.5", "less than or equal to 1"),
        ("total_wind", "-5", "must be >= 0"),
        ("link__central_east", "lots", "must be a number"),
        ("retrofit_share", "-0.1", "greater than or equal to 0"),
        ("name", "my run", "file-name-safe"),
    ],
)
def test_a_bad_value_is_refused_next_to_its_field_and_nothing_is_written(client, field, value, rule):
    c, out = client
    before = files_under(out)
    r = c.post("/scenario/example", data={**GOOD, field: value}, follow_redirects=False)
    assert r.status_code == 422
    assert rule in errors_of(r.text).get(field, ""), errors_of(r.text)
    assert f'id="{field}" name="{field}" value="{value}"' in r.text  # what was typed stays to be corrected
    assert files_under(out) == before == set() and [p.name for p in out.iterdir()] == [".web"]


def test_more_typical_days_than_the_horizon_has_is_refused_at_the_typical_days_field(client):
    c, out = client
    r = c.post("/scenario/example", data={**GOOD, "mode": "typical", "typical_days": "9"}, follow_redirects=False)
    assert r.status_code == 422 and "fewer typical days than days run" in errors_of(r.text)["typical_days"]
    assert not (out / ".web" / "scenarios").exists() or not list((out / ".web" / "scenarios").iterdir())


def test_the_form_shows_the_scenario_values_and_writes_only_the_changes():
    from gridmodel.web import form

    system = prepare(EXAMPLE)
    current = {f.key: f for f in form.fields(system)}
    assert float(current["total_wind"].value) == system.tables["renewables"].query("technology == 'wind'")["capacity_mw"].sum()
    assert float(current["link__central_east"].value) == 1500
    doc, origin = form.scenario_doc(EXAMPLE, 0, {**{k: f.value for k, f in current.items()}, "link__central_east": "2222", "total_wind": "3300"}, list(current.values()))
    assert doc["capacity_totals_mw"] == {"wind": 3300.0} and origin == {0: "link__central_east"}
    assert doc["edits"] == [{"table": "links", "where": {"name": "central_east"}, "set": {"capacity_mw": 2222.0}}]


def test_an_uploaded_scenario_is_checked_and_its_relative_paths_read_from_data_scenarios(client):
    c, out = client
    child = yaml.safe_dump({"name": "uhv_12gw", "extends": "jilin_2030.yaml", "edits": [{"table": "links", "where": {"name": "west_south_uhv"}, "set": {"capacity_mw": 12000}}]})
    r = c.post("/upload", files={"scenario": ("uhv.yaml", child.encode())}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/scenario/upload-uhv"
    saved = out / ".web" / "uploads" / "uhv.yaml"
    assert prepare(saved).tables["links"].set_index("name").loc["west_south_uhv", "capacity_mw"] == 12000
    assert 'value="12000"' in c.get("/scenario/upload-uhv").text
    bad = c.post("/upload", files={"scenario": ("bad.yaml", b"name: x\nextends: nowhere.yaml\n")})
    assert bad.status_code == 422 and "data/scenarios/nowhere.yaml' does not exist" in unescape(bad.text)
    assert not (out / ".web" / "uploads" / "bad.yaml").exists()


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    """Two runs under one name started at once from the page: the example with
    a corridor edited, solved month by month, and with twice its wind in
    remedy mode."""
    out = tmp_path_factory.mktemp("runs")
    c = TestClient(create_app(out))
    edits = [{"link__west_central": "2500", "mode": "months"}, {"total_wind": "6000", "expand": "on"}]
    jobs = [c.post("/scenario/example", data={**GOOD, "name": "example_web", **e}, follow_redirects=False).headers["location"] for e in edits]
    deadline = time.monotonic() + 120
    status = []
    while time.monotonic() < deadline:
        status = [c.get(j + "/status").json() for j in jobs]
        if all(s["state"] != "running" for s in status):
            break
        time.sleep(0.2)
    return c, out, status


def test_runs_from_the_page_are_cli_runs_in_new_folders_with_the_edits_applied(two_runs):
    c, out, status = two_runs
    assert [s["state"] for s in status] == ["done", "done"], status
    names = [s["run"] for s in status]
    assert len(set(names)) == 2 and all(n.startswith("example_web-") for n in names)
    links = pd.read_csv(out / names[0] / "inputs" / "links.csv").set_index("name")["capacity_mw"]
    assert links["west_central"] == 2500 and links["central_east"] == 1500
    wind = pd.read_csv(out / names[1] / "inputs" / "renewables.csv").query("technology == 'wind'")["capacity_mw"].sum()
    assert wind == pytest.approx(6000) and (out / names[1] / "expansion.csv").exists()
    solver = [yaml.safe_load((out / n / "scenario_resolved.yaml").read_text(encoding="utf-8"))["solver"] for n in names]
    assert [(s["window_days"], s["lookahead_days"]) for s in solver] == [(MONTHS["solver.window_days"], MONTHS["solver.lookahead_days"]), (7, 1)]  # the page's "month by month" is --months
    for n, s in zip(names, status):
        assert summary(out / n)["hours"] == 168
        assert load_scenario(summary(out / n)["scenario_file"]).extends == str(EXAMPLE.resolve())
        assert any("building the LP" in line for line in s["lines"])  # the stage lines the page shows live
    assert len(list((out / ".web" / "scenarios").glob("example_web-*.yaml"))) == 2


def test_the_run_list_shows_each_runs_headline_mode_and_edits(two_runs):
    """The month-by-month run with its corridor edit (its week is one window:
    one LP); the remedy run with its wind."""
    c, out, status = two_runs

    def listed(lang):
        page = c.get("/", params={"lang": lang}).text
        rows = {s["run"]: page.split(f'href="/runs/{s["run"]}"')[1].split("</tr>")[0] for s in status}
        return (unescape(rows[s["run"]]) for s in status)

    months, remedy = listed("zh")  # the page's language
    with i18n.language("zh"):
        assert "全时段一次线性规划" in months and "已修改: 风电 6.00 GW" in remedy and headline(summary(out / status[1]["run"])).text in remedy
    months, remedy = listed("en")
    assert summary(out / status[0]["run"])["mode"] == {"key": "one_lp"} and "one LP over the horizon" in months
    assert "edited: links[name=west_central] capacity_mw 2500" in months
    assert "edited: wind 6.00 GW" in remedy and headline(summary(out / status[1]["run"])).text in remedy


def test_the_run_page_shows_the_remedy_of_a_remedy_run(two_runs):
    from gridmodel.remedy import built

    c, out, status = two_runs
    name = status[1]["run"]
    used = built(pd.read_csv(out / name / "expansion.csv", encoding="utf-8-sig"))
    html = c.get(f"/runs/{name}").text
    shown = re.findall(r"<tr><td>([^<]+)</td><td>[^<]*</td><td>[^<]*</td><td class=\"num\">", html.split('id="remedy"')[1].split("</table>")[0])
    assert len(used) > 0 and shown == used["candidate"].tolist()


def test_the_run_page_shows_the_folders_verdict_and_criteria(two_runs):
    c, out, status = two_runs
    name = status[0]["run"]
    doc = summary(out / name)
    html = c.get(f"/runs/{name}").text
    verdict = re.search(r'id="verdict"[^>]*>([^<]*)<', html).group(1)
    assert unescape(verdict) == headline(doc).text and verdict.startswith("FEASIBLE as planned" if doc["verdict"]["feasible"] else "NOT FEASIBLE as planned")
    assert f'id="mode" class="hint">{escape(mode_line(doc), quote=False)}<' in html
    for crit in doc["verdict"]["criteria"]:
        assert f"<td>{crit['name']}<div" in html
    assert f"/runs/{name}/files/figures/" in html and c.get(f"/runs/{name}/files/summary.json").json() == doc


def test_downloads_hold_the_folders_files_and_nothing_outside_it_is_served(two_runs):
    c, out, status = two_runs
    name = status[0]["run"]
    folder = out / name
    for what, pattern in (("csv", "*.csv"), ("all", "*")):
        z = zipfile.ZipFile(io.BytesIO(c.get(f"/runs/{name}/download", params={"what": what}).content))
        expected = {f"{name}/{p.relative_to(folder).as_posix()}": hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob(pattern) if p.is_file()}
        assert {n: hashlib.sha256(z.read(n)).hexdigest() for n in z.namelist()} == expected
    assert c.get(f"/runs/{name}/files/../../etc/passwd").status_code == 404
    assert c.get("/runs/..%2F..%2Fetc/files/passwd").status_code == 404


def test_compare_shows_both_runs_side_by_side(two_runs):
    c, out, status = two_runs
    a, b = (s["run"] for s in status)
    html = c.get("/compare", params=[("run", a), ("run", b)]).text
    assert a in html and b in html and "curtailment_share" in html and "addition" in html
    assert 'id="mode-warning"' not in html  # both one LP (the week is one window)
    (folder,) = [p for p in out.iterdir() if p.name.startswith("compare-")]
    earlier, later = sorted((a, b), key=lambda n: summary(out / n)["created"])
    assert pd.read_csv(folder / "comparison.csv", encoding="utf-8-sig").columns.tolist()[3:5] == [earlier, later]


def test_compare_shows_later_minus_earlier_in_a_table_with_units_from_either_page(two_runs):
    """The page compares from whichever run's page: the change is the later
    run minus the earlier either way, one unit per row, in both languages."""
    c, out, status = two_runs
    names = [s["run"] for s in status]
    earlier, later = sorted(names, key=lambda n: summary(out / n)["created"])
    wind = {n: pd.read_csv(out / n / "inputs" / "renewables.csv").query("technology == 'wind'")["capacity_mw"].sum() / 1e3 for n in names}
    expected = wind[later] - wind[earlier]
    assert abs(expected) == pytest.approx(3.0)  # one run doubled the wind: 3 GW to 6 GW
    for order, label in ((names, "wind"), (names[::-1], "wind"), (names[::-1], "风电")):
        html = c.get("/compare", params=[("run", n) for n in order] + ([("lang", "zh")] if label == "风电" else [])).text
        table = html.split('id="comparison"')[1].split("</table>")[0]
        cells = re.search(rf"<tr><td>{label}</td>(.*?)</tr>", table).group(1)
        values = re.findall(r"<td[^>]*>([^<]*)</td>", cells)
        assert values == [f"{wind[earlier]:.2f}", f"{wind[later]:.2f}", f"{expected:+.2f}", "GW"], (order, label)
    assert "变化" in html and "较晚一次减去较早一次" in html and "<pre" not in html


def test_compare_warns_when_the_modes_differ(two_runs, tmp_path):
    """The page shows compare.mode_warning (tested on real runs in
    test_headline.py) above the table: here a copy of a run said to be typical days."""
    import json
    import shutil

    c, out, status = two_runs
    a = status[0]["run"]
    typical = out / f"{a}-typical"
    shutil.copytree(out / a, typical)
    doc = json.loads((typical / "summary.json").read_text(encoding="utf-8"))
    (typical / "summary.json").write_text(json.dumps({**doc, "mode": {"key": "typical_days", "days": 3}}), encoding="utf-8")
    html = unescape(c.get("/compare", params=[("run", a), ("run", typical.name), ("lang", "en")]).text)
    assert 'id="mode-warning"' in html and "3 typical days standing for the horizon" in html
    zh = unescape(c.get("/compare", params=[("run", a), ("run", typical.name), ("lang", "zh")]).text)
    assert 'id="mode-warning"' in zh and "计算方式不同" in zh and "以 3 个典型日代表全时段" in zh  # in the page's language
    shutil.rmtree(typical)


def test_serve_refuses_a_port_in_use_with_exit_code_2(tmp_path):
    import socket

    from typer.testing import CliRunner

    from gridmodel.cli import app

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        r = CliRunner().invoke(app, ["serve", "--port", str(port), "--out", str(tmp_path), "--no-browser"])
    assert r.exit_code == 2 and f"cannot listen on 127.0.0.1:{port}" in r.output


def test_stop_ends_a_run_cleanly_with_failed_txt(client):
    """Stopped as soon as its folder exists: the CLI turns SIGTERM into a clean
    stop (exit 130); one that lands in the instant before its handler is set
    is recorded by the page. Either way FAILED.txt says so."""
    c, out = client
    job = c.post("/scenario/jilin_2030", data={"mode": "full"}, follow_redirects=False).headers["location"]
    deadline = time.monotonic() + 60
    while (s := c.get(job + "/status").json())["run"] is None and s["state"] == "running" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert s["state"] == "running", s["lines"]
    c.post(job + "/stop")
    deadline = time.monotonic() + 60  # the stop's own time: a slow start on a loaded machine must not use it up
    while (s := c.get(job + "/status").json())["state"] == "running" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert s["state"] == "failed", s
    assert s["returncode"] != 0 and "interrupted by SIGTERM" in (out / s["run"] / "FAILED.txt").read_text()
    assert 'class="verdict fail">run failed' in c.get(f"/runs/{s['run']}").text


def test_where_and_when_is_shown_in_peoples_units_largest_first():
    from gridmodel.web.folders import where_lists

    where = {
        "energy_unit": "MWh", "power_unit": "MW", "hours": 1593.0,
        "zones": [{"zone": "west", "amount": 7.5e6}, {"zone": "central", "amount": 2.0e5}],
        "months": [{"month": 1, "amount": 1.5e6}, {"month": 5, "amount": 2.47e6}],
        "worst_hours": [{"timestamp": "2030-12-24 12:00", "amount": 17551.0}],
    }
    assert where_lists(where) == {
        "zones": "west 7.50 TWh, central 200 GWh",
        "months": "May 2.47 TWh, Jan 1.50 TWh (nonzero in 1,593 h)",
        "worst hours": "2030-12-24 12:00 17.6 GW",
    }


def test_every_bad_field_is_blamed_in_one_go_though_the_gate_stops_at_its_first_stage(client):
    c, out = client
    bad = {"name": "a b", "total_wind": "-5", "dr_share": "2", "link__central_east": "lots"}
    r = c.post("/scenario/example", data={**GOOD, **bad, "mode": "typical", "typical_days": "9"}, follow_redirects=False)
    assert r.status_code == 422 and set(errors_of(r.text)) == {*bad, "typical_days"}
    assert files_under(out) == set()
