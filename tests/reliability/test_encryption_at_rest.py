"""Encryption at rest: no byte of an encrypted journal's text reaches the disk in the clear,
a conversion killed at any moment leaves a journal that opens, and every failure is one line.

1. A session of writes (an entry with distinctive body, title and tag words, an edit, a goal,
   a draft, backups, a delete and a purge) leaves no distinctive word in the bytes of any
   file under the test's folder: the journal, its -wal and -shm, the backups, temp files.
   The same session on a plain journal finds them (so the grep can fail).
2. `journal encrypt`, `journal decrypt --yes` and a passphrase change SIGKILLed at random
   moments and before each file they convert: the journal opens with the old or the new
   passphrase (plain counts as one), no entry is lost, no copy is left that its salt's key
   does not open, no file holds its text in the clear while it is encrypted, doctor finds
   nothing it cannot explain, no `*.convert.tmp` survives the next command. Also: a 12 MB
   journal's passphrase change killed while it writes, and a plain temp file of a killed
   backup, which `journal encrypt` must not leave behind.
3. The error lines: a wrong passphrase, an empty one, no SQLCipher, a passphrase file others
   can read, no terminal and no passphrase source.
4. The OS keyring (a fake in-memory backend, in-process): remember, lock, a refusing keyring,
   no keyring at all.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from journal import config
from journal.domain.errors import StorageError
from journal.domain.model import Draft
from journal.services import EntryInput, Journal, privacy, unlocking
from journal.store import crypt, engine
from journal.store.backups import managed_copies

from .conftest import ITERATIONS, one_clean_line

pytestmark = pytest.mark.skipif(not engine.ENCRYPTION, reason="sqlcipher3 is not installed")

PASSPHRASE = "correct horse battery staple"
NEW_PASSPHRASE = "a quite different passphrase"

WORDS = {
    "body": "okapibodyword",
    "title": "platypustitleword",
    "tag": "narwhaltagword",
    "edit": "capybaraeditword",
    "goal": "axolotlgoalword",
    "draft": "quetzaldraftword",
}
PURGED = "pangolinpurgedword"
"""The word of an entry deleted and purged: in no file, encrypted or not (K81)."""


@pytest.fixture(autouse=True)
def no_keys_left():
    """Keys are remembered per process by salt: each test starts and ends knowing none."""
    engine.forget_all()
    yield
    engine.forget_all()


def secret_file(folder: Path, text: str, name: str = "passphrase", mode: int = 0o600) -> Path:
    """A JOURNAL_PASSPHRASE_FILE holding `text` (outside the folders the greps look at)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text + "\n", encoding="utf-8")
    path.chmod(mode)
    return path


def holders(folder: Path, word: str, skip: Path) -> list[Path]:
    """Every file under `folder` (but not under `skip`) whose bytes hold `word`, lower or upper case."""
    found = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or skip in path.parents:
            continue
        data = path.read_bytes()
        if word.encode() in data or word.upper().encode() in data:
            found.append(path)
    return found


