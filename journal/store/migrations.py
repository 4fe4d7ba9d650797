"""The journal's schema, as an ordered set of sqlite-utils Migrations.

Opening a journal checks the applied migration names with one cheap query; only when
something is pending does it import sqlite-utils, back the file up (SQLite backup API)
and apply the steps in one BEGIN IMMEDIATE transaction with foreign keys off. A journal
that records a migration this version does not know was written by a newer Threefold
and is refused untouched.
"""

from __future__ import annotations



from collections.abc import Callable
from pathlib import Path

from journal.store import engine
from journal.domain.errors import StorageError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/ARCHITECTURE.md, start-up)
if TYPE_CHECKING:
    import sqlite3
    from sqlite_utils import Database  # imported only when a migration is pending: CLI start-up cost

SET_NAME = "journal"
MIGRATIONS_TABLE = "_sqlite_migrations"


def init_command(path: Path) -> str:
    """'Run `journal init PATH`', the path quoted for a shell (a space or ; in it: S215)."""
    import shlex  # an error's words: not on every command's start-up path

    return f"Run `journal init {shlex.quote(str(path))}`"


def _date_check(column: str) -> str:
    return f"CHECK ({column} IS NULL OR date(julianday({column})) IS {column})"


def m001_initial(db: Database) -> None:
    """Entries, tags, goals with history, milestones, mentorships, links, drafts, FTS."""
    for statement in (
        f"""CREATE TABLE mentorships (
            id TEXT PRIMARY KEY,
            mentor TEXT NOT NULL CHECK (length(trim(mentor)) > 0),
            focus TEXT NOT NULL DEFAULT '',
            started_on TEXT {_date_check('started_on')},
            agreements TEXT NOT NULL DEFAULT '',
            check_in_every INTEGER CHECK (check_in_every IS NULL OR check_in_every > 0),
            next_meeting_on TEXT {_date_check('next_meeting_on')},
            status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
            closed_on TEXT {_date_check('closed_on')},
            created_at TEXT NOT NULL
        ) STRICT""",
        f"""CREATE TABLE goals (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL CHECK (length(trim(title)) > 0),
            specific TEXT NOT NULL DEFAULT '',
            measurable TEXT NOT NULL DEFAULT '',
            achievable TEXT NOT NULL DEFAULT '',
            relevant TEXT NOT NULL DEFAULT '',
            time_bound TEXT {_date_check('time_bound')},
            success_criteria TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'active'
                CHECK (status IN ('active', 'paused', 'achieved', 'abandoned')),
            mentorship_id TEXT REFERENCES mentorships(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL,
            closed_at TEXT,
            closure_note TEXT,
            review_every INTEGER CHECK (review_every IS NULL OR review_every > 0)
        ) STRICT""",
        """CREATE TABLE goal_history (
            id INTEGER PRIMARY KEY,
            goal_id TEXT NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('created', 'status', 'edit')),
            field TEXT,
            old TEXT,
            new TEXT
        ) STRICT""",
        f"""CREATE TABLE milestones (
            id TEXT PRIMARY KEY,
            goal_id TEXT NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
            title TEXT NOT NULL CHECK (length(trim(title)) > 0),
            due_on TEXT {_date_check('due_on')},
            done_on TEXT {_date_check('done_on')},
            created_at TEXT NOT NULL
        ) STRICT""",
        f"""CREATE TABLE entries (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            day TEXT NOT NULL CHECK (date(julianday(day)) IS day),
            time TEXT CHECK (time IS NULL OR time(time) IS time || ':00'),
            tz TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            lens TEXT NOT NULL CHECK (lens IN ('hindsight', 'insight', 'foresight')),
            kind TEXT NOT NULL DEFAULT 'note'
                CHECK (kind IN ('note', 'meeting', 'check-in', 'feedback', 'closure')),
            title TEXT,
            body TEXT NOT NULL CHECK (length(CAST(body AS BLOB)) <= 10485760),
            tags TEXT NOT NULL DEFAULT '',
            starred INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1)),
            private INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0, 1)),
            mentorship_id TEXT REFERENCES mentorships(id) ON DELETE SET NULL,
            revisit_on TEXT {_date_check('revisit_on')},
            answers TEXT REFERENCES entries(id) ON DELETE SET NULL,
            deleted_at TEXT,
            source TEXT,
            source_id TEXT,
            UNIQUE (source, source_id)
        ) STRICT""",
        """CREATE TABLE entry_tags (
            entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            PRIMARY KEY (entry_id, tag)
        ) STRICT, WITHOUT ROWID""",
        """CREATE TABLE entry_goals (
            entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
            goal_id TEXT NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
            PRIMARY KEY (entry_id, goal_id)
        ) STRICT, WITHOUT ROWID""",
        """CREATE TABLE drafts (
            id INTEGER PRIMARY KEY,
            entry_id TEXT REFERENCES entries(id) ON DELETE CASCADE,
            lens TEXT NOT NULL DEFAULT 'hindsight',
            title TEXT NOT NULL DEFAULT '',
            body TEXT NOT NULL,
            tags TEXT NOT NULL DEFAULT '[]',
            goals TEXT NOT NULL DEFAULT '[]',
            when_text TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL,
            pid INTEGER,
            offered INTEGER NOT NULL DEFAULT 0
        ) STRICT""",
    ):
        db.execute(statement)
    db.table("entries").create_index(["day", "time", "seq"], index_name="entries_newest")
    db.table("entries").create_index(["revisit_on"], index_name="entries_revisit")
    db.table("entries").create_index(["answers"], index_name="entries_answers")
    db.table("entries").create_index(["mentorship_id", "day"], index_name="entries_mentorship")
    db.table("entry_tags").create_index(["tag", "entry_id"], index_name="entry_tags_by_tag")
    db.table("entry_goals").create_index(["goal_id", "entry_id"], index_name="entry_goals_by_goal")
    db.table("goal_history").create_index(["goal_id", "at"], index_name="goal_history_by_goal")
    db.table("milestones").create_index(["goal_id", "due_on"], index_name="milestones_by_goal")
    db.table("goals").create_index(["mentorship_id"], index_name="goals_by_mentorship")
    db.table("drafts").create_index(["entry_id"], index_name="drafts_by_entry")
    enable_search(db)


