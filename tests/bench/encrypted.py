"""Encrypted journals in the benchmark: the corpus encrypted with SQLCipher (cached next to it),
each command timed alternately with its plain twin in the same run, and the ratio reported.

Routes to the key: remembered (`journal unlock --remember`: the kernel's cache, then the OS
keyring), the keyring alone (the kernel's copy dropped before each run), and a passphrase
(from JOURNAL_PASSPHRASE_FILE on the CLI, typed on the unlock screen in the TUI), where the
added time should be the key derivation alone.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.bench.timing import Stat, measure_pair, run_once, tui_first_paint

PASSPHRASE = "bench: a long passphrase nobody types"
CACHE_NAME = "journal-encrypted.db"


@dataclass
class Pair:
    key: str
    label: str
    plain: Stat
    encrypted: Stat
    note: str = ""


def available(env: dict, cwd: Path) -> bool:
    probe = "import sys; from journal.store import engine; import keyring; sys.exit(0 if engine.ENCRYPTION else 1)"
    return subprocess.run([sys.executable, "-c", probe], env=env, cwd=cwd, capture_output=True).returncode == 0


def encrypted_corpus(plain_db: Path, journal: list[str], env: dict, cwd: Path, log) -> Path:
    """The corpus encrypted with PASSPHRASE by `journal encrypt`, made once and cached beside it."""
    target = plain_db.parent / CACHE_NAME
    if target.exists():
        return target
    scratch = plain_db.parent / f".encrypting-{os.getpid()}"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(mode=0o700)
    try:
        db = scratch / "journal.db"
        shutil.copyfile(plain_db, db)
        os.chmod(db, 0o600)
        secret = passphrase_file(scratch)
        started = time.perf_counter()
        run_once(journal + ["--db", str(db), "encrypt"], env | {"JOURNAL_PASSPHRASE_FILE": str(secret)}, cwd)
        log(f"  encrypted the corpus in {time.perf_counter() - started:.1f} s -> {target}")
        os.replace(db, target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target


def passphrase_file(folder: Path) -> Path:
    path = folder / "passphrase"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(PASSPHRASE + "\n")
    return path


def derivation_seconds(salt_of: Path, runs: int) -> float:
    """Median time of deriving the key from PASSPHRASE, in this process."""
    from journal.store import engine

    salt = engine.header(salt_of)
    times = []
    for _ in range(max(3, runs)):
        started = time.perf_counter()
        engine.Key.derive(PASSPHRASE, salt)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bench(corpus_db: Path, plain_read: Path, plain_add: Path, search_word: str, journal: list[str], env: dict,
          root: Path, runs: int, warm: int, log, *, tui: bool = True) -> list[Pair]:
    """Every encrypted figure at one size (the plain journals are the run's own copies)."""
    from journal.services import unlocking
    from journal.store import backups

    source = encrypted_corpus(corpus_db, journal, env, root, log)
    folder = root / "encrypted"
    folder.mkdir(mode=0o700)
    secret = passphrase_file(folder)
    enc_read, enc_add = folder / "read" / "journal.db", folder / "add" / "journal.db"
    for db in (enc_read, enc_add):
        db.parent.mkdir(mode=0o700)
        shutil.copyfile(source, db)
        os.chmod(db, 0o600)
    (folder / "remembering").mkdir()
    (folder / "asking").mkdir()
    remembering = env | {"XDG_CONFIG_HOME": str(folder / "remembering"),
                         "PYTHON_KEYRING_BACKEND": "tests.bench.bench_keyring.Keyring",
                         "BENCH_KEYRING_FILE": str(folder / "keyring.json")}
    asking = env | {"XDG_CONFIG_HOME": str(folder / "asking")}
    with_file = asking | {"JOURNAL_PASSPHRASE_FILE": str(secret)}
    for db in (enc_read, enc_add):
        run_once(journal + ["--db", str(db), "unlock", "--remember"],
                 remembering | {"JOURNAL_PASSPHRASE_FILE": str(secret)}, root)
    # The first write of the day takes the daily backup: take it now on both sides, untimed.
    for db, side_env in ((plain_add, env), (enc_add, remembering)):
        run_once(journal + ["--db", str(db), "add", "Bench entry before the timed adds"], side_env, root)
        backups.wait(db)  # made by a process of its own at this size: not beside the timed runs

    counter = iter(range(10**9))

    def cli(db: Path, side_env: dict, *args: str, before: Callable[[], None] | None = None):
        return lambda: run_once(journal + ["--db", str(db), *args], side_env, root, setup=before)[:2]

    def add(db: Path, side_env: dict):
        return lambda: run_once(journal + ["--db", str(db), "add", f"Bench entry {next(counter)} on the mentor"],
                                side_env, root)[:2]

    out = root / "tui-out.txt"

    def paint(db: Path, side_env: dict, typed: Path | None = None, figure: str = "first_paint_s"):
        return lambda: tui_first_paint(db, side_env, root, out, typed, figure)

    plans = [
        ("enc_list", "encrypted: list -n 10, key remembered", cli(plain_read, env, "list", "-n", "10"),
         cli(enc_read, remembering, "list", "-n", "10")),
        ("enc_list_keyring", "encrypted: list -n 10, key from the keyring package (kernel cache dropped)",
         cli(plain_read, env, "list", "-n", "10"),
         cli(enc_read, remembering, "list", "-n", "10", before=lambda: unlocking.forget_cached(enc_read.resolve()))),
        ("enc_list_typed", "encrypted: list -n 10, passphrase from a file", cli(plain_read, env, "list", "-n", "10"),
         cli(enc_read, with_file, "list", "-n", "10")),
        ("enc_search", "encrypted: search WORD -n 10, key remembered",
         cli(plain_read, env, "search", search_word, "-n", "10"),
         cli(enc_read, remembering, "search", search_word, "-n", "10")),
        ("enc_add", "encrypted: add TEXT, key remembered", add(plain_add, env), add(enc_add, remembering)),
        ("enc_tui", "encrypted: TUI first paint, key remembered", paint(plain_read, env), paint(enc_read, remembering)),
        ("enc_tui_typed", "encrypted: TUI, open (plain) / enter on unlock screen -> first paint",
         paint(plain_read, env, figure="open_to_paint_s"), paint(enc_read, asking, secret, "open_to_paint_s")),
    ]
    if not tui:
        plans = [plan for plan in plans if "tui" not in plan[0]]
    derive = derivation_seconds(enc_read, runs)
    pairs = []
    for key, label, plain_fn, enc_fn in plans:
        plain, encrypted = measure_pair(plain_fn, enc_fn, runs, warm)
        note = ""
        if key in ("enc_list_typed", "enc_tui_typed"):
            note = (f"added {1000 * (encrypted.median - plain.median):.0f} ms; "
                    f"key derivation alone {1000 * derive:.0f} ms")
        pairs.append(Pair(key, label, plain, encrypted, note))
        log(f"  {key:<16} plain {1000 * plain.median:6.0f} ms  encrypted {1000 * encrypted.median:6.0f} ms  "
            f"{encrypted.median / plain.median:.2f}x {note}")
    unlocking.forget_cached(enc_read.resolve())
    unlocking.forget_cached(enc_add.resolve())
    return pairs
