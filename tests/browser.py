"""A headless Chromium driven through ChromeDriver's WebDriver HTTP API, with the standard
library only: both come from Debian (chromium, chromium-driver), which ``.ci/run`` installs,
so no browser or driver is downloaded at run time.
"""

from __future__ import annotations

import base64
import json
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
# The flags that work on a machine without a display or network, as root.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1200,1600",
]


def missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if not Path(path).exists():
            return f"{path} is not installed (apt-get install -y chromium chromium-driver)"
    return None


class Browser:
    """One WebDriver session: open a page, read its console, run a script, take a screenshot."""

    def __init__(self, url: str, session: str):
        self._base = f"{url}/session/{session}"

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self._base + path, data, {"Content-Type": "application/json"}, method=method
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)["value"]

    def open(self, page: Path) -> None:
        self._call("POST", "/url", {"url": page.resolve().as_uri()})

    def console(self) -> list[dict[str, Any]]:
        """The browser's log since the last call: console messages and failed loads."""
        return self._call("POST", "/se/log", {"type": "browser"})

    def run(self, script: str) -> Any:
        return self._call("POST", "/execute/sync", {"script": script, "args": []})

    def screenshot(self, path: Path) -> None:
        path.write_bytes(base64.b64decode(self._call("GET", "/screenshot")))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def browser() -> Iterator[Browser]:
    """A fresh headless Chromium (its own empty profile) under a fresh ChromeDriver."""
    port = _free_port()
    driver = subprocess.Popen(
        [CHROMEDRIVER, f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/status", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        with tempfile.TemporaryDirectory() as profile:
            options = {"binary": CHROMIUM, "args": [*FLAGS, f"--user-data-dir={profile}"]}
            capabilities = {
                "browserName": "chrome",
                "goog:chromeOptions": options,
                "goog:loggingPrefs": {"browser": "ALL"},
            }
            request = urllib.request.Request(
                f"{url}/session",
                json.dumps({"capabilities": {"alwaysMatch": capabilities}}).encode(),
                {"Content-Type": "application/json"},
            )
            with urllib.request.urlopen(request, timeout=60) as response:
                session = json.load(response)["value"]["sessionId"]
            try:
                yield Browser(url, session)
            finally:
                urllib.request.urlopen(
                    urllib.request.Request(f"{url}/session/{session}", method="DELETE"), timeout=60
                ).close()
    finally:
        driver.terminate()
        driver.wait(timeout=30)
