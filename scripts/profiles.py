"""Hourly profiles of the Jilin scenarios: load, heat demand, wind, solar, hydro.

Every generator is deterministic: randomness comes from a `numpy.random.Generator`
built from a stated seed, so `scripts/make_jilin_data.py` reproduces the shipped
series byte for byte. Timestamps are naive local time (Asia/Shanghai), hourly
from ``YEAR-01-01 00:00``.

Methods (numbers and sources in data/README.md):

- load: the real 2018 Jilin hourly shape (Zenodo 10.5281/zenodo.8322210),
  days shifted so weekdays match the target year, then a power transform
  ``L = peak * (x / max x) ** b`` whose exponent ``b`` sets the load factor, so
  both the annual energy and the peak are hit exactly; split over zones by
  fixed shares.
- heat: degree-hours of a synthetic Changchun temperature (seasonal + diurnal +
  AR(1) noise) inside the heating season, zero outside it.
- solar: pvlib clear-sky (Ineichen) plane-of-array irradiance on a fixed tilt,
  times a persistent stochastic clear-sky index, scaled and clipped to [0, 1] to
  hit a target capacity factor.
- wind: a latent Gaussian AR(1) per zone with innovations correlated by
  distance, mapped to Weibull wind speeds with seasonal and diurnal scale and
  through a smoothed power curve, scaled to hit a target capacity factor.
- hydro: a monthly inflow shape (spring melt, summer rain, low winter).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special

TIMEZONE = "Asia/Shanghai"
TINY = 1e-6
"""Values below this are written as 0 (HiGHS warns about tiny bounds)."""

EARTH_RADIUS_KM = 6371.0


# ------------------------------------------------------------------------ time
def hourly_index(year: int) -> pd.DatetimeIndex:
    """Naive local hours of a calendar year (8760, or 8784 in a leap year)."""
    return pd.date_range(f"{year}-01-01 00:00", f"{year}-12-31 23:00", freq="h")


def _daily(values: np.ndarray, index: pd.DatetimeIndex) -> np.ndarray:
    """Broadcast one value per day of the year onto the hours of `index`."""
    return values[index.day_of_year.to_numpy() - 1]


# ------------------------------------------------------------------------ load
def map_days(source_year: int, target_year: int) -> np.ndarray:
    """Source day (0-based) for each day of the target year, weekdays aligned.

    The source is shifted by the fewest days (-3..3) that align weekdays; days
    falling off either end are taken 52 weeks (364 days) later/earlier, which
    keeps the weekday. A leap target year thereby repeats one day at the end.
    """
    n_source = len(pd.date_range(f"{source_year}-01-01", f"{source_year}-12-31"))
    n_target = len(pd.date_range(f"{target_year}-01-01", f"{target_year}-12-31"))
    lag = (pd.Timestamp(f"{target_year}-01-01").day_of_week - pd.Timestamp(f"{source_year}-01-01").day_of_week) % 7
    shift = lag if lag <= 3 else lag - 7
    days = np.arange(n_target) + shift
    days = np.where(days < 0, days + 364, days)
    days = np.where(days >= n_source, days - 364, days)
    return days


def map_hours(source_mw: np.ndarray, source_year: int, target_year: int) -> np.ndarray:
    """The source hourly series re-laid on the target year's days (see `map_days`)."""
    by_day = np.asarray(source_mw, dtype=float).reshape(-1, 24)
    return by_day[map_days(source_year, target_year)].ravel()


def scale_energy_and_peak(shape_mw: np.ndarray, energy_mwh: float, peak_mw: float) -> np.ndarray:
    """Power transform hitting annual energy and peak exactly.

    With ``x = shape / max(shape)`` the result is ``peak * x ** b``; the peak
    stays at the same hour and ``b`` (found by bisection) gives the load factor
    ``energy / (peak * hours)``. ``b > 1`` deepens valleys relative to the
    peak (lower load factor), ``b < 1`` flattens them.
    """
    x = np.asarray(shape_mw, dtype=float) / np.max(shape_mw)
    target_lf = energy_mwh / (peak_mw * len(x))
    if not 0 < target_lf < 1:
        raise ValueError(f"load factor {target_lf:.3f} must lie in (0, 1)")
    b = _bisect(lambda b: np.mean(x**b) - target_lf, 1e-3, 50.0, decreasing=True)
    return peak_mw * x**b


