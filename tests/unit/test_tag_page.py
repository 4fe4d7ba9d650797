"""A page of a common tag or goal is looked for among the newest entries first
(store/entries._among_the_newest, issue 20): whatever the tag's spread, the page is the one
the whole way gives, with any offset, and a tag used mostly long ago still pages right."""

from __future__ import annotations

import pytest

from journal.services import EntryInput


@pytest.fixture
def spread(journal):
    """240 entries over 240 days: `often` on every second, `early` on the oldest 100, `both`
    on every third of the oldest 150 and the newest 3; a goal on every second too."""
    goal = journal.goals.add("Often")
    for n in range(240):
        tags = ["often"] * (n % 2 == 0) + ["early"] * (n < 100) + ["both"] * ((n < 150 and n % 3 == 0) or n > 236)
        journal.entries.write(EntryInput(body=f"entry {n}", tags=tags, goals=[goal.id] * (n % 2 == 0),
                                         when=f"2026-{1 + n // 28:02d}-{1 + n % 28:02d}"))
    return journal, goal


def _ids(entries) -> list[str]:
    return [e.id for e in entries]


def test_a_page_of_a_tag_is_the_page_the_whole_way_gives(spread, monkeypatch):
    """Every tag's spread and page shape on one journal (made once: 240 writes)."""
    journal, _ = spread
    from journal.store import entries as entry_rows

    looked: list[object] = []
    among = entry_rows._among_the_newest
    monkeypatch.setattr(entry_rows, "_among_the_newest", lambda *a: looked.append(r := among(*a)) or r)
    for tag in ("often", "early", "both", "absent"):
        flt = journal.entries.filter(tags=(tag,))
        whole = _ids(journal.entries.list(flt))
        for limit, offset in ((10, 0), (5, 3), (1, 0), (30, 40)):
            looked.clear()
            page = _ids(entry_rows.query(journal.session.conn, flt, limit=limit, offset=offset))
            assert page == whole[offset:offset + limit], (tag, limit, offset)
            if tag == "often" and offset == 0:
                assert looked[0] is not None  # found among the newest: no second statement
            if tag == "early":
                assert looked[0] is None  # used long ago: not among the newest, read the whole way


def test_a_page_of_a_common_goal_too(spread):
    journal, goal = spread
    flt = journal.entries.filter(goals=(goal.id,))
    assert _ids(journal.entries.list(flt, limit=10)) == _ids(journal.entries.list(flt))[:10]
