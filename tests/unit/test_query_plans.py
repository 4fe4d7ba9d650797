"""The hot queries keep their plans with any statistics (issue 20).

Every statement a hot operation runs is caught as it runs (`set_trace_callback`, so the test
follows the code, not a copy of its SQL) and planned again with `EXPLAIN QUERY PLAN` on a
small journal in four states: analysed (`ANALYZE`), never analysed, with the skewed
statistics of the 100,000-entry benchmark corpus written into sqlite_stat1 (nearly every
`answers` NULL, half the journal per mentorship), and with what `PRAGMA optimize` keeps
(store/db.keep_statistics). A plan that reads every entry (`SCAN e`, `SCAN entries`, or a
walk of a whole index of entries) fails, where an index or a subquery can serve. One walk
is allowed: a page (a LIMIT) read newest first along `entries_newest`, which stops at the
page's last row.

No timings: the plans are the claim.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from journal.services import EntryInput, Journal

BIG_STATS = {
    # sqlite_stat1 of tests/bench's 100,000-entry corpus after ANALYZE (the rows that steer the
    # plans of entries): `answers` is NULL nearly everywhere, so one value covers the table.
    ("entries", "entries_answers"): "100000 100000",
    ("entries", "entries_mentorship"): "100000 50000 2",
    ("entries", "entries_newest"): "100000 2 1 1",
    ("entries", "entries_revisit"): "100000 27",
    ("entries", "sqlite_autoindex_entries_1"): "100000 1",
    ("entries", "sqlite_autoindex_entries_2"): "100000 100000 100000",
    ("entries", "entries_by_creation"): "100000 1 1",
    ("entry_goals", "entry_goals"): "11000 2 1",
    ("entry_goals", "entry_goals_by_goal"): "11000 917 1",
    ("entry_tags", "entry_tags"): "57901 2 1",
    ("entry_tags", "entry_tags_by_tag"): "57901 1448 1",
    ("goals", "sqlite_autoindex_goals_1"): "12 1",
    ("goals", "goals_by_mentorship"): "12 6",
}
STATES = ("none", "benchmark", "benchmark at 1k", "analysed", "optimized")
"""The journal's statistics: none; the benchmark corpus's (BIG_STATS, a big journal's skew);
those scaled down a hundredfold (a 1,000-entry journal); this small journal's own from
`ANALYZE`; its own as `PRAGMA optimize` leaves them when a connection that wrote closes."""
AT_SCALE = ("none", "benchmark", "benchmark at 1k")
"""The states every hot query is held to. A small journal's own statistics say 50 entries,
and for 50 entries reading them all is the right plan: those states only hold the answer
check behind `due`, which went wrong with statistics of any size."""
_NOT_ALIASES = {"where", "on", "join", "left", "inner", "cross", "order", "group", "limit", "using", "indexed",
                "not", "as", "set", "values", "union", "except", "intersect", "natural", "window", "having"}


def _filler(journal: Journal) -> None:
    """A small journal with a bit of everything the hot queries read."""
    j = journal
    ada = j.mentorships.add("Ada", check_in_every=14, since="2026-09-01")
    talks = j.goals.add("Talks", review_every=7, mentorship=ada.id)
    j.goals.add("Reading")
    for n in range(40):
        day = f"2026-{8 + n % 3:02d}-{1 + n % 27:02d}"
        j.entries.write(EntryInput(f"note {n} about vellum and paper", lens="hi"[n % 2],
                                   tags=("writing",) if n % 4 == 0 else ("work",), when=day,
                                   goals=("Talks",) if n % 5 == 0 else (), starred=n % 7 == 0,
                                   mentorship="Ada" if n % 9 == 0 else None, private=n % 11 == 0))
    plan = j.entries.write(EntryInput("I expect the talk to go well", lens="f", revisit="2026-11-20",
                                      when="2026-10-01"))
    j.entries.write(EntryInput("Another plan", lens="f", revisit="2026-11-21", when="2026-10-02"))
    j.entries.write(EntryInput("It went fine", lens="h", answers=plan.id))
    j.entries.write(EntryInput("Pace", kind="feedback", revisit="2026-11-23", when="2026-11-10",
                               details={"from": "Dana", "asked": "Pace?", "follow_up": "Pause more"}))
    j.entries.write(EntryInput("Steady", kind="check-in", goals=(talks.id,), mentorship="Ada", when="2026-10-05",
                               details={"goals": 4}))


def _scaled(stat: str, by: int) -> str:
    """A sqlite_stat1 row of a journal `by` times smaller: counts that grow with the journal
    shrink, small averages (entries per day, per id) stay."""
    return " ".join(str(max(1, int(n) // by)) if int(n) >= 1000 else n for n in stat.split())


def _set_statistics(journal: Journal, state: str) -> Journal:
    """The journal's statistics put in `state`; returns the journal opened again (plans read
    sqlite_stat1 when the schema is loaded)."""
    path, clock = journal.session.path, journal.session.clock
    conn = journal.session.conn
    if state != "optimized":  # that one: the connection that wrote leaves them as it closes
        conn.execute("ANALYZE")
    if state == "none":
        conn.execute("DELETE FROM sqlite_stat1")
    elif state.startswith("benchmark"):
        by = 100 if state.endswith("1k") else 1
        conn.executemany("INSERT OR REPLACE INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)",
                         [(tbl, idx, _scaled(stat, by)) for (tbl, idx), stat in BIG_STATS.items()])
    journal.close()
    if state == "optimized":
        assert _stat_rows(path) > 0
    elif state == "none":
        assert _stat_rows(path) == 0
    return Journal.open(path, clock=clock)


@pytest.fixture(params=AT_SCALE)
def planned(request, journal):
    _filler(journal)
    reopened = _set_statistics(journal, request.param)
    yield reopened
    reopened.close()


@pytest.fixture(params=STATES)
def any_statistics(request, journal):
    _filler(journal)
    reopened = _set_statistics(journal, request.param)
    yield reopened
    reopened.close()


def _operations(j: Journal) -> dict[str, Callable[[], object]]:
    e = j.entries
    talks = j.session.goal_id("Talks")
    ada = j.session.mentorship_id("Ada")
    plan = e.list(e.filter(lens="foresight"), limit=1)[0]
    return {
        "list -n 10": lambda: e.list(limit=10),
        "list, second page": lambda: e.list(limit=10, offset=10),
        "lens filter": lambda: e.list(e.filter(lens="foresight"), limit=10),
        "tag filter": lambda: e.list(e.filter(tags=("writing",)), limit=10),
        "absent tag, every row": lambda: e.list(e.filter(tags=("nosuchtag",))),
        "goal filter": lambda: e.list(e.filter(goals=("Talks",)), limit=10),
        "goal filter, every row": lambda: e.list(e.filter(goals=("Talks",))),
        "mentorship filter": lambda: e.list(e.filter(mentorship="Ada"), limit=10),
        "mentorship filter, every row": lambda: e.list(e.filter(mentorship="Ada")),
        "date filter": lambda: e.list(e.filter(date_from="2026-10-01", date_to="2026-10-31"), limit=10),
        "date filter, every row": lambda: e.list(e.filter(date_from="2026-10-01", date_to="2026-10-31")),
        "starred": lambda: e.list(e.filter(starred=True), limit=10),
        "count of a tag": lambda: e.count(e.filter(tags=("writing",))),
        "count of a goal": lambda: e.count(e.filter(goals=("Talks",))),
        "search a word": lambda: e.search("vellum", limit=10),
        "search a word, newest": lambda: e.search("vellum", limit=10, newest=True),
        "search a prefix as typed": lambda: e.search("vell", limit=10, prefix_last=True),
        "search a substring": lambda: e.search("ellu", limit=10),
        "search a phrase": lambda: e.search('"vellum and paper"', limit=10),
        "search OR and NOT": lambda: e.search("vellum OR talk -paper", limit=10),
        "search with a tag": lambda: e.search("vellum", e.filter(tags=("writing",)), limit=10),
        "show: links of a foresight entry": lambda: e.links(e.get(plan.id)),
        "due (and the home due panel)": j.reflection.due,
        "goal counts (lens counts)": j.goals.summaries,
        "timeline of a goal": lambda: j.timeline.build("Talks"),
        "timeline of a mentorship": lambda: j.timeline.build(mentorship=ada),
        "retrospective of a goal": lambda: j.closure.retrospective(talks),
        "retrospective of a mentorship": lambda: j.closure.retrospective(mentorship=ada),
        "lens by day": j.reflection.lens_days,
    }


def traced(conn: sqlite3.Connection, call: Callable[[], object]) -> list[str]:
    """The statements `call` runs on `conn`, as run (parameters in place), each once."""
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    try:
        call()
    finally:
        conn.set_trace_callback(None)
    return list(dict.fromkeys(s for s in seen if s.lstrip().upper().startswith(("SELECT", "WITH"))))


def entry_names(sql: str) -> set[str]:
    """`entries` and every alias it has in `sql`."""
    names = {"entries"}
    for alias in re.findall(r"\bentries\s+(?:AS\s+)?([A-Za-z_]\w*)", sql, flags=re.IGNORECASE):
        if alias.lower() not in _NOT_ALIASES:
            names.add(alias)
    return names


def full_scans(conn: sqlite3.Connection, sql: str) -> list[str]:
    """The steps of `sql`'s plan that read every entry."""
    names = entry_names(sql)
    page = re.search(r"\bLIMIT\b", sql, flags=re.IGNORECASE) is not None
    found = []
    for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}"):
        step = re.match(r"SCAN (\w+)(?: USING (?:COVERING )?INDEX (\w+))?", row[3])
        if step is None or step[1] not in names:
            continue
        if page and step[2] == "entries_newest":
            continue  # a page newest first: the walk stops at its last row
        found.append(row[3])
    return found