# --------------------------------------------------------------------------- 1. raw bytes
@pytest.mark.parametrize("encrypted", [True, False], ids=["encrypted", "plain"])
def test_no_word_of_an_encrypted_journal_is_in_any_file_on_disk(tmp_path, proc, db_path, encrypted):
    secrets = tmp_path / "secrets"
    env = {"JOURNAL_PASSPHRASE_FILE": str(secret_file(secrets, PASSPHRASE))}

    def ok(*args):
        result = proc(*args, env=env)
        assert result.returncode == 0, (args, result.stderr.decode())
        return result.stdout.decode()

    ok("init", *(["--encrypt"] if encrypted else []))
    assert engine.is_encrypted(db_path) is encrypted
    # Held open across the whole session, so the -wal and -shm files stay on disk to be read.
    journal = Journal.open(db_path, ask=lambda prompt: PASSPHRASE)
    try:
        ok("add", "--title", f"about the {WORDS['title']}", "-t", WORDS["tag"],
           f"a day with an {WORDS['body']} in it and more")
        [entry] = json.loads(ok("list", "--format", "json"))
        entry_id = entry["id"]
        ok("edit", entry_id, "--text", f"the {WORDS['body']} again, then an {WORDS['edit']}")
        ok("goal", "add", f"learn the {WORDS['goal']}")
        draft_id = journal.drafts.save(Draft(body=f"half a thought on a {WORDS['draft']}"))
        assert draft_id is not None
        ok("backup")
        ok("add", f"{PURGED} should vanish " + "filler " * 500)
        purged_id = next(line.split()[0] for line in ok("list").splitlines() if PURGED in line)
        ok("delete", purged_id)
        ok("purge", "--yes")
        ok("backup")
        files = sorted(p.name for p in tmp_path.rglob("*") if p.is_file())
        assert "journal.db-wal" in files and "journal.db-shm" in files, files
        assert len(list((db_path.parent / "backups").iterdir())) >= 2  # the daily one and ours
        # Every file under the test's folder: data (journal, -wal, -shm, backups), TMPDIR, config, home.
        found = {word: holders(tmp_path, word, skip=secrets) for word in WORDS.values()}
        # The entries are there all the same (the grep is not looking at an empty journal).
        assert WORDS["edit"] in ok("show", entry_id)
        assert journal.drafts.get(draft_id) is not None
    finally:
        journal.close()
    after = {word: holders(tmp_path, word, skip=secrets) for word in WORDS.values()}
    if encrypted:
        assert found == {word: [] for word in WORDS.values()}
        assert after == found
    else:  # the same session on a plain journal: the grep finds every word
        assert all(found[word] for word in WORDS.values()), found
        assert all(after[word] for word in WORDS.values()), after
    assert holders(tmp_path, PURGED, skip=secrets) == []


# --------------------------------------------------------------------------- 2. kill -9 loops
ENTRIES = 300
SEED_TEXT = "several words of text"

CHILD = """
import os, signal, sys
from importlib import import_module

action, db, old, new, kill_at, nth = sys.argv[1:7]
if kill_at:  # SIGKILL ourselves at the nth call of kill_at (module.function)
    module_name, name = kill_at.rsplit(".", 1)
    module, calls, original = import_module(module_name), [], getattr(import_module(module_name), name)

    def dying(*args, **kwargs):
        calls.append(None)
        if len(calls) == int(nth):
            os.kill(os.getpid(), signal.SIGKILL)
        return original(*args, **kwargs)

    setattr(module, name, dying)
if action == "passphrase":
    from journal.services import privacy

    privacy.change_passphrase(db, ask=lambda prompt: old, new_passphrase=new)
else:
    from journal.cli import main

    main(["--db", db, action, *(["--yes"] if action == "decrypt" else [])])
"""
"""The command in a child process, optionally killed at a given step. `journal passphrase`
takes the current and the new passphrase from the same JOURNAL_PASSPHRASE_FILE/FD when one
is set (it cannot be given two different ones without a terminal), so a passphrase change is
driven through `privacy.change_passphrase`, the function the command calls."""


def seed_journal(db_path: Path, encrypted: bool) -> int:
    """A journal of ENTRIES entries and a backup (besides the daily one); returns its entry count."""
    if encrypted:
        privacy.create_encrypted(db_path, PASSPHRASE)
    with Journal.open(db_path, ask=lambda prompt: PASSPHRASE, create=True) as journal:
        for i in range(ENTRIES):
            journal.entries.write(EntryInput(f"entry {i} " + f"{SEED_TEXT} " * 200, tags=(f"t{i % 7}",)))
        journal.upkeep.backup()
    engine.forget_all()
    return ENTRIES