def split_zones(total_mw: np.ndarray, shares: dict[str, float], index: pd.DatetimeIndex) -> pd.DataFrame:
    """One column per zone: a fixed share of the provincial load (shares sum to 1)."""
    total_share = sum(shares.values())
    if abs(total_share - 1.0) > 1e-9:
        raise ValueError(f"zone shares must sum to 1, got {total_share}")
    return pd.DataFrame({z: s * total_mw for z, s in shares.items()}, index=index)


def load_profile(source_mw: np.ndarray, source_year: int, year: int, energy_twh: float, peak_mw: float, shares: dict[str, float]) -> pd.DataFrame:
    """Zonal hourly load (MW) of `year` from the source shape."""
    shape = map_hours(source_mw, source_year, year)
    total = scale_energy_and_peak(shape, energy_twh * 1e6, peak_mw)
    return split_zones(total, shares, hourly_index(year))


# ------------------------------------------------------------------- random fields
def distance_km(coords: dict[str, tuple[float, float]]) -> np.ndarray:
    """Great-circle distances between (lat, lon) points, km."""
    lat, lon = (np.radians([c[i] for c in coords.values()]) for i in (0, 1))
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    a = np.sin(dlat / 2) ** 2 + np.cos(lat[:, None]) * np.cos(lat[None, :]) * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def correlated_ar1(n: int, coords: dict[str, tuple[float, float]], phi: float, length_km: float, rng: np.random.Generator) -> np.ndarray:
    """Standard-normal AR(1) series (n x zones), innovations correlated as exp(-d / length).

    Stationary: each column has unit variance and lag-1 autocorrelation `phi`;
    the cross-correlation of nearby zones falls off with distance.
    """
    corr = np.exp(-distance_km(coords) / length_km)
    chol = np.linalg.cholesky(corr)
    eps = rng.standard_normal((n, len(coords))) @ chol.T
    z = np.empty_like(eps)
    z[0] = eps[0]
    scale = np.sqrt(1 - phi**2)
    for t in range(1, n):
        z[t] = phi * z[t - 1] + scale * eps[t]
    return z


def _monthly_curve(index: pd.DatetimeIndex, by_month: list[float]) -> np.ndarray:
    """Smooth periodic curve through 12 mid-month values, evaluated per hour."""
    days = np.arange(1, 367)
    mid = np.array([15.5 + 30.42 * m for m in range(12)])
    per_day = np.interp(days, np.concatenate([mid - 365, mid, mid + 365]), np.tile(by_month, 3))
    return _daily(per_day, index)


# ------------------------------------------------------------------------ heat
CHANGCHUN_MEAN_C_BY_MONTH = [-15.1, -10.6, -2.0, 7.5, 15.2, 20.6, 23.2, 21.7, 15.5, 7.0, -3.1, -12.0]
"""Monthly mean air temperature of Changchun, degC (climate normals, approximate)."""


def synthetic_temperature_c(index: pd.DatetimeIndex, seed: int, diurnal_amp_c: float = 5.0, noise_sd_c: float = 4.0,
                            phi: float = 0.98) -> np.ndarray:
    """Hourly air temperature (degC) of a Changchun-like year.

    A smooth seasonal curve through the monthly normals, a diurnal cosine
    peaking at 14:00, and AR(1) weather noise with multi-day persistence
    (lag-1 autocorrelation `phi` per hour).
    """
    rng = np.random.default_rng(seed)
    seasonal = _monthly_curve(index, CHANGCHUN_MEAN_C_BY_MONTH)
    diurnal = diurnal_amp_c * np.cos(2 * np.pi * (index.hour.to_numpy() - 14) / 24)
    noise = noise_sd_c * correlated_ar1(len(index), {"x": (0.0, 0.0)}, phi, 1.0, rng)[:, 0]
    return seasonal + diurnal + noise


