"""Faults found from the outside in stop 34 (command line): each test names its catalogue case."""

from __future__ import annotations

import pytest

from tests.cli.expect import ok


@pytest.mark.catalogue("S247")
def test_a_milestone_missed_before_its_goal_closed_is_missed_in_the_work_plan(run):
    ok(run("mentorship", "add", "Dana", "--since", "2026-09-01"))
    ok(run("goal", "add", "Talk", "--by", "2026-12-31", "--mentorship", "Dana"))
    ok(run("goal", "milestone", "Talk", "Rehearse", "--due", "2026-10-01"))
    ok(run("goal", "milestone", "Talk", "Outline", "--due", "2026-10-10"))
    ok(run("goal", "milestone", "Talk", "Later step", "--due", "2026-12-20"))
    ok(run("goal", "done", "Talk", "Outline", "--on", "2026-10-15"))
    ok(run("goal", "close", "Talk", "--status", "achieved"))
    plan = ok(run("workplan", "Dana")).stdout
    assert "2 done · 1 missed" in plan.splitlines()[0]  # the target reached counts (S389)
    assert "✗ Talk · Rehearse  missed, not done by 23 Nov 2026: the goal was achieved" in plan
    assert "Talk · Later step  not done (goal achieved)" in plan  # due after the close: neither
    retro = ok(run("retro", "Talk")).stdout
    assert "Rehearse" in retro and "missed" in retro  # the two say the same


@pytest.mark.catalogue("S249")
def test_a_goal_written_about_just_after_midnight_is_active_that_day(run, clock):
    from datetime import datetime

    clock.set(datetime(2026, 11, 23, 9, 0))
    ok(run("goal", "add", "Talk", "--by", "2026-12-31"))
    clock.set(datetime(2026, 11, 24, 0, 30))  # Berlin; still 23 November in UTC
    ok(run("add", "-g", "Talk", "Worked on the talk"))
    [goal] = run.json("goal", "list")
    assert goal["last_entry"] == "2026-11-24"
    assert "Talk" not in ok(run("due", "--quiet-days", "1")).stdout
    listed = ok(run("goal", "list")).stdout
    assert "quiet" not in listed, listed


@pytest.mark.catalogue("S250")
def test_an_answer_is_dated_on_or_after_what_it_answers(run):
    from tests.cli.expect import fails

    ok(run("add", "-l", "foresight", "--revisit", "2026-11-25", "-d", "2026-11-20", "Book the room"))
    [foresight] = run.json("list")
    fails(run("add", "-l", "hindsight", "--answers", foresight["id"], "-d", "2026-11-05", "It happened"), 2,
          "comes after what it answers", "2026-11-20")
    ok(run("add", "-l", "hindsight", "--answers", foresight["id"], "-d", "2026-11-21", "It happened"))
    answer = next(e for e in run.json("list") if e["lens"] == "hindsight")
    fails(run("edit", answer["id"], "-d", "2026-11-01"), 2, "comes after what it answers")
    assert [e["body"] for e in run.json("list")].count("It happened") == 1


@pytest.mark.catalogue("S250")
def test_an_edit_never_moves_an_entry_past_its_mentorships_end(run):
    from tests.cli.expect import fails

    ok(run("mentorship", "add", "Dana", "--since", "2026-09-01"))
    ok(run("add", "Check-in", "--rate", "goals=3", "--mentorship", "Dana", "-d", "2026-10-02"))
    ok(run("mentorship", "close", "Dana", "--on", "2026-11-01"))
    [entry] = run.json("list")
    fails(run("edit", entry["id"], "-d", "2026-11-15"), 2, "ended on 2026-11-01")
    ok(run("edit", entry["id"], "-d", "2026-10-20"))
    # an entry of a day before the mentorship began is filed under it (its older entries, written after it)
    ok(run("mentorship", "add", "Sam"))
    ok(run("add", "Last month's talk with Sam", "--mentorship", "Sam", "-d", "2026-10-10"))


@pytest.mark.catalogue("S252")
def test_the_retrospective_median_says_it_counts_meetings_too(run):
    ok(run("mentorship", "add", "Dana", "--since", "2026-08-01", "--check-in-every", "28"))
    for day in ("2026-08-04", "2026-09-01", "2026-09-29"):
        ok(run("add", "check-in", "--rate", "goals=4", "--mentorship", "Dana", "-d", day))
    for day in ("2026-08-18", "2026-09-15"):
        ok(run("add", "meeting", "--kind", "meeting", "--mentorship", "Dana", "-d", day))
    text = ok(run("retro", "--mentorship", "Dana")).stdout
    assert "Median days between check-ins and meetings:** 14 days" in text
    assert "Median days between check-ins:" not in text