class Conversion:
    """One action (encrypt, decrypt, passphrase) on a seeded journal, reset before each trial."""

    def __init__(self, tmp_path: Path, proc, db_path: Path, action: str) -> None:
        self.tmp_path, self.proc, self.db, self.action = tmp_path, proc, db_path, action
        secrets = tmp_path / "secrets"
        self.files = {"old": secret_file(secrets, PASSPHRASE, "old")}
        self.files["new"] = self.files["old"] if action == "encrypt" else secret_file(secrets, NEW_PASSPHRASE, "new")
        self.env = {**proc.env, "JOURNAL_PASSPHRASE_FILE": str(self.files["old"])}
        self.was_encrypted = action != "encrypt"
        self.expected = seed_journal(db_path, encrypted=self.was_encrypted)
        self.kept = [(db_path.parent, tmp_path / "template"), (tmp_path / "config", tmp_path / "config-template")]
        for live, kept in self.kept:
            shutil.copytree(live, kept) if live.exists() else kept.mkdir()
        self.outcomes = {"old": 0, "new": 0, "finished": 0}
        self.warnings: set[str] = set()

    def reset(self) -> None:
        for live, kept in self.kept:
            shutil.rmtree(live, ignore_errors=True)
            shutil.copytree(kept, live)

    def command(self, kill_at: str = "", nth: int = 0) -> tuple[list[str], dict[str, str]]:
        """The real `journal encrypt` / `decrypt --yes`, or the child (passphrase, or killed at a step)."""
        if self.action != "passphrase" and not kill_at:
            extra = ["--yes"] if self.action == "decrypt" else []
            return [sys.executable, "-m", "journal", "--db", str(self.db), self.action, *extra], self.env
        env = dict(self.env)
        if self.action == "passphrase":
            del env["JOURNAL_PASSPHRASE_FILE"]  # the old passphrase comes from `ask`
        return [sys.executable, "-c", CHILD, self.action, str(self.db), PASSPHRASE, NEW_PASSPHRASE, kill_at,
                str(nth)], env

    def run(self, argv: list[str], env: dict[str, str], delay: float) -> bool:
        """Start `argv`, SIGKILL it after `delay` s (or when it kills itself); True if it finished."""
        child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            _, err = child.communicate(timeout=delay)
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGKILL)
            child.communicate()
            return False
        if child.returncode == -signal.SIGKILL:
            return False
        assert child.returncode == 0, err.decode()
        return True

    def opens(self) -> str:
        """The next command (`journal list`): which passphrase opens the journal, "old" or "new"
        (plain counts as opening: encrypt's old state and decrypt's new one)."""
        tried = []
        for name in ("old", "new"):
            result = self.proc("list", "-n", "1", env={"JOURNAL_PASSPHRASE_FILE": str(self.files[name])})
            if result.returncode == 0:
                if self.action != "passphrase":
                    return "old" if engine.is_encrypted(self.db) == self.was_encrypted else "new"
                return name
            tried.append(f"{name}: {result.stderr.decode().strip()}")
        raise AssertionError(f"the journal opens with neither passphrase: {tried}")

    def check(self, finished: bool, where: object) -> None:
        """Everything a killed conversion must leave true, after the next command."""
        self.outcomes["finished"] += finished
        state = self.opens()
        self.outcomes[state] += 1
        assert list(self.tmp_path.rglob(f"*{crypt.TEMP_SUFFIX}*")) == [], where
        passphrase = NEW_PASSPHRASE if (self.action, state) == ("passphrase", "new") else PASSPHRASE
        engine.forget_all()
        with Journal.open(self.db, ask=lambda prompt: passphrase) as journal:
            assert journal.conn.execute("SELECT count(*) FROM entries").fetchone()[0] == self.expected, where
        engine.forget_all()
        if engine.is_encrypted(self.db):  # no copy it keeps, no temp file, holds its text in the clear
            assert crypt.copies_to_convert(self.db, True) == [], where
            assert holders(self.tmp_path, SEED_TEXT, skip=self.tmp_path / "template") == [], where
            self.check_copies(passphrase, state, where)
        self.doctor(self.files[state] if self.action == "passphrase" else self.files["old"], where)
        if self.action == "encrypt" and state == "old":  # encrypt again, to the end: nothing stays plain
            assert self.run(*self.command(), delay=120)
            assert holders(self.tmp_path, SEED_TEXT, skip=self.tmp_path / "template") == [], where
            assert self.proc("doctor", env={"JOURNAL_PASSPHRASE_FILE": str(self.files["old"])}).returncode == 0

    def check_copies(self, passphrase: str, state: str, where: object) -> None:
        """Each encrypted copy opens with the key its salt names once the journal is unlocked, or
        has a salt of its own (only a passphrase change killed before reaching it leaves one, and
        it opens with the earlier passphrase): never a copy that looks like the journal's and is not."""
        engine.forget_all()
        unlocking.unlock(self.db, ask=lambda prompt: passphrase)
        for copy in managed_copies(self.db):
            key = engine.key_for(copy)
            if key is None:
                assert (self.action, state) == ("passphrase", "new"), (where, copy)
                assert unlocking.opens(copy, engine.Key.derive(PASSPHRASE, engine.header(copy))), (where, copy)
            else:
                assert unlocking.opens(copy, key), (where, f"{copy.name} does not open with the key of its salt")
        engine.forget_all()

    def doctor(self, file: Path, where: object) -> None:
        """Doctor exits 0, or warns only of what a killed conversion explains."""
        result = self.proc("doctor", env={"JOURNAL_PASSPHRASE_FILE": str(file)})
        out, err = result.stdout.decode(), result.stderr.decode()
        lines = [line for line in out.splitlines() if line.startswith(("WARN", "FAIL"))]
        assert (result.returncode == 0) == (not lines), (where, out + err)
        plain = not engine.is_encrypted(self.db)
        explained = {
            # A kill inside the backup taken before encrypting (or decrypting, S337) leaves its temp
            # file, as any killed backup does (a plain journal's plain copy, an encrypted one's
            # encrypted copy; `journal encrypt` and `journal decrypt` remove it).
            "leftovers": "unfinished file(s) from an interrupted backup" if plain or self.action == "decrypt" else "\0",
            # A passphrase change killed between the journal and its copies.
            "encryption": "open only with an earlier passphrase" if self.action == "passphrase" else "\0",
        }
        for line in lines:
            status, rest = line.split(None, 1)
            name = rest.split(":", 1)[0]
            assert status == "WARN" and explained.get(name, "\0") in rest, (where, out)
            self.warnings.add(name)

    def summary(self, random_kills: int, steps: int) -> str:
        return (f"kill -9 during {self.action}: {random_kills} random kills and {steps} at chosen steps; "
                f"the journal opened in its old state {self.outcomes['old']} times, in its new "
                f"{self.outcomes['new']} ({self.outcomes['finished']} runs finished first); entries lost: 0; "
                f"doctor warnings: {sorted(self.warnings) or 'none'}")


