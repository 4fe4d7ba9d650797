"""The prompt library: bundled sets, the user's folder, filters and the prompt of the day."""

from __future__ import annotations

import datetime
import importlib.resources
import random
import re
import shutil
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from journal import prompts as prompts_module
from journal.domain.errors import BadValue, NotFound
from journal.domain.model import Lens, Phase, Prompt
from journal.prompts import PromptLibrary, bundled_prompts_dir, load_library

DAY = datetime.date(2025, 3, 14)


@pytest.fixture
def empty_user_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "prompts"
    folder.mkdir()
    return folder


@pytest.fixture
def library(empty_user_dir: Path) -> PromptLibrary:
    return load_library(empty_user_dir)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


MINE = """
set = "mine"
title = "My own questions"

[[prompt]]
id = "mine-01"
text = "What did I build today?"
lens = "hindsight"

[[prompt]]
id = "mine-02"
text = "What will I build tomorrow?"
lens = "f"
"""


# --- the bundled library ---------------------------------------------------------------


def test_bundled_library_loads_without_problems(library: PromptLibrary) -> None:
    assert library.problems == []
    assert set(library.sets) == {
        "daily", "phases", "check-in", "smart-check", "goal-audit", "feedback", "closure",
        "mentor-transition", "preparing", "passing-on", "mentorship-closure",
    }
    assert all(library.titles[name] for name in library.sets)


def test_bundled_library_meets_the_minimum_counts(library: PromptLibrary) -> None:
    daily = library.prompts(set="daily")
    assert all(p.lens is not None for p in daily)
    for lens in Lens:
        assert len(library.prompts(set="daily", lens=lens)) >= 22
    phases = library.prompts(set="phases")
    assert all(p.phase is not None for p in phases)
    for phase in Phase:
        assert len(library.prompts(set="phases", phase=phase)) >= 6
    for name in ("check-in", "goal-audit", "feedback", "mentor-transition"):
        assert len(library.prompts(set=name)) >= 8, name
    fields = Counter(p.field for p in library.prompts(set="smart-check"))
    assert set(fields) == set(prompts_module.GOAL_FIELDS)
    assert min(fields.values()) >= 2


def test_every_id_is_unique_and_well_formed(library: PromptLibrary) -> None:
    ids = [p.id for p in library.prompts()]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)


def test_bundled_texts_are_short_single_questions(library: PromptLibrary) -> None:
    for prompt in library.prompts():
        assert prompt.text.endswith("?") and len(prompt.text) <= 140, prompt.id
        assert prompt.text.count("?") == 1, prompt.id
    texts = [p.text.lower() for p in library.prompts()]
    assert len(texts) == len(set(texts))


def test_closure_set_starts_with_the_conversation_in_order(library: PromptLibrary) -> None:
    closure = library.prompts(set="closure")
    assert [(p.id, p.lens) for p in closure[:5]] == [
        ("closure-set-out", Lens.HINDSIGHT),
        ("closure-what-happened", Lens.HINDSIGHT),
        ("closure-learned", Lens.INSIGHT),
        ("closure-carry-forward", Lens.FORESIGHT),
        ("closure-to-mentor", Lens.INSIGHT),
    ]
    assert 3 <= len(closure) - 5 <= 5


def test_bundled_dir_is_the_checkout_folder() -> None:
    assert bundled_prompts_dir() == Path(__file__).resolve().parents[2] / "prompts"


