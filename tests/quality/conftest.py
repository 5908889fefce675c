from __future__ import annotations

import pytest

from alert_receivers import start_smtp, start_webhook


@pytest.fixture(scope="module")
def webhook():
    with start_webhook() as receiver:
        yield receiver


@pytest.fixture(scope="module")
def smtp():
    with start_smtp() as receiver:
        yield receiver
