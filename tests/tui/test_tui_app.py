"""Pilot tests of the TUI: assert on the journal (the database) and on messages, never sleep."""

from __future__ import annotations

import os
from datetime import date

import pytest
from rich.text import Text
from textual.widgets import ContentSwitcher, Input, Select, SelectionList, TextArea

from journal import config
from journal.domain.model import Draft, Kind, Lens
from journal.services import EntryInput, Journal
from journal.tui.messages import EntryDeleted, EntrySaved
from journal.tui.screens.modals import ChoiceModal
from journal.tui.screens.compose import ComposeScreen
from journal.tui.screens.entry import EntryScreen
from journal.tui.screens.help import HelpScreen
from journal.tui.screens.home import HomeScreen
from journal.tui.screens.search import SearchScreen
from journal.tui.screens.trash import TrashScreen
from journal.tui.widgets.entry_list import EntryList
from journal.tui.widgets.entry_preview import EntryPreview

from tests.tui.conftest import until

SIZE = (100, 32)
CORPUS = "[/bold] [@click=app.quit]x[/] \x1b]0;PWNED\x07 \x1b[2J"


async def type_into(pilot, selector: str, text: str) -> None:
    """Focus a field and type into it as a person would."""
    pilot.app.screen.query_one(selector).focus()
    await pilot.pause()
    await pilot.press(*text)
    await pilot.pause()


async def test_first_run_shows_welcome_and_writes_first_entry(journal, app_for):
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one(ContentSwitcher).current == "welcome-view"
        await pilot.click("#welcome-write")
        await pilot.pause()
        assert isinstance(app.screen, ComposeScreen)
        await pilot.press("enter")  # past the empty title, on to the text
        await pilot.press(*"my first entry")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one(ContentSwitcher).current == "journal-view"
    assert [e.body for e in journal.entries.list()] == ["my first entry"]


async def test_welcome_creates_first_goal(journal, app_for):
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await type_into(pilot, "#welcome-goal", "Public speaking")
        await pilot.press("enter")
        await pilot.pause()
    assert [g.goal.title for g in journal.goals.summaries()] == ["Public speaking"]


async def test_write_with_lens_goal_tag_and_date(seeded, app_for):
    seen = []
    app = app_for(seeded)
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("enter")  # past the empty title, on to the text
        await pilot.press(*"Noticed I rush the intro")
        await pilot.press("f6")  # insight
        await type_into(pilot, "#tags", "talks, voice")
        await type_into(pilot, "#when", "yesterday 18:00")
        echo = app.screen.query_one("#when-echo").render()
        assert "→ Sun 22 Nov 2026 18:00 (1 day ago)" in str(echo)
        goals = app.screen.query_one("#goals", SelectionList)
        goals.focus()
        await pilot.press("space")  # first goal in the list
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    entry = seeded.entries.list(limit=10)
    saved = next(e for e in entry if e.body == "Noticed I rush the intro")
    assert saved.lens == Lens.INSIGHT
    assert saved.tags == ("talks", "voice")
    assert (saved.day, saved.time) == (date(2026, 11, 22), "18:00")
    assert [g.title for g in saved.goals] == [goals.get_option_at_index(0).prompt.plain]
    assert any(isinstance(m, EntrySaved) and m.entry.id == saved.id for m in seen)
    assert seeded.drafts.list() == []


async def test_bad_date_is_shown_inline_and_not_saved(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "enter")  # enter: past the empty title, on to the text
        await pilot.press(*"text")
        await type_into(pilot, "#when", "someday")
        assert "Invalid date" in str(app.screen.query_one("#when-echo").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ComposeScreen)  # still editing, nothing lost
    assert seeded.entries.count() == 5


