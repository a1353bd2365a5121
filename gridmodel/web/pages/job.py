"""/jobs/{id}: a run's live progress (/status as JSON, /stop)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse

from ..site import Site


def routes(site: Site) -> APIRouter:
    router = APIRouter()

    def job_or_404(job_id: str):
        job = site.jobs.get(job_id)
        if job is None:
            raise HTTPException(404, f"no run {job_id!r} started by this page")
        return job

    @router.get("/jobs/{job_id}")
    def job_page(request: Request, job_id: str):
        return site.page(request, "job.html", job=job_or_404(job_id))

    @router.get("/jobs/{job_id}/status")
    def job_status(job_id: str):
        return JSONResponse(job_or_404(job_id).status())

    @router.post("/jobs/{job_id}/stop")
    def job_stop(job_id: str):
        site.jobs.stop(job_or_404(job_id).id)
        return RedirectResponse(f"/jobs/{job_id}", status_code=303)

    return router
