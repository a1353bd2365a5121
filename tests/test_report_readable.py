"""The report for people: dates on chronological axes whatever pandas'
timestamp resolution, numbers in TWh/GW/Mt/% and the objective explained."""

from __future__ import annotations

import re

import matplotlib.dates as mdates
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from cases import example_run
from gridmodel import report
from gridmodel.units import number, quantity


@pytest.fixture(scope="module")
def week(tmp_path_factory):
    run_dir = example_run(tmp_path_factory.mktemp("runs"))
    report.write_report(run_dir)
    return run_dir


class RunAt(report.Run):
    """A run whose timestamps have a given resolution (pandas 2: ns, pandas 3: us)."""

    def __init__(self, run_dir, resolution: str):
        super().__init__(run_dir)
        self.resolution = resolution

    def table(self, name):
        df = super().table(name)
        if "timestamp" in df.columns:
            df["timestamp"] = df["timestamp"].dt.as_unit(self.resolution)
        return df


@pytest.mark.parametrize("resolution", ["ns", "us"])
def test_chronological_figures_have_dates_on_their_x_axis(week, resolution):
    run = RunAt(week, resolution)
    assert run.hours.unit == resolution
    for fig in (report.dispatch_figure(run, slice(0, 168), "t"), report.storage_figure(run)):
        FigureCanvasAgg(fig).draw()
        ax = fig.axes[-1]
        assert "representative" not in ax.get_xlabel()
        assert isinstance(ax.xaxis.get_major_formatter(), (mdates.AutoDateFormatter, mdates.ConciseDateFormatter, mdates.DateFormatter))
        ticks = [mdates.num2date(x).replace(tzinfo=None) for x in ax.get_xticks()]
        inside = [t for t in ticks if run.hours[0] <= pd.Timestamp(t) <= run.hours[-1]]
        assert len(inside) >= 3, ticks
        labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
        assert labels and all(re.search(r"\d", t) for t in labels), labels


def test_numbers_are_scaled_to_their_size():
    assert quantity(1.15e8, "MWh") == "115 TWh"
    assert quantity(0.118006, "p.u.") == "11.8 %"
    assert quantity(4830.0, "MW") == "4.83 GW"
    assert quantity(361562.1, "t") == "362 kt"
    assert quantity(-2.5e9, "CNY") == "-2.50 bn CNY"
    assert number(0.0) == "0" and number(None) == "–"


def test_report_shows_no_raw_floats_and_explains_the_objective(week):
    doc = (week / "report.html").read_text(encoding="utf-8")
    text = re.sub(r"data:image/png;base64,[^'\"]+", "", doc)
    assert not re.search(r"\d\.\d+e[+-]\d+", text), "scientific notation in the report"
    assert not re.search(r"\d\.\d{5,}", text), "more than four decimals in the report"
    assert "net of the revenue from exports and hydrogen" in text and "negative" in text
    assert "TWh" in text or "GWh" in text
