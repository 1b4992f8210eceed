"""Third-party files a site may carry verbatim, known by their bytes.

plotly.min.js comes from the installed plotly package. Its licence header
and its code legitimately hold an e-mail address, `file://` strings and the
like, so those two checks are skipped for it, and so is the search for
hidden texts (a file not made from the workspace cannot hold one), but only
while its bytes are exactly the package's: a vendored file that differs from
its source is audited like any file of ours. `[internal]` markers, paths of
the build machine and source maps are sought in it as everywhere.
"""

from __future__ import annotations

import functools
import hashlib


@functools.cache
def _known() -> dict[str, str]:
    """Site path -> SHA-256 of the upstream file it must equal."""
    from generator.render.charts import PLOTLY_JS, plotly_source  # here: plotly is slow to import

    source = plotly_source()
    return {PLOTLY_JS: hashlib.sha256(source.read_bytes()).hexdigest()} if source.is_file() else {}


def is_verbatim(rel: str, digest: str) -> bool:
    """True when `rel` is a known third-party file, byte for byte."""
    return _known().get(rel) == digest
