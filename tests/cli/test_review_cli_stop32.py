"""Faults found from the outside in stop 32 (command line): each test names its catalogue case."""

from __future__ import annotations

import os

import pytest

from tests.cli.expect import fails, ok


@pytest.mark.catalogue("S200")
def test_the_standing_column_neutralises_the_criteria_it_names(run):
    ok(run("shortlist", "new", "Lead"))
    ok(run("shortlist", "criterion", "add", "Lead", "Exp\x1b]0;PWNED\x07", "--must"))
    ok(run("shortlist", "criterion", "add", "Lead", "Calm\x1b[2J", "--must"))
    ok(run("shortlist", "candidate", "add", "Lead", "Bo"))
    ok(run("shortlist", "score", "Lead", "Bo", "--score", "1=no"))
    text = ok(run("shortlist", "show", "Lead")).stdout
    assert "misses" in text and "not scored yet" in text
    assert "\x1b]" not in text and "\x07" not in text and "\x1b[2J" not in text


@pytest.mark.catalogue("S201")
def test_goal_days_are_the_local_days(run, clock):
    from datetime import datetime

    clock.set(datetime(2026, 11, 2, 0, 30))  # Berlin: 23:30 UTC the day before
    ok(run("goal", "add", "Night owl"))
    clock.set(datetime(2026, 11, 3, 0, 30))
    ok(run("goal", "close", "Night", "--status", "achieved"))
    clock.set(datetime(2026, 11, 3, 12, 0))
    shown = ok(run("goal", "show", "Night")).stdout
    assert "2026-11-03" in shown.split("Closed:")[1].splitlines()[0]
    history = shown.split("History:")[1]
    assert "2026-11-02  created" in history and "2026-11-03  status active → achieved" in history
    assert "closed 2026-11-03" in ok(run("goal", "list", "--all")).stdout


@pytest.mark.catalogue("S202")
def test_a_milestone_is_not_reached_in_the_future(run):
    ok(run("goal", "add", "Writing"))
    ok(run("goal", "milestone", "Writing", "Draft", "--due", "in 10 days"))
    fails(run("goal", "done", "Writing", "Draft", "--on", "in 5 days"), 2, "in the future")
    assert "done" not in ok(run("goal", "show", "Writing")).stdout.split("Milestones:")[1].split("History:")[0]
    ok(run("goal", "done", "Writing", "Draft", "--on", "yesterday"))


@pytest.mark.catalogue("S203")
def test_a_closed_goal_has_no_countdown_in_the_agreement(run):
    ok(run("mentorship", "add", "Cy"))
    ok(run("goal", "add", "Talk", "--by", "2027-02-27", "--mentorship", "Cy"))
    ok(run("goal", "add", "Listen", "--by", "2027-02-27", "--mentorship", "Cy"))
    ok(run("goal", "close", "Talk", "--status", "achieved"))
    lines = ok(run("agreement", "show", "Cy")).stdout.splitlines()
    talk, = (line for line in lines if "Talk" in line)
    listen, = (line for line in lines if "Listen" in line)
    assert "27 Feb 2027" in talk and "days" not in talk
    assert "(in 96 days)" in listen


@pytest.mark.catalogue("S204")
def test_a_closed_goals_milestones_are_missed_only_when_their_day_passed_while_it_was_open(run, clock):
    from datetime import datetime

    ok(run("goal", "add", "Rust"))
    ok(run("goal", "milestone", "Rust", "Finish the book", "--due", "3 days ago"))
    ok(run("goal", "milestone", "Rust", "Ship a CLI", "--due", "in 7 days"))
    ok(run("goal", "milestone", "Rust", "Write a blog post"))
    ok(run("add", "-g", "Rust", "Chapter 1", "-d", "5 days ago"))
    ok(run("goal", "close", "Rust", "--status", "abandoned"))
    clock.set(datetime(2026, 12, 20, 12, 0))  # every day has passed since
    retro = ok(run("retro", "Rust")).stdout
    assert "✗ Finish the book — missed" in retro
    assert "– Ship a CLI — not done" in retro and "– Write a blog post — not done" in retro
    assert "Ship a CLI — missed" not in retro and "— open" not in retro
    timeline = ok(run("timeline", "Rust")).stdout
    assert "missed; not done when the goal was abandoned" in timeline and "not done (goal abandoned)" in timeline