def test_the_hot_queries_never_read_every_entry(planned):
    conn = planned.session.conn
    failures = []
    ran = 0
    for name, call in _operations(planned).items():
        statements = traced(conn, call)
        assert statements, f"{name}: no statement caught"
        for sql in statements:
            ran += 1
            for step in full_scans(conn, sql):
                failures.append(f"{name}: {step} in {sql[:160]}")
    assert ran > 40
    assert failures == [], "\n".join(failures)


def test_the_check_finds_a_full_scan(journal):
    """The test above can fail: an unindexed condition on entries is caught, a page is not."""
    conn = journal.session.conn
    assert full_scans(conn, "SELECT id FROM entries e WHERE e.body = 'x'") == ["SCAN e"]
    assert full_scans(conn, "SELECT count(*) FROM entries WHERE deleted_at IS NULL") == ["SCAN entries"]
    assert full_scans(conn, "SELECT id FROM entries WHERE starred = 1 ORDER BY day DESC, time DESC, seq DESC "
                            "LIMIT 10") == []
    assert full_scans(conn, "SELECT id FROM entries WHERE starred = 1 ORDER BY day, time, seq") == [
        "SCAN entries USING INDEX entries_newest"]
    sql = ("SELECT a.id FROM entries AS a JOIN entries b ON b.answers = a.id WHERE a.id = 'x'")
    assert entry_names(sql) == {"entries", "a", "b"}


