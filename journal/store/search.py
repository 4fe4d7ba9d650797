"""What a person types into `journal search` (or the TUI's search box), as one SQL query.

Two full-text indexes follow the entries (m011, kept in step by triggers):

- `entries_fts`: FTS5 with the porter stemmer over unicode61 (diacritics folded): whole words
  and their stemmed forms ("talking" finds talked, talks), prefixes ("nerv*", with an index of
  every word's first three letters since m012), phrases, and the bm25 ranking (a title counts
  most, then tags, the feedback fields, the text).
- `entries_trigram`: FTS5's trigram tokenizer with `detail=none` (no positions: about a
  seventh of the size of a full trigram index): any run of 3+ characters inside a word ("erv"
  finds nervous; longer runs by their trigrams, checked against the entry), and emoji
  sequences of 3+ code points (👩‍💻, 🏳️‍🌈).

The grammar (forgiving by default; every word is required unless OR says otherwise):

    query  := clause ("OR" clause)*          OR binds loosest: `a b OR c` is (a and b) or c
    clause := item+                          an optional "AND" between items means nothing
    item   := "-" atom | "NOT" atom | atom   leave out the entries that match atom
    atom   := word | '"' words '"'           a phrase: those words in that order (stemmed)

A word of 3+ letters matches any word it starts (by stem: "generation" finds "generally")
or any text that holds it ("genera" finds "generally"); a shorter word matches whole words
(its stem), but a Korean word of two syllables matches the words it starts (HANGUL).
The last word of a search typed as you go (`prefix_last`) is a prefix at any
length. Operators are upper-case; one with nothing to act on (a query ending in "AND") is a
word. A word with no letter or digit (🎉, 👍🏽, €, ?!) is matched as typed, with or without
variation selectors (❤️ and ❤ find each other): from the trigram index when it has 3+ code
points, else by a scan of the rows the rest of the query and the filters leave. Symbols
inside a word of letters ("party🎉") are required besides its letters.

Nothing is sorted in Python: the ranking (bm25, then newest first) and the limit are SQLite's.
A page (a limit) is read from the best scores only when that gives the same page
(`select_top`): a word in most entries no longer has all its matches sorted. Words all required
(no OR) are ranked by their AND: an entry that holds one of them only inside another word follows
the ranked ones, newest first. A search whose words (or phrase) more than RANKED_AT_MOST entries
hold all scores the ones written last (`rank_floor`): the rest follow them, newest first, as
matches by substring do. A word of one or two letters typed last after other words is checked on
the rows they find (`starts_word`), never read from the word index (no prefix index that short).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Sequence
from journal.record import field, record

from journal.domain.errors import BadValue

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/ARCHITECTURE.md, start-up)
if TYPE_CHECKING:
    import sqlite3

SEARCH_INDEXES = ("entries_fts", "entries_trigram")
"""The full-text indexes over the entries, rebuilt together (`rebuild`)."""
SEARCHED = ("title", "body", "tags", "details_text")
"""The columns both indexes hold, in this order."""
WEIGHTS = (5.0, 1.0, 3.0, 2.0)
"""bm25's weight of each column of SEARCHED: a word in the title counts five times one in the text."""
SUBSTRING_AT = 3
"""From this many letters a word also matches inside other words (the trigram's width)."""
PREFIX_INDEX = 3
"""entries_fts keeps an index of every word's first three letters (m012): a shorter prefix (the
first letters typed into the TUI's search) is read by merging every word it starts."""
UNSPACED = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x3040, 0x30FF), (0x3400, 0x4DBF),
            (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
"""Scripts written without spaces between words (Thai, Lao, Myanmar, Khmer, kana, Han): the word
index holds a run of them as one token, so a word inside it (東京 in 来年東京に行きたい) is
found as text inside that token, never as a word of its own (S261)."""
HANGUL = (0xAC00, 0xD7A3)
"""Korean syllables: a word of two is a whole word (회의, a meeting), and Korean joins particles to
it (회의에서, at the meeting): from two syllables a Korean word is a prefix too (S503)."""
NOTHING = "Nothing to search for: give at least one word"
MAX_WORDS = 100
"""Words, phrases and operators a search takes at once."""
OPERATORS = ("OR", "AND", "NOT")
RANKED_AT_MOST = 2000
"""A search ranked by one word or phrase, or several all required, scores (bm25) at most this
many of the entries holding them, the ones written last (`rank_floor`). bm25 reads every match's
positions and length: a word in most of 100,000 entries took 65 ms to score whole, 7 ms for its
newest 5,000 (which left `journal search the` at 3.0-3.1 times the floor, issue 20's budget
being 3), 4 ms for 2,000; and it gives any word in more than half the entries the same weight
(FTS5's idf floor), so their order is mostly the entries' length. Five years of daily entries
stay under it: only a word in thousands of entries is ranked among its newest."""


def present(conn: sqlite3.Connection) -> list[str]:
    """The search indexes the file has (a backup taken before m011 has only entries_fts)."""
    marks = ", ".join("?" * len(SEARCH_INDEXES))
    found = {row[0] for row in conn.execute(
        f"SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ({marks})", SEARCH_INDEXES)}
    return [name for name in SEARCH_INDEXES if name in found]


def rebuild(conn: sqlite3.Connection) -> None:
    """Rebuild every search index the file has from the entries (so no entry waits for the
    indexer any more: store/search_index.py). After a purge their segments still hold deleted
    entries' words."""
    from journal.store import search_index

    for name in present(conn):
        conn.execute(f"INSERT INTO {name}({name}) VALUES('rebuild')")
    search_index.clear(conn)


# ------------------------------------------------------------------ characters

_JOINERS = frozenset("\u200d\ufe0e\ufe0f\u20e3") | frozenset(map(chr, range(0xE0020, 0xE0080)))
"""What glues emoji into one sequence: ZWJ, variation selectors, the keycap, tag characters."""
_VARIANTS = str.maketrans("", "", "\ufe0e\ufe0f")


def _syllables(text: str) -> bool:
    """`text` is a word of at least two Korean syllables (HANGUL)."""
    return sum(1 for c in text if HANGUL[0] <= ord(c) <= HANGUL[1]) >= 2


def without_controls(text: str) -> str:
    """Control characters (NUL ends an FTS5 string early: 'unterminated string') as spaces."""
    return "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)


def indexed(char: str) -> bool:
    """A character the unicode61 tokenizer keeps in a word (letters, numbers, private use)."""
    category = unicodedata.category(char)
    return category[0] in "LN" or category == "Co"


def _symbol_runs(text: str) -> list[str]:
    """The runs of symbols (emoji with their joiners, €, →) inside a text that has letters."""
    runs, run = [], ""
    for char in [*text, " "]:
        if char in _JOINERS or unicodedata.category(char)[0] == "S":
            run += char
            continue
        if any(unicodedata.category(c)[0] == "S" for c in run):
            runs.append(run)
        run = ""
    return runs


def _forms(piece: str) -> tuple[str, ...]:
    """A literal piece as typed and without variation selectors (either may be in the text)."""
    bare = piece.translate(_VARIANTS)
    return tuple(dict.fromkeys(form for form in (piece, bare) if form))


# ------------------------------------------------------------------ parsing

@record(frozen=True)
class Term:
    """A word or a quoted phrase."""

    text: str
    phrase: bool = False
    prefix: bool = False
    """A bare word matched as the start of longer words too."""


@record(frozen=True)
class Not:
    child: Term


@record(frozen=True)
class AllOf:
    items: tuple[Term | Not, ...]


@record(frozen=True)
class AnyOf:
    clauses: tuple[AllOf, ...]


@record(frozen=True)
class _Token:
    text: str
    phrase: bool
    negated: bool
    open: bool = False
    """A phrase whose quote is not closed (yet): the last one typed is still being typed."""


def _tokens(text: str) -> list[_Token]:
    """Words, quoted phrases (an unclosed quote runs to the end) and `-` in front of either."""
    found: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        negated = text[i] == "-" and i + 1 < n and not text[i + 1].isspace() and text[i + 1] != "-"
        if negated:
            i += 1
        if text[i] == '"':
            end = text.find('"', i + 1)
            unclosed, end = end < 0, n if end < 0 else end
            inner = " ".join(text[i + 1:end].split())
            if inner:
                found.append(_Token(inner, True, negated, unclosed))
            i = end + 1
            continue
        start = i
        while i < n and not text[i].isspace():
            i += 1
        found.append(_Token(text[start:i], False, negated))
    return found


def parse(text: str, prefix_last: bool = False) -> AnyOf:
    """The query in `text` (see the module's grammar). BadValue when there is nothing to find."""
    tokens = _tokens(without_controls(text))
    if not tokens:
        raise BadValue(NOTHING)
    if len(tokens) > MAX_WORDS:  # each is a term of one compound query, which SQLite caps at 500 (S167)
        raise BadValue(f"Too many words to search for ({len(tokens)}; at most {MAX_WORDS}): leave some out.")

    def operator(k: int) -> str | None:
        token = tokens[k]
        return token.text if not token.phrase and not token.negated and token.text in OPERATORS else None

    def atom_at(k: int) -> bool:
        return k < len(tokens) and operator(k) is None

    clauses: list[AllOf] = []
    items: list[Term | Not] = []
    negate_next = False
    for k, token in enumerate(tokens):
        op = operator(k)
        if op == "OR" and items and not negate_next and atom_at(k + 1):
            clauses.append(AllOf(tuple(items)))
            items = []
            continue
        if op == "AND" and items and not negate_next and atom_at(k + 1):
            continue
        if op == "NOT" and not negate_next and atom_at(k + 1):
            negate_next = True
            continue
        last = k == len(tokens) - 1
        letters = sum(map(indexed, token.text))
        # typed as you go, a phrase still open at the end ends in a word being typed ("my men…", S268),
        # from the prefix index's width (a shorter one would merge every word it starts, in a phrase)
        prefix = ((not token.phrase and (letters >= SUBSTRING_AT or (prefix_last and last) or _syllables(token.text)))
                  or (token.open and prefix_last and last
                      and sum(map(indexed, token.text.split()[-1])) >= PREFIX_INDEX))
        term = Term(token.text, token.phrase, prefix)
        items.append(Not(term) if token.negated or negate_next else term)
        negate_next = False
    clauses.append(AllOf(tuple(items)))
    return AnyOf(tuple(clauses))


# ------------------------------------------------------------------ SQL

@record
class _Part:
    """One piece of the query as SQL on the entries `e`: `cond` always; `rows` (a SELECT of seq)
    when its matches can be read from an index; `exact` when `rows` alone decides."""

    cond: str
    params: list[object]
    rows: str | None = None
    row_params: list[object] = field(default_factory=list)
    exact: bool = False


def _fts_string(text: str, prefix: bool) -> str:
    """`text` as one FTS5 string (its words a phrase), never FTS5 syntax."""
    return '"' + text.replace('"', '""') + '"' + ("*" if prefix else "")


def _in(part_rows: str, probe: bool) -> str:
    """`e` is among `part_rows`: the whole set read once, or with `probe` an index lookup of `e`
    alone (for a handful of rows; the set of a common word holds most of the journal)."""
    return f"e.seq IN ({part_rows} AND rowid = e.seq)" if probe else f"e.seq IN ({part_rows})"


def _scan_literal(form: str) -> tuple[str, list[object]]:
    """`form` in the title, text, tags or feedback fields, by reading each row (a piece too short
    for the trigram index)."""
    columns = ("title", "body", "tags", "details_text")
    return "(" + " OR ".join(f"ifnull(instr(e.{c}, ?), 0) > 0" for c in columns) + ")", [form] * len(columns)


def _substring(text: str, probe: bool) -> _Part:
    """The rows holding `text` (3+ characters) in a searched column, from the trigram index.

    Three characters are one trigram: the index alone answers (case folded). A longer text
    takes the rows that hold all its trigrams (anywhere: the index keeps no positions) as
    candidates, and the text itself is checked on those, case folded (SQLite's lower() for a text
    of A-Z and such; `fold`, a function each connection has, store/engine, for any other script)
    while the entries are read anyway.
    """
    if len(text) == SUBSTRING_AT:
        rows = "SELECT rowid AS seq FROM entries_trigram WHERE entries_trigram MATCH ?"
        return _Part(_in(rows, probe), [_fts_string(text, False)], rows, [_fts_string(text, False)], True)
    trigrams = dict.fromkeys(text[i:i + SUBSTRING_AT] for i in range(len(text) - SUBSTRING_AT + 1))
    match = " AND ".join(_fts_string(t, False) for t in trigrams)
    fold = "lower" if text.isascii() else "fold"  # SQLite's own for A-Z (quicker), ours for every script
    check = "(" + " OR ".join(f"ifnull(instr({fold}(e.{column}), ?), 0) > 0" for column in SEARCHED) + ")"
    rows = "SELECT rowid AS seq FROM entries_trigram WHERE entries_trigram MATCH ?"
    return _Part(check, [text.lower() if text.isascii() else text.casefold()] * len(SEARCHED), rows, [match], False)


def _literal(piece: str, probe: bool) -> _Part:
    """A piece of symbols (🎉, 👩‍💻, €) found as typed or without its variation selectors."""
    parts = []
    for form in _forms(piece):
        if len(form) >= SUBSTRING_AT:
            parts.append(_substring(form, probe))
        else:
            cond, params = _scan_literal(form)
            parts.append(_Part(cond, params))
    return _any(parts)


def _term(term: Term, ranked: list[str] | None, probe: bool) -> _Part:
    """A word or phrase; `ranked` gathers its FTS5 string for bm25 (None: a word to leave out,
    matched by its words and their forms only, never inside other words: `-work` keeps "network")."""
    text = term.text
    if not any(indexed(c) for c in text):
        return _literal(text, probe)
    fts = _fts_string(text, term.prefix)
    if ranked is not None:
        ranked.append(fts)
    rows = "SELECT rowid AS seq FROM entries_fts WHERE entries_fts MATCH ?"
    word = _Part(_in(rows, probe), [fts], rows, [fts], True)
    runs = _symbol_runs(text)
    if ranked is not None and term.prefix and not term.phrase and not runs and sum(map(indexed, text)) >= SUBSTRING_AT:
        word = _any([word, _substring(text, probe)])
    elif not runs and not term.phrase and _unspaced(text):  # left out too (`-勉強`): inside its run of text
        word = _any([word, _substring(text, probe) if len(text) >= SUBSTRING_AT else _Part(*_scan_literal(text))])
    return _all([word, *(_literal(run, probe) for run in runs)], [])


def _unspaced(text: str) -> bool:
    """`text` has a letter of a script written without spaces (UNSPACED)."""
    return any(low <= ord(c) <= high for c in text for low, high in UNSPACED)


def _all(positive: list[_Part], negative: list[_Part]) -> _Part:
    """Every positive part and none of the negative ones."""
    conds = [p.cond for p in positive] + [f"NOT ({p.cond})" for p in negative]
    params = [x for p in positive for x in p.params] + [x for p in negative for x in p.params]
    cond = " AND ".join(conds) if len(conds) > 1 else conds[0]
    indexed_parts = [p for p in positive if p.rows is not None]
    if not indexed_parts:
        return _Part(f"({cond})", params)
    if len(indexed_parts) == 1 and not negative:
        rows, row_params = indexed_parts[0].rows, list(indexed_parts[0].row_params)
    else:
        rows = " INTERSECT ".join(f"SELECT seq FROM ({p.rows})" for p in indexed_parts)
        row_params = [x for p in indexed_parts for x in p.row_params]
        for p in negative:
            if p.rows is not None and p.exact:
                rows += f" EXCEPT SELECT seq FROM ({p.rows})"
                row_params += p.row_params
    exact = (len(indexed_parts) == len(positive) and all(p.exact for p in positive)
             and all(p.rows is not None and p.exact for p in negative))
    return _Part(f"({cond})", params, rows, row_params, exact)


def _any(parts: list[_Part]) -> _Part:
    """At least one of `parts`."""
    if len(parts) == 1:
        return parts[0]
    cond = "(" + " OR ".join(p.cond for p in parts) + ")"
    params = [x for p in parts for x in p.params]
    if any(p.rows is None for p in parts):
        return _Part(cond, params)
    rows = " UNION ".join(f"SELECT seq FROM ({p.rows})" for p in parts)
    return _Part(cond, params, rows, [x for p in parts for x in p.row_params], all(p.exact for p in parts))


@record
class Plan:
    """A search as SQL: `rows` (the candidates, read from the indexes) or None (a scan of the
    rows the filters leave), `cond` on `e` when the candidates need checking, and `rank`: the
    FTS5 query whose bm25 orders the results (None: no word to rank by)."""

    rows: str | None
    row_params: list[object]
    cond: str | None
    cond_params: list[object]
    rank: str | None
    probe: str
    """The whole query as a condition on one row `e` by index lookups (`_in`'s probe)."""
    probe_params: list[object]
    leaves_out: bool
    """Whether the query has NOT or -word (the best-scored matches may be the ones it leaves out)."""
    short_prefix: bool = False
    """Whether a word is a prefix shorter than PREFIX_INDEX: a lookup of one row by it merges
    every word it starts, so its matches are read once, never probed row by row."""
    ranks_one: bool = False
    """Whether `rank` is one clause (one word or phrase, or several all required: `rank_floor` may
    cap what it scores)."""
    rank_implies_probe: bool = False
    """Whether every row `rank` matches passes `probe`: the search is one clause of words or
    phrases with no symbols in them and none left out (each one's probe is its own MATCH in
    `rank`, or that or its text inside a word)."""
    typed_alone: str | None = None
    """The query's one word when it is one or two letters being typed (`_alone_and_short`)."""


def _short(term: Term) -> bool:
    """A word of one or two letters being typed (a prefix, no prefix index that short)."""
    return term.prefix and not term.phrase and all(map(indexed, term.text)) and len(term.text) < PREFIX_INDEX


def _alone_and_short(query: AnyOf) -> str | None:
    """The word of a query that is one word of one or two letters being typed (the first keys
    typed into the TUI's search), else None: it is looked for among the newest entries first
    (`store/entries.search`, SCANNED_AT_MOST)."""
    items = query.clauses[0].items
    if len(query.clauses) == 1 and len(items) == 1 and isinstance(items[0], Term) and _short(items[0]):
        return items[0].text
    return None


SCANNED_AT_MOST = 2000
"""The newest entries a word of one or two letters typed alone is looked for in, row by row
(`starts_word`), before the word index is asked: "w" merged every word it starts, 0.9 s and
22 MB at 100,000 entries, where its 200 newest are among the newest few hundred entries."""


def _on_rows(query: AnyOf) -> set[Term]:
    """The short prefixes (a word of one or two letters being typed) checked on the rows the rest
    of the query finds, never read from the word index: with no prefix index that short, reading
    one merges every word it starts ("the an" took 400 ms at 100,000 entries, "the and of t"
    1.1 s). Only in a query of one clause with another word to find the rows by."""
    if len(query.clauses) != 1:
        return set()
    terms = [item for item in query.clauses[0].items if isinstance(item, Term)]
    if not any(any(map(indexed, t.text)) and not _short(t) for t in terms):
        return set()
    return {t for t in terms if _short(t)}


def _starts_word(term: Term) -> _Part:
    """A short prefix checked on the row (`_on_rows`): a word of the title, text, tags or feedback
    fields starts with it (`starts_word`, store/engine)."""
    return _Part("starts_word(?, e.title, e.body, e.tags, e.details_text)", [term.text])


def _whole(query: AnyOf, ranked: list[str], probe: bool, on_rows: Collection[Term] = ()) -> _Part:
    clauses = []
    for clause in query.clauses:
        positive = [_starts_word(item) if item in on_rows else _term(item, ranked, probe)
                    for item in clause.items if isinstance(item, Term)]
        negative = [_term(item.child, None, probe) for item in clause.items if isinstance(item, Not)]
        clauses.append(_all(positive, negative) if positive else _Part(
            "(" + " AND ".join(f"NOT ({p.cond})" for p in negative) + ")", [x for p in negative for x in p.params]))
    return _any(clauses)


def plan(text: str, prefix_last: bool = False) -> Plan:
    """Parse `text` and make it SQL (see the module's docstring)."""
    query = parse(text, prefix_last)
    ranked: list[str] = []
    on_rows = _on_rows(query)
    whole = _whole(query, ranked, probe=False, on_rows=on_rows)
    probe = _whole(query, [], probe=True, on_rows=on_rows)
    ranking = list(dict.fromkeys(ranked))
    # one clause: the entries that hold all its words are scored (the whole journal was, for a
    # word in any of them: "the and" took 340 ms at 100,000 entries); one that matches some of
    # them only inside other words follows, newest first, as matches by substring do
    one_clause = len(query.clauses) == 1
    rank = (" AND " if one_clause else " OR ").join(ranking) or None
    leaves_out = any(isinstance(item, Not) for clause in query.clauses for item in clause.items)
    short = any(term.prefix and sum(map(indexed, term.text)) < PREFIX_INDEX and term not in on_rows
                for clause in query.clauses for item in clause.items
                for term in [item.child if isinstance(item, Not) else item])
    items = [item for clause in query.clauses for item in clause.items]
    # a row that matches the one clause's words (`rank`, their AND) passes the probe: each is a
    # word there (or its text inside a word), with no symbols to check besides
    implied = one_clause and all(isinstance(item, Term) and (item in on_rows or (
        any(indexed(c) for c in item.text) and not _symbol_runs(item.text))) for item in items)
    if implied and on_rows:  # what `rank` leaves to check on its rows: the short prefixes
        probe = _all([_starts_word(term) for term in on_rows], [])
        implied = False
    exact = whole.rows is not None and whole.exact  # the candidates need no check
    return Plan(whole.rows, whole.row_params, None if exact else whole.cond, [] if exact else whole.params, rank,
                probe.cond, probe.params, leaves_out, short, one_clause, implied,
                typed_alone=_alone_and_short(query) if prefix_last else None)


def rank_floor(conn: sqlite3.Connection, found: Plan) -> int | None:
    """The first entry (its seq) a search ranked by one clause (a word, a phrase, several all
    required) scores, when more than RANKED_AT_MOST entries hold it: the RANKED_AT_MOST written
    last are scored, older ones follow newest first. None: every match is scored. One read of
    RANKED_AT_MOST rowids, newest first (under a millisecond for a word in 99,710 of 100,000
    entries)."""
    if found.rank is None or not found.ranks_one or found.short_prefix:  # reading its rowids merges every word
        return None                                                          # it starts: slower than scoring them
    row = conn.execute("SELECT rowid FROM entries_fts WHERE entries_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?",
                       (found.rank, RANKED_AT_MOST - 1)).fetchone()
    return None if row is None else int(row[0])


def _scored(found: Plan, floor: int | None) -> tuple[str, list[object]]:
    """The condition on entries_fts that picks the rows bm25 scores (`rank_floor`'s `floor`)."""
    if floor is None:
        return "entries_fts MATCH ?", [found.rank]
    return "entries_fts MATCH ? AND rowid >= ?", [found.rank, floor]


def select(found: Plan, columns: str, clauses: list[str], params: list[object], newest_first: str,
           *, newest: bool = False, limit: int | None = None, floor: int | None = None) -> tuple[str, list[object]]:
    """The whole statement: `columns` of the entries `e` that `found` and the filter's `clauses`
    keep, best match first (bm25 over entries_fts from `floor` on; ties, older matches and
    matches by substring or symbol only newest first), or newest first with `newest`; at most `limit`."""
    sql, values = "", list[object]()
    order = newest_first
    rank_join = ""
    if found.rank is not None and not newest:
        weights = ", ".join(map(str, WEIGHTS))
        scored, scored_params = _scored(found, floor)
        sql = (f"WITH ranked(seq, score) AS MATERIALIZED (SELECT rowid, bm25(entries_fts, {weights}) "
               f"FROM entries_fts WHERE {scored}) ")
        values += scored_params
        rank_join = " LEFT JOIN ranked r ON r.seq = e.seq"
        order = "ORDER BY r.score IS NULL, r.score, " + newest_first.removeprefix("ORDER BY ")
    where: list[str] = []
    if found.rows is not None:
        where.append(_in(found.rows, probe=False))
        values += found.row_params
    if found.cond is not None:
        where.append(found.cond)
        values += found.cond_params
    where += clauses
    values += params
    sql += f"SELECT {columns} FROM entries e{rank_join} WHERE {' AND '.join(where)} {order}"
    if limit is not None:
        sql += " LIMIT ?"
        values.append(limit)
    return sql, values


TOP_POOL = 20
"""How many best-scored matches `select_top` reads beyond three times the page."""


def select_top(found: Plan, columns: str, clauses: list[str], params: list[object], newest_first: str,
               limit: int, floor: int | None = None) -> tuple[str, list[object], int] | None:
    """A page of a ranked search read from the best bm25 scores only: (statement, values, pool).

    `select` scores every match and sorts them all (a word in most entries: 0.5 s at 100,000
    entries). Here SQLite keeps the `pool` best scores as it goes (a heap, no sort of them
    all), the rest of the query and the filters are checked on those rows alone by index
    lookups (`Plan.probe`), and the page is ordered as `select` orders it. Each row ends with
    its score, the pool's worst score and the pool's size: `top_is_whole` tells whether the
    page is `select`'s own; else (filters that leave few of the best, a page reaching into
    unranked matches) the caller runs `select`. None when nothing ranks the search, it leaves
    words out (those often remove most of the best-scored), or it has a prefix too short for the
    prefix index (a probe by it merged every word it starts: typing "m" into the TUI's search
    at 100,000 entries took 43 s here, 0.6 s with `select`).
    """
    if found.rank is None or found.leaves_out or found.short_prefix:
        return None
    pool = TOP_POOL + 3 * limit
    weights = ", ".join(map(str, WEIGHTS))
    # the pool's rows match `rank`: a probe that follows from it is left out (for a prefix each
    # probe merged the prefix's words again: 7 ms of a 15 ms page of a word in most of 100k)
    probe, probe_params = ([], []) if found.rank_implies_probe else ([found.probe], found.probe_params)
    where = " AND ".join([*probe, *clauses]) or "1"
    scored, scored_params = _scored(found, floor)
    sql = (f"WITH pool(seq, score) AS (SELECT rowid, bm25(entries_fts, {weights}) AS score FROM entries_fts "
           f"WHERE {scored} ORDER BY score LIMIT ?), "
           "edge(worst, size) AS (SELECT max(score), count(*) FROM pool) "
           f"SELECT {columns}, p.score, edge.worst, edge.size FROM pool p JOIN entries e ON e.seq = p.seq, edge "
           f"WHERE {where} ORDER BY p.score, {newest_first.removeprefix('ORDER BY ')} LIMIT ?")
    return sql, [*scored_params, pool, *probe_params, *params, limit], pool


def top_is_whole(rows: list[Sequence[object]], limit: int, pool: int) -> bool:
    """Whether `select_top`'s rows are the whole page: `limit` of them, and every match left out
    of the pool scores worse than the page's last row (or none was left out)."""
    if len(rows) < limit:
        return False
    if not rows:
        return True
    score, worst, size = rows[-1][-3:]
    return size < pool or score < worst  # type: ignore[operator]