def test_bundled_dir_falls_back_to_the_package_resource(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(prompts_module, "__file__", str(tmp_path / "journal" / "prompts.py"))
    assert bundled_prompts_dir() == importlib.resources.files("journal") / "_bundled_prompts"


def test_library_loads_from_a_non_filesystem_resource(monkeypatch, tmp_path, empty_user_dir) -> None:
    """A wheel may be imported from a zip: only the Traversable API may be used."""
    expected = load_library(empty_user_dir).sets
    archive = tmp_path / "wheel.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(bundled_prompts_dir().glob("*.toml")):
            zf.write(path, f"journal/_bundled_prompts/{path.name}")
    monkeypatch.setattr(
        prompts_module, "bundled_prompts_dir",
        lambda: zipfile.Path(archive, "journal/_bundled_prompts/"),
    )
    zipped = load_library(empty_user_dir)
    assert zipped.problems == []
    assert zipped.sets == expected


def test_a_missing_bundled_library_is_reported(monkeypatch, tmp_path, empty_user_dir) -> None:
    monkeypatch.setattr(prompts_module, "bundled_prompts_dir", lambda: tmp_path / "nowhere")
    write(empty_user_dir, "mine.toml", MINE)
    library = load_library(empty_user_dir)
    assert list(library.sets) == ["mine"]
    assert len(library.problems) == 1 and "nowhere" in library.problems[0]


# --- filters and lookups --------------------------------------------------------------------


def test_filter_by_lens_accepts_enum_word_and_prefix(library: PromptLibrary) -> None:
    by_enum = library.prompts(lens=Lens.INSIGHT)
    assert by_enum and all(p.lens is Lens.INSIGHT for p in by_enum)
    assert library.prompts(lens="insight") == by_enum == library.prompts(lens="in")
    with pytest.raises(BadValue):
        library.prompts(lens="sideways")


def test_filter_by_phase_and_set_combine(library: PromptLibrary) -> None:
    closing = library.prompts(phase="clos")
    assert closing and all(p.phase is Phase.CLOSING for p in closing)
    both = library.prompts(set="phases", phase=Phase.ENABLING, lens="hindsight")
    assert both and all(
        (p.set, p.phase, p.lens) == ("phases", Phase.ENABLING, Lens.HINDSIGHT) for p in both
    )
    assert library.prompts(set="feedback") == library.sets["feedback"]
    assert library.prompts(set=" Check-In ") == library.sets["check-in"]


def test_all_prompts_come_in_library_order(library: PromptLibrary) -> None:
    everything = library.prompts()
    assert everything == [p for name in library.sets for p in library.sets[name]]
    assert all(isinstance(p, Prompt) and p.set in library.sets for p in everything)


def test_unknown_set_lists_the_known_sets(library: PromptLibrary) -> None:
    with pytest.raises(NotFound) as caught:
        library.prompts(set="weekly")
    message = str(caught.value)
    assert "weekly" in message
    assert all(name in message for name in library.sets)


def test_get_by_id(library: PromptLibrary) -> None:
    assert library.get("closure-learned").lens is Lens.INSIGHT
    with pytest.raises(NotFound):
        library.get("no-such-prompt")


def test_random_uses_the_given_generator_and_filters(library: PromptLibrary) -> None:
    first = library.random(random.Random(7), lens="foresight", set="daily")
    assert first == library.random(random.Random(7), lens="foresight", set="daily")
    assert first.lens is Lens.FORESIGHT and first.set == "daily"
    with pytest.raises(NotFound):
        library.random(random.Random(7), set="smart-check", lens="hindsight")


# --- the prompt of the day ----------------------------------------------------------------


def test_prompt_of_the_day_is_stable_for_a_date(library: PromptLibrary) -> None:
    assert library.of_the_day(DAY) == library.of_the_day(datetime.date(2025, 3, 14))
    assert library.of_the_day(DAY).set == "daily"
    assert library.of_the_day(DAY, lens="f").lens is Lens.FORESIGHT


def test_prompt_of_the_day_is_stable_across_loads(empty_user_dir: Path) -> None:
    assert load_library(empty_user_dir).of_the_day(DAY).id == load_library(
        empty_user_dir).of_the_day(DAY).id


@pytest.mark.parametrize("lens", [None, "hindsight", "insight", "foresight"])
def test_prompt_of_the_day_differs_on_seven_consecutive_days(library, lens) -> None:
    week = [library.of_the_day(DAY + datetime.timedelta(days=n), lens=lens) for n in range(7)]
    assert len({p.id for p in week}) == 7


def test_prompt_of_the_day_visits_every_prompt_before_repeating(library: PromptLibrary) -> None:
    pool = library.prompts(set="daily", lens="insight")
    cycle = {library.of_the_day(DAY + datetime.timedelta(days=n), lens="insight").id
             for n in range(len(pool))}
    assert cycle == {p.id for p in pool}


def test_prompt_of_the_day_from_another_set(library: PromptLibrary) -> None:
    assert library.of_the_day(DAY, set="check-in").set == "check-in"
    with pytest.raises(NotFound):
        library.of_the_day(DAY, set="smart-check", lens="insight")


# --- the user's folder --------------------------------------------------------------------


def test_missing_user_folder_is_fine(tmp_path: Path) -> None:
    library = load_library(tmp_path / "does-not-exist")
    assert library.problems == [] and "daily" in library.sets


def test_user_file_adds_a_new_set(empty_user_dir: Path) -> None:
    write(empty_user_dir, "mine.toml", MINE)
    library = load_library(empty_user_dir)
    assert library.problems == []
    assert [p.id for p in library.prompts(set="mine")] == ["mine-01", "mine-02"]
    assert library.titles["mine"] == "My own questions"
    assert library.get("mine-02").lens is Lens.FORESIGHT
    assert "daily" in library.sets


def test_user_file_with_a_bundled_set_name_replaces_it(empty_user_dir: Path) -> None:
    write(empty_user_dir, "my-daily.toml", """
set = "daily"

[[prompt]]
id = "daily-hindsight-01"
text = "What made me laugh today?"
lens = "hindsight"

[[prompt]]
id = "my-daily-02"
text = "What will I try tomorrow?"
lens = "foresight"
""")
    library = load_library(empty_user_dir)
    assert library.problems == []
    assert [p.text for p in library.prompts(set="daily")] == [
        "What made me laugh today?", "What will I try tomorrow?"]
    assert library.titles["daily"] == "daily"
    assert library.of_the_day(DAY).set == "daily"
    with pytest.raises(NotFound):
        library.get("daily-insight-01")


def test_user_ids_may_not_collide_with_another_set(empty_user_dir: Path) -> None:
    write(empty_user_dir, "mine.toml", MINE.replace("mine-01", "closure-learned"))
    library = load_library(empty_user_dir)
    assert "mine" not in library.sets
    assert library.problems == ["mine.toml: id 'closure-learned' is already used in set 'closure'"]


def test_two_user_files_for_one_set_keep_the_first(empty_user_dir: Path) -> None:
    write(empty_user_dir, "a.toml", MINE)
    write(empty_user_dir, "b.toml", MINE.replace("mine-0", "other-0"))
    library = load_library(empty_user_dir)
    assert [p.id for p in library.sets["mine"]] == ["mine-01", "mine-02"]
    assert library.problems == ["b.toml: set 'mine' is already defined by a.toml"]


def test_non_toml_and_hidden_files_are_ignored(empty_user_dir: Path) -> None:
    write(empty_user_dir, "notes.md", "not a prompt file")
    write(empty_user_dir, ".mine.toml", "this is [ not toml")
    library = load_library(empty_user_dir)
    assert library.problems == []


BROKEN = {
    "bad-toml.toml": ("set = 'x'\n[[prompt]\nid = 1", "not valid TOML"),
    "bad-lens.toml": (MINE.replace('lens = "f"', 'lens = "sideways"').replace('"mine"', '"bad-lens"'),
                      "unknown lens 'sideways'"),
    "bad-phase.toml": (MINE.replace('lens = "f"', 'phase = "daydreaming"').replace('"mine"', '"bp"'),
                       "unknown phase 'daydreaming'"),
    "no-text.toml": ('set = "no-text"\n[[prompt]]\nid = "no-text-01"\nlens = "insight"\n',
                     "prompt 'no-text-01' has no text"),
    "no-id.toml": ('set = "no-id"\n[[prompt]]\ntext = "Why?"\n', "prompt 1 has no id"),
    "no-set.toml": ('[[prompt]]\nid = "x-01"\ntext = "Why?"\n', "missing `set`"),
    "dup.toml": ('set = "dup"\n[[prompt]]\nid = "dup-01"\ntext = "A?"\n'
                 '[[prompt]]\nid = "dup-01"\ntext = "B?"\n', "duplicate id 'dup-01'"),
    "typo.toml": ('set = "typo"\n[[prompt]]\nid = "typo-01"\ntext = "A?"\nlense = "insight"\n',
                  "unknown key 'lense'"),
    "bad-id.toml": ('set = "bad-id"\n[[prompt]]\nid = "Bad Id"\ntext = "A?"\n',
                    "must be lowercase letters"),
    "no-prompts.toml": ('set = "empty"\n', "no [[prompt]] entries"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_user_file_is_reported_by_name_and_skipped(empty_user_dir: Path, name) -> None:
    text, reason = BROKEN[name]
    write(empty_user_dir, name, text)
    write(empty_user_dir, "mine.toml", MINE)
    library = load_library(empty_user_dir)
    assert len(library.problems) == 1
    line = library.problems[0]
    assert line.startswith(f"{name}: ") and reason in line, line
    assert "\n" not in line and "Traceback" not in line
    assert "mine" in library.sets  # the good file next to it still loads
    assert set(library.sets) - {"mine"} == set(load_library(empty_user_dir / "none").sets)


def test_non_utf8_user_file_is_reported_and_skipped(empty_user_dir: Path) -> None:
    (empty_user_dir / "latin1.toml").write_bytes(
        'set = "latin"\n[[prompt]]\nid = "latin-01"\ntext = "Qu\'ai-je appris à côté ?"\n'.encode("latin-1")
    )
    library = load_library(empty_user_dir)
    assert library.problems == ["latin1.toml: not UTF-8 text"]
    assert "latin" not in library.sets


def test_broken_override_keeps_the_bundled_set(empty_user_dir: Path) -> None:
    write(empty_user_dir, "daily.toml", 'set = "daily"\n[[prompt]]\nid = "d-01"\nlens = "h"\n')
    library = load_library(empty_user_dir)
    assert library.problems == ["daily.toml: prompt 'd-01' has no text"]
    assert len(library.prompts(set="daily")) >= 66


def test_every_broken_file_gets_its_own_line(empty_user_dir: Path) -> None:
    for name, (text, _reason) in BROKEN.items():
        write(empty_user_dir, name, text)
    library = load_library(empty_user_dir)
    assert sorted(line.split(":")[0] for line in library.problems) == sorted(BROKEN)


def test_problem_lines_are_single_printable_lines(empty_user_dir: Path) -> None:
    write(empty_user_dir, "evil.toml", 'set = "evil"\n[[prompt]]\nid = "evil-01"\ntext = "A?"\n'
                                       'lens = "\\u001b[31mred\\nline"\n')
    library = load_library(empty_user_dir)
    (line,) = library.problems
    assert line.startswith("evil.toml: ") and line.isprintable()


def test_user_text_is_folded_to_one_printable_line(empty_user_dir: Path) -> None:
    write(empty_user_dir, "wrap.toml", 'set = "wrap"\n[[prompt]]\nid = "wrap-01"\n'
                                       'text = """What did I\n  notice\\u0007 today?"""\n')
    assert load_library(empty_user_dir).get("wrap-01").text == "What did I notice today?"


def test_default_user_folder_comes_from_config(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(prompts_module.config, "user_prompts_dir", lambda: tmp_path / "from-config")
    (tmp_path / "from-config").mkdir()
    write(tmp_path / "from-config", "mine.toml", MINE)
    assert "mine" in load_library().sets


def test_bundled_files_are_copied_verbatim_by_a_user_override(empty_user_dir: Path) -> None:
    """Copying a bundled file into the user folder is a valid (identical) override."""
    shutil.copy(bundled_prompts_dir() / "feedback.toml", empty_user_dir / "feedback.toml")
    library = load_library(empty_user_dir)
    assert library.problems == []
    assert library.sets["feedback"] == load_library(empty_user_dir / "none").sets["feedback"]
