"""Renderers of a closure retrospective (domain.retrospective.Retrospective): Markdown, JSON, HTML.

Pure functions from the structure to one string. The HTML page follows RELIABILITY.md 4.3:
standalone (inline CSS, an inline SVG chart, no external asset), the CSP of the journal
export, every non-Markdown field through `html.escape(..., quote=True)`, bodies through
markdown-it-py's `js-default` preset (raw HTML escaped), `dir="auto"` on text blocks, a
print stylesheet, and no `id`/`name` attribute made from user text.
"""

from __future__ import annotations

import dataclasses
import enum
import json
from datetime import date, datetime, timedelta, timezone

from journal.domain.model import Lens
from journal.domain.retrospective import STATEMENT_FIELDS, MilestoneItem, Quote, Retrospective
from journal.io.documents import CSP, _e

FORMAT = "threefold-retrospective"
VERSION = 1
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
LENS_COLOURS = {"hindsight": "#3b6fb6", "insight": "#9b3bb6", "foresight": "#2f8f4e"}
STATE_MARKS = {"hit": "✓", "late": "✓", "missed": "✗", "open": "◇"}
STATE_WORDS = {"hit": "hit", "late": "done late", "missed": "missed", "open": "open"}
FIELD_LABELS = {
    "title": "Title", "specific": "Specific", "measurable": "Measurable", "achievable": "Achievable",
    "relevant": "Relevant", "time_bound": "Time-bound (target date)", "success_criteria": "Success criteria",
}
_SYMBOL = {lens.value: lens.symbol for lens in Lens}


# ----------------------------------------------------------------------- JSON
def _plain(value):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def retrospective_data(retro: Retrospective) -> dict:
    """The stable, versioned JSON shape: {"format", "version", then every section}."""
    return {"format": FORMAT, "version": VERSION, **_plain(retro)}


