from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from journal.clock import FixedClock
from journal.domain.reflection import cadence_due, quiet_due, streaks
from journal.services import EntryInput, Journal

TODAY = date(2026, 11, 23)


def test_cadence_is_due_exactly_when_the_period_has_passed():
    assert cadence_due("review", "g", "G", TODAY - timedelta(days=6), 7, TODAY) is None
    due = cadence_due("review", "g", "G", TODAY - timedelta(days=7), 7, TODAY)
    assert (due.since, due.days) == (TODAY, 0)
    assert cadence_due("review", "g", "G", TODAY - timedelta(days=10), 7, TODAY).days == 3
    assert cadence_due("review", "g", "G", TODAY - timedelta(days=99), None, TODAY) is None


def test_quiet_threshold():
    assert quiet_due("g", "G", TODAY - timedelta(days=13), 14, TODAY) is None
    assert quiet_due("g", "G", TODAY - timedelta(days=14), 14, TODAY).days == 14


def test_streaks():
    days = [TODAY - timedelta(days=n) for n in (1, 2, 3, 10, 11, 12, 13, 14)] + [TODAY + timedelta(days=5)]
    assert streaks(days, TODAY) == (3, 5)
    assert streaks([TODAY - timedelta(days=2)], TODAY) == (0, 1)
    assert streaks([], TODAY) == (0, 0)
    assert streaks([TODAY, TODAY], TODAY) == (1, 1)


def test_foresight_follow_up_is_due_until_answered(journal):
    plan = journal.entries.write(EntryInput("I expect the talk to go well", lens="f", revisit="yesterday",
                                                when="3 days ago"))
    journal.entries.write(EntryInput("Later plan", lens="f", revisit="tomorrow"))
    assert [(d.kind, d.ref, d.days) for d in journal.reflection.due()] == [("foresight", plan.id, 1)]
    journal.entries.write(EntryInput("It went fine", lens="h", answers=plan.id))
    assert journal.reflection.due() == []


def test_goal_reviews_check_ins_and_quiet_goals(journal, clock):
    clock.set(datetime(2026, 11, 1, 9, 0, tzinfo=ZoneInfo("Europe/Berlin")))
    journal.goals.add("Talks", review_every=7)
    journal.mentorships.add("Ada", check_in_every=14)
    journal.goals.add("Quiet one")
    journal.entries.write(EntryInput("weekly check", kind="check-in", goals=["talks"], when="2026-11-01"))
    clock.set(datetime(2026, 11, 20, 9, 0, tzinfo=ZoneInfo("Europe/Berlin")))
    kinds = {(d.kind, d.title): d.days for d in journal.reflection.due()}
    assert kinds == {("review", "Talks"): 12, ("check-in", "Ada"): 5, ("quiet", "Quiet one"): 19,
                     ("quiet", "Talks"): 19}
    journal.entries.write(EntryInput("check-in with Ada", kind="meeting", mentorship="ada"))
    assert ("check-in", "Ada") not in {(d.kind, d.title) for d in journal.reflection.due()}


def test_due_follows_the_local_day_across_time_zones(db_path):
    """11:30 UTC is 00:30 on the 23rd in Auckland but 03:30 on the 22nd in Los Angeles."""
    moment = datetime(2026, 11, 22, 11, 30, tzinfo=ZoneInfo("UTC"))
    with Journal.open(db_path, clock=FixedClock(moment, "Pacific/Auckland"), create=True) as nz:
        nz.entries.write(EntryInput("plan", lens="f", revisit="2026-11-23"))
        assert nz.today() == date(2026, 11, 23) and [d.kind for d in nz.reflection.due()] == ["foresight"]
    with Journal.open(db_path, clock=FixedClock(moment, "America/Los_Angeles")) as la:
        assert la.today() == date(2026, 11, 22) and la.reflection.due() == []


def test_on_this_day(journal):
    journal.entries.write(EntryInput("a year ago", when="2025-11-23"))
    journal.entries.write(EntryInput("a month ago", when="2026-10-23"))
    journal.entries.write(EntryInput("other day", when="2026-10-22"))
    journal.entries.write(EntryInput("today"))
    found = [e.body for e in journal.entries.list(journal.entries.filter(on_this_day=True))]
    assert found == ["a month ago", "a year ago"]


def test_a_config_quiet_days_that_is_not_a_number_falls_back_to_14():
    # Found by mypy: `journal due` ended in "internal error" on `nudges = 3` or `quiet_days = "soon"`.
    from journal.services.reflection import quiet_days_setting

    assert quiet_days_setting({}) == 14
    assert quiet_days_setting({"nudges": {"quiet_days": 21}}) == 21
    assert quiet_days_setting({"nudges": {"quiet_days": "10"}}) == 14  # typed since K84: a string is no number
    for broken in ({"nudges": 3}, {"nudges": {"quiet_days": "soon"}}, {"nudges": {"quiet_days": float("inf")}},
                   {"nudges": {"quiet_days": [7]}}):
        assert quiet_days_setting(broken) == 14, broken