def enable_search(db: Database, columns: tuple[str, ...] = ("title", "body", "tags")) -> None:
    """FTS5 over `columns` of entries, kept in sync by triggers. Re-run after transform()."""
    db.table("entries").enable_fts(list(columns), create_triggers=True, replace=True)


SEARCHED = ("title", "body", "tags", "details_text")
"""What the search index holds since m010."""


def m002_change_count(db: Database) -> None:
    """A counter that every write transaction raises (see `db.write_tx`).

    A backup carries the count it was taken at, so `journal doctor` can tell when the
    journal holds fewer changes than its own backup: the sign of a file copied without its
    `-wal` (catalogue C22). Journals from before this step start at 0.
    """
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT")
    db.execute("INSERT INTO meta (key, value) VALUES ('changes', 0)")


def m003_draft_base(db: Database) -> None:
    """The version of the entry a draft edits, as it was when the edit began (catalogue B13).

    A draft recovered after a crash, or kept after an edit conflict, then still refuses to
    overwrite a change made to the entry since. NULL: unknown (drafts of new entries).
    """
    db.execute("ALTER TABLE drafts ADD COLUMN base TEXT")


def m004_draft_input(db: Database) -> None:
    """Drafts keep every field a person can type (the fields of EntryInput) as one JSON object.

    Before, a draft kept only lens, title, tags, goals and the date: a recovered draft lost
    its star, privacy, kind, mentorship and revisit date. Old drafts move their five fields
    into the object (the others stay unset: saving such a draft keeps the entry's own).
    """
    db.execute("ALTER TABLE drafts ADD COLUMN input TEXT NOT NULL DEFAULT '{}'")
    db.execute("UPDATE drafts SET input = json_object('lens', lens, 'title', title, 'tags', json(tags), "
               "'goals', json(goals), 'when', when_text)")
    for column in ("lens", "title", "tags", "goals", "when_text"):
        db.execute(f"ALTER TABLE drafts DROP COLUMN {column}")


