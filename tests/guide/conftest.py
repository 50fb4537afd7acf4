"""Fixtures shared with the check-in tests."""

from tests.checkins.conftest import child_client  # noqa: F401