@pytest.mark.catalogue("S254")
def test_sync_status_only_reads(run, db_path, tmp_path, clock):
    from journal.services import EntryInput, Journal

    folder = tmp_path / "synced"
    ok(run("add", "First words"))
    ok(run("sync", str(folder)))
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    journal = Journal.open(db_path, clock=clock)  # a change not written out yet (another program wrote it)
    try:
        journal.entries.write(EntryInput("Written while the folder was away"))
    finally:
        journal.close()
    for _ in range(2):
        assert "pending  1 change(s) not written out yet" in ok(run("sync", "--status")).stdout
    assert sorted(p for p in folder.rglob("*") if p.is_file()) == files
    ok(run("sync"))
    assert "pending  0 change(s)" in ok(run("sync", "--status")).stdout


@pytest.mark.catalogue("S255")
@pytest.mark.parametrize("argv", [("add", "-my private worry"), ("search", "talked", "-mentor"),
                                  ("agreement", "set", "Dana", "boundaries", "- No calls after 20:00")])
def test_text_that_starts_with_a_dash_names_the_way_on(run, argv):
    from tests.cli.expect import fails

    ok(run("mentorship", "add", "Dana"))
    line = fails(run(*argv), 2, "put `--` before it")
    assert "private" not in line and "mentor'" not in line and "No calls" not in line
    ok(run(argv[0], *argv[1:-1], "--", argv[-1]))


@pytest.mark.catalogue("S255")
def test_an_unknown_short_option_is_still_named(run):
    from tests.cli.expect import fails

    fails(run("list", "-x"), 2, "No such option '-x'")


@pytest.mark.catalogue("S257")
def test_a_sync_that_skips_files_for_good_says_so_and_exits_1(run, tmp_path):
    from tests.cli.expect import fails

    folder = tmp_path / "synced"
    ok(run("add", "First words"))
    ok(run("sync", str(folder)))
    stranger = folder / "0123456789abcdef"
    stranger.mkdir()
    (stranger / "0000000001.jsonl").write_text("not a change file at all\n" * 3)
    result = run("sync")
    assert "is not a Threefold change file" in result.stdout
    fails(result, 1, "1 change file(s) of other devices were skipped", "delete a damaged file")
    (stranger / "0000000001.jsonl").unlink()
    ok(run("sync"))


def _passphrase_file(tmp_path, monkeypatch):
    """The journal's passphrase in a 0600 file that commands read (JOURNAL_PASSPHRASE_FILE)."""
    passphrase = tmp_path / "passphrase"
    passphrase.write_text("correct horse battery\n")
    passphrase.chmod(0o600)
    monkeypatch.setenv("JOURNAL_PASSPHRASE_FILE", str(passphrase))
    return passphrase


@pytest.mark.catalogue("S260")
def test_encrypting_a_synced_journal_says_what_the_folders_history_keeps(run, tmp_path, monkeypatch):
    from journal.store import engine

    if not engine.ENCRYPTION:
        pytest.skip("sqlcipher3 is not installed")
    _passphrase_file(tmp_path, monkeypatch)
    ok(run("add", "Synced while plain"))
    ok(run("sync", str(tmp_path / "synced")))
    said = ok(run("encrypt")).stderr
    assert "a git history or a cloud's kept versions still hold them" in said


@pytest.mark.catalogue("S261")
def test_a_short_word_inside_unspaced_text_is_found(run):
    ok(run("add", "-l", "foresight", "--title", "東京旅行", "来年東京に行きたい。日本語の勉強を続ける。"))
    ok(run("add", "Café in München, a naïve plan"))
    for word in ("東京", "勉強", "日本語", "行きたい"):
        found = run.json("search", word)
        assert [e["title"] for e in found] == ["東京旅行"], word
    assert run.json("search", "勉強 NOT 東京") == []  # left out, inside its run of text too
    assert [e["body"] for e in run.json("search", "plan NOT 勉強")] == ["Café in München, a naïve plan"]
    assert [e["title"] for e in run.json("search", "東京 NOT plan")] == ["東京旅行"]


@pytest.mark.catalogue("S262")
def test_a_review_rhythm_counts_from_the_day_it_was_set_and_an_audit_is_a_review(run, clock):
    from datetime import datetime

    clock.set(datetime(2026, 5, 20, 9, 0))
    ok(run("goal", "add", "Writing"))
    clock.set(datetime(2026, 11, 19, 9, 0))
    ok(run("goal", "edit", "Writing", "--review-every", "30"))
    assert "Goal review due" not in ok(run("due")).stdout  # set today: due in 30 days, not since June
    clock.set(datetime(2026, 12, 20, 9, 0))
    assert "Goal review due: Writing (due since 2026-12-19)" in ok(run("due")).stdout
    ok(run("add", "--kind", "goal-audit", "-g", "Writing", "Walked the audit questions"))
    assert "review due" not in ok(run("due")).stdout


