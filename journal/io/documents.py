"""Whole-journal Markdown and HTML exports, streamed entry by entry, grouped by day.

Markdown keeps the bodies, the user's own Markdown, as they are, unless one holds raw HTML, an
unsafe link or leaves a code fence or HTML block open (it would take in every entry after it):
that body is shown as typed, in a fenced block (`user_markdown`). Titles, tags and goal titles
are escaped (`markdown_inline`) so that none can make a heading, emphasis or a link.
HTML (docs/RELIABILITY.md, "Text and the terminal") is one standalone page: inline CSS
(with a print stylesheet), a CSP that allows no script and no remote image, bodies
rendered by markdown-it-py's `js-default` preset (raw HTML escaped), every other field
through `html.escape(..., quote=True)`, `dir="auto"` on entry blocks, and no `id`/`name`
attribute made from user text.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from datetime import date, tzinfo
from typing import Any

from journal.domain.agreement import milestone_state
from journal.domain.dates import DAY_NAMES, in_zone, parse_stamp
from journal.domain.entry_fields import Row
from journal.domain.model import Kind, Lens
from journal.domain.entry_details import FEEDBACK_FIELDS, ratings_words
from journal.domain.text import control_pictures, markdown_inline, plural
from journal.io.user_markdown import user_markdown

_SYMBOLS = {lens.value: lens.symbol for lens in Lens}


def _day_heading(day: str) -> str:
    return f"{DAY_NAMES[date.fromisoformat(day).weekday()]} {day}"


def _as_is(text: str) -> str:
    return text


def _meta(entry: Row, goal_titles: dict[str, str], mentors: dict[str, str],
          user: Callable[[str], str] = _as_is) -> list[str]:
    """The facts under an entry's heading; `user` escapes the user's words (tags, goal titles,
    the mentor's name)."""
    kind = Kind(entry["kind"])
    meta = [kind.words] if kind != Kind.NOTE else []
    details = entry.get("details") or {}
    if kind == Kind.CHECK_IN and details:
        meta.append(ratings_words(details))
    elif kind == Kind.FEEDBACK and details:
        meta += [f"{label[0].lower()}{label[1:]}: {user(details[key])}"  # "what I asked", never "what i asked"
                 for key, label in FEEDBACK_FIELDS if details.get(key)]
    meta += [f"#{user(t)}" for t in entry["tags"]]
    meta += [f"goal: {user(goal_titles.get(g, g[:8]))}" for g in entry["goals"]]
    if entry.get("mentorship_id"):  # (the exports said nothing of the mentorship an entry belongs to: S372)
        meta.append(f"mentorship with {user(mentors.get(entry['mentorship_id'], entry['mentorship_id'][:8]))}")
    if entry["starred"]:
        meta.append("★")
    if entry["private"]:
        meta.append("private")
    if entry.get("revisit_on"):
        meta.append(f"{'follow up by' if details.get('follow_up') else 'revisit'} {entry['revisit_on']}")
    return meta


def _milestones(goal: Row, today: date, zone: tzinfo) -> list[tuple[str, str]]:
    """A goal's milestones as (title, state in words), by due day (those without one last), said
    as `journal goal show` says them: "done 2026-10-04, 2 days late", "due 2026-05-01, missed",
    "due 2026-05-01, not done (goal abandoned)", "due 2026-12-01", "open", "not done, goal abandoned" (S493)."""
    closed = parse_stamp(goal.get("closed_at")) if goal.get("status") in ("achieved", "abandoned") else None
    closed_on = in_zone(closed, zone).date() if closed is not None else None
    said = []
    order = sorted(goal.get("milestones") or [],
                   key=lambda m: (m.get("due_on") or "9999", m.get("done_on") or "", m["title"].casefold()))
    for m in order:
        due, done = m.get("due_on"), m.get("done_on")
        state = milestone_state(due and date.fromisoformat(due), done and date.fromisoformat(done), today, closed_on)
        if done:
            late = (date.fromisoformat(done) - date.fromisoformat(due)).days if state == "late" and due else 0
            words = f"done {done}" + (f", {plural(late, 'day')} late" if late else "")
        elif not due:
            words = "open" if state == "open" else f"not done, goal {goal['status']}"  # closed without a day
        else:
            words = f"due {due}" + {"missed": ", missed",
                                    "dropped": f", not done (goal {goal['status']})"}.get(state, "")
        said.append((m["title"], words))
    return said


def _mentorship_words(m: Row) -> str:
    """A mentorship's span and state: "active since 2026-11-16", "2026-09-01 – 2026-11-28"."""
    if m.get("status") == "closed":
        return f"{m.get('started_on') or '?'} – {m.get('closed_on') or '?'}"
    return f"{m.get('status') or 'active'} since {m.get('started_on') or '?'}"


MARKDOWN_HEAD = "# Journal\n\n_Exported "
"""How the journal's Markdown export begins (importers.py tells it apart by this: S468)."""


def write_markdown(write: Callable[[str], None], exported_at: str, entries: Iterable[Row],
                   goals: list[Row], mentorships: list[Row], today: date, zone: tzinfo) -> int:
    goal_titles = {g["id"]: g["title"] for g in goals}
    mentors = {m["id"]: m["mentor"] for m in mentorships}
    write(f"{MARKDOWN_HEAD}{exported_at}_\n")
    if mentorships:
        write("\n## Mentorships\n\n")
        for m in mentorships:
            focus = f": {markdown_inline(m['focus'])}" if m.get("focus") else ""
            write(f"- **{markdown_inline(m['mentor'])}**{focus} ({_mentorship_words(m)})\n")
    if goals:
        write("\n## Goals\n\n")
        for goal in goals:
            by = f", by {goal['time_bound']}" if goal.get("time_bound") else ""
            write(f"- **{markdown_inline(goal['title'])}** ({goal['status']}{by})\n")
            for step, words in _milestones(goal, today, zone):
                write(f"  - {markdown_inline(step)} ({words})\n")
    count, day = 0, None
    for entry in entries:
        if entry["day"] != day:
            day = entry["day"]
            write(f"\n## {_day_heading(day)}\n")
        title = markdown_inline(entry["title"]) if entry["title"] else None
        head = " · ".join(x for x in (entry["time"] or "all day", f"{_SYMBOLS[entry['lens']]} {entry['lens']}", title)
                          if x)
        meta = _meta(entry, goal_titles, mentors, markdown_inline)
        write(f"\n### {head}\n\n" + (f"_{' · '.join(meta)}_\n\n" if meta else "") + user_markdown(entry["body"]) + "\n")
        count += 1
    return count


CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
CSS = """
body{font:16px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f;background:#fff}
h1{font-size:1.6rem}h2.day{margin-top:2.2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem;font-size:1.15rem}
article{margin:1.2rem 0;padding:.6rem .9rem;border-left:4px solid #999;background:#fafafa;overflow-wrap:anywhere}
article.hindsight{border-color:#3b6fb6}article.insight{border-color:#9b3bb6}article.foresight{border-color:#2f8f4e}
.head{font-weight:600}.meta{color:#555;font-size:.88rem;margin:.2rem 0 .5rem}
.tag{color:#0b6e7a;margin-right:.4rem}pre,code{background:#f0f0f0;white-space:pre-wrap}
ul.goals li{margin:.2rem 0}
@media print{body{margin:0;max-width:none;font-size:11pt}article{break-inside:avoid;background:none}a{color:inherit}}
"""  # noqa: E501 - CSS, one rule set per line, shipped in the page as written


def _e(text: object) -> str:
    """Text for an HTML page: a control character of it as its symbol (S297), then escaped."""
    return html.escape(control_pictures("" if text is None else str(text))[0], quote=True)


def html_markdown() -> Any:
    """markdown-it's `js-default` (raw HTML escaped) whose `render` shows a control character
    of the text as its symbol first (S297), each line break kept (S495): what every HTML page
    renders a text with. An image
    becomes a link to it ("image: ALT"): a viewer that ignores the page's policy (a mail client,
    a converter) would fetch a remote one, telling its server the page was opened (S487)."""
    from markdown_it import MarkdownIt
    from markdown_it.common.utils import escapeHtml

    class _Shown(MarkdownIt):
        def render(self, src: str, env: Any = None) -> str:
            return str(super().render(control_pictures(src)[0], env))

    def image_as_link(renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        alt = renderer.renderInlineAsText(token.children or [], options, env)
        words = escapeHtml(f"image: {alt}" if alt else "image")
        return f'<a href="{escapeHtml(str(token.attrGet("src") or ""))}">{words}</a>'

    md = _Shown("js-default", {"breaks": True})  # each line break kept, as the journal shows it (S495)
    md.add_render_rule("image", image_as_link)
    return md


def write_html(write: Callable[[str], None], exported_at: str, entries: Iterable[Row],
               goals: list[Row], mentorships: list[Row], today: date, zone: tzinfo) -> int:
    md = html_markdown()
    goal_titles = {g["id"]: g["title"] for g in goals}
    mentors = {m["id"]: m["mentor"] for m in mentorships}
    write('<!DOCTYPE html>\n<html lang="und" dir="auto">\n<head>\n<meta charset="utf-8">\n'
          f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
          '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
          f"<title>Journal</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
          f'<h1>Journal</h1>\n<p class="meta">Exported {_e(exported_at)}</p>\n')
    if mentorships:
        write('<h2>Mentorships</h2>\n<ul class="goals">\n')
        for m in mentorships:
            focus = f': <span dir="auto">{_e(m["focus"])}</span>' if m.get("focus") else ""
            write(f'<li><strong dir="auto">{_e(m["mentor"])}</strong>{focus} ({_e(_mentorship_words(m))})</li>\n')
        write("</ul>\n")
    if goals:
        write('<h2>Goals</h2>\n<ul class="goals">\n')
        for goal in goals:
            by = f", by {_e(goal['time_bound'])}" if goal.get("time_bound") else ""
            steps = "".join(f'<li dir="auto">{_e(step)} ({_e(words)})</li>'
                            for step, words in _milestones(goal, today, zone))
            write(f'<li dir="auto"><strong>{_e(goal["title"])}</strong> ({_e(goal["status"])}{by})'
                  + (f"<ul>{steps}</ul>" if steps else "") + "</li>\n")
        write("</ul>\n")
    count, day = 0, None
    for entry in entries:
        if entry["day"] != day:
            day = entry["day"]
            write(f'<h2 class="day">{_e(_day_heading(day))}</h2>\n')
        lens = entry["lens"]
        head = " · ".join(_e(x) for x in (entry["time"] or "all day", f"{_SYMBOLS[lens]} {lens}") if x)
        if entry["title"]:
            head += f' · <span dir="auto">{_e(entry["title"])}</span>'
        meta = " ".join(
            f'<span class="tag">{_e(m)}</span>' for m in _meta(entry, goal_titles, mentors))
        write(f'<article class="{_e(lens)}" dir="auto">\n<div class="head">{head}</div>\n'
              + (f'<div class="meta">{meta}</div>\n' if meta else "")
              + f'<div class="body">{md.render(entry["body"])}</div>\n</article>\n')
        count += 1
    write("</body>\n</html>\n")
    return count
