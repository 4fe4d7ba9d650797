"""The whole-journal Markdown and HTML exports say what the mentee cycle's entries hold in
words: a check-in's ratings, a feedback entry's giver, question and follow-up, kinds as words
(never `goal-audit`), with the user's words escaped like every other field."""

from __future__ import annotations

from journal.domain.model import EntryInput


def _write(journal) -> None:
    journal.entries.write(EntryInput("Steady.", kind="check-in", details={"goals": 4, "time": 2}))
    journal.entries.write(EntryInput("Slow down on the slides.", kind="feedback", when="2026-11-22",
                                     details={"from": "Dana <script>x</script>", "asked": "How was *my* talk?",
                                              "follow_up": "Pause after each slide"}, revisit="2026-11-30"))
    journal.entries.write(EntryInput("Still worth it.", kind="goal-audit"))


def test_markdown_says_the_details_in_words(journal, exported):
    _write(journal)
    text = exported(journal, "markdown")
    assert "check-in · goals: good (4) · meeting time: struggling (2)" in text
    assert "from whom: Dana" in text and "what I will try: Pause after each slide" in text
    assert r"How was \*my\* talk?" in text  # the user's words cannot make emphasis
    assert "follow up by 2026-11-30" in text and "revisit 2026-11-30" not in text
    assert "goal audit" in text and "goal-audit" not in text


def test_html_escapes_the_details(journal, exported):
    _write(journal)
    page = exported(journal, "html")
    assert "<script>" not in page and "Dana &lt;script&gt;x&lt;/script&gt;" in page
    assert "goals: good (4) · meeting time: struggling (2)" in page
    assert "goal audit" in page and ">goal-audit<" not in page
