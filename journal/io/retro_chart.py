"""The weekly chart of a closure retrospective's HTML page: one inline SVG, its legend, and the
same facts as a table.

Entries per ISO week stacked by lens, with milestone (✓ ✗ ◇), status-change (⚑) and
quiet-stretch markers. Every text in the SVG goes through `html.escape`. The SVG is one
image to assistive technology (role="img", a <title> and an aria-label that say what it
shows); `chart_table` is its text alternative: each week's entries per lens and what happened
that week, in words (behind a <details> on screen, printed open). No colour is the only
signal: each lens has its symbol (◀ ◆ ▶) in the bars, the legend and the table, and each
mark its words.
"""

from __future__ import annotations

from datetime import date, timedelta

from journal.domain.model import Lens
from journal.domain.text import plural
from journal.domain.retro_model import Retrospective, StatusChange
from journal.io.documents import _e
from journal.domain.retro_walk import MONTHS, STATE_MARKS, STATE_WORDS

LENS_COLOURS = {"hindsight": "#3b6fb6", "insight": "#9b3bb6", "foresight": "#2f8f4e"}


def chart_svg(retro: Retrospective) -> str:
    """Entries per ISO week, stacked by lens, with milestone, status-change and gap markers."""
    weeks = retro.hindsight.weeks
    width, height, left, right, top, bottom = 880, 270, 40, 14, 56, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    said = _e(chart_words(retro))
    parts = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{said}"><title>{said}</title>']
    if not weeks:
        parts.append(f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" fill="#5b5b60" font-size="14">'
                     "No entries to chart yet</text></svg>")
        return "".join(parts)
    n = len(weeks)
    slot = plot_w / n
    bar_w = min(slot * 0.78, 36)
    most = max((sum(w.lens_counts.values()) for w in weeks), default=0) or 1
    first = weeks[0].start

    def x_of(day: date) -> float | None:
        index = (day - first).days // 7
        return left + slot * (index + 0.5) if 0 <= index < n else None

    # gaps: shaded bands behind the bars
    for ev in retro.hindsight.events:
        if ev.kind != "gap":
            continue
        quiet = int("".join(ch for ch in ev.detail if ch.isdigit()) or 0)
        x0, x1 = x_of(ev.day), x_of(ev.day + timedelta(days=max(quiet - 1, 0)))
        if x0 is not None and x1 is not None:
            parts.append(f'<rect x="{x0 - slot / 2:.1f}" y="{top}" width="{x1 - x0 + slot:.1f}" height="{plot_h}" '
                         f'fill="#eeeeef"><title>{_e(ev.day.isoformat())}: {_e(ev.detail)}</title></rect>')
    # axis and grid
    for frac in (0, 0.5, 1):
        y = top + plot_h * (1 - frac)
        value = most * frac
        if frac and value != int(value):
            continue
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
                     'stroke="#dcdce0" stroke-width="1"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
                     f'fill="#5b5b60">{int(value)}</text>')
    # status changes: a dashed line with a flag per week (several in one week: one flag, counted;
    # words that would cover the flag's before are shortened to the flag, or left to the table)
    flags: dict[int, list[StatusChange]] = {}
    for s in retro.hindsight.status_changes:
        if x_of(s.day) is not None:
            flags.setdefault((s.day - first).days // 7, []).append(s)
    taken = float("-inf")  # where the last flag's words end
    for index, changes in sorted(flags.items()):
        fx = left + slot * (index + 0.5)
        text = ""
        for words in (f"⚑ {changes[0].new}" if len(changes) == 1 else f"⚑ ×{len(changes)}", "⚑"):
            wide = _wide(words, 12)
            after = fx + 3 + wide <= width - right  # room after the line: the words follow it
            start = fx + 3 if after else fx - 3 - wide
            if start >= taken + 4:
                taken = start + wide
                text = (f'<text x="{fx + 3 if after else fx - 3:.1f}" y="{top - 34}" font-size="12" fill="#8f5b00" '
                        f'text-anchor="{"start" if after else "end"}">{_e(words)}</text>')
                break
        said = "; ".join(f"{_e(c.day.isoformat())} {_e(c.goal_title)}: {_e(c.old)} → {_e(c.new)}" for c in changes)
        parts.append(f'<g><title>{said}</title>'
                     f'<line x1="{fx:.1f}" x2="{fx:.1f}" y1="{top - 30}" y2="{top + plot_h}" stroke="#8f5b00" '
                     f'stroke-dasharray="4 3" stroke-width="1.5"/>{text}</g>')
    # stacked bars
    for i, w in enumerate(weeks):
        cx = left + slot * (i + 0.5)
        y = top + plot_h
        for lens in Lens:
            count = w.lens_counts.get(lens.value, 0)
            if not count:
                continue
            h = plot_h * count / most
            y -= h
            parts.append(f'<rect x="{cx - bar_w / 2:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                         f'fill="{LENS_COLOURS[lens.value]}"><title>{_e(w.label)}: {count} {_e(lens.symbol)} '
                         f'{lens.value}</title></rect>')
            if h >= 13 and bar_w >= 11:
                parts.append(f'<text x="{cx:.1f}" y="{y + h / 2 + 4:.1f}" text-anchor="middle" font-size="10" '
                             f'fill="#fff">{_e(lens.symbol)}</text>')
    # month labels under the first week that starts in a new month (one too close to the one
    # before is left out: its tick stays, and the next label says the year it would have said)
    previous, taken, year_due = None, float("-inf"), False
    for i, w in enumerate(weeks):
        month = (w.end.year, w.end.month)
        if month == previous:
            continue
        previous = month
        cx = left + slot * (i + 0.5)
        year_due = year_due or i == 0 or month[1] == 1
        label = f'{MONTHS[month[1] - 1]}{" " + str(month[0]) if year_due else ""}'
        parts.append(f'<line x1="{cx:.1f}" x2="{cx:.1f}" y1="{top + plot_h}" y2="{top + plot_h + 5}" '
                     'stroke="#5b5b60"/>')
        if cx - _wide(label, 11) / 2 < taken + 6:
            continue
        taken, year_due = cx + _wide(label, 11) / 2, False
        parts.append(f'<text x="{cx:.1f}" y="{top + plot_h + 19}" text-anchor="middle" font-size="11" '
                     f'fill="#5b5b60">{_e(label)}</text>')
    # milestones: ✓ hit, ✗ missed, ◇ open, on the week of done (or due) day
    for g in retro.goals:
        for m in g.milestones:
            day = m.done_on or m.due_on
            x = x_of(day) if day else None
            if day is None or x is None:
                continue
            colour = {"hit": "#2f8f4e", "late": "#2f8f4e", "missed": "#b23b3b"}.get(m.state, "#5b5b60")
            parts.append(f'<text x="{x:.1f}" y="{top - 10}" text-anchor="middle" font-size="14" font-weight="700" '
                         f'fill="{colour}" stroke="#fcfcfd" stroke-width="3" paint-order="stroke">'
                         f'<title>{_e(day.isoformat())} milestone {_e(STATE_WORDS[m.state])}: {_e(m.title)}</title>'
                         f'{_e(STATE_MARKS[m.state])}</text>')
    # the weeks charted run past the entries' (a status change after the last one): said apart, as the
    # summary and the numbers count the entries' weeks ("over 17 weeks" beside "18 weeks")
    span = retro.numbers.span_weeks
    counted = plural(n, "week") + (f" charted, entries written over {plural(span, 'week')}" if span != n else "")
    parts.append(f'<text x="{left}" y="{height - 6}" font-size="11" fill="#5b5b60">'
                 f'{_e(weeks[0].label)} – {_e(weeks[-1].label)} · {counted} · tallest week {most}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _wide(words: str, size: int) -> float:
    """How wide `words` are drawn at font size `size`, at most (the chart's sans-serif)."""
    return sum(size * (1.0 if ord(ch) > 0x2000 else 0.62) for ch in words)


LEGEND = (
    '<ul class="legend" aria-label="Chart legend">'
    + "".join(f'<li><span class="sw" style="background:{LENS_COLOURS[lens.value]}"></span>'
              f'{lens.symbol} {lens.value}</li>' for lens in Lens)
    + '<li><span class="hit">✓</span> milestone hit</li><li><span class="missed">✗</span> milestone missed</li>'
    '<li>◇ milestone open</li><li><span class="flag">⚑</span> status change</li>'
    '<li><span class="sw" style="background:#eeeeef;border:1px solid #ccc"></span>quiet stretch</li></ul>\n'
)


def chart_words(retro: Retrospective) -> str:
    """What the chart shows, in one sentence (its accessible name)."""
    weeks = retro.hindsight.weeks
    total = sum(sum(w.lens_counts.values()) for w in weeks)
    if not total:
        return "Chart of entries per week: no entries to chart yet."
    written = [w for w in weeks if sum(w.lens_counts.values())]
    n = (written[-1].start - written[0].start).days // 7 + 1  # as the numbers count them: first to last written
    return (f"Chart of entries per week by lens, {weeks[0].label} to {weeks[-1].label}: {total} "
            f"entr{'y' if total == 1 else 'ies'} over {n} week{'s' if n != 1 else ''}, with milestones and "
            "status changes marked. The table that follows gives the same numbers.")


def _week_notes(retro: Retrospective) -> dict[int, list[str]]:
    """What happened in each week besides entries (milestones, status changes), in words, by week index."""
    weeks = retro.hindsight.weeks
    notes: dict[int, list[str]] = {}
    if not weeks:
        return notes
    first = weeks[0].start

    def add(day: date, text: str) -> None:
        index = (day - first).days // 7
        if 0 <= index < len(weeks):
            notes.setdefault(index, []).append(text)

    for g in retro.goals:
        for m in g.milestones:
            day = m.done_on or m.due_on
            if day is not None:
                add(day, f"{STATE_MARKS[m.state]} milestone {STATE_WORDS[m.state]}: {m.title}")
    for s in retro.hindsight.status_changes:
        add(s.day, f"⚑ {s.goal_title}: {s.old} → {s.new}")
    return notes


def chart_table(retro: Retrospective) -> str:
    """The chart's text alternative: a table of each week's entries per lens and its milestones and
    status changes, behind a <details> (printed open). Empty when there is no entry to chart."""
    weeks = retro.hindsight.weeks
    if not any(sum(w.lens_counts.values()) for w in weeks):
        return ""
    notes = _week_notes(retro)
    also = bool(notes)
    head = ('<tr><th scope="col">Week</th>'
            + "".join(f'<th scope="col">{lens.symbol} {lens.value}</th>' for lens in Lens)
            + '<th scope="col">All</th>' + ('<th scope="col">Also that week</th>' if also else "") + "</tr>")
    rows = []
    for i, w in enumerate(weeks):
        counts = [w.lens_counts.get(lens.value, 0) for lens in Lens]
        cells = "".join(f"<td>{count}</td>" for count in counts)
        said = "; ".join(notes.get(i, ()))
        rows.append(f'<tr><th scope="row">{_e(w.label)} <span class="meta">from {_e(w.start.isoformat())}</span>'
                    f"</th>{cells}<td>{sum(counts)}</td>"
                    + (f'<td class="also" dir="auto">{_e(said)}</td>' if also else "") + "</tr>\n")
    return ('<details class="chart-data"><summary>The chart as a table: entries per week by lens</summary>\n'
            f'<table class="weeks"><thead>{head}</thead><tbody>\n{"".join(rows)}</tbody></table></details>\n')
