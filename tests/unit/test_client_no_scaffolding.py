"""Clients never see empty scaffolding (issue 17, item 4); the internal site keeps it."""

from __future__ import annotations

from tests.unit.measures_views import campaign, view


def test_a_client_never_reads_brief_delivered_0_of_0_the_agency_does():
    from generator.measures import measure
    from generator.render.pages import render

    def measures_page(internal: bool) -> str:
        v = view(campaign(tasks=[], deliverables=[]), internal=internal, tier=4 if internal else 3)
        return next(p.body for p in render(v, measure(v)).pages if p.path.endswith("measures.md"))

    assert 'id="tile-brief"' not in measures_page(internal=False)
    assert 'id="tile-brief"' in measures_page(internal=True)
