"""Receipts: calibrated-visibility transparency microsites.

The flow (see ARCHITECTURE in the team's spec)::

    load -> redact (one chokepoint per audience) -> measure -> render
         -> engine build (MkDocs) -> audit -> atomic swap
"""

__version__ = "0.1.0"