def heating_season(index: pd.DatetimeIndex, start: tuple[int, int] = (10, 20), end: tuple[int, int] = (4, 6)) -> np.ndarray:
    """True in the heating season: from `start` (month, day) to `end` inclusive, across new year."""
    md = index.month.to_numpy() * 100 + index.day.to_numpy()
    return (md >= start[0] * 100 + start[1]) | (md <= end[0] * 100 + end[1])


def heat_demand(index: pd.DatetimeIndex, temperature_c: np.ndarray, peaks_mw_th: dict[str, float], base_c: float = 18.0,
                design_c: float = -21.1, floor_pu: float = 0.15,
                season: tuple[tuple[int, int], tuple[int, int]] = ((10, 20), (4, 6))) -> pd.DataFrame:
    """Heat demand per heat area (MWth): degree-hours in the season, zero outside.

    Demand is ``peak * (base - T) / (base - design)``: 1 p.u. at the design
    outdoor temperature, more in colder hours (peak boilers' job), at least
    `floor_pu` while the network is in service (losses, hot water), inside
    `season` ((month, day) first and last day; default Changchun's).
    """
    pu = np.maximum((base_c - temperature_c) / (base_c - design_c), floor_pu)
    pu = np.where(heating_season(index, *season), pu, 0.0)
    return pd.DataFrame({area: peak * pu for area, peak in peaks_mw_th.items()}, index=index)


# ----------------------------------------------------------------------- solar
def clear_sky_poa_w_m2(index: pd.DatetimeIndex, lat: float, lon: float, tilt_deg: float | None = None) -> np.ndarray:
    """Clear-sky plane-of-array irradiance on a south-facing fixed tilt (pvlib, Ineichen).

    Stamped at the middle of each hour so an hour's value stands for its mean.
    """
    import pvlib

    times = (index + pd.Timedelta(minutes=30)).tz_localize(TIMEZONE)
    loc = pvlib.location.Location(lat, lon, tz=TIMEZONE)
    sun = loc.get_solarposition(times)
    cs = loc.get_clearsky(times, model="ineichen", solar_position=sun)
    tilt = 0.9 * lat if tilt_deg is None else tilt_deg
    poa = pvlib.irradiance.get_total_irradiance(tilt, 180.0, sun["apparent_zenith"], sun["azimuth"], cs["dni"], cs["ghi"], cs["dhi"])
    return np.nan_to_num(poa["poa_global"].to_numpy(), nan=0.0).clip(min=0.0)


CLOUD_BIAS_BY_MONTH = [0.8, 0.8, 0.6, 0.4, 0.2, -0.1, -0.4, -0.3, 0.3, 0.6, 0.6, 0.7]
"""Latent shift of the clear-sky index by month: clear dry winters and
springs, cloudy monsoon July-August (estimate)."""


def clear_sky_index(index: pd.DatetimeIndex, coords: dict[str, tuple[float, float]], rng: np.random.Generator,
                    phi_day: float = 0.6, length_km: float = 500.0) -> np.ndarray:
    """Clear-sky index in [0.15, 1] (hours x zones): persistent day to day, correlated in space."""
    n_days = len(np.unique(index.normalize()))
    z_day = correlated_ar1(n_days, coords, phi_day, length_km, rng)
    z_hour = correlated_ar1(len(index), coords, 0.8, length_km, rng)
    day = (index.day_of_year.to_numpy() - 1)
    z = 0.9 * z_day[day] + 0.45 * z_hour + _monthly_curve(index, CLOUD_BIAS_BY_MONTH)[:, None]
    return 0.15 + 0.85 * special.ndtr(z)


