"""Settings every test shares."""
from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session", autouse=True)
def no_alerts_to_real_maintainers():
    """A developer's FAZHI_ALERT_* settings never reach a test run (nor the `fazhi run` subprocesses it starts):
    tests that alert set their own loopback receivers (tests/quality)."""
    saved = {k: os.environ.pop(k) for k in list(os.environ) if k.startswith("FAZHI_ALERT_")}
    yield
    os.environ.update(saved)
