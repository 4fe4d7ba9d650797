"""Keeping a list's place when its rows are read again (another process wrote, issue 16).

A reload replaces every row of an OptionList. What the person was looking at stays put:
the highlighted row by its id (an entry written above it shifts every index), and the
scroll offset. A highlighted row that is gone (deleted elsewhere) hands the highlight to
its neighbour: the nearest row after it that is still there, else the nearest before it.
The scroll offset is kept as it was (clamped to the new length); only when that would
leave the highlighted row out of view does the list scroll, as little as it must.
"""

from __future__ import annotations

from journal.record import record

from textual.widgets import OptionList


@record(frozen=True)
class Place:
    """Where a list was: highlighted row id and index, scroll offset, the ids around it."""

    highlighted: str | None
    index: int | None
    scroll_y: float
    after: tuple[str, ...] = ()
    """Ids of the rows after the highlighted one, nearest first."""
    before: tuple[str, ...] = ()
    """Ids of the rows before the highlighted one, nearest first."""


def place_of(options: OptionList) -> Place:
    """Remember where `options` is (call before clearing it)."""
    index = options.highlighted
    if index is None or not options.option_count or index >= options.option_count:
        return Place(None, None, options.scroll_y)
    ids = [option.id for option in options.options]
    return Place(
        ids[index], index, options.scroll_y,
        after=tuple(i for i in ids[index + 1:] if i is not None),
        before=tuple(i for i in reversed(ids[:index]) if i is not None),
    )


def _index(options: OptionList, option_id: str) -> int | None:
    try:
        index = options.get_option_index(option_id)
    except Exception:  # OptionDoesNotExist: not among the new rows
        return None
    return None if options.get_option_at_index(index).disabled else index


def _enabled_near(options: OptionList, index: int) -> int | None:
    """The first enabled row at or after `index`, else the last one before it."""
    count = options.option_count
    index = min(index, count - 1)
    for i in (*range(index, count), *range(index - 1, -1, -1)):
        if not options.get_option_at_index(i).disabled:
            return i
    return None


def restore(options: OptionList, place: Place, *, default: int | None = 0) -> None:
    """Put `options` back at `place` after its rows were replaced.

    The highlight goes to the same id, else its nearest surviving neighbour, else (nothing
    was highlighted) the first enabled row at or after `default` (None: no highlight)."""
    if not options.option_count:
        return
    target = None
    if place.highlighted is not None:
        for option_id in (place.highlighted, *place.after, *place.before):
            if (target := _index(options, option_id)) is not None:
                break
        if target is None and place.index is not None:
            target = _enabled_near(options, place.index)
    elif default is not None:
        target = _enabled_near(options, default)
    if target is None:
        return
    options.highlighted = target
    options.scroll_to(y=place.scroll_y, animate=False, immediate=True)
    options.scroll_to_highlight()  # only moves when the row is out of view