def test_the_answer_check_behind_due_seeks_with_any_statistics(any_statistics):
    """The issue's case: with `answers` recorded as one value for the whole table, the check that
    nothing answers a due entry read every entry once per due entry."""
    conn = any_statistics.session.conn
    statements = traced(conn, any_statistics.reflection.due)
    checks = [sql for sql in statements if "a.answers = e.id" in sql]
    assert len(checks) == 2  # foresight to revisit, feedback follow-ups
    for sql in checks:
        plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
        assert "SEARCH a USING INDEX entries_answers (answers=?)" in plan


# ------------------------------------------------------------------ statistics kept fresh
def test_the_first_of_each_kind_never_read_every_entry(planned):
    """The queries of `journal due` (a limit per kind, counts) hold their plans with the statistics
    of any size, as tests/unit/test_query_plans.py holds the whole list's."""
    conn = planned.session.conn
    statements = traced(conn, lambda: planned.reflection.due(per_kind=10))
    assert any("count(*) FILTER" in sql for sql in statements)
    assert any("LIMIT 10" in sql for sql in statements)
    assert any("INDEXED BY entries_newest" in sql for sql in statements)
    failures = [f"{step} in {sql[:160]}" for sql in statements for step in full_scans(conn, sql)]
    assert failures == []


