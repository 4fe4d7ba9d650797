"""`journal mentorship edit` (and `add --agreements/--agreements-file`) through click, on a fixed clock.

The fixed today is Mon 2026-11-23 (Europe/Berlin).
"""

from __future__ import annotations

from journal.services import Journal
from tests.cli.expect import fails, ok


def show(run, ref="Ada"):
    return run.json("mentorship", "show", ref)


def test_add_takes_agreements_as_text_and_from_a_file(run, tmp_path):
    ok(run("mentorship", "add", "Ada", "--agreements", "Meet **every other week**.\n"))
    assert show(run)["agreements"] == "Meet **every other week**."
    path = tmp_path / "agreements.md"
    path.write_text("# Agreements\n\n- Feedback within a day\n", encoding="utf-8")
    ok(run("mentorship", "add", "Grace", "--agreements-file", str(path)))
    assert show(run, "Grace")["agreements"] == "# Agreements\n\n- Feedback within a day"


def test_edit_changes_each_field_and_says_what_changed(run, db_path, clock):
    ok(run("mentorship", "add", "Ada", "--focus", "Speaking", "--since", "2026-09-01", "--check-in-every", "14"))
    result = ok(run("mentorship", "edit", "Ada", "--mentor", "Ada Lovelace", "--focus", "Conference talks",
                    "--since", "2026-08-15", "--check-in-every", "7", "--agreements", "Weekly calls"))
    lines = result.stderr.strip().splitlines()
    assert lines == [f"Updated mentor, focus, start, check-in cadence, agreements of the mentorship with Ada Lovelace "
                     f"({show(run)['short_id']})."]
    m = show(run)
    assert (m["mentor"], m["focus"], m["started_on"], m["check_in_every"], m["agreements"]) == (
        "Ada Lovelace", "Conference talks", "2026-08-15", 7, "Weekly calls")
    with Journal.open(db_path, clock=clock) as journal:
        edited = journal.mentorships.get("Ada")
        assert edited.updated_at == clock.now() and edited.created_at == clock.now()


def test_edit_with_nothing_new_says_so(run):
    ok(run("mentorship", "add", "Ada", "--focus", "Speaking"))
    result = ok(run("mentorship", "edit", "Ada", "--focus", " Speaking "))
    assert result.stderr.strip() == "No changes."


def test_edit_reads_agreements_from_stdin(run):
    ok(run("mentorship", "add", "Ada"))
    ok(run("mentorship", "edit", "Ada", "--agreements-file", "-", input="- one\n- two\n"))
    assert show(run)["agreements"] == "- one\n- two"


def test_edit_clears_the_cadence_with_zero(run):
    ok(run("mentorship", "add", "Ada", "--check-in-every", "14"))
    ok(run("mentorship", "edit", "Ada", "--check-in-every", "0"))
    assert show(run)["check_in_every"] is None


def test_edit_errors_are_one_line(run, tmp_path):
    ok(run("mentorship", "add", "Ada", "--since", "2026-09-01", "--check-in-every", "14"))
    fails(run("mentorship", "edit", "Ada", "--check-in-every", "9999"), 2, "--check-in-every", "3650")
    fails(run("mentorship", "edit", "Ada", "--since", "tomorrow"), 2, "future", "2026-11-24")
    fails(run("mentorship", "edit", "Ada", "--since", "not a day"), 2)
    fails(run("mentorship", "edit", "Ada", "--mentor", "   "), 2, "mentor's name")
    fails(run("mentorship", "edit", "Nobody", "--focus", "x"), 2)
    fails(run("mentorship", "edit", "Ada", "--agreements", "x", "--agreements-file", "-"), 2, "not both")
    fails(run("mentorship", "edit", "Ada", "--agreements-file", str(tmp_path / "missing.md")), 2, "Cannot read")
    m = show(run)
    assert (m["check_in_every"], m["started_on"], m["agreements"]) == (14, "2026-09-01", "")


def test_a_closed_mentorship_keeps_its_record_editable_but_not_its_cadence(run):
    ok(run("mentorship", "add", "Ada", "--since", "2026-09-01", "--check-in-every", "14"))
    ok(run("mentorship", "close", "Ada", "--on", "2026-11-01"))
    ok(run("mentorship", "edit", "Ada", "--focus", "Speaking", "--agreements", "Done, thanks"))
    assert (show(run)["focus"], show(run)["agreements"]) == ("Speaking", "Done, thanks")
    fails(run("mentorship", "edit", "Ada", "--check-in-every", "7"), 2, "closed")
    fails(run("mentorship", "edit", "Ada", "--since", "2026-11-10"), 2, "ended on 2026-11-01")
    assert show(run)["status"] == "closed"