def render_json(retro: Retrospective) -> str:
    return json.dumps(retrospective_data(retro), ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------------------- Markdown
def _md_cite(q: Quote, title: bool = True) -> str:
    parts = [q.day.isoformat() + (f" {q.time}" if q.time else ""), f"{q.lens.symbol} {q.lens.value}"]
    if q.kind.value != "note":
        parts.append(q.kind.value)
    if q.title and title:
        parts.append(f"**{q.title}**")
    if q.starred:
        parts.append("★")
    parts.append(f"`{q.short_id}`")
    parts += [f"#{t}" for t in q.tags]
    return " · ".join(parts)


def _md_quote(q: Quote, title: bool = True) -> str:
    lines = [f"> {_md_cite(q, title)}", ">"] + [f"> {line}".rstrip() for line in q.body.splitlines()]
    return "\n".join(lines) + "\n"


def _milestone_line(m: MilestoneItem) -> str:
    due = f" (due {m.due_on.isoformat()})" if m.due_on else ""
    done = f", done {m.done_on.isoformat()}" if m.done_on else ""
    return f"{STATE_MARKS[m.state]} {m.title} — {STATE_WORDS[m.state]}{due}{done}"


def _span(retro: Retrospective) -> str:
    n = retro.numbers
    return f"{n.first_day.isoformat()} – {n.last_day.isoformat()}" if n.first_day else "no entries"


def render_markdown(retro: Retrospective) -> str:
    out: list[str] = [f"# Retrospective: {retro.title}\n"]
    head = [retro.kind, _span(retro)]
    if retro.mentor:
        head.append(f"mentor: {retro.mentor}")
    head.append(f"made {retro.today.isoformat()}")
    out.append(f"_{' · '.join(head)}_\n")
    if retro.focus:
        out.append(f"Focus: {retro.focus}\n")
    if retro.private_left_out:
        out.append(f"_{retro.private_left_out} private entr{'y' if retro.private_left_out == 1 else 'ies'} left out._\n")
    if retro.excluded:
        out.append(f"_{retro.excluded} entries excluded on request._\n")

    out.append("## 1. The goal" + ("s" if len(retro.goals) != 1 else "") + "\n")
    for g in retro.goals:
        out.append(f"### {g.title} `{g.short_id}`\n")
        facts = [f"status: {g.status}"]
        if g.created_on:
            facts.append(f"created {g.created_on.isoformat()}")
        if g.closed_on:
            facts.append(f"closed {g.closed_on.isoformat()}")
        if g.mentor:
            facts.append(f"mentor: {g.mentor}")
        facts.append(f"{g.edits} statement edit{'s' if g.edits != 1 else ''}")
        out.append(" · ".join(facts) + "\n")
        out.append("| Field | First statement | Final statement |\n|---|---|---|")
        for name in STATEMENT_FIELDS:
            first, final = getattr(g.first, name), getattr(g.final, name)
            if first is None and final is None:
                continue
            mark = " ✎" if name in g.changed_fields else ""
            out.append(f"| {FIELD_LABELS[name]}{mark} | {_cell(first)} | {_cell(final)} |")
        out.append("")
        if g.milestones:
            out.append("Milestones:\n")
            out += [f"- {_milestone_line(m)}" for m in g.milestones]
            out.append("")
        if g.closure_note:
            out.append(f"Closure note: {g.closure_note}\n")

    h = retro.hindsight
    out.append("## 2. Hindsight — the journey traced\n")
    if h.weeks:
        out.append(f"Lenses by week ({h.weeks[0].label} – {h.weeks[-1].label}): `{h.sparkline}`\n")
    for label, q in (("First entry", h.first), ("Last entry", h.last)):
        if q:
            out.append(f"### {label}\n\n{_md_quote(q)}")
    if h.turning_points:
        out.append("### Turning points (starred)\n")
        out += [_md_quote(q) for q in h.turning_points]
    if h.milestones_hit or h.milestones_missed:
        out.append("### Milestones\n")
        out += [f"- {_milestone_line(m)}" for m in h.milestones_hit + h.milestones_missed]
        out.append("")
    if h.status_changes:
        out.append("### Status changes\n")
        out += [f"- {s.day.isoformat()} ⚑ {s.goal_title}: {s.old} → {s.new}" for s in h.status_changes]
        out.append("")
    if h.events:
        out.append("### Timeline\n")
        for ev in h.events:
            what = f"{ev.lens.symbol} {ev.lens.value}" if ev.lens and ev.entry_id and ev.kind in ("entry", "meeting") else ev.kind
            line = f"- {ev.day.isoformat()}{' ' + ev.time if ev.time else ''} · {what} · {ev.title}"
            if ev.detail and ev.kind != "entry":
                line += f" — {ev.detail}"
            if ev.starred:
                line += " ★"
            if ev.short_id and ev.kind in ("entry", "meeting"):
                line += f" `{ev.short_id}`"
            out.append(line)
        out.append("")

    out.append("## 3. Insight\n")
    if retro.insight.top_tags:
        out.append("Top tags: " + ", ".join(f"#{t.tag} ({t.count})" for t in retro.insight.top_tags) + "\n")
    if not retro.insight.periods:
        out.append("_No insight entries._\n")
    for p in retro.insight.periods:
        out.append(f"### {p.label}\n")
        out += [_md_quote(q) for q in p.quotes]

    f = retro.foresight
    out.append("## 4. Foresight\n")
    if f.pairs:
        out.append("### What I expected vs what happened\n")
        for pair in f.pairs:
            out.append("**Expected:**\n\n" + _md_quote(pair.expected))
            out.append("**Happened:**\n\n" + "\n".join(_md_quote(q) for q in pair.happened))
    if f.open:
        out.append("### Open foresight (not yet answered)\n")
        out += [_md_quote(q) for q in f.open]
    if f.carry_forward:
        out.append("### Carry forward\n")
        out += [_md_quote(q) for q in f.carry_forward]
    if not (f.pairs or f.open or f.carry_forward):
        out.append("_No foresight entries._\n")

    n = retro.numbers
    out.append("## 5. Numbers\n")
    out.append("| | |\n|---|---|")
    out += [f"| {k} | {v} |" for k, v in _number_rows(retro)]
    out.append("")

    out.append("## 6. The closure conversation\n")
    if not retro.closure:
        out.append("_No closure entries yet (`journal add --kind closure`)._\n")
    for a in retro.closure:
        out.append(f"### {a.prompt or 'Closure note'}\n\n{_md_quote(a.quote, a.prompt is None)}")
    del n
    return "\n".join(out).rstrip() + "\n"


def _cell(value: str | None) -> str:
    return "—" if value is None else " ".join(value.split()).replace("|", "\\|")


def _number_rows(retro: Retrospective) -> list[tuple[str, str]]:
    n = retro.numbers
    rows = [("Entries", str(n.entries))]
    rows += [(f"{_SYMBOL[k]} {k}", str(v)) for k, v in n.per_lens.items()]
    rows.append(("Span", _span(retro)))
    rows.append(("Active weeks", f"{n.active_weeks} of {n.span_weeks}"))
    gap = (f"{n.longest_gap_days} days ({n.longest_gap_from.isoformat()} – {n.longest_gap_to.isoformat()})"
           if n.longest_gap_days else "none")
    rows.append(("Longest gap without entries", gap))
    median = f"{n.check_in_median_days:g} days" if n.check_in_median_days is not None else "—"
    rows.append(("Check-ins and meetings", str(n.check_ins)))
    rows.append(("Median days between check-ins", median))
    return rows


# ----------------------------------------------------------------------- HTML
CSS = """
:root{--h:#3b6fb6;--i:#9b3bb6;--f:#2f8f4e;--ink:#1d1d1f;--mute:#5b5b60;--line:#dcdce0}
body{font:16px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1.2rem;color:var(--ink);background:#fff}
h1{font-size:1.8rem;margin-bottom:.2rem}h2{font-size:1.35rem;margin-top:2.6rem;border-bottom:2px solid var(--line);padding-bottom:.25rem}
h3{font-size:1.08rem;margin:1.6rem 0 .5rem}.meta{color:var(--mute);font-size:.92rem;margin:.2rem 0}
.status{display:inline-block;font-size:.8rem;padding:.05rem .5rem;border-radius:1rem;border:1px solid var(--mute);margin-left:.4rem;vertical-align:middle;font-weight:500}
.status.achieved{border-color:var(--f);color:var(--f)}.status.abandoned{border-color:#b23b3b;color:#b23b3b}
table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.94rem}th,td{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f5f5f7;font-weight:600}tr.changed td:first-child::after{content:" ✎";color:var(--mute)}
table.statement td:nth-child(2){color:var(--mute)}table.numbers{width:auto}table.numbers td:first-child{padding-right:2rem}
blockquote{margin:.8rem 0;padding:.55rem .9rem;border-left:4px solid #999;background:#fafafa;overflow-wrap:anywhere}
blockquote.hindsight{border-color:var(--h)}blockquote.insight{border-color:var(--i)}blockquote.foresight{border-color:var(--f)}
.cite{font-size:.86rem;color:var(--mute);margin-bottom:.3rem}.cite .t{color:var(--ink);font-weight:600}.cite code{color:#8a5a00;background:none}
.body p{margin:.35rem 0}.body>:first-child{margin-top:0}.body>:last-child{margin-bottom:0}
pre,code{background:#f0f0f0;white-space:pre-wrap}
.tag{color:#0b6e7a;margin-right:.35rem;white-space:nowrap}.lens-h{color:var(--h)}.lens-i{color:var(--i)}.lens-f{color:var(--f)}
.chart{margin:.8rem 0 .2rem;width:100%;height:auto;border:1px solid var(--line);border-radius:6px;background:#fcfcfd}
ul.legend{list-style:none;padding:0;margin:.3rem 0 1rem;display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;font-size:.88rem;color:var(--mute)}
.sw{display:inline-block;width:.9rem;height:.9rem;border-radius:2px;vertical-align:-.12rem;margin-right:.3rem}
.pairs{display:grid;grid-template-columns:1fr 1fr;gap:.2rem 1rem;align-items:start}.pairs .lbl{font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:var(--mute);margin-top:.8rem}
ul.milestones{list-style:none;padding-left:.2rem}ul.milestones li{margin:.2rem 0}.hit,.late{color:var(--f)}.missed{color:#b23b3b}
ol.events{list-style:none;padding-left:0;font-size:.9rem}ol.events li{padding:.12rem 0;border-bottom:1px dotted var(--line)}ol.events .d{color:var(--mute);display:inline-block;min-width:7.2rem}
details{margin:.8rem 0}summary{cursor:pointer;color:var(--mute)}.spark{font-family:ui-monospace,monospace;letter-spacing:.1em}
footer{margin-top:3rem;color:var(--mute);font-size:.82rem;border-top:1px solid var(--line);padding-top:.6rem}
@media (max-width:40rem){.pairs{grid-template-columns:1fr}}
@media print{body{margin:0;max-width:none;font-size:10.5pt}h2{break-after:avoid}h3{break-after:avoid}blockquote,tr,.chart,.pair{break-inside:avoid}blockquote{background:none}
details>*{display:block}summary{display:none}a{color:inherit;text-decoration:none}.chart{border:none}}
"""


class _Html:
    def __init__(self) -> None:
        from markdown_it import MarkdownIt

        self.md = MarkdownIt("js-default")
        self.cache: dict[str, str] = {}

    def body(self, q: Quote) -> str:
        found = self.cache.get(q.entry_id)
        if found is None:
            found = self.cache[q.entry_id] = self.md.render(q.body)
        return found

    def quote(self, q: Quote, title: bool = True) -> str:
        lens = q.lens.value
        cite = [f'<time datetime="{_e(q.day.isoformat())}">{_e(q.day.isoformat())}</time>'
                + (f" {_e(q.time)}" if q.time else ""),
                f'<span class="lens-{lens[0]}">{_e(q.lens.symbol)} {_e(lens)}</span>']
        if q.kind.value != "note":
            cite.append(_e(q.kind.value))
        if q.title and title:
            cite.append(f'<span class="t" dir="auto">{_e(q.title)}</span>')
        if q.starred:
            cite.append("★")
        cite.append(f"<code>{_e(q.short_id)}</code>")
        tags = "".join(f'<span class="tag" dir="auto">#{_e(t)}</span>' for t in q.tags)
        return (f'<blockquote class="{_e(lens)}" dir="auto"><div class="cite">{" · ".join(cite)}'
                f'{" · " + tags if tags else ""}</div><div class="body" dir="auto">{self.body(q)}</div></blockquote>\n')


def _milestone_html(m: MilestoneItem) -> str:
    return f'<li><span class="{_e(m.state)}">{_e(STATE_MARKS[m.state])}</span> <span dir="auto">{_e(m.title)}</span> — {_e(_milestone_line(m).split(" — ", 1)[1])}</li>'


def chart_svg(retro: Retrospective) -> str:
    """Entries per ISO week, stacked by lens, with milestone, status-change and gap markers."""
    weeks = retro.hindsight.weeks
    width, height, left, right, top, bottom = 880, 270, 40, 14, 56, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    parts = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="Entries per week by lens, with milestones and status changes">']
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
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#dcdce0" stroke-width="1"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="#5b5b60">{int(value)}</text>')
    # status changes: dashed line with a flag
    for s in retro.hindsight.status_changes:
        x = x_of(s.day)
        if x is None:
            continue
        parts.append(f'<g><title>{_e(s.day.isoformat())} {_e(s.goal_title)}: {_e(s.old)} → {_e(s.new)}</title>'
                     f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 30}" y2="{top + plot_h}" stroke="#b07000" stroke-dasharray="4 3" stroke-width="1.5"/>'
                     f'<text x="{x + 3 if x < width - 110 else x - 3:.1f}" y="{top - 34}" font-size="12" fill="#b07000" '
                     f'text-anchor="{"start" if x < width - 110 else "end"}">⚑ {_e(s.new)}</text></g>')
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
                         f'fill="{LENS_COLOURS[lens.value]}"><title>{_e(w.label)}: {count} {_e(lens.symbol)} {lens.value}</title></rect>')
            if h >= 13 and bar_w >= 11:
                parts.append(f'<text x="{cx:.1f}" y="{y + h / 2 + 4:.1f}" text-anchor="middle" font-size="10" fill="#fff">{_e(lens.symbol)}</text>')
    # month labels under the first week that starts in a new month
    previous = None
    for i, w in enumerate(weeks):
        month = (w.end.year, w.end.month)
        if month != previous:
            previous = month
            cx = left + slot * (i + 0.5)
            parts.append(f'<line x1="{cx:.1f}" x2="{cx:.1f}" y1="{top + plot_h}" y2="{top + plot_h + 5}" stroke="#5b5b60"/>'
                         f'<text x="{cx:.1f}" y="{top + plot_h + 19}" text-anchor="middle" font-size="11" fill="#5b5b60">'
                         f'{MONTHS[month[1] - 1]}{" " + str(month[0]) if i == 0 or month[1] == 1 else ""}</text>')
    # milestones: ✓ hit, ✗ missed, ◇ open, on the week of done (or due) day
    for g in retro.goals:
        for m in g.milestones:
            day = m.done_on or m.due_on
            x = x_of(day) if day else None
            if x is None:
                continue
            colour = {"hit": "#2f8f4e", "late": "#2f8f4e", "missed": "#b23b3b", "open": "#5b5b60"}[m.state]
            parts.append(f'<text x="{x:.1f}" y="{top - 10}" text-anchor="middle" font-size="14" font-weight="700" fill="{colour}" stroke="#fcfcfd" stroke-width="3" paint-order="stroke">'
                         f'<title>{_e(day.isoformat())} milestone {_e(STATE_WORDS[m.state])}: {_e(m.title)}</title>{_e(STATE_MARKS[m.state])}</text>')
    parts.append(f'<text x="{left}" y="{height - 6}" font-size="11" fill="#5b5b60">'
                 f'{_e(weeks[0].label)} – {_e(weeks[-1].label)} · {n} week{"s" if n != 1 else ""} · tallest week {most}</text>')
    parts.append("</svg>")
    return "".join(parts)