STEPS = {
    "encrypt": [("os.replace", 1), ("journal.store.crypt.convert", 99)],  # the first rename: the backup's
    "decrypt": [("journal.store.crypt.convert", 99)],
    "passphrase": [("journal.store.crypt.rekey", 99)],
}
"""Where each action is killed on purpose: before the nth call of module.function, n = 1, 2, ...
up to the last given or until the action finishes."""


@pytest.mark.parametrize("action", ["encrypt", "decrypt", "passphrase"])
def test_kill_9_during_a_conversion_leaves_a_journal_that_opens_with_all_its_entries(
        tmp_path, proc, db_path, action):
    """Random kills (ITERATIONS, 2 by default), then a kill before each conversion of a file (the
    journal and each copy it keeps; STEPS): the windows a random kill rarely finds. With
    ITERATIONS set, also before each fsync and each rename."""
    conversion = Conversion(tmp_path, proc, db_path, action)
    argv, env = conversion.command()
    # How long a command takes to start and unlock the journal, and how long the whole conversion
    # takes: the kills land between the two (most of a run is Python starting up).
    start = time.monotonic()
    assert proc("list", "-n", "1", env={"JOURNAL_PASSPHRASE_FILE": str(conversion.files["old"])}).returncode == 0
    started = time.monotonic() - start
    start = time.monotonic()
    assert conversion.run(argv, env, 120)
    full = time.monotonic() - start
    assert engine.is_encrypted(db_path) is (action != "decrypt")

    trials, rng = ITERATIONS or 2, random.Random(f"encryption at rest: {action}")
    for trial in range(trials):
        conversion.reset()
        delay = rng.uniform(min(started, full) * 0.8, full)
        conversion.check(conversion.run(argv, env, delay), (trial, f"killed after {delay:.3f} s"))
    steps = 0
    for step, last in STEPS[action] + ([("os.fsync", 99), ("os.replace", 99)] if ITERATIONS else []):
        for nth in range(1, last + 1):
            conversion.reset()
            finished = conversion.run(*conversion.command(step, nth), delay=120)
            conversion.check(finished, f"killed at call {nth} of {step}")
            steps += 1
            if finished:
                break
    print(conversion.summary(trials, steps))


