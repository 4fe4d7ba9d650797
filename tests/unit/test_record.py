"""journal.record: the package's data classes behave as `dataclasses` would make them."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

from journal.record import FrozenInstanceError, asdict, field, fields, is_record, record, replace


@record
class Note:
    title: str
    stars: int = 0
    tags: list[str] = field(default_factory=list)
    seen: str | None = field(default=None, compare=False)


@record
class LongNote(Note):
    body: str = ""
    stars: int = 5  # a base's field named again: same place, new default


@record(frozen=True)
class Point:
    x: int
    y: int = 0


@dataclasses.dataclass
class NoteAsDataclass:
    title: str
    stars: int = 0
    tags: list[str] = dataclasses.field(default_factory=list)
    seen: str | None = dataclasses.field(default=None, compare=False)


def test_construction_by_position_and_name_with_defaults_as_a_dataclass_would():
    for args, kwargs in [(("a",), {}), (("a", 2), {}), ((), {"title": "a", "tags": ["x"]}),
                         (("a",), {"seen": "now", "stars": 3})]:
        ours, theirs = Note(*args, **kwargs), NoteAsDataclass(*args, **kwargs)
        assert [getattr(ours, f.name) for f in fields(ours)] == \
            [getattr(theirs, f.name) for f in dataclasses.fields(theirs)]
        assert repr(ours) == repr(theirs).replace("NoteAsDataclass", "Note")


def test_each_object_gets_its_own_default_list():
    a, b = Note("a"), Note("b")
    a.tags.append("x")
    assert b.tags == []


@pytest.mark.parametrize("call", [
    lambda: Note(),  # a field without a default left out
    lambda: Note("a", title="b"),
    lambda: Note("a", colour="red"),
    lambda: Note("a", 1, [], None, "extra"),
])
def test_wrong_arguments_are_a_type_error(call):
    with pytest.raises(TypeError):
        call()


def test_equality_compares_fields_of_the_same_class_only():
    assert Note("a", seen="x") == Note("a", seen="y")  # compare=False
    assert Note("a") != Note("a", stars=1)
    assert Note("a") != LongNote("a", stars=0)
    assert Note("a") != ("a", 0, [])
    with pytest.raises(TypeError):
        hash(Note("a"))  # equal by value and changeable: not hashable


def test_inheritance_keeps_the_base_fields_first():
    assert [f.name for f in fields(LongNote)] == ["title", "stars", "tags", "seen", "body"]
    assert LongNote("a").stars == 5
    assert LongNote("a", 1, [], None, "text").body == "text"


def test_frozen_records_refuse_assignment_and_hash_by_value():
    p = Point(1, 2)
    with pytest.raises(FrozenInstanceError):
        p.x = 3  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del p.y  # type: ignore[misc]
    assert {Point(1, 2), Point(1, 2), Point(2)} == {Point(1, 2), Point(2, 0)}


def test_replace_fields_and_asdict():
    note = LongNote("a", tags=["x"], body="b")
    changed = replace(note, stars=1)
    assert (changed.stars, changed.title, changed.body, type(changed)) == (1, "a", "b", LongNote)
    assert note.stars == 5
    assert replace(Point(1), y=4) == Point(1, 4)
    with pytest.raises(TypeError):
        replace(note, colour="red")
    nested = asdict(Note("a", tags=["x"]))
    assert nested == {"title": "a", "stars": 0, "tags": ["x"], "seen": None}
    assert is_record(note) and not is_record(LongNote) and not is_record({"title": "a"})


def test_match_takes_fields_by_position():
    match LongNote("a", 2):
        case LongNote(title, stars):
            assert (title, stars) == ("a", 2)
        case _:
            pytest.fail("no match")


def test_post_init_runs_after_the_fields_are_set():
    @record
    class Counted:
        n: int

        def __post_init__(self) -> None:
            self.double = self.n * 2

    assert Counted(4).double == 8


def test_a_record_without_fields():
    @record
    class Nothing:
        pass

    assert Nothing() == Nothing() and repr(Nothing()) == "test_a_record_without_fields.<locals>.Nothing()"


def test_a_class_that_writes_its_own_methods_keeps_them():
    @record(frozen=True)
    class Named:
        name: str

        def __repr__(self) -> str:
            return f"<{self.name}>"

    assert repr(Named("x")) == "<x>"


def test_mistakes_in_a_class_are_caught_when_it_is_made():
    with pytest.raises(ValueError, match="default_factory"):
        @record
        class Shared:
            items: list[str] = []  # noqa: RUF012 (the mistake under test)
    with pytest.raises(TypeError, match="no default"):
        @record
        class Order:
            a: int = 0
            b: int


def test_the_journal_never_imports_dataclasses_on_a_command_path():
    """The point of records: `dataclasses` (and the `inspect` it pulls in) is not imported by the
    domain, store or services (issue 20)."""
    code = ("import sys, journal.services, journal.services.entries, journal.domain.retrospective; "
            "print(sorted(m for m in ('dataclasses', 'inspect') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