@pytest.mark.catalogue("S207")
def test_backup_never_overwrites_a_file_unasked(run, tmp_path):
    other = tmp_path / "other.db"
    other.write_bytes(b"another journal's pages")
    thesis = tmp_path / "thesis.txt"
    thesis.write_text("my thesis")
    (tmp_path / "link.db").symlink_to(thesis)
    for target in (other, thesis, tmp_path / "link.db"):
        fails(run("backup", target), 2, "--replace")
    assert other.read_bytes() == b"another journal's pages" and thesis.read_text() == "my thesis"
    fails(run("backup", tmp_path / "nowhere" / "copy.db"), 2, "does not exist")
    assert not (tmp_path / "nowhere").exists()
    ok(run("backup", other, "--replace"))
    assert other.read_bytes().startswith(b"SQLite format 3")
    ok(run("backup", tmp_path / "fresh.db"))


@pytest.mark.catalogue("S208")
def test_a_kept_editor_text_survives_the_next_run(run, tmp_path, monkeypatch, db_path):
    from tests.cli.test_entries_cli import _editor

    _editor(tmp_path, monkeypatch, b"my precious first draft", exit_code=3)
    fails(run("add", "-l", "i"), 1, "kept in")  # the runner is one process: the same id twice
    _editor(tmp_path, monkeypatch, b"", exit_code=3)
    fails(run("add", "-l", "i"), 1, "nothing was typed")
    kept = list(db_path.parent.glob(".journal-edit-*"))
    assert [p.read_bytes() for p in kept] == [b"my precious first draft"]


@pytest.mark.catalogue("S209")
def test_nothing_on_stdin_removes_nothing(run):
    ok(run("mentorship", "add", "Sam"))
    ok(run("agreement", "set", "Sam", "confidentiality", "Nothing leaves the room"))
    ok(run("vision", "set", "--future", "Lead a team", "--present", "A developer"))
    fails(run("agreement", "set", "Sam", "confidentiality", input=""), 2, "is unchanged")
    fails(run("agreement", "set", "Sam", "confidentiality", input=" \n"), 2, "is unchanged")
    fails(run("vision", "set", "--future", "-", input=""), 2, "unchanged")
    fails(run("vision", "set", input=""), 2, "unchanged")
    assert "Nothing leaves the room" in ok(run("agreement", "show", "Sam")).stdout
    vision = ok(run("vision")).stdout
    assert "Lead a team" in vision and "A developer" in vision
    ok(run("agreement", "set", "Sam", "confidentiality", ""))  # on purpose: removed
    assert "Nothing leaves the room" not in ok(run("agreement", "show", "Sam")).stdout


@pytest.mark.catalogue("S210")
def test_edit_without_a_terminal_takes_the_piped_text(run, monkeypatch):

    def no_editor(**_):
        raise AssertionError("the editor was started without a terminal")

    monkeypatch.setattr("click.edit", no_editor)
    ok(run("add", "-l", "i", "original"))
    entry = run.json("list")[0]["short_id"]
    fails(run("edit", entry, input=""), 2, "the entry is unchanged")
    assert run.json("list")[0]["body"] == "original"
    ok(run("edit", entry, input="written again\n"))
    assert run.json("list")[0]["body"].strip() == "written again"


def _day_one_zip(path, comment_to_pages: bool, zone: str = "Europe/Berlin"):
    import io
    import json
    import zipfile

    doc = {"metadata": {"version": "1.0"}, "entries": [
        {"uuid": "Z1", "creationDate": "2025-05-05T10:00:00Z", "timeZone": zone, "text": "zip entry"}]}

    def made(comment: bytes) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("Journal.json", json.dumps(doc))
            archive.comment = comment
        return buffer.getvalue()

    size = len(made(b""))
    data = made(b"x" * ((512 - size % 512) % 512)) if comment_to_pages else made(b"")
    assert not comment_to_pages or len(data) % 512 == 0
    path.write_bytes(data)
    return path


