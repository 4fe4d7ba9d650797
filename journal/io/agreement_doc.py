"""An agreement to share with the mentor: Markdown, or one standalone HTML page.

Pure writers: an `Agreement` and its `WorkPlan` in, text out. The user's text is never
trusted as markup (docs/RELIABILITY.md, "Text and the terminal"):

- one-line user text (the mentor, the focus, goal titles and statements, milestones) is
  escaped: `markdown_inline` in Markdown (it cannot make a heading, emphasis or a link; in a
  table cell "|" too), `html.escape` in HTML, with `dir="auto"`;
- the parts and the other agreements are the user's Markdown. In the Markdown file they pass
  through as written, unless one holds raw HTML, a link to anything but http(s), mailto or a
  relative address, or leaves a code fence or HTML block open: that part is shown as typed, in
  a fenced block (`user_markdown`). In the HTML page they go
  through markdown-it-py's `js-default` preset (raw HTML escaped, `javascript:` and friends
  never made links), imported only when a page is written;
- the page has the journal export's Content-Security-Policy (nothing but its own inline
  style; no script can run), a print stylesheet, and no `id`/`name` made from user text.
"""

from __future__ import annotations

from journal.domain.agreement import (
    OTHER_HEADING,
    Agreement,
    AgreedGoal,
    PlanItem,
    WorkPlan,
    day_words,
    meeting_label,
)
from journal.domain.text import markdown_inline
from journal.io.documents import _e, html_markdown
from journal.io.user_markdown import user_markdown

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
"""The journal export's policy: the page's own inline style, images only inline, nothing else."""
NOT_AGREED = "Not agreed yet."

CSS = """
:root{--ink:#1d1d1f;--mute:#5b5b60;--line:#dcdce0;--accent:#3b6fb6;--ok:#2f8f4e;--late:#b23b3b;--due:#8a5a00}
body{font:16px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:50rem;margin:2rem auto;padding:0 1.2rem;color:var(--ink);background:#fff}
h1{font-size:1.7rem;margin-bottom:.3rem}h2{font-size:1.25rem;margin-top:2.2rem;border-bottom:2px solid var(--line);padding-bottom:.2rem}
h3{font-size:1.05rem;margin:1.2rem 0 .3rem}.meta{color:var(--mute);font-size:.92rem;margin:.2rem 0}
.status{display:inline-block;font-size:.78rem;font-weight:500;padding:.02rem .5rem;border:1px solid var(--mute);border-radius:1rem;margin-left:.4rem;vertical-align:middle}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.3rem 0 .8rem}dt{color:var(--mute)}dd{margin:0;overflow-wrap:anywhere}
.body{overflow-wrap:anywhere}.body>:first-child{margin-top:.4rem}.body>:last-child{margin-bottom:0}
.open h2{color:var(--mute)}pre,code{background:#f0f0f2;white-space:pre-wrap}blockquote{margin:.6rem 0;padding:.3rem .9rem;border-left:4px solid var(--line)}
table{border-collapse:collapse;width:100%;font-size:.94rem;margin:.6rem 0}th,td{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f5f5f7;font-weight:600}td.d{white-space:nowrap}tr.marker td{color:var(--mute);font-style:italic}
.done,.done-late,.achieved{color:var(--ok)}.missed{color:var(--late);font-weight:600}.due{color:var(--due)}.not-done,.abandoned{color:var(--mute)}
footer{margin-top:3rem;color:var(--mute);font-size:.82rem;border-top:1px solid var(--line);padding-top:.6rem}
@media print{body{margin:0;max-width:none;font-size:10.5pt}h2,h3{break-after:avoid}section.part,article,tr{break-inside:avoid}a{color:inherit;text-decoration:none}}
"""  # noqa: E501 - CSS, one rule set per line, shipped in the page as written
_STATUS_CLASS = {"done": "done", "done late": "done-late", "missed": "missed", "due": "due", "not done": "not-done",
                 "achieved": "achieved", "abandoned": "abandoned", "no date": "not-done"}
"""A plan item's status → its class (fixed words only; never user text)."""


def render(agreement: Agreement, plan: WorkPlan, fmt: str) -> str:
    """The agreement as `markdown` or `html` text."""
    if fmt == "markdown":
        return write_markdown(agreement, plan)
    if fmt == "html":
        return write_html(agreement, plan)
    raise ValueError(f"unknown agreement format {fmt!r}")


# ----------------------------------------------------------------- the words both share
def title_of(agreement: Agreement) -> str:
    return f"Agreement: mentorship with {agreement.mentor}"


def facts(agreement: Agreement) -> list[tuple[str, str, bool]]:
    """The header's facts: (label, value, value is the user's text)."""
    a = agreement
    found = []
    if a.focus:
        found.append(("Focus", a.focus, True))
    if a.started_on:
        found.append(("Since", day_words(a.started_on), False))
    if a.closed_on:
        found.append(("Closed", day_words(a.closed_on), False))
    found.append(("Check-ins", a.cadence, False))
    if a.next_meeting_on and not a.closed_on:
        found.append((meeting_label(a.next_meeting_on, a.today), day_words(a.next_meeting_on), False))
    return found


def as_of(agreement: Agreement) -> str:
    said = f"As of {day_words(agreement.today)}"
    if agreement.changed_on:
        said += f"; the agreement last changed on {day_words(agreement.changed_on)}"
    return said + "."


def goal_facts(goal: AgreedGoal) -> list[tuple[str, str, bool]]:
    found = [(label, text, True) for label, text in goal.statement]
    found.append(("Target date", day_words(goal.target) if goal.target else "none set", False))
    if goal.milestones:
        found.append(("Milestones", f"{goal.done} of {goal.milestones} done", False))
    if goal.left:
        found.append((goal.left_when[:1].upper() + goal.left_when[1:], goal.left, False))
    return found


