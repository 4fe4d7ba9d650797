"""What forgiving search (issue 19, m011) costs: index size and search time, before and after.

    python -m tests.bench.search_index --sizes 10000,100000 [--runs 5] [--work-dir DIR --keep]

For each size the cached corpus (tests/bench/corpus.py) is copied twice: "before" migrated up
to m010 (one FTS5 index, unicode61: whole words only) and "after" migrated through m011 (the
same index with the porter stemmer, plus the trigram index for substrings and emoji). The
m011 step is timed as a person meets it (`open_journal`, with its backup first).

Sizes come from SQLite's dbstat (the stdlib driver, reading the plain copies): the pages of
each index's tables, per entry and as a share of the whole file. Times are in-process, the
statement alone (no Python start, no output): the fastest of --runs after one warm-up,
"before" by the statement `journal search` ran before m011 (every word quoted, newest first),
"after" by store/search.py (ranked). Queries the old index could not answer (a prefix, a
substring, an emoji) have no "before" time: it found nothing (or scanned for the emoji).
Whole-process figures are `python -m tests.bench --ops search,search_all`.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from tests.bench import corpus as corpus_mod

HERE = Path(__file__).resolve().parent
MB = 1024 * 1024
BEFORE = "m010_mentee_cycle"


def _migrated(source: Path, target: Path, upto: str | None) -> float:
    """Copy `source` to `target` and bring it up to `upto` (None: every step); seconds taken."""
    from journal.store import migrations
    from journal.store.db import open_journal

    shutil.copy(source, target)
    steps, known = migrations.STEPS, migrations.KNOWN
    if upto is not None:
        migrations.STEPS = steps[: known.index(upto) + 1]
        migrations.KNOWN = tuple(step.__name__ for step in migrations.STEPS)
    try:
        started = time.perf_counter()
        open_journal(target).close()
        return time.perf_counter() - started
    finally:
        migrations.STEPS, migrations.KNOWN = steps, known
        for stale in target.parent.glob(f"{target.name}.bak-*"):
            stale.unlink()


def _sizes(path: Path) -> dict[str, int] | None:
    """Bytes of the word index, the trigram index and the whole file (None: no dbstat here)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT CASE WHEN name LIKE 'entries_fts%' THEN 'words' WHEN name LIKE 'entries_trigram%' THEN 'trigram' "
            "ELSE 'rest' END, sum(pgsize) FROM dbstat GROUP BY 1").fetchall()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    found = {"words": 0, "trigram": 0, "rest": 0} | dict(rows)
    found["file"] = sum(found.values())
    return found


def _fastest(conn, sql: str, params: list[object], runs: int) -> tuple[float, int]:
    """The fastest of `runs` (after a warm-up), in ms, and the rows found."""
    found = len(conn.execute(sql, params).fetchall())
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        conn.execute(sql, params).fetchall()
        best = min(best, time.perf_counter() - started)
    return best * 1000, found


def _old_statement(text: str, limit: int | None) -> tuple[str, list[object]]:
    """The statement `journal search` ran before m011 for words (store/entries.search then)."""
    from journal.domain.model import EntryFilter
    from journal.store.entries import _NEWEST_FIRST, _SELECT, _where

    clauses, params = _where(EntryFilter())
    match = " ".join('"' + word.replace('"', '""') + '"' for word in text.split())
    sql = (f"SELECT {_SELECT} FROM entries_fts JOIN entries e ON e.seq = entries_fts.rowid "
           f"WHERE entries_fts MATCH ? AND {' AND '.join(clauses)} {_NEWEST_FIRST}")
    values: list[object] = [match, *params]
    if limit is not None:
        sql += " LIMIT ?"
        values.append(limit)
    return sql, values


def _new_statement(text: str, limit: int | None) -> tuple[str, list[object]]:
    from journal.domain.model import EntryFilter
    from journal.store import search
    from journal.store.entries import _NEWEST_FIRST, _SELECT, _where

    clauses, params = _where(EntryFilter())
    return search.select(search.plan(text), _SELECT, clauses, params, _NEWEST_FIRST, limit=limit)