@pytest.mark.catalogue("S211")
def test_a_day_one_zip_of_whole_pages_and_a_folder_zone_import(run, tmp_path):
    ok(run("import", _day_one_zip(tmp_path / "d512.zip", True)))
    ok(run("import", _day_one_zip(tmp_path / "europe.zip", False, zone="Europe")))
    ok(run("import", _day_one_zip(tmp_path / "long.zip", False, zone="a" * 300)))
    assert [e["body"] for e in run.json("list")] == ["zip entry"]  # one uuid: the same entry


@pytest.mark.catalogue("S211")
def test_a_pipe_is_refused_in_one_line(run, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    line = fails(run("import", fifo), 65, "not a regular file")
    assert "save it to a file" in line


@pytest.mark.catalogue("S211")
def test_a_refused_document_never_quotes_the_file(run, tmp_path):
    import json

    ok(run("shortlist", "new", "Lead"))
    ok(run("shortlist", "candidate", "add", "Lead", "Bo"))
    ok(run("shortlist", "note", "Lead", "Bo", "said hello"))
    exported = tmp_path / "e.json"
    ok(run("export", "-o", exported))
    doc = json.loads(exported.read_text())
    shortlist = next(p for p in doc["practice"] if p["kind"] == "shortlist")
    shortlist["data"]["candidates"][0]["conversations"][0]["day"] = "my secret diary words here"
    exported.write_text(json.dumps(doc))
    line = fails(run("import", exported), 65, "not as Threefold writes it")
    assert "secret" not in line and "diary" not in line


@pytest.mark.catalogue("S212")
def test_a_goal_cannot_take_another_goals_title(run):
    ok(run("goal", "add", "Far"))
    ok(run("goal", "add", "Farm"))
    fails(run("goal", "edit", "Farm", "--title", "far"), 2, "already exists")
    ok(run("goal", "edit", "Far", "--title", "FAR"))  # its own title, another case
    assert sorted(g["title"] for g in run.json("goal", "list")) == ["FAR", "Farm"]


@pytest.mark.catalogue("S213")
def test_deleting_a_trashed_entry_again_changes_nothing(run):
    ok(run("add", "-l", "i", "gone"))
    entry = run.json("list")[0]["short_id"]
    ok(run("delete", entry))
    before = run.json("trash")[0]["updated_at"]
    assert "already in the trash" in ok(run("delete", entry)).stderr
    assert run.json("trash")[0]["updated_at"] == before


@pytest.mark.catalogue("S214")
def test_ids_alike_are_told_apart(run, tmp_path):
    import json

    entries = [{"id": f"aaaa111{n}-0000-4000-8000-000000000000", "day": "2026-11-20", "lens": "insight",
                "created_at": "2026-11-20T08:00:00Z", "body": f"b{n}"} for n in (1, 2)]
    (tmp_path / "two.json").write_text(json.dumps({"format": "threefold-journal", "version": 1, "entries": entries}))
    ok(run("import", tmp_path / "two.json"))
    line = fails(run("show", "aaaa"), 2, "aaaa1111", "aaaa1112")
    assert "b1" not in line


@pytest.mark.catalogue("S215")
def test_messages_say_it_in_our_words(run, tmp_path):
    line = fails(run("add", "-l", "f", "x", "-d", "in 99999999999999999999 days"), 2,
                 "dates run from 1000-01-01 to 2999-12-31")
    assert "Python" not in line and "C int" not in line
    odd = tmp_path / "a;rm -rf x.db"
    line = fails(run("--db", odd, "list", db=False), 1, "journal init '")
    assert f"journal init '{odd}'" in line


@pytest.mark.catalogue("S216")
def test_a_foresight_dated_ahead_is_activity_the_day_it_is_written(run, clock):
    from datetime import timedelta

    ok(run("goal", "add", "Writing"))
    ok(run("add", "Wrote a page.", "-g", "Writing", "-d", "20 days ago"))
    ok(run("add", "In a month I will reread it.", "-l", "f", "-g", "Writing", "-d", "in 30 days"))
    assert run.json("goal", "list")[0]["quiet_days"] == 0  # written today
    clock.set(clock.now() + timedelta(days=15))
    assert run.json("goal", "list")[0]["quiet_days"] == 15
    assert "Quiet goal: Writing" in ok(run("due")).stdout


@pytest.mark.catalogue("S217")
def test_a_pause_says_why_and_is_no_closing(run):
    ok(run("goal", "add", "Writing"))
    ok(run("goal", "status", "Writing", "paused", "--note", "Team crunch"))
    ok(run("goal", "status", "Writing", "active"))
    shown = ok(run("goal", "show", "Writing")).stdout
    assert "why: Team crunch" in shown and "closure_note" not in shown and "closing note" not in shown
    assert shown.split("Note:")[1].splitlines()[0].strip() == "—"
    timeline = ok(run("timeline", "Writing")).stdout
    assert "why: Team crunch" in timeline and "closing note" not in timeline
    ok(run("goal", "close", "Writing", "--status", "achieved", "--note", "Done well"))
    assert "Done well" in ok(run("goal", "show", "Writing")).stdout.split("Note:")[1].splitlines()[0]


@pytest.mark.catalogue("S218")
def test_a_group_without_its_subcommand_shows_its_help(run):
    result = run("goal")
    assert result.exit_code == 0 and "Usage: journal goal" in result.stdout
    assert "\n  show " in result.stdout  # laid out, one command a line


@pytest.mark.catalogue("S218")
def test_a_latin1_output_is_one_line(run, db_path, tmp_path):
    ok(run("add", "-l", "i", "x"))
    env = {**os.environ, "PYTHONIOENCODING": "latin-1", "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "journal", "--db", str(db_path), "list"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "UTF-8" in result.stderr and "internal error" not in result.stderr


@pytest.mark.catalogue("S218")
def test_an_empty_filter_is_refused(run):
    ok(run("add", "-l", "i", "x"))
    for args in (("list", "-t", ""), ("list", "-g", " "), ("list", "--mentorship", ""), ("timeline", ""),
                 ("search", "x", "-t", "")):
        fails(run(*args), 2, "it is empty")


@pytest.mark.catalogue("S219")
def test_a_side_journal_never_changes_what_config_says_of_the_main_one(run, tmp_path, passphrase_file):
    from journal import config

    ok(run("add", "-l", "i", "main entry"))
    ok(run("backup", tmp_path / "main-backup.db"))
    side = tmp_path / "side.db"
    ok(run("--db", side, "init", db=False))
    ok(run("--db", side, "encrypt", db=False))
    assert not config.settings().flag("security.require_encryption")
    assert run("doctor").exit_code == 0
    ok(run("restore", tmp_path / "main-backup.db", "--yes"))
    ok(run("encrypt"))  # the main journal: the promise is kept
    assert config.settings().flag("security.require_encryption")
    ok(run("--db", side, "decrypt", "--yes", db=False))
    assert config.settings().flag("security.require_encryption")


@pytest.mark.catalogue("S220")
def test_a_number_that_is_also_a_name_is_refused_and_a_criterion_scores_once(run):
    ok(run("shortlist", "new", "S"))
    for name in ("Ann", "Bob", "2"):
        ok(run("shortlist", "candidate", "add", "S", name))
    ok(run("shortlist", "note", "S", "Bob", "Bob said great things"))
    fails(run("shortlist", "candidate", "remove", "S", "2"), 2, "number of one candidate and the name of another")
    shown = ok(run("shortlist", "show", "S")).stdout
    assert "Bob" in shown
    ok(run("shortlist", "criterion", "add", "S", "Must1", "--must"))
    fails(run("shortlist", "score", "S", "Ann", "--score", "Must1=no", "Must1", "yes"), 2, "scored twice")


@pytest.mark.catalogue("S221")
def test_a_mentorships_story_ends_with_it(run):
    ok(run("mentorship", "add", "Ana", "--since", "60 days ago"))
    ok(run("goal", "add", "Testing", "--mentorship", "Ana"))
    ok(run("goal", "milestone", "Testing", "Ship it"))
    ok(run("add", "Met Ana.", "--kind", "meeting", "--mentorship", "Ana", "-g", "Testing", "-d", "50 days ago"))
    ok(run("add", "I will write the tests first.", "-l", "f", "--mentorship", "Ana", "-d", "40 days ago"))
    ok(run("mentorship", "close", "Ana", "--on", "10 days ago", "--goal", "Testing=keep"))
    ok(run("goal", "done", "Testing", "Ship it"))
    ok(run("goal", "close", "Testing", "--status", "achieved"))
    fails(run("add", "after the end", "--mentorship", "Ana"), 2, "ended on")
    foresight = next(e for e in run.json("list") if e["lens"] == "foresight")["short_id"]
    ok(run("add", "I did.", "-l", "h", "--answers", foresight))
    assert run.json("list")[0]["mentorship"] is None  # the answer is not filed under the ended mentorship
    retro = ok(run("retro", "--mentorship", "Ana")).stdout
    assert "1 still open" in retro and "achieved" not in retro.split("**Goals:**")[1].splitlines()[0]
    assert "Ship it — not done (carried on alone)" in retro and "✓ Ship it" not in retro
    timeline = ok(run("timeline", "--mentorship", "Ana")).stdout
    assert "active → achieved" not in timeline


@pytest.mark.catalogue("S222")
def test_reimporting_after_a_trash_keeps_no_draft(run, tmp_path):
    ok(run("add", "-l", "i", "hello"))
    ok(run("export", "-o", tmp_path / "e.json"))
    ok(run("delete", run.json("list")[0]["short_id"]))
    report = ok(run("import", tmp_path / "e.json")).stdout + ok(run("import", tmp_path / "e.json")).stderr
    assert "kept" not in report
    assert "No drafts" in ok(run("drafts")).stdout + ok(run("drafts")).stderr


@pytest.mark.catalogue("S222")
def test_a_document_cannot_take_the_profiles_id(run, tmp_path):
    import json

    ok(run("profile", "set", "--strengths", "mine"))
    doc = {"format": "threefold-journal", "version": 1, "entries": [], "practice": [
        {"id": "profile", "kind": "shortlist", "created_at": "2025-01-01T00:00:00Z",
         "updated_at": "2030-01-01T00:00:00Z", "data": {"title": "Hijack", "criteria": [], "candidates": []}}]}
    (tmp_path / "hj.json").write_text(json.dumps(doc))
    fails(run("import", tmp_path / "hj.json"), 65, "practice[0].id")
    assert "mine" in ok(run("profile")).stdout


@pytest.mark.catalogue("S224")
def test_due_says_what_keeps_a_goal_review(run, clock):
    from datetime import timedelta

    ok(run("goal", "add", "Habits", "--review-every", "7"))
    clock.set(clock.now() + timedelta(days=10))
    line = next(x for x in ok(run("due")).stdout.splitlines() if x.startswith("Goal review due"))
    assert "journal add --kind check-in -g" in line
    hint = line.split("journal ", 1)[1]
    ok(run(*hint.split()[:-1], hint.split()[-1], "Reviewed: on track."))
    assert "Goal review due" not in ok(run("due")).stdout


@pytest.mark.catalogue("S226")
def test_a_dumb_terminal_gets_no_colour(run, db_path, monkeypatch):
    from click.testing import CliRunner

    from journal.cli import app

    ok(run("add", "-l", "i", "plain words"))
    entry = run.json("list")[0]["short_id"]

    # as on a terminal: for click (color=True) and for the commands that run without it (quick.py)
    monkeypatch.setattr("journal.cli.terminal._is_terminal", lambda stream: True)

    def shown(term: str) -> str:
        monkeypatch.setenv("TERM", term)
        return CliRunner().invoke(app.cli, ["--db", str(db_path), "show", entry], color=True).output

    assert "\x1b[" in shown("xterm-256color")  # a terminal that takes colour gets it
    assert "\x1b[" not in shown("dumb") and "plain words" in shown("dumb")
