"""/scenario/{key}: the form of a scenario (GET), checked with the run's own
gate and run (POST)."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from ... import i18n
from ...errors import Collector, InputError
from ...gate import prepare
from ...scenario import resolve_scenario_dict
from ...schema import RepresentativePeriods
from ...workflow import run_overrides
from .. import form
from ..site import Site, lang_of, unique_file, write_yaml

TYPICAL_DAYS = RepresentativePeriods().days  # the quick look: the schema's default, not a second number


def form_page(site: Site, request: Request, key: str, values: dict, errors: dict, general: list[str], status_code: int = 200):
    path = site.scenario_path(key)
    try:
        system = prepare(path)
    except InputError as exc:
        return site.page(request, "scenario.html", 422, key=key, path=path, fields=[], values={}, errors={}, general=[str(i) for i in exc.issues])
    days = len(system.index) // 24
    defaults = {"mode": "typical" if days > 14 else "full", "typical_days": str(min(TYPICAL_DAYS, max(1, days - 1))), "language": lang_of(request)}
    with i18n.speaking(lang_of(request)):
        labelled = form.fields(system)
    return site.page(request, "scenario.html", status_code, key=key, path=path, system=system, days=days, fields=labelled, values={**defaults, **values}, errors=errors, general=general)


def gate(edited: Path, base: Path, values: dict, days: str | None, expand: bool, months: bool, language: str):
    """`gate.prepare` on the form's scenario, with the run's options. The
    gate stops at the first stage that fails, so the fields it blames are
    put back to the scenario's values and it is asked again until it blames
    no new field: every field's problem is found in one go. Returns the
    checked file (in `edited`) and its system, or None and the problems."""
    current = form.fields(prepare(base))
    inherited = len((resolve_scenario_dict(base, Collector()) or {}).get("edits", []))
    values, blamed, general = dict(values), {}, []
    edited.mkdir(parents=True, exist_ok=True)
    while True:
        doc, origin = form.scenario_doc(base, inherited, values, current)
        check = edited / f".check-{uuid.uuid4().hex}.yaml"
        write_yaml(check, doc, f"written by gridmodel serve: {base.name} with the form's edits")
        try:
            system = prepare(check, run_overrides(expand, False, days, language, months))
        except InputError as exc:
            check.unlink()
            by_field, rest = form.place_issues(exc.issues, origin)
            general += [g.replace(str(check), "the form") for g in rest]
            new = {k: v for k, v in by_field.items() if k not in blamed}
            if not new:
                return None, blamed, list(dict.fromkeys(general))
            blamed.update(new)
            for k in new:
                values.pop(k, None)
            days = None if "typical_days" in new else days
            continue
        if blamed:
            check.unlink()
            return None, blamed, list(dict.fromkeys(general))
        return (check, system), {}, []


def routes(site: Site) -> APIRouter:
    router = APIRouter()

    @router.get("/scenario/{key}")
    def scenario_form(request: Request, key: str):
        return form_page(site, request, key, {}, {}, [])

    @router.post("/scenario/{key}")
    async def scenario_run(request: Request, key: str):
        """Check the edited scenario with the run's own gate; run it only if it passes."""
        base = site.scenario_path(key)
        values = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
        typical = values.get("mode") == "typical"
        days = values.get("typical_days", "").strip() if typical else None
        if typical and not days:
            return form_page(site, request, key, values, {"typical_days": ["give a number of typical days (or run every hour)"]}, [], 422)
        expand, months = values.get("expand") == "on", values.get("mode") == "months"
        language = values.get("language") if values.get("language") in i18n.LANGS else lang_of(request)
        passed, by_field, general = gate(site.edited, base, values, days, expand, months, language)
        if passed is None:
            return form_page(site, request, key, values, by_field, general, 422)
        check, system = passed
        saved = unique_file(site.edited, f"{system.scenario.name}-{datetime.now():%Y%m%d-%H%M%S}")
        check.replace(saved)
        options = (["--typical-days", str(system.scenario.representative_periods.days)] if typical else []) + (["--months"] if months else []) + (["--expand"] if expand else []) + ["--lang", language]
        job = site.jobs.start(saved, system.scenario.name, options)
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    return router
