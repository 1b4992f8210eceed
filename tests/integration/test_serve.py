"""`receipts serve`: a live preview that rebuilds on every change, shows problems in the page, stops on Ctrl-C."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.fixtures.git_history import GitWorkspace

CAMPAIGN = """\
id: demo
title: Launch film
client: Client Co.
tasks: [{id: script, title: Script, owner: maria, label: in-progress}]
"""
PATIENCE = 90  # seconds: a slow, shared CI machine; the poll returns as soon as the page changes


class Served:
    """`receipts serve` running in a process of its own, its output collected in a file."""

    def __init__(self, workspace: Path, log: Path, *args: str):
        self.temp = log.parent / "temp"  # where serve builds: empty again once it stopped
        self.temp.mkdir()
        env = {**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(self.temp)}
        self.log = log
        self.process = subprocess.Popen([sys.executable, "-m", "generator", "serve", str(workspace), "--port", "0",
                                         *args], stdout=log.open("wb"), stderr=subprocess.STDOUT, env=env)
        self.url = self.wait_for_output(r"serving on (http://127\.0\.0\.1:\d+/)").group(1)
        self.wait_for_output(r"built \S+ in|problems?;")  # the first build is done: later edits are changes

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_for_output(self, pattern: str, count: int = 1) -> re.Match:
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            found = list(re.finditer(pattern, self.output()))
            if len(found) >= count:
                return found[count - 1]
            assert self.process.poll() is None, f"serve ended early:\n{self.output()}"
            time.sleep(0.1)
        raise AssertionError(f"no {pattern!r} in the output of serve:\n{self.output()}")

    def get(self, path: str = "") -> tuple[str, str]:
        """The page at `path` (redirects followed) and the address it ended at."""
        with urllib.request.urlopen(self.url + path, timeout=PATIENCE) as response:
            return response.read().decode("utf-8"), response.url

    def wait_for_page(self, text: str, path: str = "") -> str:
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            page, _ = self.get(path)
            if text in page:
                return page
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared at {self.url}{path}:\n{self.output()}")

    def interrupt(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=PATIENCE)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def workspace(tmp_path) -> GitWorkspace:
    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("demo", CAMPAIGN)
    ws.commit("Kick off", "2026-01-10T10:00:00+01:00")
    return ws


@pytest.fixture
def served(workspace, tmp_path):
    server = Served(workspace.root, tmp_path / "serve.log", "--audience", "client1")
    yield server
    server.kill()


def test_serve_shows_the_home_page_then_each_edit_and_stops_on_ctrl_c(served, workspace):
    page, address = served.get()
    assert "Launch film" in page and "/site/client1/" in address
    assert "receipts-preview" in page and "livereload" in page

    workspace.campaign("demo", CAMPAIGN.replace("title: Launch film", "title: Launch film recut"))
    served.wait_for_page("Launch film recut")

    children = _children(served.process.pid)
    assert served.interrupt() == 0
    assert "stopped" in served.output()
    assert not any(Path(f"/proc/{pid}").exists() for pid in children)
    assert list(served.temp.iterdir()) == []


def _children(pid: int) -> list[int]:
    """The processes `pid` started (Linux: read from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def test_a_commit_rebuilds_the_site(served, workspace):
    served.wait_for_output(r"built client1 in", 1)
    workspace.commit("Nothing changed but the history", "2026-01-11T10:00:00+01:00")
    served.wait_for_output(r"built client1 in", 2)


def test_a_problem_is_shown_in_the_page_and_the_preview_keeps_running(served, workspace):
    workspace.campaign("demo", CAMPAIGN.replace("label: in-progress", "label: in-progres"))
    page = served.wait_for_page("the last change did not build")
    assert "in-progres" in page and "campaigns/demo.yml" in page
    assert "Launch film" in page  # the last good site stays under the problems

    workspace.campaign("demo", CAMPAIGN.replace("title: Launch film", "title: Launch film fixed"))
    page = served.wait_for_page("Launch film fixed")
    assert "did not build" not in page


def test_the_audience_is_switched_from_the_page(served):
    page, _ = served.get()
    assert "/_receipts/audience/" in page and "<option value='team'" in page
    page, address = served.get("_receipts/audience/team")
    assert "/site-private/team/" in address and "Launch film" in page
    assert "<option value='team' selected>" in page
    with pytest.raises(urllib.error.HTTPError):
        served.get("_receipts/audience/nobody")


def test_serve_never_writes_the_output_folder(served, workspace):
    served.get()
    assert not (workspace.root / "site").exists() and not (workspace.root / "site-private").exists()


def test_a_port_in_use_is_said_before_anything_is_built(workspace, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "generator", "serve", str(workspace.root), "--port", str(port)],
                              capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)},
                              timeout=PATIENCE)
    assert done.returncode == 1
    assert f"cannot serve on 127.0.0.1:{port}" in done.stderr and "--port" in done.stderr
    assert "built" not in done.stdout


def test_an_invalid_workspace_is_served_as_its_problems(tmp_path):
    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("demo", CAMPAIGN.replace("id: demo", "id: demo\nzzz: 1"))
    server = Served(ws.root, tmp_path / "serve.log")
    try:
        page, _ = server.get()
        assert "zzz" in page and "could not be built" in page
        ws.campaign("demo", CAMPAIGN)
        server.wait_for_page("Launch film")
    finally:
        server.kill()