def plan_rows(plan: WorkPlan) -> list[PlanItem]:
    """The plan's dated items as a shared page lists them (no 'today' marker: the page says its date)."""
    return [i for i in plan.items if i.kind != "today"]


# ----------------------------------------------------------------- Markdown
def _md(text: str) -> str:
    return markdown_inline(text)


def _cell(text: str) -> str:
    return markdown_inline(" ".join(text.split()))


def write_markdown(agreement: Agreement, plan: WorkPlan) -> str:
    a = agreement
    out = [f"# {_md(title_of(a))}", " · ".join(f"{label}: {_md(value) if user else value}"
                                              for label, value, user in facts(a)), f"_{as_of(a)}_"]
    out.append("## Our goals")
    if not a.goals:
        out.append("_No goals belong to this mentorship yet._")
    for goal in a.goals:
        out.append(f"### {_md(goal.title)} ({goal.status.value})")
        out.append("\n".join(f"- {label}: {_md(value) if user else value}" for label, value, user in goal_facts(goal)))
    for part in a.parts:
        out.append(f"## {part.heading}")
        out.append(user_markdown(part.text) if part.text else f"_{NOT_AGREED}_")
    if a.other:
        out.append(f"## {OTHER_HEADING}")
        out.append(user_markdown(a.other))
    out.append("## Work plan")
    rows = plan_rows(plan)
    if rows:
        table = ["| Date | Goal | What | Where it stands |", "|---|---|---|---|"]
        for item in rows:
            day = day_words(item.day) if item.day else ""
            table.append(f"| {day} | {_cell(item.goal)} | {_cell(item.what)} | {item.said} |")
        out.append("\n".join(table))
    else:
        out.append("_Nothing planned yet._")
    if plan.undated:
        out.append("Without a date:\n\n" + "\n".join(
            f"- {_md(i.goal)}: {_md(i.what)}" + (f" — {_md(i.said_undated)}" if i.said_undated else "")
            for i in plan.undated))
    return "\n\n".join(out).rstrip() + "\n"


# ----------------------------------------------------------------- HTML
_DIR = ' dir="auto"'


def _user(text: str) -> str:
    return f'<span dir="auto">{_e(text)}</span>'


def _facts_html(found: list[tuple[str, str, bool]]) -> str:
    return " · ".join(f"{_e(label)}: {_user(value) if user else _e(value)}" for label, value, user in found)


def write_html(agreement: Agreement, plan: WorkPlan) -> str:
    markdown = html_markdown()
    a = agreement
    title = title_of(a)
    out = ['<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
           f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
           '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
           f"<title>{_e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<header>\n"
           f'<h1 dir="auto">{_e(title)}</h1>\n<p class="meta">{_facts_html(facts(a))}</p>\n'
           f'<p class="meta">{_e(as_of(a))}</p>\n</header>\n<main>\n']
    out.append('<section class="goals">\n<h2>Our goals</h2>\n')
    if not a.goals:
        out.append('<p class="meta">No goals belong to this mentorship yet.</p>\n')
    for goal in a.goals:
        status = goal.status.value
        terms = "".join(f"<dt>{_e(label)}</dt><dd{_DIR if user else ''}>{_e(value)}</dd>"
                        for label, value, user in goal_facts(goal))
        out.append(f'<article>\n<h3 dir="auto">{_e(goal.title)} <span class="status {_e(status)}">{_e(status)}</span>'
                   f"</h3>\n<dl>{terms}</dl>\n</article>\n")
    out.append("</section>\n")
    for part in a.parts:
        if part.text:
            out.append(f'<section class="part">\n<h2>{_e(part.heading)}</h2>\n'
                       f'<div class="body" dir="auto">{markdown.render(part.text)}</div>\n</section>\n')
        else:
            out.append(f'<section class="part open">\n<h2>{_e(part.heading)}</h2>\n'
                       f'<p class="meta">{_e(NOT_AGREED)}</p>\n</section>\n')
    if a.other:
        out.append(f'<section class="part">\n<h2>{_e(OTHER_HEADING)}</h2>\n'
                   f'<div class="body" dir="auto">{markdown.render(a.other)}</div>\n</section>\n')
    out.append('<section class="plan">\n<h2>Work plan</h2>\n')
    rows = plan_rows(plan)
    if rows:
        out.append("<table><thead><tr><th>Date</th><th>Goal</th><th>What</th><th>Where it stands</th></tr></thead>"
                   "<tbody>\n")
        for item in rows:
            day = (f'<time datetime="{item.day.isoformat()}">{_e(day_words(item.day))}</time>' if item.day else "")
            if item.kind in ("start", "end"):
                out.append(f'<tr class="marker"><td class="d">{day}</td><td></td><td>{_user(item.what)}</td>'
                           f"<td>{_e(item.when)}</td></tr>\n")
                continue
            css = _STATUS_CLASS.get(item.status, "")
            out.append(f'<tr><td class="d">{day}</td><td>{_user(item.goal)}</td><td>{_user(item.what)}</td>'
                       f'<td class="{css}">{_e(item.said)}</td></tr>\n')
        out.append("</tbody></table>\n")
    else:
        out.append('<p class="meta">Nothing planned yet.</p>\n')
    if plan.undated:
        items = "".join(f"<li>{_user(i.goal)}: {_user(i.what)}"
                        + (f" — {_e(i.said_undated)}" if i.said_undated else "") + "</li>" for i in plan.undated)
        out.append(f'<p class="meta">Without a date:</p>\n<ul>{items}</ul>\n')
    out.append(f"</section>\n</main>\n<footer>{_e(as_of(a))} Written with Threefold, a reflection journal."
               "</footer>\n</body>\n</html>\n")
    return "".join(out)