@pytest.mark.catalogue("L95")
def test_encrypt_leaves_no_plain_copy_of_a_backup_killed_before_its_rename(tmp_path, proc, db_path):
    """A backup killed before its rename leaves its temp file (doctor: "not backups; delete them"):
    a whole plain copy of the journal. Encrypting the journal later must not leave it beside it."""
    seed_journal(db_path, encrypted=False)
    env = dict(proc.env)
    child = subprocess.run([sys.executable, "-c", CHILD, "backup", str(db_path), "", "", "os.replace", "1"], env=env)
    assert child.returncode == -signal.SIGKILL
    [left] = (db_path.parent / "backups").glob("*.db.tmp")
    left.rename(left.with_name("journal-20260101T000000Z.db.tmp"))  # killed on an earlier day
    assert holders(db_path.parent, SEED_TEXT, skip=tmp_path / "secrets")
    file = secret_file(tmp_path / "secrets", PASSPHRASE)
    result = proc("encrypt", env={"JOURNAL_PASSPHRASE_FILE": str(file)})
    assert result.returncode == 0, result.stderr.decode()
    assert holders(tmp_path, SEED_TEXT, skip=tmp_path / "secrets") == []
    assert proc("doctor", env={"JOURNAL_PASSPHRASE_FILE": str(file)}).returncode == 0


@pytest.mark.catalogue("L93")
def test_a_passphrase_change_killed_while_it_writes_leaves_a_journal_that_opens(tmp_path, proc, db_path):
    """A 12 MB journal, its passphrase change killed at evenly spread moments of its run: each
    time the journal opens with the old or the new passphrase, every entry in it. (`PRAGMA rekey`
    in place left a hot rollback journal, and a file neither passphrase opened read-only.)"""
    privacy.create_encrypted(db_path, PASSPHRASE)
    with Journal.open(db_path, ask=lambda prompt: PASSPHRASE) as journal:
        for i in range(ENTRIES):
            journal.entries.write(EntryInput(f"entry {i} " + f"{SEED_TEXT} " * 1500))
    engine.forget_all()
    template = tmp_path / "big.db"
    shutil.copyfile(db_path, template)
    env = {k: v for k, v in proc.env.items() if k != "JOURNAL_PASSPHRASE_FILE"}
    argv = [sys.executable, "-c", CHILD, "passphrase", str(db_path), PASSPHRASE, NEW_PASSPHRASE, "", "0"]
    start = time.monotonic()
    subprocess.run([sys.executable, "-c", "import journal.services.privacy"], env=env, check=True)
    started = time.monotonic() - start + 2 * 0.2  # Python, the imports, the key derivations
    start = time.monotonic()
    subprocess.run(argv, env=env, check=True)
    full = time.monotonic() - start
    kills = max(ITERATIONS, 6)
    outcomes = {"old": 0, "new": 0}
    for k in range(kills):
        db_path.unlink()
        for side in db_path.parent.glob(f"{db_path.name}-*"):
            side.unlink()
        shutil.copyfile(template, db_path)
        child = subprocess.Popen(argv, env=env, stderr=subprocess.DEVNULL)
        delay = min(started, full) + (full - min(started, full)) * k / (kills - 1)
        try:
            child.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGKILL)
            child.wait()
        opened = {}
        for name, passphrase in (("old", PASSPHRASE), ("new", NEW_PASSPHRASE)):
            engine.forget_all()
            try:
                unlocking.unlock(db_path, ask=lambda prompt, passphrase=passphrase: passphrase)
            except StorageError as exc:
                opened[name] = str(exc)
                continue
            with Journal.open(db_path) as journal:
                assert journal.conn.execute("SELECT count(*) FROM entries").fetchone()[0] == ENTRIES
            outcomes[name] += 1
            break
        else:
            files = sorted(p.name for p in db_path.parent.iterdir())
            raise AssertionError(f"killed after {delay:.3f} s: the journal opens with neither passphrase: {opened}; "
                                 f"beside it: {files}")
    engine.forget_all()
    print(f"kill -9 during a passphrase change of a {template.stat().st_size >> 20} MB journal: {kills} kills "
          f"{min(started, full):.2f}-{full:.2f} s after the start; it opened with the old passphrase "
          f"{outcomes['old']} times, with the new {outcomes['new']}")