async def test_edit_entry(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = app.screen.query_one(EntryList).current
        await pilot.press("e")
        await pilot.pause()
        area = app.screen.query_one("#body", TextArea)
        assert area.text == first.body
        area.move_cursor(area.document.end)
        await pilot.press(*" Edited.")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert seeded.entries.get(first.id).body.endswith("Edited.")
    assert seeded.entries.count() == 5


async def test_open_entry_then_star(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = app.screen.query_one(EntryList).current
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen)
        await pilot.press("s")
        await pilot.pause()
        assert app.screen.query_one(EntryPreview).entry.starred
        await pilot.press("escape")
    assert seeded.entries.get(first.id).starred


async def test_delete_to_trash_and_restore(seeded, app_for):
    seen = []
    app = app_for(seeded)
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await pilot.pause()
        first = app.screen.query_one(EntryList).current
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press("d")  # "Delete"
        await pilot.pause()
        assert [e.id for e in seeded.entries.trash()] == [first.id]
        assert first.id not in app.screen.query_one(EntryList).entries
        assert any(isinstance(m, EntryDeleted) for m in seen)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, TrashScreen)
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert first.id in app.screen.query_one(EntryList).entries
    assert seeded.entries.trash() == []


async def test_delete_cancelled_keeps_entry(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert seeded.entries.trash() == []


async def test_search_as_you_type_with_filters(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"the")
        await app.workers.wait_for_complete()
        await pilot.pause()
        results = app.screen.query_one("#results")
        all_hits = {results.get_option_at_index(i).id for i in range(results.option_count)}
        assert len(all_hits) >= 3
        app.screen.query_one("#filter-lens", Select).value = "hindsight"
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        hits = [results.get_option_at_index(i).id for i in range(results.option_count)]
        assert hits and all(seeded.entries.get(h).lens == Lens.HINDSIGHT for h in hits)
        # the prefix of the last word matches ("riv" → river), and a match is highlighted
        query = app.screen.query_one("#query", Input)
        query.value = "riv"
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert results.option_count == 1
        prompt = results.get_option_at_index(0).prompt
        assert isinstance(prompt, Text) and any("reverse" in str(s.style) for s in prompt.spans)
        await type_into(pilot, "#filter-from", "someday")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Invalid date" in str(app.screen.query_one("#search-status").render())
        query.focus()
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen)


async def test_search_with_starred_and_tag_filters(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        await type_into(pilot, "#filter-tag", "talks")
        await app.workers.wait_for_complete()
        await pilot.pause()
        results = app.screen.query_one("#results")
        assert results.option_count == 1
        assert seeded.entries.get(results.get_option_at_index(0).id).starred


@pytest.mark.catalogue("D23")
async def test_draft_left_by_a_crash_is_offered_and_recovered(seeded, app_for):
    draft_id = seeded.drafts.save(Draft(body="words from before the crash", lens=Lens.INSIGHT))
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ChoiceModal))  # offered after the first paint
        assert isinstance(app.screen, ChoiceModal) and app.screen.id == "recover-draft"
        assert seeded.drafts.unoffered() == []  # marked before it was shown
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ComposeScreen)
        assert app.screen.query_one("#body", TextArea).text == "words from before the crash"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert seeded.drafts.list() == []
    assert seeded.entries.list(limit=1)[0].body == "words from before the crash"
    assert seeded.drafts.get(draft_id) is None


@pytest.mark.catalogue("D29")
async def test_offered_draft_is_not_offered_twice(seeded, app_for):
    seeded.drafts.save(Draft(body="once"))
    async with app_for(seeded).run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("l")  # Later
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert [d.body for d in seeded.drafts.list()] == ["once"]


@pytest.mark.catalogue("D25")
async def test_typing_checkpoints_a_draft_after_debounce(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "enter")  # enter: past the empty title, on to the text
        await pilot.press(*"half a thought")
        await pilot.pause()
        assert app.keeper.draft is not None and app.keeper.draft.body == "half a thought"
        app.keeper.checkpoint()  # what the 1 s debounce timer calls
        assert [d.body for d in seeded.drafts.list()] == ["half a thought"]
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert seeded.drafts.list() == []


