"""The neutral document model of a closure retrospective, shared by its Markdown and HTML writers.

`journal.domain.retro_walk.retrospective_document` walks a Retrospective once and produces a
`Document`: a header, numbered sections and a footer, each section a flat list of blocks.
The writers (`retro_markdown`, `retro_html`) render the model block type by block type;
they never see the section order or the wording, which live in the walk.

Two escape hatches keep today's outputs exactly as they were where the Markdown and the
HTML renderings have always differed: `ByMedium` (one fixed text, worded differently per
medium) and `Only` (blocks that only one medium shows). All user text is carried raw:
the HTML writer escapes it; the Markdown writer passes bodies through and escapes one-line
user text (titles, tags, names) so that it cannot change the document's structure.
"""

from __future__ import annotations

from journal.record import record
from typing import Literal

from journal.domain.model import Lens
from journal.domain.retro_model import Retrospective

Medium = Literal["markdown", "html"]


@record(frozen=True)
class ByMedium:
    """A fixed text the Markdown and HTML renderings word differently ("" = left out)."""

    markdown: str
    html: str


Label = str | ByMedium
"""Fixed wording: the same for both media, or worded per medium."""


def by_medium(markdown: str, html: str) -> Label:
    """`markdown` when both media say the same, else a ByMedium holding both."""
    return markdown if markdown == html else ByMedium(markdown, html)


def pick(label: Label | None, medium: Medium) -> str:
    """The wording of `label` for `medium` ("" for None)."""
    if label is None:
        return ""
    if isinstance(label, ByMedium):
        return label.markdown if medium == "markdown" else label.html
    return label


# ------------------------------------------------------------------ inline
@record(frozen=True)
class UserText:
    """The user's own words inside a line (HTML marks them dir="auto")."""

    text: str


@record(frozen=True)
class Code:
    """An identifier or a command, set in code."""

    text: str


Inline = str | UserText | Code
Phrase = tuple[Inline, ...]
"""A run of inline pieces; plain strings are fixed wording."""


# ------------------------------------------------------------------ blocks
@record(frozen=True)
class Subheading:
    """A heading inside a section, with an optional muted aside such as "(starred)"."""

    text: Label
    aside: Label | None = None
    user: bool = False
    """True when the heading is the user's text (a closure prompt)."""


@record(frozen=True)
class ItemHeading:
    """The heading of one item of a section (a goal): title, short id, status, a line of facts."""

    title: str
    short_id: str
    status: str
    facts: tuple[Phrase, ...]


@record(frozen=True)
class Paragraph:
    """A paragraph of text, optionally led by a label, muted, or wholly the user's words."""

    text: str
    lead: str | None = None
    muted: bool = False
    user: bool = False


@record(frozen=True)
class MetaLine:
    """A muted line of facts, joined with " · "."""

    facts: tuple[Phrase, ...]


@record(frozen=True)
class Remarks:
    """Short muted remarks (what was left out), each a sentence without its full stop."""

    items: tuple[Label, ...]


@record(frozen=True)
class EmptyNote:
    """What a section says when it has nothing to show."""

    text: Phrase


@record(frozen=True)
class Sparkline:
    """One lens symbol per week, between the first and the last week's label."""

    label: Label
    first: str
    last: str
    symbols: str


@record(frozen=True)
class TagCounts:
    """The most used tags with their counts."""

    label: str
    counts: tuple[tuple[str, int], ...]


@record(frozen=True)
class QuoteBlock:
    """An entry quoted with its cite line: day, time, lens, kind, title, star, short id, tags."""

    day: str
    time: str | None
    lens: Lens
    kind: str | None
    """None for a plain note."""
    title: str | None
    """None when the entry has none or a heading above already shows it."""
    starred: bool
    short_id: str
    tags: tuple[str, ...]
    body: str
    """Markdown source."""
    entry_id: str = ""
    """The full id (never shown: the TUI excludes an entry by it)."""
    private: bool = False
    """A private entry included on request: every writer marks it."""


@record(frozen=True)
class Column:
    """One labelled column of a side-by-side block."""

    label: str
    quotes: tuple[QuoteBlock | MetaLine, ...]
    """Quotes, or a line pointing back to one quoted earlier."""


@record(frozen=True)
class SideBySide:
    """Labelled columns of quotes read across (what I expected, what happened)."""

    columns: tuple[Column, ...]


@record(frozen=True)
class Cell:
    """One table cell; `user` when it holds the user's words."""

    text: str
    user: bool = False


@record(frozen=True)
class Row:
    """One table row; `changed` marks a value that changed between the first and last column."""

    cells: tuple[Cell, ...]
    changed: bool = False


@record(frozen=True)
class Table:
    """A table with a header (all empty: none shown) and a style name."""

    style: str
    header: tuple[Label, ...]
    rows: tuple[Row, ...]


@record(frozen=True)
class MarkedItem:
    """A list item led by a state mark (✓ ✗ ◇ ⚑): an optional day, a title, then the rest."""

    mark: str
    state: str
    title: str
    tail: Label
    """Everything after the title, its separator included."""
    day: str | None = None


@record(frozen=True)
class MarkedList:
    """Items with state marks: milestones, status changes."""

    items: tuple[MarkedItem, ...]


@record(frozen=True)
class Moment:
    """One timeline event: an entry (with its lens) or another kind of event (with its icon)."""

    when: str
    lens: Lens | None
    """The entry's lens; None for events that are not entries."""
    kind: str | None
    """The event kind; None for a plain entry."""
    icon: str
    title: str
    detail: Label | None
    starred: bool
    short_id: str | None
    private: bool = False
    """A private entry's: marked by every writer (S309)."""


@record(frozen=True)
class Moments:
    """Timeline events in order."""

    items: tuple[Moment, ...]


@record(frozen=True)
class Details:
    """A collapsible list of timeline events behind a summary line."""

    summary: Label
    items: tuple[Moment, ...]


@record(frozen=True)
class Chart:
    """The place of the weekly chart, drawn from the retrospective by writers that can draw."""

    retro: Retrospective


@record(frozen=True)
class Prose:
    """A passage of the user's Markdown under a lead (an agreement part): set apart as a quote,
    so it cannot change the document's structure."""

    lead: str
    text: str


@record(frozen=True)
class Only:
    """Blocks that only one medium shows."""

    medium: Medium
    blocks: tuple[Block, ...]


Block = (Subheading | ItemHeading | Paragraph | MetaLine | Remarks | EmptyNote | Sparkline | TagCounts
         | QuoteBlock | SideBySide | Table | MarkedList | Moments | Details | Chart | Prose | Only)


@record(frozen=True)
class Section:
    """A numbered section: its heading, the lens it belongs to (if any) and its blocks."""

    heading: str
    lens: Lens | None
    blocks: tuple[Block, ...]


@record(frozen=True)
class Document:
    """A whole retrospective: title, header blocks, sections, and the footer facts of a page."""

    title: str
    header: tuple[Block, ...]
    sections: tuple[Section, ...]
    footer: tuple[Phrase, ...]
