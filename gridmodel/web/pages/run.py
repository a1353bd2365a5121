"""/runs/{name}: a run folder: verdict, criteria, remedy, figures, downloads."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from ... import i18n
from .. import folders
from ..site import Site, lang_of


def routes(site: Site) -> APIRouter:
    router = APIRouter()

    @router.get("/runs/{name}")
    def run_page(request: Request, name: str):
        path, lang = site.run_dir(name), lang_of(request)
        doc = folders.summary(path)
        failed = (path / "FAILED.txt").read_text(encoding="utf-8") if (path / "FAILED.txt").exists() else ""
        others = [r for r in folders.runs(site.out) if r.name != name and r.state == "solved"]
        context = dict(name=name, doc=doc, failed=failed, others=others, figures=folders.figures(path, lang), report=folders.in_language(path, "report.html", lang), excel=folders.in_language(path, folders.EXCEL, lang))
        if doc:
            with i18n.speaking(lang):
                context.update(criteria=folders.criteria_rows(doc), kpis=folders.kpi_rows(doc), remedy=folders.remedy_rows(path), horizon=i18n.horizon(doc.get("horizon") or ""), **folders.answer(path, doc))
        return site.page(request, "run.html", **context)

    @router.get("/runs/{name}/files/{file:path}")
    def run_file(name: str, file: str):
        folder = site.run_dir(name)
        path = (folder / file).resolve()
        if not path.is_file() or folder not in path.parents:
            raise HTTPException(404, f"no file {file!r} in {name}")
        return FileResponse(path)

    @router.get("/runs/{name}/download")
    def run_zip(name: str, what: str = "all"):
        """The whole folder (what=all) or its CSVs (what=csv) as a zip."""
        if what not in ("all", "csv"):
            raise HTTPException(422, "what must be all or csv")
        path = folders.zip_of(site.run_dir(name), only_csv=what == "csv")
        filename = f"{name}.zip" if what == "all" else f"{name}-csv.zip"
        return FileResponse(path, filename=filename, media_type="application/zip", background=BackgroundTask(path.unlink))

    return router