LEGEND = (
    '<ul class="legend">'
    + "".join(f'<li><span class="sw" style="background:{LENS_COLOURS[lens.value]}"></span>{lens.symbol} {lens.value}</li>'
              for lens in Lens)
    + '<li><span class="hit">✓</span> milestone hit</li><li><span class="missed">✗</span> milestone missed</li>'
    '<li>◇ milestone open</li><li style="color:#b07000">⚑ status change</li>'
    '<li><span class="sw" style="background:#eeeeef;border:1px solid #ccc"></span>quiet stretch</li></ul>\n'
)


def render_html(retro: Retrospective) -> str:
    r = _Html()
    out: list[str] = []
    add = out.append
    title = f"Retrospective: {retro.title}"
    add('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<header>\n")
    add(f'<h1 dir="auto">{_e(title)}</h1>\n')
    head = [_e(retro.kind), _e(_span(retro))]
    if retro.mentor:
        head.append(f'mentor: <span dir="auto">{_e(retro.mentor)}</span>')
    head.append(f"made {_e(retro.today.isoformat())}")
    add(f'<p class="meta">{" · ".join(head)}</p>\n')
    if retro.focus:
        add(f'<p class="meta" dir="auto">Focus: {_e(retro.focus)}</p>\n')
    notes = []
    if retro.private_left_out:
        notes.append(f"{retro.private_left_out} private entr{'y' if retro.private_left_out == 1 else 'ies'} left out")
    if retro.excluded:
        notes.append(f"{retro.excluded} entr{'y' if retro.excluded == 1 else 'ies'} excluded on request")
    if notes:
        add(f'<p class="meta">{_e("; ".join(notes))}.</p>\n')
    add("</header>\n<main>\n")

    # 1. goals
    add(f'<section>\n<h2>1. The goal{"s" if len(retro.goals) != 1 else ""}</h2>\n')
    for g in retro.goals:
        add(f'<h3 dir="auto">{_e(g.title)} <span class="status {_e(g.status)}">{_e(g.status)}</span></h3>\n')
        facts = [f"<code>{_e(g.short_id)}</code>"]
        if g.created_on:
            facts.append(f"created {_e(g.created_on.isoformat())}")
        if g.closed_on:
            facts.append(f"closed {_e(g.closed_on.isoformat())}")
        if g.mentor:
            facts.append(f'mentor: <span dir="auto">{_e(g.mentor)}</span>')
        facts.append(f"{g.edits} statement edit{'s' if g.edits != 1 else ''}")
        add(f'<p class="meta">{" · ".join(facts)}</p>\n')
        add('<table class="statement"><thead><tr><th>SMART</th><th>First statement</th><th>Final statement</th></tr></thead><tbody>\n')
        for name in STATEMENT_FIELDS:
            first, final = getattr(g.first, name), getattr(g.final, name)
            if first is None and final is None:
                continue
            cls = ' class="changed"' if name in g.changed_fields else ""
            add(f'<tr{cls}><td>{_e(FIELD_LABELS[name])}</td><td dir="auto">{_e(first or "—")}</td>'
                f'<td dir="auto">{_e(final or "—")}</td></tr>\n')
        add("</tbody></table>\n")
        if g.milestones:
            add('<ul class="milestones">' + "".join(_milestone_html(m) for m in g.milestones) + "</ul>\n")
        if g.closure_note:
            add(f'<p dir="auto"><strong>Closure note:</strong> {_e(g.closure_note)}</p>\n')
    add("</section>\n")

    # 2. hindsight
    h = retro.hindsight
    add('<section>\n<h2><span class="lens-h">◀</span> 2. Hindsight — the journey traced</h2>\n')
    add(chart_svg(retro) + "\n" + LEGEND)
    if h.weeks:
        add(f'<p class="meta">Lens of each week ({_e(h.weeks[0].label)} – {_e(h.weeks[-1].label)}): '
            f'<span class="spark">{_e(h.sparkline)}</span></p>\n')
    if h.first:
        add("<h3>First entry</h3>\n" + r.quote(h.first))
    if h.last and h.last is not h.first:
        add("<h3>Last entry</h3>\n" + r.quote(h.last))
    if h.turning_points:
        add("<h3>Turning points <span class=\"meta\">(starred)</span></h3>\n" + "".join(r.quote(q) for q in h.turning_points))
    if h.milestones_hit or h.milestones_missed:
        add('<h3>Milestones hit and missed</h3>\n<ul class="milestones">'
            + "".join(_milestone_html(m) for m in h.milestones_hit + h.milestones_missed) + "</ul>\n")
    if h.status_changes:
        add('<h3>Status changes</h3>\n<ul class="milestones">' + "".join(
            f'<li><span style="color:#b07000">⚑</span> {_e(s.day.isoformat())} <span dir="auto">{_e(s.goal_title)}</span>: '
            f"{_e(s.old)} → {_e(s.new)}</li>" for s in h.status_changes) + "</ul>\n")
    if h.events:
        key = [ev for ev in h.events if ev.kind not in ("entry", "meeting", "foresight-due") or ev.starred]
        if key:
            add('<h3>Key moments</h3>\n<ol class="events">' + "".join(_event_html(ev) for ev in key) + "</ol>\n")
        add(f"<details><summary>The whole timeline ({len(h.events)} events)</summary>\n<ol class=\"events\">"
            + "".join(_event_html(ev) for ev in h.events) + "</ol></details>\n")
    add("</section>\n")

    # 3. insight
    add('<section>\n<h2><span class="lens-i">◆</span> 3. Insight</h2>\n')
    if retro.insight.top_tags:
        add('<p>Top tags: ' + " ".join(f'<span class="tag" dir="auto">#{_e(t.tag)}</span>×{t.count}'
                                       for t in retro.insight.top_tags) + "</p>\n")
    if not retro.insight.periods:
        add('<p class="meta">No insight entries.</p>\n')
    for p in retro.insight.periods:
        label = f"{MONTHS[p.start.month - 1]} {p.start.year}"
        add(f'<h3>{_e(label)} <span class="meta">({len(p.quotes)})</span></h3>\n' + "".join(r.quote(q) for q in p.quotes))
    add("</section>\n")

    # 4. foresight
    f = retro.foresight
    add('<section>\n<h2><span class="lens-f">▶</span> 4. Foresight</h2>\n')
    if f.pairs:
        add("<h3>What I expected vs what happened</h3>\n")
        for pair in f.pairs:
            add('<div class="pairs pair"><div><div class="lbl">Expected</div>' + r.quote(pair.expected)
                + '</div><div><div class="lbl">Happened</div>' + "".join(r.quote(q) for q in pair.happened) + "</div></div>\n")
    if f.open:
        add("<h3>Open foresight <span class=\"meta\">(no hindsight answers it yet)</span></h3>\n" + "".join(r.quote(q) for q in f.open))
    if f.carry_forward:
        add("<h3>Carry forward</h3>\n" + "".join(r.quote(q) for q in f.carry_forward))
    if not (f.pairs or f.open or f.carry_forward):
        add('<p class="meta">No foresight entries.</p>\n')
    add("</section>\n")

    # 5. numbers
    add('<section>\n<h2>5. Numbers</h2>\n<table class="numbers"><tbody>'
        + "".join(f"<tr><td>{_e(k)}</td><td>{_e(v)}</td></tr>" for k, v in _number_rows(retro)) + "</tbody></table>\n</section>\n")

    # 6. closure
    add("<section>\n<h2>6. The closure conversation</h2>\n")
    if not retro.closure:
        add('<p class="meta">No closure entries yet (<code>journal add --kind closure</code>).</p>\n')
    for a in retro.closure:
        add(f'<h3 dir="auto">{_e(a.prompt or "Closure note")}</h3>\n' + r.quote(a.quote, a.prompt is None))
    add("</section>\n</main>\n")
    add(f"<footer>Threefold retrospective · {_e(retro.kind)} <code>{_e(retro.subject_id[:8])}</code> · "
        f"made {_e(retro.today.isoformat())} ({_e(retro.tz)})</footer>\n</body>\n</html>\n")
    return "".join(out)


def _event_html(ev) -> str:
    if ev.lens and ev.entry_id and ev.kind in ("entry", "meeting"):
        what = f'<span class="lens-{ev.lens.value[0]}">{_e(ev.lens.symbol)}</span>' + (" meeting" if ev.kind == "meeting" else "")
    else:
        what = _e({"goal-created": "✚", "goal-edit": "✎", "goal-status": "⚑", "milestone-done": "✓",
                   "milestone-missed": "✗", "milestone-due": "◇", "gap": "┄", "foresight-due": "↻",
                   "meeting": "☉"}.get(ev.kind, "·")) + " " + _e(ev.kind)
    detail = f' <span class="meta">— {_e(ev.detail)}</span>' if ev.detail and ev.kind != "entry" and ev.kind != "meeting" else ""
    star = " ★" if ev.starred else ""
    short = f" <code>{_e(ev.short_id)}</code>" if ev.short_id and ev.kind in ("entry", "meeting") else ""
    return (f'<li><span class="d">{_e(ev.day.isoformat())}{" " + _e(ev.time) if ev.time else ""}</span> {what} '
            f'<span dir="auto">{_e(ev.title)}</span>{detail}{star}{short}</li>')


RENDERERS = {"markdown": render_markdown, "html": render_html, "json": render_json}


def render(retro: Retrospective, fmt: str) -> str:
    try:
        return RENDERERS[fmt](retro)
    except KeyError:
        raise ValueError(f"unknown retrospective format {fmt!r}") from None