@pytest.mark.catalogue("D28")
async def test_quit_with_unsaved_text_keep_draft(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "enter")  # enter: past the empty title, on to the text
        await pilot.press(*"do not lose me")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal) and app.screen.id == "quit-confirm"
        await pilot.press("k")  # Keep draft
        await pilot.pause()
    assert app.return_code == 0
    assert [d.body for d in seeded.drafts.list()] == ["do not lose me"]
    assert seeded.entries.count() == 5


@pytest.mark.catalogue("D28")
async def test_quit_with_unsaved_text_save(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "enter")  # enter: past the empty title, on to the text
        await pilot.press(*"save me")
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
    assert seeded.entries.list(limit=1)[0].body == "save me"
    assert seeded.drafts.list() == []


@pytest.mark.catalogue("D28")
async def test_escape_with_unsaved_text_discard(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "enter")  # enter: past the empty title, on to the text
        await pilot.press(*"never mind")
        app.keeper.checkpoint()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.id == "leave-confirm"
        await pilot.press("d", "y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert seeded.drafts.list() == []


async def test_escape_without_changes_just_goes_back(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


@pytest.mark.catalogue("D26", "I71")
async def test_crash_saves_draft_from_app_state_and_exits_70(seeded, app_for, monkeypatch, capfd):
    """Pins the private `App._handle_exception` override: the draft survives a bug."""
    app = app_for(seeded)

    def broken(*_args, **_kwargs):
        raise RuntimeError("bug while saving")

    with pytest.raises(RuntimeError):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("n", "enter")  # enter: past the empty title, on to the text
            await pilot.press(*"MY-SECRET-DIARY-TEXT")
            await pilot.pause()
            monkeypatch.setattr(seeded.entries, "write", broken)
            await pilot.press("ctrl+s")
            await pilot.pause()
    assert app.return_code == 70
    assert [d.body for d in seeded.drafts.list()] == ["MY-SECRET-DIARY-TEXT"]
    out, err = capfd.readouterr()
    printed = out + err
    assert "MY-SECRET-DIARY-TEXT" not in printed and "RuntimeError" in printed


async def test_theme_is_kept_in_config(seeded, app_for, monkeypatch):
    monkeypatch.delenv("TEXTUAL_THEME", raising=False)
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "nord"
        await pilot.pause()
    path = config.config_file()
    assert 'theme = "nord"' in path.read_text()
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    again = app_for(seeded)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "nord"


async def test_theme_save_keeps_other_config(seeded, app_for):
    path = config.config_file()
    path.parent.mkdir(parents=True)
    path.write_text('[editor]\ncommand = "vim"\n\n[tui]\ntheme = "dracula"\n')
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "dracula"
        app.theme = "gruvbox"
        await pilot.pause()
    assert config.read_config() == {"editor": {"command": "vim"}, "tui": {"theme": "gruvbox"}}


@pytest.mark.catalogue("B14")
async def test_refreshes_when_another_process_writes(seeded, app_for, db_path, clock):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        with Journal.open(db_path, clock=clock) as other:
            other.entries.write(EntryInput(body="written elsewhere", lens="insight"))
        app._poll()  # what the 2 s interval calls
        await pilot.pause()
        bodies = [e.body for e in app.screen.query_one(EntryList).entries.values()]
        assert "written elsewhere" in bodies


async def test_help_and_command_palette_list_the_actions(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"New entry", "Search", "Trash", "Keys", "Edit entry", "Delete entry", "Open entry",
                "Star / unstar entry", "Quit"} <= titles


@pytest.mark.catalogue("D30")
async def test_external_editor_falls_back_in_app(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("n", "enter")  # enter: past the empty title, on to the text
        await pilot.press(*"keep")
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ComposeScreen)
        assert app.screen.query_one("#body", TextArea).text == "keep"
        assert any("external editor" in n.message for n in app._notifications)


async def test_many_entries_load_a_page_at_a_time(journal, app_for):
    for n in range(450):
        journal.entries.write(EntryInput(body=f"entry {n}", when=f"2026-{1 + n // 45:02d}-{1 + n % 28:02d}"))
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        listing = app.screen.query_one(EntryList)
        assert len(listing.entries) == 200
        listing.focus()
        for _ in range(16):  # down past the rows of the first page
            await pilot.press("pagedown")
            await pilot.pause()
        assert len(listing.entries) >= 400


@pytest.mark.catalogue("E43", "E44")
async def test_markup_and_escapes_show_literally(journal, app_for):
    goal = journal.goals.add(f"goal {CORPUS}")
    journal.entries.write(EntryInput(body=f"body {CORPUS}\n\nmore [b]text[/b]", title=f"title {CORPUS}",
                             tags=["[/bold]", "[b]x"], goals=[goal.id]))
    app = app_for(journal)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        listing = app.screen.query_one(EntryList)
        row = listing.get_option_at_index(1).prompt
        assert "title [/bold] [@click=app.quit]x[/]" in row.plain
        assert "\x1b" not in row.plain and "\\x1b" in row.plain
        preview = app.screen.query_one(EntryPreview)
        header = preview.query_one(".preview-header").render()
        assert "[/bold]" in str(header) and "\x1b" not in str(header)
        await app.workers.wait_for_complete()  # the side panels are read in the background
        assert "goal [/bold]" in str(app.screen.query_one("#goal-panel").render())
        await pilot.click("#entry-list")  # clicking the row must not run [@click=app.quit]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen)
        await pilot.press("escape", "d", "d")  # delete: the notification names no markup
        await pilot.pause()
        app.notify(f"Goal created: {goal.title}", markup=False)
        await pilot.press("slash", *"title")
        await app.workers.wait_for_complete()
        await pilot.press("escape", "n")
        await pilot.pause()
        await pilot.press(*"x")
        await pilot.pause()
        assert app.is_running
    assert app.return_code in (None, 0)


@pytest.mark.catalogue("S347")
async def test_write_from_any_prompt_keeps_the_prompt_as_the_title(journal, app_for):
    from textual.widgets import OptionList

    from journal.prompts import load_library

    wanted = load_library().get("closure-learned")  # an insight prompt outside the daily set
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        app.action_write_from_prompt()
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        options.highlighted = options.get_option_index(wanted.id)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ComposeScreen)
        assert app.screen.query_one("#title", Input).value == wanted.text
        app.screen.query_one(TextArea).focus()
        await pilot.press(*"that rehearsal matters")
        await pilot.press("ctrl+s")
        await pilot.pause()
    [entry] = journal.entries.list()
    assert (entry.title, entry.lens, entry.body) == (wanted.text, Lens.INSIGHT, "that rehearsal matters")
    assert entry.kind == Kind.CLOSURE  # the closure set's question: a closure answer (S347)


@pytest.mark.catalogue("S537")
async def test_a_check_in_prompt_without_a_lens_is_written_in_insight_as_journal_add_writes_it(journal, app_for,
                                                                                               tmp_path):
    from textual.widgets import OptionList

    folder = tmp_path / "config" / "journal" / "prompts"
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text('set = "check-in"\n\n[[prompt]]\nid = "mine-01"\n'
                                      'text = "What stood out this week?"\n', encoding="utf-8")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        app.action_write_from_prompt()
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        options.highlighted = options.get_option_index("mine-01")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ComposeScreen)
        app.screen.query_one(TextArea).focus()
        await pilot.press(*"steady")
        await pilot.press("ctrl+s")
        await pilot.pause()
    [entry] = journal.entries.list()
    assert (entry.kind, entry.lens) == (Kind.CHECK_IN, Lens.INSIGHT)
