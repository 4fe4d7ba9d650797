"""A deterministic benchmark corpus: our journal file and the same entries as a jrnl text file.

`build(n, seed, cache_dir)` returns a `Corpus` whose files are cached under
`cache_dir/n<N>-s<SEED>-v<VERSION>/` (journal.db, jrnl.txt, meta.json). Everything comes
from one `random.Random(seed)`: same size + seed = same bytes of text, ids and dates.

Shape: 1-3 entries a day going back from END (2026-11-01), 50-400 words of varied Markdown
(headings, lists, emphasis, links, some unicode / emoji / RTL words), ~30 % tagged from a
Zipf-weighted tag pool, lenses mixed, 12 goals where "Big goal" gets min(5000, n // 20)
linked entries and "Retro goal" min(1000, n // 10), one mentorship with its meetings.

Our journal is written straight through the store (`open_journal(create=True)`,
`write_tx`, `entries.insert`, `goals.insert`) in one transaction: no CLI, no services.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

VERSION = 1
"""Bump when the generator's output changes, so old caches are not reused."""
END = date(2026, 11, 1)
DEFAULT_SEED = 20261101
BIG_GOAL = "Big goal"
RETRO_GOAL = "Retro goal"
MENTOR = "Ada Okafor"

WORDS = """
the a and to of in that it was for on with as i my we at this be had but not they what
from have more about when what been one all would there their so if out up into than
them can some could just then now only time over also after first new most work day
talk team meeting feedback learned noticed practice question answer plan week morning
evening project review outline slides audience speaker rehearsal mentor goal habit
energy focus reading writing code design test deploy release customer manager colleague
presentation breathing pacing pause story example structure opening closing confidence
nervous calm curious tired proud stuck unblocked progress setback experiment hypothesis
result surprise pattern assumption decision tradeoff priority estimate deadline scope
notebook library garden river kitchen bicycle window coffee train weather walk run swim
lighthouse harbour compass lantern orchard meadow summit valley bridge anchor signal
paper pencil whiteboard calendar inbox message thread review retro standup pairing
refactor migration schema index query latency budget profile benchmark cache memory
""".split()

RARE_WORDS = """
albatross brevity cadence dovetail ember fjord gossamer halcyon isthmus juniper kestrel
labyrinth marzipan nebula obsidian paragon quarry rhubarb saffron tundra umbra vellum
wicker yarrow zephyr amber basalt cobalt dervish estuary filigree glacier heron indigo
jasmine kiln lagoon mosaic nutmeg oriole pewter quill russet sextant thistle urchin
verdant walrus xylophone yeoman zinnia acorn bramble cairn delta egret falcon granite
hazel ivory jetty kelp lichen maple nectar otter pebble quartz reed sparrow tidal
""".split()

UNICODE_WORDS = [
    "café", "naïve", "façade", "Zürich", "smörgåsbord", "jalapeño", "Ελληνικά", "Москва",
    "日本語", "中文", "한국어", "🙂", "🚀", "🎤", "📚", "✅", "🔥", "👩‍💻",
    "שלום", "עברית", "مرحبا", "العربية", "सीखना", "ยินดี",
]

TAGS = [
    "work", "speaking", "mentoring", "reading", "health", "family", "coding", "writing",
    "focus", "feedback", "habits", "career", "meetings", "learning", "travel", "sleep",
    "running", "music", "cooking", "garden", "finance", "ideas", "design", "testing",
    "release", "oncall", "retro", "hiring", "books", "podcast", "yoga", "planning",
    "conference", "teaching", "pairing", "deep-work", "side-project", "kids", "friends",
    "weekend",
]

GOALS = [
    BIG_GOAL, RETRO_GOAL, "Public speaking", "Learn Rust", "Run a half marathon",
    "Read 24 books", "Write weekly", "Better sleep", "Deep work mornings", "Mentor a junior",
    "Ship the side project", "Spanish B1",
]

HEADINGS = ["What happened", "Notes", "Why it matters", "Next steps", "Open questions",
            "Observations", "Plan", "Reflection"]


@dataclass
class Corpus:
    """Paths and facts of one generated corpus."""

    n: int
    seed: int
    folder: Path
    db: Path
    jrnl_text: Path
    meta: dict

    @property
    def search_word(self) -> str:
        return self.meta["search_word"]

    @property
    def tag(self) -> str:
        return self.meta["tag"]


def _rng_uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _zipf_weights(count: int, s: float = 1.0, offset: float = 2.0) -> list[float]:
    return [1.0 / (rank + offset) ** s for rank in range(count)]


