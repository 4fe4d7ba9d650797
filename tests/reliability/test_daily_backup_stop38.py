"""One process open for days makes the daily backup every day (catalogue S342)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from journal.services import EntryInput, Journal
from journal.store import backups


@pytest.mark.catalogue("S342")
def test_a_window_open_for_a_week_backs_up_each_day(db_path, clock):
    with Journal.open(db_path, clock=clock, create=True) as j:
        j.entries.write(EntryInput("day 0"))
        assert len(backups.backups(db_path)) == 1
        for hour in (1, 5, 23):  # the same day: no second copy, no second look
            clock.set(clock.now() + timedelta(hours=1))
            j.entries.write(EntryInput(f"hour {hour}"))
        assert len(backups.backups(db_path)) == 1
        for day in range(1, 6):
            clock.set(clock.now() + timedelta(days=1))
            j.entries.write(EntryInput(f"day {day}"))
        assert len(backups.backups(db_path)) == 6
