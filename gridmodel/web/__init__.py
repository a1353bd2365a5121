"""The analysts' local web page (`gridmodel serve`): pick or upload a scenario,
edit its key targets in a form checked by the same gate as `gridmodel validate`,
run it as the CLI would (a background `gridmodel run` into runs/), follow its
progress, read the verdict, compare runs and download the results.

form.py: the form <-> a scenario file that extends the picked one;
jobs.py: runs as background processes; folders.py: run folders, files and zips;
app.py: the FastAPI routes and templates/.
"""