class _Text:
    """Markdown bodies: mostly plain words (Zipf-weighted), some structure and unicode."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.words = WORDS
        self.weights = _zipf_weights(len(WORDS), s=0.9, offset=5.0)
        self.rare_weights = _zipf_weights(len(RARE_WORDS), s=1.1, offset=1.0)

    def words_n(self, k: int) -> list[str]:
        return self.rng.choices(self.words, weights=self.weights, k=k)

    def sentence(self, k: int) -> str:
        words = self.words_n(k)
        rng = self.rng
        if rng.random() < 0.25:
            i = rng.randrange(len(words))
            words[i] = rng.choice(["*", "**", "_"]).join(["", words[i], ""]) if rng.random() < 0.7 else f"`{words[i]}`"
        if rng.random() < 0.15:
            words.insert(rng.randrange(len(words) + 1), rng.choices(RARE_WORDS, weights=self.rare_weights)[0])
        if rng.random() < 0.12:
            words.insert(rng.randrange(len(words) + 1), rng.choice(UNICODE_WORDS))
        if rng.random() < 0.06:
            words.insert(rng.randrange(1, len(words) + 1),
                         f"[{words[0]}](https://example.org/{rng.choice(self.words)}/{rng.randrange(1000)})")
        text = " ".join(words)
        return text[:1].upper() + text[1:] + rng.choice([".", ".", ".", "!", "?"])

    def body(self, target_words: int) -> str:
        rng = self.rng
        blocks: list[str] = []
        left = target_words
        while left > 0:
            roll = rng.random()
            if roll < 0.15 and blocks:
                blocks.append(f"{'#' * rng.choice((2, 3))} {rng.choice(HEADINGS)}")
                left -= 2
            elif roll < 0.30:
                items = [f"{rng.choice(('-', '*', '1.'))} {' '.join(self.words_n(rng.randint(3, 9)))}"
                         for _ in range(rng.randint(2, 5))]
                blocks.append("\n".join(items))
                left -= sum(len(i.split()) - 1 for i in items)
            elif roll < 0.34:
                blocks.append("> " + self.sentence(rng.randint(6, 14)))
                left -= 10
            else:
                sentences = [self.sentence(rng.randint(6, 18)) for _ in range(rng.randint(1, 4))]
                blocks.append(" ".join(sentences))
                left -= sum(len(s.split()) for s in sentences)
        return "\n\n".join(blocks)

    def title(self) -> str:
        words = self.words_n(self.rng.randint(2, 6))
        text = " ".join(words)
        return text[:1].upper() + text[1:]


def _plan(n: int, rng: random.Random) -> list[tuple[date, str]]:
    """(day, HH:MM) for n entries, oldest first: 1-3 a day back from END."""
    slots: list[tuple[date, str]] = []
    day = END
    while len(slots) < n:
        k = min(rng.randint(1, 3), n - len(slots))
        minutes = sorted(rng.sample(range(6 * 60, 23 * 60), k))
        for m in reversed(minutes):
            slots.append((day, f"{m // 60:02d}:{m % 60:02d}"))
        day -= timedelta(days=1)
    slots.reverse()
    return slots


def build(n: int, seed: int = DEFAULT_SEED, cache_dir: Path | None = None, *, log=None) -> Corpus:
    """The corpus for (n, seed), generated once and cached."""
    cache_dir = Path(cache_dir or Path(__file__).with_name(".cache"))
    folder = cache_dir / f"n{n}-s{seed}-v{VERSION}"
    meta_file = folder / "meta.json"
    if meta_file.exists():
        meta = json.loads(meta_file.read_text())
        return Corpus(n, seed, folder, folder / "journal.db", folder / "jrnl.txt", meta)
    tmp = cache_dir / f".tmp-{folder.name}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    started = time.perf_counter()
    meta = _generate(n, seed, tmp)
    meta["generated_in_s"] = round(time.perf_counter() - started, 2)
    (tmp / "meta.json").write_text(json.dumps(meta, indent=1))
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(tmp, folder)
    if log:
        log(f"generated corpus n={n} seed={seed} in {meta['generated_in_s']} s -> {folder}")
    return Corpus(n, seed, folder, folder / "journal.db", folder / "jrnl.txt", meta)


def _generate(n: int, seed: int, folder: Path) -> dict:
    from journal.domain.model import Entry, Goal, GoalRef, Kind, Lens, Mentorship, Milestone
    from journal.store import entries as entry_rows
    from journal.store import goals as goal_rows
    from journal.store import mentorships as mentorship_rows
    from journal.store.db import open_journal, write_tx

    rng = random.Random(seed)
    text = _Text(rng)
    slots = _plan(n, rng)
    start_day = slots[0][0] if slots else END
    utc = UTC

    def moment(day: date, hhmm: str = "09:00") -> datetime:
        h, m = map(int, hhmm.split(":"))
        return datetime(day.year, day.month, day.day, h, m, tzinfo=utc)

    mentorship = Mentorship(id=_rng_uuid(rng), mentor=MENTOR, focus="Speaking and leading",
                            started_on=max(start_day, END - timedelta(days=3 * 365)),
                            check_in_every=14, created_at=moment(start_day))
    goals = [Goal(id=_rng_uuid(rng), title=title, specific=f"{title}: {text.sentence(8)}",
                  measurable=text.sentence(6), time_bound=END + timedelta(days=90 + 30 * i),
                  mentorship=mentorship.id if title in (BIG_GOAL, "Public speaking") else None,
                  created_at=moment(start_day), review_every=30 if i % 3 == 0 else None)
             for i, title in enumerate(GOALS)]

    # Which entries link to which goals: the two named goals take their share from the
    # most recent entries (a goal lives a few years, not a century); the others ~0.5 % each.
    links: list[list[int]] = [[] for _ in range(n)]
    counts = {BIG_GOAL: min(5000, n // 20), RETRO_GOAL: min(1000, n // 10)}
    for g, goal in enumerate(goals):
        want = counts.get(goal.title, max(1, n // 200))
        window = min(n, max(want * 4, 50))
        for index in rng.sample(range(n - window, n), min(want, window)):
            links[index].append(g)

    tag_weights = _zipf_weights(len(TAGS))
    lens_values = [Lens.HINDSIGHT, Lens.INSIGHT, Lens.FORESIGHT]
    kind_values = [Kind.NOTE, Kind.MEETING, Kind.CHECK_IN, Kind.FEEDBACK]
    doc_freq: dict[str, int] = {}
    tag_freq: dict[str, int] = {}

    db_path = folder / "journal.db"
    jrnl_path = folder / "jrnl.txt"
    conn = open_journal(db_path, create=True)
    try:
        with write_tx(conn), open(jrnl_path, "w", encoding="utf-8", newline="\n") as jrnl:
            mentorship_rows.insert(conn, mentorship)
            for goal in goals:
                goal_rows.insert(conn, goal)
            big = goals[0]
            for k in range(5):
                goal_rows.add_milestone(conn, Milestone(
                    id=_rng_uuid(rng), goal=big.id, title=f"Milestone {k + 1}: {text.title()}",
                    due_on=END - timedelta(days=400 - 120 * k)), moment(start_day))
            for i, (day, hhmm) in enumerate(slots):
                lens = rng.choices(lens_values, weights=(45, 35, 20))[0]
                kind = rng.choices(kind_values, weights=(85, 7, 5, 3))[0]
                tags: tuple[str, ...] = ()
                if rng.random() < 0.30:
                    picked = rng.choices(TAGS, weights=tag_weights, k=rng.randint(1, 3))
                    tags = tuple(dict.fromkeys(picked))
                body = text.body(rng.randint(50, 400))
                title = text.title()
                entry_goals = tuple(GoalRef(goals[g].id, goals[g].title) for g in links[i])
                in_mentorship = kind in (Kind.MEETING, Kind.CHECK_IN) and day >= mentorship.started_on
                at = moment(day, hhmm)
                entry = Entry(
                    id=_rng_uuid(rng), day=day, time=hhmm, tz="UTC", created_at=at, updated_at=at,
                    lens=lens, kind=kind, title=title, body=body, tags=tags, goals=entry_goals,
                    starred=rng.random() < 0.03, private=rng.random() < 0.02,
                    mentorship=mentorship.id if in_mentorship else None,
                    revisit_on=day + timedelta(days=30) if lens is Lens.FORESIGHT and rng.random() < 0.2 else None,
                )
                entry_rows.insert(conn, entry)
                for word in set(body.lower().replace('.', ' ').replace('!', ' ').replace('?', ' ').split()):
                    doc_freq[word] = doc_freq.get(word, 0) + 1
                for tag in tags:
                    tag_freq[tag] = tag_freq.get(tag, 0) + 1
                # jrnl's default format: "[%F %r] Title", body lines, tags as @tag, blank line.
                stamp = datetime(day.year, day.month, day.day, int(hhmm[:2]), int(hhmm[3:]))
                star = " *" if entry.starred else ""
                jrnl.write(f"[{stamp.strftime('%Y-%m-%d %I:%M:%S %p')}] {title}.{star}\n")
                jrnl.write(body)
                if tags:
                    jrnl.write("\n\n" + " ".join(f"@{t}" for t in tags))
                jrnl.write("\n\n")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("ANALYZE")
    finally:
        conn.close()

    # A mid-frequency plain word (~2 % of entries) and a mid-frequency tag (~2 % of entries).
    plain = [w for w in WORDS + RARE_WORDS if w.isalpha() and len(w) >= 5 and w in doc_freq]
    search_word = min(plain, key=lambda w: (abs(doc_freq[w] - 0.02 * n), w)) if plain else "the"
    tag = min(tag_freq, key=lambda t: (abs(tag_freq[t] - 0.02 * n), t)) if tag_freq else TAGS[0]
    return {
        "n": n, "seed": seed, "version": VERSION, "end": END.isoformat(),
        "first_day": slots[0][0].isoformat() if slots else None,
        "search_word": search_word, "search_word_entries": doc_freq.get(search_word, 0),
        "tag": tag, "tag_entries": tag_freq.get(tag, 0),
        "big_goal": BIG_GOAL, "big_goal_entries": counts[BIG_GOAL],
        "retro_goal": RETRO_GOAL, "retro_goal_entries": counts[RETRO_GOAL],
        "goals": len(goals), "mentor": MENTOR,
        "db_bytes": db_path.stat().st_size, "jrnl_bytes": jrnl_path.stat().st_size,
        "python": sys.version.split()[0],
    }
