"""An internal audience sees every tier: `internal` sits above tier 4.

Found by the property "raising an entry's visibility never adds anything":
an internal audience at tier 0 did not see a tier-4 task, but saw it once
the task was raised to `internal`.
"""

from __future__ import annotations

import pytest

from generator.errors import InputError
from generator.inputs import load_workspace
from tests.conftest import MINIMAL_CONFIG


def test_an_internal_audience_below_tier_4_is_an_error(make_workspace):
    config = MINIMAL_CONFIG.replace("team: {title: Team, tier: 4, internal: true",
                                    "team: {title: Team, tier: 1, internal: true")
    with pytest.raises(InputError) as caught:
        load_workspace(make_workspace.write(config))
    message = str(caught.value)
    assert "site_config.yml:" in message and "audiences.team.tier" in message
    assert "expected tier: 4, got 1" in message


def test_an_internal_audience_at_tier_4_loads(make_workspace):
    workspace = load_workspace(make_workspace.write())
    assert workspace.config.audiences["team"].internal
