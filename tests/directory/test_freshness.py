"""Calendar months: flagged after six, hidden after twelve, counted the same way at every month's end."""

from __future__ import annotations

from datetime import date

import pytest

from webapp.directory.service import Freshness, freshness, is_due, is_hidden, months_before
from webapp.models import DirectoryEntry


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2027, 3, 31), 6, date(2026, 9, 30)),    # September has 30 days
    (date(2027, 8, 31), 6, date(2027, 2, 28)),    # February, not a leap year
    (date(2028, 8, 31), 6, date(2028, 2, 29)),    # a leap year
    (date(2027, 1, 15), 1, date(2026, 12, 15)),   # across the new year
    (date(2027, 3, 31), 12, date(2026, 3, 31)),
    (date(2028, 2, 29), 12, date(2027, 2, 28)),
    (date(2027, 5, 10), 0, date(2027, 5, 10)),
])
def test_months_before_clamps_to_the_end_of_a_shorter_month(day, months, expected):
    assert months_before(day, months) == expected


def entry(reviewed: date) -> DirectoryEntry:
    return DirectoryEntry(last_reviewed_on=reviewed)


def test_due_the_day_after_six_months_and_hidden_the_day_after_twelve():
    reviewed = date(2026, 5, 10)
    assert not is_due(entry(reviewed), date(2026, 11, 10))
    assert is_due(entry(reviewed), date(2026, 11, 11))
    assert not is_hidden(entry(reviewed), date(2027, 5, 10))
    assert is_hidden(entry(reviewed), date(2027, 5, 11))


@pytest.mark.parametrize(("months_old", "state"), [(0, Freshness.FRESH), (5, Freshness.FRESH), (6, Freshness.FRESH),
                                                   (7, Freshness.DUE), (12, Freshness.DUE), (13, Freshness.HIDDEN)])
def test_an_entry_is_fresh_due_or_hidden_by_its_age_in_months(months_old, state):
    today = date(2027, 3, 31)
    assert freshness(entry(months_before(today, months_old)), today) == state


def test_month_ends_never_make_an_entry_due_early():
    # Reviewed on the last day of February: six months on is still within the review period at every month end.
    reviewed = date(2027, 2, 28)
    for day in (date(2027, 8, 28), date(2027, 8, 29), date(2027, 8, 30), date(2027, 8, 31)):
        assert not is_due(entry(reviewed), day), day
    assert is_due(entry(reviewed), date(2027, 9, 1))
