"""A site_config.yml and a campaign that hold every key of load/shapes.py, each with a value the validator accepts.

test_schema.py mutates them key by key; docs/format.md's key reference takes its examples from them.
"""

from __future__ import annotations

from generator.load.shapes import MEASURES
from generator.model import LABEL_KINDS

CONFIG = {
    "site": {"title": "Northwind Studio · Behind the scenes", "url": "https://studio.example/r/", "language": "en",
             "timezone": "Europe/Madrid", "stale_after_days": 7},
    "output": "site",
    "history": {"repo": ".", "ref": "HEAD"},
    "defaults": {"milestone": 0, "deliverable": 0, "asset": 0, "task": 1, "kpi": 1, "decision": 2,
                 "comment": 2, "approval": 3, "note": 4, "commit": "internal"},
    "labels": {"waiting-on-print": {"title": "Waiting on the printer", "kind": "waiting"}},
    "people": {"maria": {"name": "María López", "role": "Creative Director", "side": "agency", "emails": ["maria@studio.example"]},
               "jane": {"name": "Jane Whitfield", "role": "Head of Marketing", "side": "client"}},
    "audiences": {
        "acme": {"title": "Acme Co.", "tier": 2, "campaigns": ["launch"], "names": "roles",
                 "branding": {"logo": "content/assets/logo.svg", "accent": "#0a7d4f"}, "path": "acme-x1",
                 "url": "https://acme.example/", "language": "es", "publish": True,
                 "protect": {"passphrase_env": "ACME_PASSPHRASE"}},
        "team": {"title": "Northwind (internal)", "tier": 4, "internal": True, "campaigns": "all", "publish": False,
                 "packs": False},
    },
    "measures": {measure: 1 for measure in MEASURES},
    "stall_days": {"default": 7, **{kind: 3 for kind in LABEL_KINDS}},
}
CAMPAIGN = {
    "id": "launch", "title": "Spring Launch 2026", "client": "Acme Co.", "summary": "The **spring** launch.",
    "brief": {"goals": ["Grow trial sign-ups 20% in Q2"], "deliverables": [{"id": "video", "title": "Hero video (30 s)", "due": "2026-03-01",
                                                             "visibility": 0}]},
    "milestones": [{"id": "kickoff", "title": "Kickoff workshop", "date": "2026-01-10", "reached": True, "visibility": 0}],
    "tasks": [{"id": "storyboard", "title": "Storyboard", "label": "waiting-on-print", "owner": "maria",
               "deliverable": "video", "start": "2026-01-12", "due": "2026-01-20", "done": "2026-01-25",
               "visibility": 1}],
    "decisions": [{"id": "concept", "date": "2026-01-20", "title": "Morning-ritual concept chosen", "why": "It tested best.",
                   "alternatives": ["Gym concept, dropped as too close to a competitor"], "decided_by": ["maria"], "relates_to": ["storyboard"], "visibility": 2,
                   "comments": [{"by": "jane", "at": "2026-01-19T15:02:00", "text": "Happy with this.", "visibility": 2}]}],
    "approvals": [{"id": "storyboard-v2", "subject": "storyboard", "version": "v2",
                   "asset": "assets/board.pdf", "requested": "2026-01-21T10:00:00", "due": "2026-01-23T18:00:00",
                   "visibility": 3, "steps": [{"by": "jane", "verdict": "approved", "at": "2026-01-22T16:10:00",
                                               "comment": "Lovely.", "visibility": 3}]}],
    "notes": [{"date": "2026-02-03", "about": "kickoff", "text": "Launch moved a week for a legal review.", "visibility": 4}],
    "assets": [{"id": "final", "deliverable": "video", "title": "Hero video, final cut", "file": "assets/final.png",
                "published": "2026-03-01", "visibility": 0},
               {"id": "teaser", "title": "Teaser", "url": "https://cdn.example/teaser.mp4"}],
    "kpis": {"nps": [{"date": "2026-01-01", "value": 31, "visibility": 1}],
             "series": [{"id": "reach", "title": "Reach", "unit": "people", "visibility": 1,
                         "points": [{"date": "2026-03-07", "value": 120000, "visibility": 1}]}]},
    "renamed_from": ["old-launch"],
}
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