TAG_LIST = "json_each('[\"' || replace(replace(NEW.tags, '\"', '\\\"'), ' ', '\",\"') || '\"]')"
"""NEW.tags (tags joined by spaces) as rows: the tag rule leaves no space, backslash or
control character in a tag, so quoting `"` is all it takes to make it a JSON array."""


def create_tag_triggers(db: Database) -> None:
    """`entry_tags` follows `entries.tags` inside SQLite: one source of truth for tags.

    Code writes only `entries.tags`; so does anyone editing the file with another tool
    (sqlite-utils, Datasette). A `transform()` of `entries` drops these triggers: re-run this.
    """
    insert = f"INSERT OR IGNORE INTO entry_tags (entry_id, tag) SELECT NEW.id, value FROM {TAG_LIST} WHERE value <> ''"
    db.execute(f"CREATE TRIGGER entries_tags_ai AFTER INSERT ON entries BEGIN {insert}; END")
    db.execute("CREATE TRIGGER entries_tags_au AFTER UPDATE OF tags ON entries BEGIN "
               f"DELETE FROM entry_tags WHERE entry_id = NEW.id; {insert}; END")


def rebuild_tag_index(conn: sqlite3.Connection) -> int:
    """Make `entry_tags` exactly what `entries.tags` says (after an outside edit); returns rows fixed."""
    drift = tag_drift(conn)
    if drift:
        conn.execute("DELETE FROM entry_tags")
        conn.execute("UPDATE entries SET tags = tags")  # the update trigger re-derives every entry's rows
    return drift


def tag_drift(conn: sqlite3.Connection) -> int:
    """How many (entry, tag) rows `entry_tags` has wrong compared with `entries.tags`."""
    wanted = ("SELECT e.id, j.value FROM entries e, json_each('[\"' || replace(replace(e.tags, '\"', '\\\"'), "
              "' ', '\",\"') || '\"]') j WHERE j.value <> ''")
    drift: int = conn.execute(
        f"SELECT (SELECT count(*) FROM ({wanted} EXCEPT SELECT entry_id, tag FROM entry_tags)) + "
        f"(SELECT count(*) FROM (SELECT entry_id, tag FROM entry_tags EXCEPT {wanted}))").fetchone()[0]
    return drift


def m005_tags_follow_entries(db: Database) -> None:
    """Tags have one source of truth: `entries.tags`; triggers keep `entry_tags` (the index
    that tag filters use) in step, and any drift from an outside edit is mended now."""
    create_tag_triggers(db)
    rebuild_tag_index(db.conn)


def m006_draft_holder(db: Database) -> None:
    """A draft names the window that holds it by a lock token (`holder`), not by its pid alone.

    "Process <pid> is alive" was fooled by a reused pid: an unrelated program that got a
    crashed window's pid kept its draft "open in another window" for good. `holder` names a
    lock file beside the journal that the window keeps locked while it runs (journal/process.py);
    the kernel frees it when the process ends, however it ends. `pid` stays, for display.
    Drafts from before this step have no holder and count as free: their window ran an
    earlier version.
    """
    db.execute("ALTER TABLE drafts ADD COLUMN holder TEXT")


def m007_pending_scrubs(db: Database) -> None:
    """A purge is finished only when every copy it manages is scrubbed (catalogue K81).

    The purge's transaction records the purged ids here; the row goes only once the journal
    has been compacted and every backup beside it scrubbed. A purge killed half-way is
    finished by the next command that opens the journal, and doctor fails while one waits.
    """
    db.execute("CREATE TABLE pending_scrubs (id INTEGER PRIMARY KEY, at TEXT NOT NULL, "
               "entry_ids TEXT NOT NULL) STRICT")


