"""pytest plugin: the ``replica`` fixture (loaded from tests/conftest.py)."""

from __future__ import annotations

import pytest

from .server import Replica


@pytest.fixture
def replica():
    """A started replica of Al Mayadeen on 127.0.0.1 (random port), closed after the test."""
    with Replica() as running:
        yield running
