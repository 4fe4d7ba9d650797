"""K84: config.toml values have types and ranges (journal/config.py: KEYS). A wrong value
falls back to its default in every command and the TUI, and `journal doctor` reports each
problem, and each unknown table or key, as its own WARN line."""

from __future__ import annotations

from datetime import timedelta

import pytest

from journal import config
from journal.services import EntryInput
from journal.store import backups
from journal.tui.app import make_app


def write_config(text: str):
    path = config.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def config_lines(run) -> list[str]:
    result = run("doctor")
    assert "Traceback" not in result.stderr
    return [line for line in result.stdout.splitlines() if "config:" in line]


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "0", "-3", "3651", "1e3", '"14"', "true", "[7]", "{ a = 1 }"])
@pytest.mark.catalogue("K84")
def test_a_bad_quiet_days_falls_back_to_14_and_doctor_warns(run, journal, clock, value):
    write_config(f"[nudges]\nquiet_days = {value}\n")
    journal.goals.add("Talks")
    clock.set(clock.now() + timedelta(days=15))
    result = run("due", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert [d["kind"] for d in run.json("due")] == ["quiet"]  # the default, 14 days
    [line] = config_lines(run)
    assert line.startswith("WARN  config:") and "[nudges] quiet_days" in line and "(14 is used)" in line


@pytest.mark.catalogue("K84")
def test_every_problem_is_its_own_warn_line_and_unknown_keys_are_named(run):
    write_config('[nudges]\nquiet_days = nan\nquiet_dayz = 3\n\n[backup]\ndaily = "yes"\nkeep = inf\n\n'
                 '[tui]\ntheme = "\\u001b[31m"\n\n[editor]\ncommand = "vim"\n')
    lines = config_lines(run)
    assert all(line.startswith("WARN  config:") for line in lines), lines
    joined = "\n".join(lines)
    for words in ("[nudges] quiet_days = nan", "unknown setting [nudges] quiet_dayz", "[backup] daily = 'yes'",
                  "[backup] keep = inf", "[tui] theme", "unknown table [editor]"):
        assert words in joined, (words, joined)
    assert len(lines) == 6 and "\x1b" not in joined
    assert run("doctor").exit_code == 1


@pytest.mark.catalogue("K84")
def test_good_values_are_used_and_doctor_says_ok(run, journal, clock):
    write_config("[nudges]\nquiet_days = 30\n\n[backup]\ndaily = true\nkeep = 3\n\n[tui]\ntheme = \"nord\"\n")
    assert config_lines(run) == [f"ok    config: {config.config_file()}"]
    journal.goals.add("Talks")
    clock.set(clock.now() + timedelta(days=15))
    assert run.json("due") == []  # 15 quiet days < 30
    settings = config.settings()
    chosen = (settings.number("backup.keep"), settings.flag("backup.daily"), settings.text("tui.theme"))
    assert chosen == (3, True, "nord")


@pytest.mark.parametrize("text", ["[backup]\nkeep = nan\n", "[backup]\nkeep = 0\n", "[backup]\nkeep = 100000\n",
                                  '[backup]\ndaily = "no"\n', "backup = 3\n"])
@pytest.mark.catalogue("K84")
def test_the_daily_backup_uses_the_defaults_for_bad_values(db_path, clock, text):
    from journal.services import Journal

    write_config(text)
    with Journal.open(db_path, clock=clock, create=True) as j:
        for day in range(9):
            clock.set(clock.now() + timedelta(days=1))
            # one process: it looks again once the newest backup is a day old (S342)
            j.entries.write(EntryInput(f"day {day}"))
    assert len(backups.backups(db_path)) == 7  # daily = true, keep = 7


@pytest.mark.parametrize("text", ["[tui]\ntheme = nan\n", "[tui]\ntheme = [\"nord\"]\n", "[nudges]\nquiet_days = nan\n",
                                  "[nudges]\nquiet_days = inf\n[backup]\nkeep = -1\n", "tui = 1\n"])
@pytest.mark.catalogue("K84")
async def test_the_tui_starts_with_bad_values(journal, clock, text):
    write_config(text)
    journal.goals.add("Talks")
    app = make_app(journal=journal, clock=clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert app.screen.__class__.__name__ == "HomeScreen"
    assert app.return_code in (0, None)


@pytest.mark.catalogue("K84")
def test_an_unreadable_config_is_one_warn_line_and_commands_work(run):
    write_config("this is [not toml\n")
    assert run("due").exit_code == 0
    [line] = config_lines(run)
    assert line.startswith("WARN  config:") and "cannot be read" in line
