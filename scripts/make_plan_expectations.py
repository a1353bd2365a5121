"""Write data/northeast/2016/plan_expectations.csv: the wind and solar output
the 2016 monthly plans could count on, each province's wind of an average
year's seasons at last year's level: the mean over the five years before
(2011-2015) of each year's monthly shares of its reported output, times its
2015 output. A plan set before the year knows past years' months, not the
year's own weather, and the mean seasons are the estimate with the least
error for a year whose seasons are unknown (as 2016's own wind seasons are
taken, data/README.md). 2015's months alone (参照上年同期, shipped until
session 36) and other single years are back-cast sweep cases.

    .venv/bin/python scripts/make_plan_expectations.py

Source: data/northeast/source/nbs_2015_monthly_wind.csv and
nbs_2011_2014_monthly_wind.csv (NBS/CEC, see data/README.md). January is not
published apart from February: Jan+Feb is split by the hours of January and
February 2016. Solar is not published for
2015 (the series starts in May 2016) and is not counted. Mengdong has no
series of its own (the statistics give Inner Mongolia as a whole): it has no
rows, and its plan keeps load_less_hydro.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "data" / "northeast" / "source"
LAST_YEAR_FILE, EARLIER_FILE = SOURCE / "nbs_2015_monthly_wind.csv", SOURCE / "nbs_2011_2014_monthly_wind.csv"
LAST_YEAR = 2015
PLAN_YEARS = tuple(range(2011, LAST_YEAR + 1))
OUT = ROOT / "data" / "northeast" / "2016" / "plan_expectations.csv"
YEAR = 2016
PROVINCES = ("jilin", "liaoning", "heilongjiang")


def monthly_mwh(periods: pd.Series) -> pd.Series:
    """Twelve months (MWh) from the eleven reported periods (GWh)."""
    hours = pd.Series({m: pd.Timestamp(YEAR, m, 1).days_in_month * 24 for m in (1, 2)})
    months = {m: periods["01-02"] * hours[m] / hours.sum() for m in (1, 2)} | {m: periods[f"{m:02d}"] for m in range(3, 13)}
    return pd.Series(months) * 1e3


def reported_gwh() -> pd.DataFrame:
    """Each province's reported wind output by year and period (GWh); the
    2015 file has no year column."""
    last, earlier = (pd.read_csv(f, dtype={"period": str}) for f in (LAST_YEAR_FILE, EARLIER_FILE))
    return pd.concat([last.assign(year=LAST_YEAR), earlier])


def expectations(years: tuple[int, ...] = PLAN_YEARS) -> pd.DataFrame:
    """The table `plan_expectations`: each province's monthly wind as the
    mean over `years` of each year's monthly shares of its output, times
    last year's annual output (MWh); `(2015,)` is last year's months as
    reported."""
    source = reported_gwh()
    rows = []
    for province in PROVINCES:
        own = source[source["province"] == province]
        level = own[(own["year"] == LAST_YEAR) & (own["period"] == "year")]["wind_gwh"].iloc[0]
        if missing := set(years) - set(own["year"]):
            raise ValueError(f"no reported wind for {province} in {sorted(missing)}")
        shares = [monthly_mwh(y.set_index("period")["wind_gwh"].drop("year")) for _, y in own[own["year"].isin(years)].groupby("year")]
        mwh = sum(s / s.sum() for s in shares) / len(shares) * level * 1e3
        rows += [{"province": province, "month": m, "wind_solar_mwh": round(v)} for m, v in mwh.items()]
    return pd.DataFrame(rows)


def main() -> None:
    expectations().to_csv(OUT, index=False)
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
