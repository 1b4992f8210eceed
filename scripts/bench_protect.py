#!/usr/bin/env python3
"""Benchmark: what protecting audiences costs (docs/protect.md, "Cost").

Builds the demo and bench_build.py's synthetic agency twice each, without
protection and with every client audience protected (one passphrase each),
alternating the two `--rounds` times and reporting the medians; then serves the
protected demo on localhost and times, in Debian's headless chromium, how long
after the passphrase is submitted the first unlocked page has loaded (PBKDF2 in
the browser included; a fresh browser context each time).

    python scripts/bench_protect.py [--rounds 3] [--campaigns 25] [--approvals 100] [--clients 6]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

PASSPHRASE = "a bench passphrase, long enough"


def protect_clients(config: str) -> tuple[str, list[str]]:
    """The config with `protect` on every audience that is not internal (flow or block style), and their ids."""
    lines, ids, inside = config.splitlines(), [], False
    out = []
    for line in lines:
        out.append(line)
        if line == "audiences:":
            inside = True
            continue
        if inside and line and not line.startswith(" "):
            inside = False
        match = re.match(r"  ([a-z0-9-]+):(.*)", line) if inside else None
        if match and "internal: true" not in line:
            variable = f"BENCH_{match.group(1).upper().replace('-', '_')}"
            ids.append(variable)
            if match.group(2).strip().endswith("}"):  # flow style: {title: ..., tier: ...}
                out[-1] = line[:-1] + f", protect: {{passphrase_env: {variable}}}}}"
            else:
                out.append(f"    protect: {{passphrase_env: {variable}}}")
    return "\n".join(out) + "\n", ids


def timed(root: Path, out: Path) -> float:
    from generator import pipeline

    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    pipeline.build(root, output=out)
    return time.perf_counter() - started


def compare(name: str, plain: Path, protected: Path, rounds: int, tmp: Path) -> None:
    times = {"plain": [], "protected": []}
    for _ in range(rounds):
        for kind, root in (("plain", plain), ("protected", protected)):
            times[kind].append(timed(root, tmp / f"out-{name}-{kind}"))
    a, b = statistics.median(times["plain"]), statistics.median(times["protected"])
    print(f"{name}: without protection {a:.2f} s, with every client protected {b:.2f} s "
          f"(+{(b - a) / a * 100:.0f}%; medians of {rounds}: {times})")


def demo_copies(tmp: Path) -> tuple[Path, Path, list[str]]:
    plain, protected = tmp / "demo", tmp / "demo-protected"
    for target in (plain, protected):
        target.mkdir()
        shutil.copytree(REPO / "content", target / "content")
        shutil.copy(REPO / "site_config.yml", target / "site_config.yml")
    config = (REPO / "site_config.yml").read_text(encoding="utf-8")
    text, variables = protect_demo(config)
    (protected / "site_config.yml").write_text(text, encoding="utf-8")
    return plain, protected, variables


def protect_demo(config: str) -> tuple[str, list[str]]:
    """The demo's client audiences (acme, harbor) protected: block style, after their `campaigns:` line."""
    variables = []
    for audience in ("harbor", "acme"):
        variable = f"BENCH_{audience.upper()}"
        config = re.sub(rf"(\n  {audience}:\n(?:    .*\n)*?    campaigns: .*\n)",
                        rf"\1    protect: {{passphrase_env: {variable}}}\n", config, count=1)
        variables.append(variable)
    return config, variables


def agency_copies(tmp: Path, campaigns: int, approvals: int, clients: int) -> tuple[Path, Path, list[str]]:
    from bench_build import make_workspace

    plain, protected = tmp / "agency", tmp / "agency-protected"
    make_workspace(plain, campaigns, approvals, clients)
    shutil.copytree(plain, protected)
    text, variables = protect_clients((plain / "site_config.yml").read_text(encoding="utf-8"))
    (protected / "site_config.yml").write_text(text, encoding="utf-8")
    return plain, protected, variables


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def first_unlocked_page(site: Path, rounds: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_address[1]}/acme/"
    seconds = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                        args=["--no-sandbox", "--disable-gpu"], headless=True)
            for _ in range(rounds):
                context = browser.new_context()
                page = context.new_page()
                page.goto(address)
                page.wait_for_function("navigator.serviceWorker.controller !== undefined")
                page.fill("#unlock-passphrase", PASSPHRASE)
                started = time.perf_counter()
                page.press("#unlock-passphrase", "Enter")
                page.wait_for_selector(".site-header", timeout=30000)
                page.wait_for_load_state("load")
                seconds.append(time.perf_counter() - started)
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--campaigns", type=int, default=25)
    parser.add_argument("--approvals", type=int, default=100)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="bench-protect-") as name:
        tmp = Path(name)
        plain, protected, variables = demo_copies(tmp)
        agency_plain, agency_protected, more = agency_copies(tmp, args.campaigns, args.approvals, args.clients)
        for variable in variables + more:
            os.environ[variable] = PASSPHRASE
        compare("demo", plain, protected, args.rounds, tmp)
        compare(f"agency ({args.campaigns} campaigns x {args.approvals} approvals, {args.clients} clients)",
                agency_plain, agency_protected, args.rounds, tmp)
        if not args.no_browser:
            times = first_unlocked_page(tmp / "out-demo-protected", max(args.rounds, 5))
            print(f"first unlocked page in chromium, after the passphrase: median {statistics.median(times):.2f} s "
                  f"(each: {', '.join(f'{t:.2f}' for t in times)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
