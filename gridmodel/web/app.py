"""The page's routes (FastAPI, Jinja2 templates in templates/).

/                      scenarios to pick, upload, earlier runs, runs going on
/scenario/{key}        the form of a scenario (GET), checked and run (POST)
/upload                a scenario file saved beside the web's scenarios, checked
/jobs/{id}             a run's live progress (/status as JSON, /stop)
/runs/{name}           a run folder: verdict, criteria, remedy, figures, downloads
/compare?run=A&run=B   gridmodel compare of run folders (later minus earlier)

Every page is in English or Chinese: ?lang=zh (or en) chooses, a cookie keeps
the choice, and the form's language (the page's by default) is the run's.
"""

from __future__ import annotations

import socket
import threading
import uuid
import webbrowser
from datetime import datetime
from pathlib import Path

import yaml
from fastapi import FastAPI, HTTPException, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from starlette.background import BackgroundTask

from .. import compare as cmp
from .. import i18n
from ..errors import Collector, InputError, Issue
from ..export import new_run_dir
from ..gate import prepare
from ..paths import EXAMPLE_SCENARIO, SCENARIOS
from ..scenario import _absolutise_paths, read_yaml, resolve_scenario_dict
from ..schema import RepresentativePeriods
from ..workflow import run_overrides
from . import folders, form
from .jobs import Jobs

SHIPPED = sorted(SCENARIOS.glob("*.yaml")) + [EXAMPLE_SCENARIO]
"""Scenarios offered on the first page (uploads are added to them)."""
UPLOAD_BASE = SCENARIOS
"""Relative paths in an uploaded file are read from here, as if it had been saved beside the shipped scenarios."""
TYPICAL_DAYS = RepresentativePeriods().days  # the quick look: the schema's default, not a second number
TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")


def check_port(port: int) -> None:
    """Raise OSError if 127.0.0.1:port cannot be listened on (in use, not allowed)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))


def serve_page(out: Path, port: int, open_browser: bool) -> None:
    import uvicorn

    url = f"http://127.0.0.1:{port}/"
    print(f"gridmodel page on {url} (runs in {out.resolve()}); Ctrl-C stops the page, not the runs it started", flush=True)
    if open_browser:
        threading.Timer(1.0, webbrowser.open, [url]).start()
    uvicorn.run(create_app(out), host="127.0.0.1", port=port, log_level="warning")


def _unique(folder: Path, stem: str) -> Path:
    """A new file `folder/stem.yaml` (or stem-2.yaml ...), created empty so no other request takes it."""
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(1, 1000):
        path = folder / (f"{stem}.yaml" if k == 1 else f"{stem}-{k}.yaml")
        try:
            path.open("x").close()
            return path
        except FileExistsError:
            continue
    raise FileExistsError(f"no free file name for {stem} in {folder}")


def lang_of(request: Request) -> str:
    """The page's language: ?lang=, else the cookie, else English."""
    asked = request.query_params.get("lang") or request.cookies.get("lang")
    return asked if asked in i18n.LANGS else "en"