@pytest.mark.catalogue("S263")
def test_a_goal_let_go_at_closing_is_not_ahead_in_the_closed_plan(run):
    ok(run("mentorship", "add", "Dana", "--since", "2026-09-01"))
    ok(run("goal", "add", "Report", "--by", "2027-01-31", "--mentorship", "Dana"))
    ok(run("goal", "milestone", "Report", "Early step", "--due", "2026-10-01"))
    ok(run("goal", "milestone", "Report", "Hand off", "--due", "2026-12-20"))
    ok(run("mentorship", "close", "Dana", "--goal", "Report=keep"))
    plan = ok(run("workplan", "Dana")).stdout
    head = plan.splitlines()[0]
    assert "(closed)" in head and "ahead" not in head and "1 missed" in head
    assert "Report · Early step  missed, not done by 23 Nov 2026: carried on alone" in plan
    assert "Report · Hand off  not done (carried on alone)" in plan
    assert "Report · Target date  not done (carried on alone)" in plan
    assert "due in" not in plan


@pytest.mark.catalogue("S264")
def test_a_planned_meeting_gone_by_is_no_next_meeting(run, clock):
    from datetime import datetime

    ok(run("mentorship", "add", "Dana"))
    ok(run("mentorship", "meeting", "Dana", "--next", "2026-11-30"))
    assert "Next meeting: 2026-11-30 (in 7 days)" in ok(run("mentorship", "show", "Dana")).stdout
    clock.set(datetime(2026, 12, 10, 9, 0))
    shown = ok(run("mentorship", "show", "Dana")).stdout
    assert "Planned for:  2026-11-30 (10 days ago)" in shown and "Next meeting" not in shown
    timeline = ok(run("timeline", "--mentorship", "Dana")).stdout
    assert "meeting planned for this day" in timeline and "next meeting (planned)" not in timeline
    exported = ok(run("agreement", "export", "Dana")).stdout
    assert "Planned for" in exported and "Next meeting" not in exported


@pytest.mark.catalogue("S266")
def test_a_wrong_status_or_prompt_names_the_way_on(run):
    from tests.cli.expect import fails

    ok(run("goal", "add", "Talk"))
    line = fails(run("goal", "status", "Talk", "finished"), 2, "'STATUS'", "'achieved'")
    assert "{" not in line
    fails(run("add", "x", "--prompt", "nope"), 2, "No prompt with id 'nope'", "journal prompt --all")


@pytest.mark.catalogue("S267")
@pytest.mark.parametrize("command", ["search", "list"])
def test_a_from_after_the_to_is_said(run, command):
    from tests.cli.expect import fails

    ok(run("add", "A day in November", "-d", "2026-11-10"))
    words = ("day",) if command == "search" else ()
    fails(run(command, *words, "--from", "2027-01-01", "--to", "2026-01-01"), 2, "--from 2027-01-01 is after --to "
          "2026-01-01", "Swap")
    assert len(run.json(command, *words, "--from", "2026-11-01", "--to", "2026-11-30")) == 1


@pytest.mark.catalogue("S269")
def test_plain_backups_beside_an_encrypted_journal_are_named(run, tmp_path, monkeypatch):
    from journal.store import crypt, engine

    if not engine.ENCRYPTION:
        pytest.skip("sqlcipher3 is not installed")
    passphrase = _passphrase_file(tmp_path, monkeypatch)
    ok(run("add", "Secret words"))
    ok(run("backup"))
    monkeypatch.setattr(crypt, "convert_copies", lambda *args, **kwargs: [])  # stopped before the copies followed
    ok(run("encrypt"))
    shown = ok(run("paths")).stdout
    assert "encrypted (SQLCipher);" in shown and "plain backup(s) beside it" in shown
    monkeypatch.undo()
    monkeypatch.setenv("JOURNAL_PASSPHRASE_FILE", str(passphrase))
    ok(run("list"))  # a command that unlocks it: the copies follow
    assert "plain backup" not in ok(run("paths")).stdout


@pytest.mark.catalogue("S271")
def test_the_summary_never_puts_closure_answers_after_the_entries(run):
    ok(run("goal", "add", "Speak"))
    ok(run("add", "-g", "Speak", "-d", "2026-10-01", "First talk prep"))
    ok(run("add", "-g", "Speak", "-d", "2026-10-05", "--kind", "closure", "--title", "What did I learn?", "Lots"))
    ok(run("add", "-g", "Speak", "-d", "2026-10-09", "The last entry, after the answer"))
    text = ok(run("retro", "Speak")).stdout
    assert "and 1 closure answer" in text and "then 1 closure answer" not in text
