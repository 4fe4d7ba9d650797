"""The only module that reads the wall clock. Everything else is handed a Clock."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def _zone_key(text: str) -> str | None:
    """`text` as an IANA key ZoneInfo knows ('Europe/Berlin'; a path into a zoneinfo folder
    such as /usr/share/zoneinfo/Europe/Berlin counts as its key), or None."""
    name = text.strip().lstrip(":")
    if "zoneinfo/" in name:
        name = name.split("zoneinfo/", 1)[-1]
    if not name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
    return name


LOCALTIME = "/etc/localtime"
TIMEZONE_FILE = "/etc/timezone"


def zone_choice() -> tuple[str, str | None]:
    """(IANA name of the local zone, a one-line notice or None).

    TZ when it names a zone; else the zone /etc/localtime links to; else /etc/timezone;
    else UTC. The notice says which zone is used when TZ is set but is no zone name (a
    POSIX rule like EST5EDT4, a typo, Mars/Olympus), or when /etc/localtime exists but
    cannot be named: entries store their zone, and a wrong one is never stored silently.
    """
    tz = os.environ.get("TZ", "")
    if name := _zone_key(tz):
        return name, None
    found, source = None, ""
    try:
        found, source = _zone_key(os.readlink(LOCALTIME)), f"from {LOCALTIME}"
    except OSError:
        pass
    if found is None:
        try:
            found, source = _zone_key(Path(TIMEZONE_FILE).read_text(encoding="utf-8")), f"from {TIMEZONE_FILE}"
        except (OSError, UnicodeDecodeError):
            pass
    name = found or "UTC"
    if not found:
        source = "no local zone could be found"
    advice = "set TZ to a zone name such as Europe/Berlin to choose another"
    if tz.strip(": "):
        return name, f"TZ {tz!r} is not a time zone name; using {name} ({source}): {advice}."
    if not found and os.path.lexists(LOCALTIME):
        return name, f"the local time zone has no name ({LOCALTIME} is not a link to a zone); using UTC: {advice}."
    return name, None


def local_zone_name() -> str:
    """The IANA name of the local time zone (TZ, then /etc/localtime), or 'UTC'."""
    return zone_choice()[0]


_TOLD: set[str] = set()
"""Zone notices already handed out in this process."""


def notice_once(notice: str | None) -> str | None:
    """`notice` the first time it is asked for in this process, None after (and for None)."""
    if notice is None or notice in _TOLD:
        return None
    _TOLD.add(notice)
    return notice


class Clock:
    """Reads the system clock in the local zone."""

    def __init__(self, zone: str | None = None) -> None:
        self.notice: str | None = None
        """Why the zone is not what TZ says (see zone_choice), when it was read from the system."""
        if zone:
            self.zone = zone
        else:
            self.zone, self.notice = zone_choice()
        self.tzinfo = ZoneInfo(self.zone)

    def zone_notice(self) -> str | None:
        """This clock's zone notice the first time any clock of the process is asked; else None.
        The CLI prints it on stderr, the TUI shows it as a notification."""
        return notice_once(self.notice)

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
