"""The user's own Markdown (an entry's body, an agreement's part) placed inside a Markdown file
we write: it passes through as written when it is safe and closes what it opens; else it is
shown as typed, in a fenced block (docs/RELIABILITY.md, "Text and the terminal").

- Safe: no raw HTML, no link or image to anything but http(s), mailto or a relative address,
  and no link reference definition (`[1]: https://…`): the file is one document, so a
  definition in one text would make a link of `[words][1]` in any other, to any address, and
  shows nothing itself (S275).
- Nothing that readers beyond CommonMark (GitHub, Obsidian, Typora) take out of its place: a
  footnote definition (`[^1]: …` is moved to the document's end, after every entry, and its
  reference may stand in another text) or a `$$` left unpaired (display math runs on to the next
  `$$`, in whatever entry that is, swallowing the days between) (S546).
- Closes what it opens: a code fence (```), or an HTML block that runs to its end marker
  (`<!--`, `<pre>`, `<script>`…), left open would take in every heading and entry after it.
  Checked by parsing the text with a paragraph of ours after it: that paragraph must come out
  as a paragraph of its own.

markdown-it-py is imported only when a text holds a character that could open one of these,
and a text is parsed only when it could hold one (`_needs_parsing`): a fence marker, `<` before
a letter, `/`, `!` or `?` (raw HTML, an autolink), `]:` (a definition), or an inline link whose
address is not plainly safe. Parsing took ~0.5 ms a text: a Markdown export of 100,000 entries
with ordinary links took 35 s.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

SAFE_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([^:/?#]*):")
_MAY_OPEN = re.compile(r"[`~<\[]")
"""What every fence, raw HTML, autolink and link starts with: a text without one is left as is."""
_OPENS = re.compile(r"```|~~~|<[A-Za-z/!?]|\]:")
"""A code fence, raw HTML or an autolink, a link reference definition: what only a parse can judge."""
_LINK_ADDRESS = re.compile(r"\]\(\s*([^\s)]*)")
"""The address of an inline link or image (`](` then the address, as CommonMark needs it)."""
_UNPLAIN = re.compile(r"[&\\<>]")
"""What can make a link's address other than its characters say (an entity, an escape, <…>)."""
_FOOTNOTE_DEFINITION = re.compile(r"^ {0,3}\[\^[^\]\n]+\]:", re.M)
"""A footnote definition (GitHub's and Obsidian's Markdown): taken out to the end of the document."""
_AFTER = "threefold-after-the-text"
"""The paragraph that must stay a paragraph after the text (no one types it)."""


def user_markdown(text: str) -> str:
    """The user's Markdown for a Markdown file: as written, or (raw HTML, an unsafe link,
    something left open) as typed in a fenced block."""
    if text.count("$$") % 2 or ("[^" in text and _FOOTNOTE_DEFINITION.search(text)):
        return _fenced(text)
    if not _MAY_OPEN.search(text) or not _needs_parsing(text):
        return text
    env: dict[str, Any] = {}
    tokens = _parser().parse(f"{text}\n\n{_AFTER}\n", env)  # one parse answers every question
    return _fenced(text) if env.get("references") or _unsafe(tokens) or _left_open(tokens) else text


def _needs_parsing(text: str) -> bool:
    """Whether only a parse can say if `text` is safe and closes what it opens. Without a fence
    marker, raw HTML, an autolink or a definition, a text can be unsafe only by a link (or an
    image), and every link has `](` before its address: when each address found so is plainly
    a safe one, the text is (inline code and the rest close at the blank line after it)."""
    if _OPENS.search(text):
        return True
    return any(_UNPLAIN.search(address) or not _safe_address(address) for address in _LINK_ADDRESS.findall(text))


@cache
def _parser() -> Any:
    """CommonMark that shows every link as written (to judge its address here); made once."""
    from markdown_it import MarkdownIt

    md: Any = MarkdownIt("commonmark")
    md.validateLink = lambda url: True
    return md


def _unsafe(tokens: list[Any]) -> bool:
    """Whether the tokens hold raw HTML or a link (or image) to an unsafe address."""
    stack = list(tokens)
    while stack:
        token = stack.pop()
        if token.type in ("html_block", "html_inline"):
            return True
        for name in ("href", "src"):
            address = token.attrGet(name)
            if isinstance(address, str) and not _safe_address(address):
                return True
        stack.extend(token.children or ())
    return False


def _left_open(tokens: list[Any]) -> bool:
    """Whether the text left a block open: our paragraph after it is not a paragraph of its own."""
    last = tokens[-3:]
    return not (len(last) == 3 and last[0].type == "paragraph_open" and last[0].level == 0
                and last[1].content == _AFTER)


def _safe_address(address: str) -> bool:
    found = _SCHEME.match(address.strip())
    return found is None or found.group(1).lower() in SAFE_SCHEMES


def _fenced(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"