# --------------------------------------------------------------------------- 3. error lines
@pytest.fixture
def encrypted_journal(tmp_path, proc, db_path):
    file = secret_file(tmp_path / "secrets", PASSPHRASE)
    result = proc("init", "--encrypt", env={"JOURNAL_PASSPHRASE_FILE": str(file)})
    assert result.returncode == 0, result.stderr.decode()
    assert proc("add", "a first entry", env={"JOURNAL_PASSPHRASE_FILE": str(file)}).returncode == 0
    return db_path


def test_a_wrong_passphrase_is_one_line_and_exit_1(tmp_path, proc, encrypted_journal):
    wrong = secret_file(tmp_path / "secrets", "not the passphrase", "wrong")
    before = encrypted_journal.read_bytes()
    result = proc("list", env={"JOURNAL_PASSPHRASE_FILE": str(wrong)})
    assert result.returncode == 1
    assert "does not open" in one_clean_line(result.stderr)
    assert result.stdout == b""
    assert encrypted_journal.read_bytes() == before


@pytest.mark.parametrize("empty", ["", "   "], ids=["empty", "spaces"])
def test_an_empty_passphrase_is_never_set(tmp_path, proc, db_path, empty):
    env = {"JOURNAL_PASSPHRASE_FILE": str(secret_file(tmp_path / "secrets", empty, "empty"))}
    result = proc("init", "--encrypt", env=env)
    assert result.returncode == 2
    assert "empty passphrase" in one_clean_line(result.stderr)
    assert not db_path.exists() or db_path.stat().st_size == 0
    assert proc("init").returncode == 0
    result = proc("encrypt", env=env)
    assert result.returncode == 2
    assert "empty passphrase" in one_clean_line(result.stderr)
    assert not engine.is_encrypted(db_path)


def without_sqlcipher(proc, db_path: Path, *args: str, env: dict[str, str] | None = None):
    """The journal run by a build with no sqlcipher3 (an import of it fails)."""
    code = ("import sys; sys.modules['sqlcipher3'] = None; from journal.cli import main; "
            f"sys.argv = ['journal', '--db', {str(db_path)!r}, *{list(args)!r}]; main()")
    return subprocess.run([sys.executable, "-c", code], env={**proc.env, **(env or {})}, capture_output=True,
                          timeout=60)


def test_an_encrypted_journal_without_sqlcipher_is_one_line_naming_it(tmp_path, proc, encrypted_journal):
    env = {"JOURNAL_PASSPHRASE_FILE": str(tmp_path / "secrets" / "passphrase")}
    for extra in ({}, env):
        result = without_sqlcipher(proc, encrypted_journal, "list", env=extra)
        assert result.returncode == 1, result.stderr.decode()
        assert "sqlcipher3" in one_clean_line(result.stderr)
    plain = tmp_path / "plain.db"
    assert proc("--db", plain, "init").returncode == 0
    assert without_sqlcipher(proc, plain, "list").returncode == 0  # plain journals still work
    result = without_sqlcipher(proc, plain, "encrypt", env=env)
    assert result.returncode == 1
    assert "sqlcipher3" in one_clean_line(result.stderr)
    assert not engine.is_encrypted(plain)


def test_a_passphrase_file_others_can_read_is_refused(tmp_path, proc, encrypted_journal):
    shared = secret_file(tmp_path / "secrets", PASSPHRASE, "shared", mode=0o644)
    result = proc("list", env={"JOURNAL_PASSPHRASE_FILE": str(shared)})
    assert result.returncode != 0
    line = one_clean_line(result.stderr)
    assert "JOURNAL_PASSPHRASE_FILE" in line and "chmod 600" in line
    assert PASSPHRASE not in result.stderr.decode()


def test_no_terminal_and_no_passphrase_source_is_one_line_naming_the_fd(proc, encrypted_journal):
    result = proc("list", start_new_session=True)  # a new session: no controlling terminal, no /dev/tty
    assert result.returncode == 1
    assert "JOURNAL_PASSPHRASE_FD" in one_clean_line(result.stderr)


def test_the_passphrase_fd_opens_the_journal(proc, encrypted_journal):
    read, write = os.pipe()
    os.write(write, (PASSPHRASE + "\n").encode())
    os.close(write)
    try:
        result = proc("list", env={"JOURNAL_PASSPHRASE_FD": str(read)}, pass_fds=(read,), start_new_session=True)
    finally:
        os.close(read)
    assert result.returncode == 0, result.stderr.decode()
    assert "a first entry" in result.stdout.decode()


