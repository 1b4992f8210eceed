#!/usr/bin/env python3
"""Refresh the vendored Plotly.js basic bundle from the npm registry.

Sites draw only bar and scatter charts, which Plotly's official "basic"
bundle holds at a quarter of the full plotly.min.js (about 0.39 MB
gzipped against 1.4 MB). The bundle's version follows the plotly.js that
the installed plotly package ships, so figures made in Python and the
script that draws them are one release. npm fetches it (no HTTP of ours).

    python scripts/refresh_plotly.py            # the version plotly.py bundles
    python scripts/refresh_plotly.py --version 4.1.1
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VENDOR = REPO / "generator" / "render" / "vendor"
PACKAGE = "plotly.js-basic-dist-min"


def bundled_plotly_js_version() -> str:
    """The plotly.js version the installed plotly package carries (its header says it)."""
    import plotly

    head = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text(encoding="utf-8")[:200]
    found = re.search(r"plotly\.js v(\d+\.\d+\.\d+)", head)
    if not found:
        raise SystemExit("cannot tell which plotly.js the installed plotly package bundles")
    return found.group(1)


def fetch(version: str, into: Path) -> Path:
    subprocess.run(["npm", "pack", f"{PACKAGE}@{version}", "--silent", "--pack-destination", str(into)],
                   check=True, stdout=subprocess.DEVNULL)
    (tarball,) = into.glob("*.tgz")
    with tarfile.open(tarball) as archive:
        archive.extractall(into, filter="data")
    return into / "package"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", help="a plotly.js version (default: the one plotly.py bundles)")
    version = parser.parse_args().version or bundled_plotly_js_version()
    with tempfile.TemporaryDirectory() as tmp:
        package = fetch(version, Path(tmp))
        script = (package / "plotly-basic.min.js").read_bytes()
        VENDOR.mkdir(parents=True, exist_ok=True)
        (VENDOR / "plotly-basic.min.js").write_bytes(script)
        (VENDOR / "LICENSE-plotly.txt").write_bytes((package / "LICENSE").read_bytes())
    about = {"package": PACKAGE, "version": version, "sha256": hashlib.sha256(script).hexdigest()}
    (VENDOR / "plotly-basic.json").write_text(json.dumps(about, indent=2) + "\n", encoding="utf-8")
    print(f"vendored {PACKAGE} {version} ({len(script) / 1e6:.2f} MB) into {VENDOR.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
