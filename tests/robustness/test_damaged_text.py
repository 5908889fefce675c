"""No figure from damaged text or a placeholder: a character lost next to a number (`?`, `??`, U+FFFD from a bad
decoding, an unmapped PDF glyph, a cut-off file end) or a template blank never becomes an observation; the intact
statements around them still do. This checks fazhi.parse.figures' behaviour on what landing can produce."""
from __future__ import annotations

import pytest

from fazhi.parse.figures import extract_figures

DAMAGED = [
    "全年受理行政复议案件3?件。",
    "全年受理行政复议案件?5件。",
    "全年受理行政复议案件??件。",
    "全年受理行政复议案件35?件。",
    "全年受理行政复议案件3？件。",
    "全年受理行政复议案件3\ufffd件。",
    "全年受理行政复议案件\ufffd5件。",
    "全年受理行政复议案件35\ufffd。",
    "办结率1?0%。",
    "出庭应诉率10\ufffd%。",
    "共办理案件1?5件。",
    "接待群众1?2人次。",
    "全年受理行政复议案件3",  # a file cut off after the digit: no unit, no figure
    "全年受理行政复议案件35\ufffd",  # cut inside the unit's bytes
]
PLACEHOLDERS = [
    "全年受理行政复议案件XXXX件。",
    "全年受理行政复议案件XX件，办结XX件。",
    "全年受理行政复议案件X件。",
    "纠错率XX%，出庭应诉率XX%。",
    "受理行政复议 件，办结 件。",
    "举办培训×次，参训*人次。",
    "XXXX年X月X日",
]


@pytest.mark.parametrize("text", DAMAGED + PLACEHOLDERS)
def test_no_figure_from_damage_or_placeholders(text):
    assert extract_figures(text) == []


def test_intact_statements_beside_damaged_ones_are_still_read():
    text = "受理行政复议案件3?件，办结\ufffd5件，出庭应诉率1?0%。举行听证会12场，纠错率XX%。"
    assert [(f.value, f.unit) for f in extract_figures(text)] == [(12.0, "场")]
