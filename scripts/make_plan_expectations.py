"""Write data/northeast/2016/plan_expectations.csv: the wind and solar output
the 2016 monthly plans could count on, each province's reported wind output
of the same month of 2015 (参照上年同期: a plan set before the year knows last
year's months, not the year's own weather).

    .venv/bin/python scripts/make_plan_expectations.py

Source: data/northeast/source/nbs_2015_monthly_wind.csv (NBS/CEC, see
data/README.md). January is not published apart from February: Jan+Feb is
split by the hours of January and February 2016. Solar is not published for
2015 (the series starts in May 2016) and is not counted. Mengdong has no
series of its own (the statistics give Inner Mongolia as a whole): it has no
rows, and its plan keeps load_less_hydro.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "data" / "northeast" / "source" / "nbs_2015_monthly_wind.csv"
OUT = ROOT / "data" / "northeast" / "2016" / "plan_expectations.csv"
YEAR = 2016
PROVINCES = ("jilin", "liaoning", "heilongjiang")


def monthly_mwh(periods: pd.Series) -> pd.Series:
    """Twelve months (MWh) from the eleven reported periods (GWh)."""
    hours = pd.Series({m: pd.Timestamp(YEAR, m, 1).days_in_month * 24 for m in (1, 2)})
    months = {m: periods["01-02"] * hours[m] / hours.sum() for m in (1, 2)} | {m: periods[f"{m:02d}"] for m in range(3, 13)}
    return pd.Series(months) * 1e3


def main() -> None:
    source = pd.read_csv(SOURCE, dtype={"period": str})
    rows = []
    for province in PROVINCES:
        mwh = monthly_mwh(source[source["province"] == province].set_index("period")["wind_gwh"])
        rows += [{"province": province, "month": m, "wind_solar_mwh": round(v)} for m, v in mwh.items()]
    pd.DataFrame(rows).to_csv(OUT, index=False)
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