def queries(word: str) -> list[tuple[str, str, bool]]:
    """(what, query, whether the old index answers it) for the corpus's search word."""
    middle = word[1:4]
    return [
        ("word", word, True),
        ("prefix", word[:4], False),
        ("substring", middle, False),
        ("word -common", f"{word} -the", False),
        ("word OR word", f"{word} OR practice", False),
        ("phrase", '"the assumption"', False),
        ("common word", "the", True),
        ("emoji", "🎉", False),
    ]


def bench_size(n: int, args: argparse.Namespace, work: Path) -> None:
    from journal.store import engine

    corpus = corpus_mod.build(n, args.seed, args.cache_dir, log=lambda line: print(line, file=sys.stderr))
    folder = work / f"n{n}"
    folder.mkdir(parents=True, exist_ok=True)
    before, after = folder / "before.db", folder / "after.db"
    if not before.exists():
        print(f"n={n}: migrating a copy to {BEFORE}…", file=sys.stderr)
        _migrated(corpus.db, before, BEFORE)
    if not after.exists():
        print(f"n={n}: migrating a copy through m011…", file=sys.stderr)
        seconds = _migrated(before, after, None)
        print(f"n={n}: m011 on {n:,} entries (open_journal, its backup first): {seconds:.1f} s")
    old, new = _sizes(before), _sizes(after)
    if old is None or new is None:
        print(f"n={n}: sizes: this Python's sqlite3 has no dbstat")
    else:
        grown = new["file"] - old["file"]
        print(f"n={n}: file {old['file'] / MB:.1f} MB -> {new['file'] / MB:.1f} MB "
              f"(+{grown / MB:.1f} MB, +{100 * grown / old['file']:.1f} %)")
        print(f"  word index   before {old['words'] / MB:6.1f} MB ({old['words'] / n:5.0f} B/entry, "
              f"{100 * old['words'] / old['file']:4.1f} % of the file)   "
              f"after (porter) {new['words'] / MB:6.1f} MB ({new['words'] / n:5.0f} B/entry)")
        print(f"  trigram index              after {new['trigram'] / MB:6.1f} MB ({new['trigram'] / n:5.0f} B/entry, "
              f"{100 * new['trigram'] / new['file']:4.1f} % of the file)")
    old_conn = engine.connect(str(before), None, isolation_level=None)
    new_conn = engine.connect(str(after), None, isolation_level=None)
    try:
        print(f"  {'query':34} {'limit':>5}  {'before ms':>9} {'found':>6}  {'after ms':>9} {'found':>6}  after/before")
        for what, text, answered in queries(corpus.search_word):
            for limit in (10, None):
                new_ms, new_found = _fastest(new_conn, *_new_statement(text, limit), args.runs)
                if answered:
                    old_ms, old_found = _fastest(old_conn, *_old_statement(text, limit), args.runs)
                    old_cells, ratio = f"{old_ms:9.1f} {old_found:6}", f"{new_ms / old_ms:8.2f}x"
                else:
                    old_cells, ratio = f"{'-':>9} {'-':>6}", ""
                shown = f"{what}: {text}"
                print(f"  {shown:34} {limit or 'all':>5}  {old_cells}  {new_ms:9.1f} {new_found:6}  {ratio}")
    finally:
        old_conn.close()
        new_conn.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.search_index", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated entry counts")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per query (the fastest is shown)")
    parser.add_argument("--seed", type=int, default=corpus_mod.DEFAULT_SEED)
    parser.add_argument("--cache-dir", type=Path, default=HERE / ".cache", help="where corpora are cached")
    parser.add_argument("--work-dir", type=Path, help="where the migrated copies go (default: a temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the copies (a second run reuses them)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="search-index-"))
    try:
        for n in [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]:
            bench_size(n, args, work)
    finally:
        if not args.keep and args.work_dir is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
