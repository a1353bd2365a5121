"""`gridmodel serve` started in the background on a free port, for the browser
test and the screenshot script: the real command, as an analyst starts it."""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from .jobs import CLI


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_page(out: Path, timeout_s: float = 60.0):
    """Yield the page's URL once it answers; stop the server afterwards."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    console = tempfile.TemporaryFile("w+")
    server = subprocess.Popen([sys.executable, "-c", CLI, "serve", "--port", str(port), "--out", str(out), "--no-browser"], stdout=console, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if server.poll() is not None:
                console.seek(0)
                raise RuntimeError(f"gridmodel serve exited with {server.returncode}: {console.read()}")
            try:
                urllib.request.urlopen(url, timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        console.close()