def _write_yaml(path: Path, doc: dict, note: str) -> None:
    path.write_text(f"# {note}\n" + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")


def create_app(out: Path) -> FastAPI:
    """The page, its runs going into `out` (made if missing)."""
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    work = out / ".web"  # the page's own files: scenarios it wrote, uploads, run logs
    edited, uploads = work / "scenarios", work / "uploads"
    jobs = Jobs(out, work / "logs")
    app = FastAPI(title="gridmodel")

    def scenarios() -> dict[str, Path]:
        found = {p.stem: p for p in SHIPPED}
        found.update({f"upload-{p.stem}": p for p in sorted(uploads.glob("*.yaml"))})
        return found

    def page(request: Request, template: str, status_code: int = 200, **context):
        """A template in the request's language; ?lang= is kept in a cookie."""
        lang = lang_of(request)
        with i18n.speaking(lang):
            response = TEMPLATES.TemplateResponse(request, template, {**context, "lang": lang, "t": i18n.t, "id_name": i18n.name}, status_code=status_code)
        if request.query_params.get("lang") == lang:
            response.set_cookie("lang", lang, samesite="lax")
        return response

    def scenario_path(key: str) -> Path:
        path = scenarios().get(key)
        if path is None:
            raise HTTPException(404, f"no scenario {key!r}")
        return path

    def run_dir(name: str) -> Path:
        path = folders.inside(out, name)
        if path is None:
            raise HTTPException(404, f"no run folder {name!r} in {out}")
        return path

    def index(request: Request, status_code: int = 200, upload_errors: list[str] = ()):
        listed = [(key, path, (read_yaml(path, Collector()) or {}).get("description", "")) for key, path in scenarios().items()]
        with i18n.speaking(lang_of(request)):
            listed_runs = folders.runs(out)
        return page(request, "index.html", status_code, scenarios=listed, runs=listed_runs, jobs=jobs.all(), out=out, upload_errors=upload_errors)

    @app.get("/")
    def home(request: Request):
        return index(request)

    @app.get("/font/cjk.otf")
    def cjk_font():
        """The CJK font the report embeds, for a browser without one (the
        page asks for it only for Chinese characters a local font lacks)."""
        return FileResponse(i18n.cjk_font_path(), media_type="font/otf", headers={"Cache-Control": "max-age=86400"})

    def form_page(request: Request, key: str, values: dict, errors: dict, general: list[str], status_code: int = 200):
        path = scenario_path(key)
        try:
            system = prepare(path)
        except InputError as exc:
            return page(request, "scenario.html", 422, key=key, path=path, fields=[], values={}, errors={}, general=[str(i) for i in exc.issues])
        days = len(system.index) // 24
        defaults = {"mode": "typical" if days > 14 else "full", "typical_days": str(min(TYPICAL_DAYS, max(1, days - 1))), "language": lang_of(request)}
        with i18n.speaking(lang_of(request)):
            labelled = form.fields(system)
        return page(request, "scenario.html", status_code, key=key, path=path, system=system, days=days, fields=labelled, values={**defaults, **values}, errors=errors, general=general)

    @app.get("/scenario/{key}")
    def scenario_form(request: Request, key: str):
        return form_page(request, key, {}, {}, [])

    def gate(base: Path, values: dict, days: str | None, expand: bool, months: bool, language: str):
        """`gate.prepare` on the form's scenario, with the run's options. The
        gate stops at the first stage that fails, so the fields it blames are
        put back to the scenario's values and it is asked again until it blames
        no new field: every field's problem is found in one go. Returns the
        checked file and its system, or None and the problems."""
        current = form.fields(prepare(base))
        inherited = len((resolve_scenario_dict(base, Collector()) or {}).get("edits", []))
        values, blamed, general = dict(values), {}, []
        edited.mkdir(parents=True, exist_ok=True)
        while True:
            doc, origin = form.scenario_doc(base, inherited, values, current)
            check = edited / f".check-{uuid.uuid4().hex}.yaml"
            _write_yaml(check, doc, f"written by gridmodel serve: {base.name} with the form's edits")
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

    @app.post("/scenario/{key}")
    async def scenario_run(request: Request, key: str):
        """Check the edited scenario with the run's own gate; run it only if it passes."""
        base = scenario_path(key)
        values = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
        typical = values.get("mode") == "typical"
        days = values.get("typical_days", "").strip() if typical else None
        if typical and not days:
            return form_page(request, key, values, {"typical_days": ["give a number of typical days (or run every hour)"]}, [], 422)
        expand, months = values.get("expand") == "on", values.get("mode") == "months"
        language = values.get("language") if values.get("language") in i18n.LANGS else lang_of(request)
        passed, by_field, general = gate(base, values, days, expand, months, language)
        if passed is None:
            return form_page(request, key, values, by_field, general, 422)
        check, system = passed
        saved = _unique(edited, f"{system.scenario.name}-{datetime.now():%Y%m%d-%H%M%S}")
        check.replace(saved)
        options = (["--typical-days", str(system.scenario.representative_periods.days)] if typical else []) + (["--months"] if months else []) + (["--expand"] if expand else []) + ["--lang", language]
        job = jobs.start(saved, system.scenario.name, options)
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    @app.post("/upload")
    async def upload(request: Request, scenario: UploadFile):
        """Save an uploaded scenario (paths made absolute, read from data/scenarios/) if the gate passes."""
        stem = "".join(c if c.isalnum() or c in "_-." else "_" for c in Path(scenario.filename or "upload").stem).strip(".") or "upload"
        raw = _unique(uploads, f".raw-{uuid.uuid4().hex}")
        raw.write_bytes(await scenario.read())
        errors = Collector()
        data = read_yaml(raw, errors, "uploaded scenario")
        raw.unlink()
        if data is None:
            return index(request, 422, [i.rule for i in errors.issues])
        data = _absolutise_paths(data, UPLOAD_BASE)
        if isinstance(data.get("extends"), str):
            data["extends"] = str((UPLOAD_BASE / data["extends"]).resolve())
        saved = _unique(uploads, stem)
        _write_yaml(saved, data, f"uploaded as {scenario.filename}; relative paths read from {UPLOAD_BASE}")
        try:
            prepare(saved)
        except InputError as exc:
            saved.unlink()
            return index(request, 422, [str(Issue(scenario.filename or "upload", i.where, i.rule)) if i.file == str(saved) else str(i) for i in exc.issues])
        return RedirectResponse(f"/scenario/upload-{saved.stem}", status_code=303)

    def job_or_404(job_id: str):
        job = jobs.get(job_id)
        if job is None:
            raise HTTPException(404, f"no run {job_id!r} started by this page")
        return job

    @app.get("/jobs/{job_id}")
    def job_page(request: Request, job_id: str):
        return page(request, "job.html", job=job_or_404(job_id))

    @app.get("/jobs/{job_id}/status")
    def job_status(job_id: str):
        return JSONResponse(job_or_404(job_id).status())

    @app.post("/jobs/{job_id}/stop")
    def job_stop(job_id: str):
        jobs.stop(job_or_404(job_id).id)
        return RedirectResponse(f"/jobs/{job_id}", status_code=303)

    @app.get("/runs/{name}")
    def run_page(request: Request, name: str):
        path, lang = run_dir(name), lang_of(request)
        doc = folders.summary(path)
        failed = (path / "FAILED.txt").read_text(encoding="utf-8") if (path / "FAILED.txt").exists() else ""
        others = [r for r in folders.runs(out) if r.name != name and r.state == "solved"]
        context = dict(name=name, doc=doc, failed=failed, others=others, figures=folders.figures(path, lang), report=folders.in_language(path, "report.html", lang), excel=folders.in_language(path, folders.EXCEL, lang))
        if doc:
            with i18n.speaking(lang):
                context.update(criteria=folders.criteria_rows(doc), kpis=folders.kpi_rows(doc), remedy=folders.remedy_rows(path), horizon=i18n.horizon(doc.get("horizon") or ""), **folders.answer(path, doc))
        return page(request, "run.html", **context)

    @app.get("/runs/{name}/files/{file:path}")
    def run_file(name: str, file: str):
        folder = run_dir(name)
        path = (folder / file).resolve()
        if not path.is_file() or folder not in path.parents:
            raise HTTPException(404, f"no file {file!r} in {name}")
        return FileResponse(path)

    @app.get("/runs/{name}/download")
    def run_zip(name: str, what: str = "all"):
        """The whole folder (what=all) or its CSVs (what=csv) as a zip."""
        if what not in ("all", "csv"):
            raise HTTPException(422, "what must be all or csv")
        path = folders.zip_of(run_dir(name), only_csv=what == "csv")
        filename = f"{name}.zip" if what == "all" else f"{name}-csv.zip"
        return FileResponse(path, filename=filename, media_type="application/zip", background=BackgroundTask(path.unlink))

    @app.get("/compare")
    def compare_page(request: Request):
        names = request.query_params.getlist("run")
        if len(names) < 2:
            raise HTTPException(422, "compare needs at least two runs (run=A&run=B)")
        dirs = [run_dir(n) for n in names]
        missing = [d.name for d in dirs if folders.summary(d) is None]
        if missing:
            raise HTTPException(422, f"not solved (no summary.json): {', '.join(missing)}")
        table = cmp.compare(dirs)
        csv, png = cmp.write(table, new_run_dir(out, "compare"))
        with i18n.speaking(lang_of(request)):
            rows = cmp.shown_rows(table)
            warning = cmp.mode_warning(dirs)
        return page(request, "compare.html", runs=cmp.runs_of(table), created={d.name: cmp.created(d) for d in dirs}, rows=rows, folder=csv.parent.name, csv=csv.name, png=png.name, warning=warning)

    return app