# --------------------------------------------------------------------------- 4. the OS keyring
keyring = pytest.importorskip("keyring")
from keyring.backend import KeyringBackend  # noqa: E402  (after the importorskip)
from keyring.backends import fail  # noqa: E402
from keyring.errors import PasswordDeleteError, PasswordSetError  # noqa: E402


class MemoryKeyring(KeyringBackend):
    """An OS keyring in a dict."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.kept.pop((service, username), None) is None:
            raise PasswordDeleteError("not there")


class RefusingKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise PasswordSetError("the keyring is locked")


@pytest.fixture
def use_keyring(monkeypatch):
    monkeypatch.delenv("JOURNAL_PASSPHRASE_FD", raising=False)
    monkeypatch.delenv("JOURNAL_PASSPHRASE_FILE", raising=False)
    before = keyring.get_keyring()

    def use(backend):
        keyring.set_keyring(backend)
        return backend

    yield use
    keyring.set_keyring(before)


@pytest.fixture
def encrypted_in_process(db_path):
    path = privacy.create_encrypted(db_path, PASSPHRASE)
    engine.forget_all()
    return path


def test_a_remembered_key_opens_the_journal_until_it_is_locked(use_keyring, encrypted_in_process, tmp_path):
    db = encrypted_in_process
    backend = use_keyring(MemoryKeyring())
    assert privacy.remember(db, ask=lambda prompt: PASSPHRASE) == db
    assert config.settings().flag("security.remember_key")
    assert (tmp_path / "config" / "journal" / "config.toml").is_file()  # the test's own config folder
    [(service, _)] = backend.kept
    assert service == unlocking.KEYRING_SERVICE
    [kept] = backend.kept.values()
    assert PASSPHRASE not in kept and len(kept) == 96  # the derived key and salt, never the passphrase

    engine.forget_all()
    # Linux's kernel keyring caches a remembered key (services/unlocking.py): empty it, so that the
    # OS keyring itself answers.
    unlocking.forget_cached(db)
    key = unlocking.unlock(db, ask=None)  # nobody to ask: the keyring answers
    assert key.salt == engine.header(db)
    engine.forget_all()
    with Journal.open(db, ask=None) as journal:
        assert journal.conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 0

    engine.forget_all()
    assert privacy.lock(db) is True
    assert backend.kept == {}
    with pytest.raises(unlocking.Locked, match="JOURNAL_PASSPHRASE_FD"):
        unlocking.unlock(db, ask=None)
    assert privacy.lock(db) is False  # nothing left to forget


@pytest.mark.catalogue("S538")
def test_a_stale_key_in_the_kernel_cache_gives_way_to_the_keyring(use_keyring, encrypted_in_process):
    """Opening takes the kernel's copy of a remembered key without a trial open (issue 20): a copy
    that no longer opens the journal is dropped and the key found again, never a wrong-key error."""
    db = encrypted_in_process
    use_keyring(MemoryKeyring())
    assert privacy.remember(db, ask=lambda prompt: PASSPHRASE) == db
    right = unlocking._from_kernel(db)
    if right is None:
        pytest.skip("this kernel keeps no keys for us (no keyring syscalls here)")
    try:
        unlocking._to_kernel(db, engine.Key(os.urandom(engine.KEY_BYTES), engine.header(db)))  # stale
        engine.forget_all()
        with Journal.open(db, ask=None) as journal:
            assert journal.conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 0
        assert unlocking._from_kernel(db).hex() == right.hex()  # the kernel has the right one again

        unlocking._to_kernel(db, engine.Key(os.urandom(engine.KEY_BYTES), engine.header(db)))
        engine.forget_all()
        assert privacy.lock(db) is True  # no keyring entry either: nothing to open it with
        unlocking._to_kernel(db, engine.Key(os.urandom(engine.KEY_BYTES), engine.header(db)))
        config.save_setting("security", "remember_key", True)
        with pytest.raises(unlocking.Locked, match="JOURNAL_PASSPHRASE_FD"):
            Journal.open(db, ask=None)
        assert unlocking._from_kernel(db) is None and engine.key_for(db) is None
    finally:
        unlocking.forget_cached(db)


def test_a_keyring_that_refuses_is_one_line_and_nothing_is_remembered(use_keyring, encrypted_in_process):
    use_keyring(RefusingKeyring())
    with pytest.raises(StorageError) as failure:
        privacy.remember(encrypted_in_process, ask=lambda prompt: PASSPHRASE)
    message = str(failure.value)
    assert "\n" not in message and "PasswordSetError" in message and PASSPHRASE not in message
    assert not config.settings().flag("security.remember_key")


def test_no_keyring_backend_is_one_line_for_remember(use_keyring, encrypted_in_process):
    use_keyring(fail.Keyring())
    with pytest.raises(StorageError) as failure:
        privacy.remember(encrypted_in_process, ask=lambda prompt: PASSPHRASE)
    assert "\n" not in str(failure.value) and "nothing was remembered" in str(failure.value)
    assert not config.settings().flag("security.remember_key")
    engine.forget_all()
    with pytest.raises(unlocking.Locked):  # and it is not asked for the key either
        unlocking.unlock(encrypted_in_process, ask=None)


def test_lock_without_a_keyring_backend_says_nothing_was_remembered(use_keyring, encrypted_in_process):
    use_keyring(fail.Keyring())
    assert privacy.lock(encrypted_in_process) is False
    assert not config.settings().flag("security.remember_key")


@pytest.mark.catalogue("S381", "S382")
def test_only_the_journal_remembered_has_its_key_kept(use_keyring, encrypted_in_process, tmp_path):
    first = encrypted_in_process
    second = privacy.create_encrypted(tmp_path / "other" / "b.db", "another passphrase")
    engine.forget_all()
    backend = use_keyring(MemoryKeyring())
    privacy.remember(first, ask=lambda prompt: PASSPHRASE)
    engine.forget_all()
    unlocking.unlock(second, ask=lambda prompt: "another passphrase")  # opened with its passphrase, as any day
    assert [user for _, user in backend.kept] == [str(first)], "a journal never remembered had its key kept"
    engine.forget_all()
    unlocking.forget_cached(second)
    with pytest.raises(unlocking.Locked):
        unlocking.unlock(second, ask=None)
    # locking the other journal leaves the remembered one opening by itself
    assert privacy.lock(second) is False
    engine.forget_all()
    unlocking.forget_cached(first)
    assert unlocking.unlock(first, ask=None).salt == engine.header(first)
    # a passphrase change of the journal not remembered keeps its key out of the keyring too
    privacy.change_passphrase(second, lambda prompt: "another passphrase", "a third passphrase")
    assert [user for _, user in backend.kept] == [str(first)]


@pytest.mark.catalogue("S383")
def test_lock_forgets_the_key_of_a_journal_moved_away(use_keyring, encrypted_in_process, tmp_path):
    backend = use_keyring(MemoryKeyring())
    privacy.remember(encrypted_in_process, ask=lambda prompt: PASSPHRASE)
    encrypted_in_process.rename(tmp_path / "elsewhere.db")
    assert privacy.lock(encrypted_in_process) is True
    assert backend.kept == {}


@pytest.mark.catalogue("S384")
def test_a_passphrase_change_asks_for_the_current_one_even_when_the_key_is_remembered(
        use_keyring, encrypted_in_process, monkeypatch, tmp_path):
    from click.testing import CliRunner

    from journal.cli import app, privacy as privacy_cli

    use_keyring(MemoryKeyring())
    privacy.remember(encrypted_in_process, ask=lambda prompt: PASSPHRASE)
    engine.forget_all()
    monkeypatch.setattr(privacy_cli, "ask_passphrase", lambda prompt: None)  # nobody there to type the current one
    new = tmp_path / "new-passphrase"
    new.write_text("taken over\n")
    new.chmod(0o600)
    monkeypatch.setenv("JOURNAL_NEW_PASSPHRASE_FILE", str(new))
    result = CliRunner().invoke(app.cli, ["--db", str(encrypted_in_process), "passphrase"])
    assert result.exit_code != 0
    assert "Changed" not in result.stderr
    engine.forget_all()
    unlocking.forget_cached(encrypted_in_process)
    unlocking.unlock(encrypted_in_process, ask=lambda prompt: PASSPHRASE)  # the passphrase is still the old one
