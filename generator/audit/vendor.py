"""Third-party files a site may carry verbatim, known by their bytes.

plotly-basic.min.js is Plotly's published bundle, vendored with the SHA-256
that scripts/refresh_plotly.py recorded when it fetched it. Its licence header
and its code legitimately hold an e-mail address, `file://` strings and the
like, so those two checks are skipped for it, and so is the search for
hidden texts (a file not made from the workspace cannot hold one), but only
while its bytes are exactly the recorded upstream file's: a copy that differs
(in the site, or in the package itself) is audited like any file of ours. `[internal]` markers, paths of
the build machine and source maps are sought in it as everywhere.
"""

from __future__ import annotations

import functools


@functools.cache
def _known() -> dict[str, str]:
    """Site path -> SHA-256 of the upstream file it must equal."""
    from generator.render.charts import PLOTLY_JS, plotly_upstream  # here: plotly is slow to import

    return {PLOTLY_JS: plotly_upstream()["sha256"]}


def is_verbatim(rel: str, digest: str) -> bool:
    """True when `rel` is a known third-party file, byte for byte."""
    return _known().get(rel) == digest