def solar_availability(index: pd.DatetimeIndex, coords: dict[str, tuple[float, float]], target_cf: dict[str, float], seed: int) -> pd.DataFrame:
    """Solar p.u. per zone, calibrated to `target_cf`; columns ``solar_<zone>``."""
    rng = np.random.default_rng(seed)
    kc = clear_sky_index(index, coords, rng)
    out = {}
    for j, (zone, (lat, lon)) in enumerate(coords.items()):
        raw = clear_sky_poa_w_m2(index, lat, lon) / 1000.0 * kc[:, j]
        out[f"solar_{zone}"] = calibrate_clipped(raw, target_cf[zone])
    return pd.DataFrame(out, index=index)


# ------------------------------------------------------------------------ wind
WIND_SCALE_BY_MONTH = [1.02, 1.02, 1.10, 1.18, 1.12, 0.95, 0.85, 0.82, 0.90, 1.00, 1.06, 1.02]
"""Seasonal factor on the Weibull scale: Northeast spring maximum, late-summer
minimum (estimate)."""


def wind_diurnal_factor(index: pd.DatetimeIndex, amplitude: float = 0.07, peak_hour: int = 1) -> np.ndarray:
    """Hub-height wind is stronger at night in Northeast China (anti-peak pattern)."""
    return 1 + amplitude * np.cos(2 * np.pi * (index.hour.to_numpy() - peak_hour) / 24)


def fleet_power_curve(speed_m_s: np.ndarray, cut_in: float = 3.0, rated: float = 11.5, cut_out: float = 25.0,
                      spread: tuple[float, ...] = (0.7, 0.85, 1.0, 1.15, 1.3), max_pu: float = 0.9) -> np.ndarray:
    """Zone-aggregate power curve: a cubic turbine curve averaged over a spread
    of site speeds (smooths the knee) times availability/losses `max_pu`."""
    def turbine(v: np.ndarray) -> np.ndarray:
        ramp = (v**3 - cut_in**3) / (rated**3 - cut_in**3)
        return np.where(v < cut_in, 0.0, np.where(v < rated, ramp, np.where(v < cut_out, 1.0, 0.0)))

    return max_pu * np.mean([turbine(speed_m_s * s) for s in spread], axis=0)


def wind_availability(index: pd.DatetimeIndex, coords: dict[str, tuple[float, float]], target_cf: dict[str, float], seed: int,
                      phi: float = 0.97, length_km: float = 400.0, weibull_k: float = 3.0) -> pd.DataFrame:
    """Wind p.u. per zone, calibrated to `target_cf`; columns ``wind_<zone>``.

    Latent z (AR(1), distance-correlated) -> uniform -> Weibull speed with scale
    ``c * season * diurnal``; `c` is found per zone so the mean output equals
    the target capacity factor. The Weibull shape `weibull_k` = 3 (single sites
    have about 2) stands for a zone's aggregate, whose output is smoother than
    one site's.
    """
    rng = np.random.default_rng(seed)
    z = correlated_ar1(len(index), coords, phi, length_km, rng)
    u = special.ndtr(z).clip(1e-12, 1 - 1e-12)
    unit_speed = (-np.log1p(-u)) ** (1 / weibull_k)  # Weibull with scale 1
    shape = (_monthly_curve(index, WIND_SCALE_BY_MONTH) * wind_diurnal_factor(index))[:, None]
    out = {}
    for j, zone in enumerate(coords):
        base = unit_speed[:, j] * shape[:, 0]
        c = _bisect(lambda c: fleet_power_curve(c * base).mean() - target_cf[zone], 2.0, 12.0)
        out[f"wind_{zone}"] = fleet_power_curve(c * base)
    return pd.DataFrame(out, index=index)