def m008_updated_at(db: Database) -> None:
    """Goals, milestones and mentorships say when they last changed, as entries always did.

    An import (and, later, a sync) keeps whichever version of a row is newer, and never
    replaces a newer local one with an older copy (catalogue K80). Rows from before take
    their latest known moment: a goal's newest history event, else the creation time.
    """
    for table in ("goals", "milestones", "mentorships"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN updated_at TEXT")
    db.execute("UPDATE goals SET updated_at = "
               "coalesce((SELECT max(at) FROM goal_history h WHERE h.goal_id = goals.id), created_at)")
    db.execute("UPDATE milestones SET updated_at = created_at")
    db.execute("UPDATE mentorships SET updated_at = created_at")


SYNC_TRIGGERS = (
    # (trigger name, table, event, what changed: the kind of record and its id)
    ("sync_entries_ai", "entries", "INSERT", "'entry', NEW.id"),
    ("sync_entries_au", "entries", "UPDATE", "'entry', NEW.id"),
    ("sync_entries_ad", "entries", "DELETE", "'entry', OLD.id"),
    ("sync_links_ai", "entry_goals", "INSERT", "'entry', NEW.entry_id"),
    ("sync_links_ad", "entry_goals", "DELETE", "'entry', OLD.entry_id"),
    ("sync_goals_ai", "goals", "INSERT", "'goal', NEW.id"),
    ("sync_goals_au", "goals", "UPDATE", "'goal', NEW.id"),
    ("sync_goals_ad", "goals", "DELETE", "'goal', OLD.id"),
    ("sync_history_ai", "goal_history", "INSERT", "'goal', NEW.goal_id"),
    ("sync_milestones_ai", "milestones", "INSERT", "'goal', NEW.goal_id"),
    ("sync_milestones_au", "milestones", "UPDATE", "'goal', NEW.goal_id"),
    ("sync_milestones_ad", "milestones", "DELETE", "'goal', OLD.goal_id"),
    ("sync_mentorships_ai", "mentorships", "INSERT", "'mentorship', NEW.id"),
    ("sync_mentorships_au", "mentorships", "UPDATE", "'mentorship', NEW.id"),
    ("sync_mentorships_ad", "mentorships", "DELETE", "'mentorship', OLD.id"),
)
"""What the sync log records. Each trigger does nothing until sync is turned on for the journal."""


def m009_sync(db: Database) -> None:
    """Sync between devices (services/sync.py): this device's id and counters, a log of rows
    changed since they were last written out, which other devices' change files were applied,
    the versions of each row this device has held and the one it last synced (what a change
    here is made on), and the ids of purged entries.

    The log's triggers run on every write but record nothing until `journal sync` turns sync
    on (`sync_state.enabled`), so a journal that never syncs pays one lookup per row written.
    """
    db.execute("CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT")
    db.execute("CREATE TABLE sync_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, "
               "row_id TEXT NOT NULL) STRICT")
    db.execute("CREATE TABLE sync_applied (device TEXT NOT NULL, file_seq INTEGER NOT NULL, at TEXT NOT NULL, "
               "PRIMARY KEY (device, file_seq)) STRICT, WITHOUT ROWID")
    db.execute("CREATE TABLE sync_seen (kind TEXT NOT NULL, row_id TEXT NOT NULL, version TEXT NOT NULL, "
               "written INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (kind, row_id, version)) STRICT, WITHOUT ROWID")
    db.execute("CREATE TABLE sync_rows (kind TEXT NOT NULL, row_id TEXT NOT NULL, version TEXT NOT NULL, "
               "PRIMARY KEY (kind, row_id)) STRICT, WITHOUT ROWID")
    db.execute("CREATE TABLE sync_purged (entry_id TEXT PRIMARY KEY, at TEXT NOT NULL) STRICT, WITHOUT ROWID")
    # The export's order (by creation, then id: the same on every device) read from an index, not sorted in memory.
    db.execute("CREATE INDEX entries_by_creation ON entries (created_at, id)")
    # A change never makes a row look older than it was (a clock that went back): sync and
    # import order versions by updated_at, and a version made on top of another must come after
    # it. Entries do the same in their UPDATE (store/entries.NEVER_OLDER): an UPDATE from a
    # trigger would run the search index's triggers out of order.
    for table in ("goals", "milestones", "mentorships"):
        db.execute(f"CREATE TRIGGER {table}_never_older AFTER UPDATE OF updated_at ON {table} "
                   "WHEN NEW.updated_at < OLD.updated_at "
                   f"BEGIN UPDATE {table} SET updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', OLD.updated_at, '+1 second') "
                   "WHERE id = NEW.id; END")
    for name, table, event, values in SYNC_TRIGGERS:
        db.execute(f"CREATE TRIGGER {name} AFTER {event} ON {table} "
                   "WHEN (SELECT value FROM sync_state WHERE key = 'enabled') = '1' "
                   f"BEGIN INSERT INTO sync_log (kind, row_id) VALUES ({values}); END")


ENTRY_KINDS = ("note", "meeting", "check-in", "feedback", "closure", "preparing", "goal-audit", "passing-on")
"""The kinds the entries table allows since m010 (domain/model.Kind)."""


def _widen_kinds(db: Database) -> None:
    """Let `entries.kind` take the kinds m010 adds.

    SQLite cannot alter a CHECK constraint, and rebuilding `entries` would mean dropping and
    remaking its search, tag and sync triggers. Widening the list changes nothing stored, so
    this takes SQLite's documented path for such a change (lang_altertable.html, "making other
    kinds of table schema changes"): the table's CREATE text is rewritten in the schema with
    `writable_schema` inside the migration's transaction, and the schema version raised so
    every connection re-reads it. The migration's integrity check (below) confirms the file.
    """
    conn = db.conn
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'entries'").fetchone()[0]
    old = "CHECK (kind IN ('note', 'meeting', 'check-in', 'feedback', 'closure'))"
    if old not in sql:
        raise StorageError("The entries table is not as this version of Threefold made it; nothing was changed.")
    new = "CHECK (kind IN (" + ", ".join(f"'{k}'" for k in ENTRY_KINDS) + "))"
    version = conn.execute("PRAGMA schema_version").fetchone()[0]
    conn.execute("PRAGMA writable_schema = ON")
    try:
        conn.execute("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'entries'",
                     (sql.replace(old, new),))
        conn.execute(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        conn.execute("PRAGMA writable_schema = OFF")
    if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
        raise StorageError("Upgrade failed: the journal's schema did not check out. Your journal is unchanged.")


def m010_mentee_cycle(db: Database) -> None:
    """The mentee's whole cycle (issue 17).

    - entries take three more kinds (preparing, goal-audit, passing-on) and `details`: a
      check-in's area ratings or a feedback entry's from/asked/follow-up, as a JSON object
      (NULL when none); the search index takes the feedback's words too;
    - mentorships keep their agreement's structured parts (`parts`, a JSON object) and a
      history of changes like a goal's (`mentorship_history`);
    - `practice` holds the documents around the entries — the vision with its gaps, the
      learning profile, shortlists of mentors — one row each, its fields as JSON.
    All of it is logged for sync like the rows before it.
    """
    _widen_kinds(db)
    db.execute("ALTER TABLE entries ADD COLUMN details TEXT CHECK (details IS NULL OR json_type(details) = 'object')")
    # A feedback entry's giver, question and follow-up are searched with its text: the index
    # reads them through a generated column holding only their words (not the JSON's keys).
    db.execute("ALTER TABLE entries ADD COLUMN details_text TEXT GENERATED ALWAYS AS (nullif(trim("
               + " || ' ' || ".join(f"coalesce(json_extract(details, '$.{key}'), '')"
                                    for key in ("from", "asked", "follow_up"))
               + "), '')) VIRTUAL")
    enable_search(db, SEARCHED)
    db.execute("ALTER TABLE mentorships ADD COLUMN parts TEXT NOT NULL DEFAULT '{}' "
               "CHECK (json_type(parts) = 'object')")
    db.execute("""CREATE TABLE mentorship_history (
            id INTEGER PRIMARY KEY,
            mentorship_id TEXT NOT NULL REFERENCES mentorships(id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('created', 'status', 'edit', 'chosen', 'goal')),
            field TEXT,
            old TEXT,
            new TEXT
        ) STRICT""")
    db.execute("CREATE INDEX mentorship_history_by_mentorship ON mentorship_history (mentorship_id, at)")
    db.execute("""CREATE TABLE practice (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('vision', 'profile', 'shortlist')),
            data TEXT NOT NULL CHECK (json_type(data) = 'object'),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) STRICT""")
    db.execute("CREATE INDEX practice_by_kind ON practice (kind, created_at)")
    db.execute("CREATE TRIGGER practice_never_older AFTER UPDATE OF updated_at ON practice "
               "WHEN NEW.updated_at < OLD.updated_at "
               "BEGIN UPDATE practice SET updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', OLD.updated_at, '+1 second') "
               "WHERE id = NEW.id; END")
    for name, table, event, values in SYNC_TRIGGERS_M010:
        db.execute(f"CREATE TRIGGER {name} AFTER {event} ON {table} "
                   "WHEN (SELECT value FROM sync_state WHERE key = 'enabled') = '1' "
                   f"BEGIN INSERT INTO sync_log (kind, row_id) VALUES ({values}); END")


SYNC_TRIGGERS_M010 = (
    ("sync_mentorship_history_ai", "mentorship_history", "INSERT", "'mentorship', NEW.mentorship_id"),
    ("sync_practice_ai", "practice", "INSERT", "'practice', NEW.id"),
    ("sync_practice_au", "practice", "UPDATE", "'practice', NEW.id"),
    ("sync_practice_ad", "practice", "DELETE", "'practice', OLD.id"),
)
"""What m010 adds to the sync log's triggers."""


def m011_forgiving_search(db: Database) -> None:
    """Search that forgives how a word was typed (issue 19; the queries: store/search.py).

    - entries_fts is made again with the porter stemmer over unicode61, diacritics folded
      ("talking" finds talked, "cafe" finds café), same columns, same trigger names;
    - entries_trigram, FTS5's trigram tokenizer over the same columns without positions
      (`detail=none`: LIKE '%erv%' is answered from it, at a fifth of a full trigram index's
      size), kept in step by its own triggers: on a change of the text, title, tags or
      details only (a trash or star leaves it alone; `details_text` follows `details`).
    Both are filled from the entries here.
    """
    db.table("entries").enable_fts(list(SEARCHED), create_triggers=True, replace=True,
                                   tokenize="porter unicode61 remove_diacritics 2")
    columns = "title, body, tags, details_text"
    old = "old.title, old.body, old.tags, old.details_text"
    new = "new.title, new.body, new.tags, new.details_text"
    db.execute(f"CREATE VIRTUAL TABLE entries_trigram USING fts5({columns}, content='entries', "
               "tokenize='trigram', detail=none)")
    db.execute("CREATE TRIGGER entries_trigram_ai AFTER INSERT ON entries BEGIN "
               f"INSERT INTO entries_trigram (rowid, {columns}) VALUES (new.rowid, {new}); END")
    forget = f"INSERT INTO entries_trigram (entries_trigram, rowid, {columns}) VALUES ('delete', old.rowid, {old});"
    db.execute(f"CREATE TRIGGER entries_trigram_ad AFTER DELETE ON entries BEGIN {forget} END")
    db.execute("CREATE TRIGGER entries_trigram_au AFTER UPDATE OF title, body, tags, details ON entries BEGIN "
               f"{forget} INSERT INTO entries_trigram (rowid, {columns}) VALUES (new.rowid, {new}); END")
    db.execute("INSERT INTO entries_trigram (entries_trigram) VALUES ('rebuild')")


def m012_prefix_index(db: Database) -> None:
    """entries_fts also indexes the first three letters of every word (FTS5's `prefix='3'`).

    Every word of 3+ letters is searched as a prefix ("nerv" finds nervous), and the TUI's
    search-as-you-type asks for one on each key. Without this index FTS5 merges the lists of
    every word that starts so: `"the"*` read 99,980 rows in ~90 ms at 100,000 entries and a
    check of one entry took 65 ms; with it ~6 ms and 0.3 ms (issue 20). Cost: ~0.5 kB per
    entry. Same columns, tokenizer, content table and triggers (they name the table, which is
    made again in this transaction), filled from the entries.
    """
    db.execute("DROP TABLE entries_fts")
    db.execute('CREATE VIRTUAL TABLE "entries_fts" USING FTS5 ("title", "body", "tags", "details_text", '
               "tokenize='porter unicode61 remove_diacritics 2', content=\"entries\", prefix='3')")
    db.execute("INSERT INTO entries_fts (entries_fts) VALUES ('rebuild')")


def m013_import_stamps(db: Database) -> None:
    """The stamp (`updated_at`) an import last gave each entry from another app (jrnl, Day One).

    A re-import tells from it whether the entry was changed here since: a Day One entry edited
    here and in Day One went to Day One's newer version, the words typed here lost (S369).
    Entries imported before this keep their stamp as it is now (changes made here before the
    upgrade cannot be told apart). Local to this journal: a sync never carries it.
    """
    db.execute("CREATE TABLE import_stamps (entry_id TEXT PRIMARY KEY REFERENCES entries(id) ON DELETE CASCADE, "
               "updated_at TEXT NOT NULL) WITHOUT ROWID")
    db.execute("INSERT INTO import_stamps (entry_id, updated_at) SELECT id, updated_at FROM entries "
               "WHERE source IN ('jrnl', 'dayone') AND source_id IS NOT NULL")


def m014_search_backlog(db: Database) -> None:
    """Entries written in bulk are indexed for search after their commit, not inside it (issue 20).

    `search_backlog` holds at most one row: every entry whose `seq` is above its `after` is in
    neither search index yet (store/search_index.py fills them in, a chunk per transaction). The
    six triggers that keep the indexes in step are made again, same names and bodies, each with a
    condition: an entry already indexed (or any entry, with no backlog) is kept in step as
    before; one still waiting is left to the indexer, which reads it as it is then. Without the
    condition a change to a waiting entry would remove from the index words it never held.
    """
    db.execute("CREATE TABLE search_backlog (id INTEGER PRIMARY KEY CHECK (id = 1), after INTEGER NOT NULL) STRICT")
    columns = "title, body, tags, details_text"
    old = "old.title, old.body, old.tags, old.details_text"
    new = "new.title, new.body, new.tags, new.details_text"
    indexed = "NOT EXISTS (SELECT 1 FROM search_backlog WHERE {}.rowid > after)"
    for index, insert_name, delete_name, update_name, update_of in (
            ("entries_fts", "entries_ai", "entries_ad", "entries_au", ""),
            ("entries_trigram", "entries_trigram_ai", "entries_trigram_ad", "entries_trigram_au",
             " OF title, body, tags, details")):
        add = f"INSERT INTO {index} (rowid, {columns}) VALUES (new.rowid, {new});"
        forget = f"INSERT INTO {index} ({index}, rowid, {columns}) VALUES ('delete', old.rowid, {old});"
        for name in (insert_name, delete_name, update_name):
            db.execute(f"DROP TRIGGER IF EXISTS {name}")
        db.execute(f"CREATE TRIGGER {insert_name} AFTER INSERT ON entries WHEN {indexed.format('new')} "
                   f"BEGIN {add} END")
        db.execute(f"CREATE TRIGGER {delete_name} AFTER DELETE ON entries WHEN {indexed.format('old')} "
                   f"BEGIN {forget} END")
        db.execute(f"CREATE TRIGGER {update_name} AFTER UPDATE{update_of} ON entries WHEN {indexed.format('old')} "
                   f"BEGIN {forget} {add} END")


def m015_due_index(db: Database) -> None:
    """`entries_revisit` holds what `journal due` asks of every entry with a revisit day.

    Counting and listing what is due read each such entry's row for its lens, kind and whether
    it is in the trash: at 100,000 entries 3,910 rows of ~3 kB each, one page apiece (~23 ms
    in a new process). The index now carries those columns (and the id the answer check looks
    up) in the order due lists them, for the entries that have a revisit day only: `journal
    due` at 100,000 entries 48 ms against 59 (issue 20). A feedback entry's row is still read
    for its follow-up, the page's rows for their titles and text.
    """
    db.execute("DROP INDEX IF EXISTS entries_revisit")
    db.execute("CREATE INDEX entries_revisit ON entries (revisit_on, seq, lens, kind, deleted_at, id) "
               "WHERE revisit_on IS NOT NULL")


STEPS: tuple[Callable[[Database], None], ...] = (
    m001_initial, m002_change_count, m003_draft_base, m004_draft_input, m005_tags_follow_entries,
    m006_draft_holder, m007_pending_scrubs, m008_updated_at, m009_sync, m010_mentee_cycle,
    m011_forgiving_search, m012_prefix_index, m013_import_stamps, m014_search_backlog, m015_due_index,
)
"""Every migration, oldest first. Append only; never rename or reorder."""

KNOWN = tuple(step.__name__ for step in STEPS)


def applied_names(conn: sqlite3.Connection) -> list[str] | None:
    """Names of applied migrations, or None when the file has no migrations table."""
    try:
        rows = conn.execute(
            f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ?", (SET_NAME,)
        ).fetchall()
    except engine.OperationalError as exc:
        if "no such table" in str(exc):
            return None
        raise
    return [row[0] for row in rows]


def bring_up_to_date(conn: sqlite3.Connection, path: Path, *, is_new: bool) -> None:
    """Refuse newer or foreign files; back up, then apply pending migrations."""
    applied = applied_names(conn)
    if applied is None:
        tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        if tables:
            raise StorageError(f"{path} is a SQLite database but not a journal; nothing was changed.")
        if not is_new:
            raise StorageError(f"{path} is an empty database, not a journal. {init_command(path)} to make it one.")
    unknown = [name for name in applied or [] if name not in KNOWN]
    if unknown:
        raise StorageError(
            f"{path} was written by a newer version of Threefold (schema {unknown[-1]}). "
            "Upgrade with `pip install -U threefold-journal`; the journal was not touched."
        )
    pending = [name for name in KNOWN if name not in (applied or [])]
    if not pending:
        return
    if applied:
        from journal.clock import Clock
        from journal.store.db import backup_to

        stamp = Clock("UTC").now().strftime("%Y%m%dT%H%M%SZ")
        backup_to(conn, path.with_name(f"{path.name}.bak-{applied[-1]}-{stamp}"))
    _apply(conn)


def _apply(conn: sqlite3.Connection) -> None:
    from sqlite_utils import Database, Migrations

    from journal.store.db import write_tx

    migrations = Migrations(SET_NAME)
    for step in STEPS:
        migrations(name=step.__name__)(step)
    conn.execute("PRAGMA foreign_keys=OFF")
    try:
        with write_tx(conn):
            db = Database(conn, execute_plugins=False)
            migrations.apply(db)
            problems = conn.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise StorageError("Upgrade failed: the new schema breaks a link. Your journal is unchanged.")
    finally:
        conn.execute("PRAGMA foreign_keys=ON")
