"""The only module that reads the wall clock. Everything else is handed a Clock."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def local_zone_name() -> str:
    """The IANA name of the local time zone (TZ, then /etc/localtime), or 'UTC'."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        target = os.readlink("/etc/localtime")
        candidates.append(target.split("zoneinfo/", 1)[-1])
    except OSError:
        pass
    try:
        candidates.append(Path("/etc/timezone").read_text().strip())
    except OSError:
        pass
    for name in candidates:
        if name:
            try:
                ZoneInfo(name)
                return name
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return "UTC"


class Clock:
    """Reads the system clock in the local zone."""

    def __init__(self, zone: str | None = None) -> None:
        self.zone = zone or local_zone_name()
        self.tzinfo = ZoneInfo(self.zone)

    def now(self) -> datetime:
        """The current local time, zone-aware."""
        return datetime.now(self.tzinfo)

    def utcnow(self) -> datetime:
        return self.now().astimezone(UTC)

    def today(self) -> date:
        return self.now().date()


class FixedClock(Clock):
    """A clock that always says the same instant (tests, snapshots)."""

    def __init__(self, at: datetime, zone: str = "UTC") -> None:
        super().__init__(zone)
        self._at = at if at.tzinfo else at.replace(tzinfo=self.tzinfo)

    def now(self) -> datetime:
        return self._at.astimezone(self.tzinfo)

    def set(self, at: datetime) -> None:
        self._at = at if at.tzinfo else at.replace(tzinfo=self.tzinfo)