# ----------------------------------------------------------------------- hydro
HYDRO_INFLOW_BY_MONTH = [0.35, 0.30, 0.45, 1.10, 1.20, 0.90, 1.60, 2.00, 1.30, 0.80, 0.60, 0.40]
"""Relative monthly inflow of Jilin's rivers (Second Songhua, Yalu, Tumen):
spring melt April-May, rain peak July-August, ice-bound winter (estimate)."""


def hydro_inflow(index: pd.DatetimeIndex) -> pd.Series:
    """Hourly inflow shape, constant within a month, max 1 p.u."""
    rel = np.array(HYDRO_INFLOW_BY_MONTH) / max(HYDRO_INFLOW_BY_MONTH)
    return pd.Series(rel[index.month.to_numpy() - 1], index=index, name="hydro_inflow")


# ----------------------------------------------------------------- calibration
def _bisect(f, lo: float, hi: float, decreasing: bool = False, tol: float = 1e-10, max_iter: int = 200) -> float:
    """Root of a monotone function on [lo, hi] (increasing unless `decreasing`)."""
    sign = -1.0 if decreasing else 1.0
    for _ in range(max_iter):
        mid = 0.5 * (lo + hi)
        if sign * f(mid) > 0:
            hi = mid
        else:
            lo = mid
        if hi - lo < tol:
            break
    return 0.5 * (lo + hi)


def calibrate_clipped(raw_pu: np.ndarray, target_cf: float) -> np.ndarray:
    """``clip(k * raw, 0, 1)`` with `k` chosen so the mean equals `target_cf`."""
    if not 0 < target_cf < np.mean(raw_pu > 0):
        raise ValueError(f"target capacity factor {target_cf} cannot be reached")
    k = _bisect(lambda k: np.clip(k * raw_pu, 0, 1).mean() - target_cf, 0.0, 100.0)
    return np.clip(k * raw_pu, 0, 1)


def clean(df: pd.DataFrame, decimals: int) -> pd.DataFrame:
    """Round for the files and zero tiny values (HiGHS dislikes bounds near 0)."""
    out = df.round(decimals)
    return out.where(out.abs() >= TINY, 0.0)


def calibration_rows(year: int, load_mw: pd.DataFrame, availability: pd.DataFrame, heat_mw_th: pd.DataFrame,
                     load_target: tuple[float, float], cf_targets: dict[str, float], heat_design_mw_th: dict[str, float]) -> pd.DataFrame:
    """Target vs achieved for every profile of one year (compute on the rounded series).

    Load and heat: energy in TWh (TWh_th) and peak in MW (MWth); load's
    capacity factor is its load factor. Availability: CF and full-load hours.
    Heat: the design peak (demand at the design temperature) as the target peak.
    """
    hours = len(load_mw)
    total = load_mw.sum(axis=1)
    energy_twh, peak_mw = load_target
    rows = [dict(year=year, profile="load_total", kind="load", target_cf=energy_twh * 1e6 / (peak_mw * hours),
                 achieved_cf=total.mean() / total.max(), target_energy=energy_twh, achieved_energy=total.sum() / 1e6,
                 energy_unit="TWh", target_peak=peak_mw, achieved_peak=total.max(), peak_unit="MW")]
    for col in availability.columns:
        s = availability[col]
        target = cf_targets.get(col, np.nan)
        rows.append(dict(year=year, profile=col, kind=col.split("_")[0], target_cf=target, achieved_cf=s.mean(),
                         target_energy=target * hours, achieved_energy=s.sum(), energy_unit="full-load h",
                         target_peak=np.nan, achieved_peak=s.max(), peak_unit="p.u."))
    for col in heat_mw_th.columns:
        s = heat_mw_th[col]
        rows.append(dict(year=year, profile=col, kind="heat", target_cf=np.nan, achieved_cf=s.mean() / s.max(),
                         target_energy=np.nan, achieved_energy=s.sum() / 1e6, energy_unit="TWh_th",
                         target_peak=heat_design_mw_th.get(col, np.nan), achieved_peak=s.max(), peak_unit="MWth"))
    return pd.DataFrame(rows)