def test_the_counts_seek_the_answers_with_any_statistics(any_statistics):
    conn = any_statistics.session.conn
    statements = traced(conn, lambda: any_statistics.reflection.due(per_kind=10))
    checks = [sql for sql in statements if "a.answers = e.id" in sql]
    assert any("count(*)" in sql for sql in checks)
    for sql in checks:
        plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
        assert "SEARCH a USING INDEX entries_answers (answers=?)" in plan
        assert not any(step.startswith("SCAN e") for step in plan)


def _stat_rows(path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'entries'").fetchone()[0]
    except sqlite3.OperationalError:  # no sqlite_stat1 at all
        return 0
    finally:
        conn.close()


def test_a_connection_that_wrote_leaves_statistics_when_it_closes(db_path, clock):
    with Journal.open(db_path, clock=clock, create=True) as j:
        for n in range(3):
            j.entries.write(EntryInput(f"entry {n}"))
    assert _stat_rows(db_path) > 0


def test_a_connection_that_only_read_leaves_the_file_alone(db_path, clock):
    with Journal.open(db_path, clock=clock, create=True):
        pass
    before = _stat_rows(db_path)
    with Journal.open(db_path, clock=clock) as j:
        j.entries.list(limit=10)
        j.reflection.due()
    assert _stat_rows(db_path) == before


def test_statistics_never_wait_for_another_writer(db_path, clock):
    """Closing while another process holds the write lock: no wait, no error; the commit stands."""
    j = Journal.open(db_path, clock=clock, create=True)
    j.entries.write(EntryInput("kept"))
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        j.close()
    finally:
        other.execute("ROLLBACK")
        other.close()
    with Journal.open(db_path, clock=clock) as again:
        assert [e.body for e in again.entries.list()] == ["kept"]


def test_a_closing_connection_refreshes_statistics_gone_stale(db_path, clock):
    """Statistics that say the journal is empty are refreshed once it has grown tenfold."""
    with Journal.open(db_path, clock=clock, create=True) as j:
        j.entries.write(EntryInput("first"))
    conn = sqlite3.connect(db_path)
    conn.execute("DELETE FROM sqlite_stat1")
    conn.execute("INSERT INTO sqlite_stat1 VALUES ('entries', 'entries_newest', '1 1 1 1')")
    conn.commit()
    conn.close()
    later = datetime(2026, 11, 24, 9, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    clock.set(later)
    with Journal.open(db_path, clock=clock) as j:
        for n in range(40):
            j.entries.write(EntryInput(f"entry {n}"))
    conn = sqlite3.connect(db_path)
    stat = conn.execute("SELECT stat FROM sqlite_stat1 WHERE idx = 'entries_newest'").fetchone()[0]
    conn.close()
    assert int(stat.split()[0]) == 41


def test_a_page_of_a_rare_or_absent_tag_reads_the_tag_as_a_set(journal, monkeypatch):
    """EXISTS stops early for a tag on many entries but walks the whole journal for a rare or
    absent one (~320 ms at 100,000 entries); a bounded count picks the form."""
    monkeypatch.setattr("journal.store.entries.FEW_LINKS", 2)
    for n in range(4):
        journal.entries.write(EntryInput(body=f"entry {n}", tags=["common"] + (["rare"] if n == 0 else [])))

    def page_sql(tag: str) -> str:
        flt = journal.entries.filter(tags=(tag,))
        found = traced(journal.session.conn, lambda: journal.entries.list(flt, limit=10))
        return next(sql for sql in found if "ORDER BY" in sql and "entry_tags" in sql)

    assert "IN (SELECT entry_id FROM entry_tags" in page_sql("absent")
    assert "IN (SELECT entry_id FROM entry_tags" in page_sql("rare")
    assert "EXISTS (SELECT 1 FROM entry_tags" in page_sql("common")
