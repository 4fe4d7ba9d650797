"""`journal shortlist …` through click, on a fixed clock (Mon 2026-11-23, Europe/Berlin)."""

from __future__ import annotations

import pytest

from tests.cli.expect import fails, ok


def furnish(run):
    """Two must-haves, two weighted wants, three candidates scored."""
    ok(run("shortlist", "new", "Leadership mentor"))
    ok(run("shortlist", "criterion", "add", "lead", "Works in my field", "--must"))
    ok(run("shortlist", "criterion", "add", "lead", "Has time each month", "--must"))
    ok(run("shortlist", "criterion", "add", "lead", "Has coached team leads", "--weight", "5"))
    ok(run("shortlist", "criterion", "add", "lead", "Lives nearby", "--weight", "2"))
    for name in ("Ada Lovelace", "Grace Hopper", "Alan Turing"):
        ok(run("shortlist", "candidate", "add", "lead", name))
    ok(run("shortlist", "score", "lead", "Ada", "--score", "1=yes", "--score", "2=yes", "--score", "3=4",
           "--score", "Lives nearby=3"))
    ok(run("shortlist", "score", "lead", "Grace", "--score", "1=y", "--score", "2=yes", "--score", "3=5",
           "--score", "4=1"))
    ok(run("shortlist", "score", "lead", "Alan", "Works in my field", "no"))
    ok(run("shortlist", "score", "lead", "Alan", "--score", "2=yes", "--score", "3=5", "--score", "4=5"))


def test_new_says_what_comes_next_and_list_shows_it(run):
    result = ok(run("shortlist", "new", "Leadership mentor"))
    assert "Started the shortlist 'Leadership mentor'" in result.stderr and "criterion add" in result.stderr
    listed = run.json("shortlist", "list")
    assert [(s["title"], s["decided"], s["candidates"], s["criteria"], s["leading"]) for s in listed] == [
        ("Leadership mentor", False, 0, 0, None)]
    line = ok(run("shortlist", "list")).stdout
    assert "open" in line and "Leadership mentor" in line and "0 candidates, 0 criteria" in line


def test_list_without_shortlists_says_how_to_start(run):
    result = ok(run("shortlist", "list"))
    assert result.stdout == "" and "journal shortlist new" in result.stderr
    assert run.json("shortlist", "list") == []


def test_show_draws_the_matrix_ranked_with_must_haves_in_words(run):
    furnish(run)
    text = ok(run("shortlist", "show", "lead")).stdout
    lines = text.splitlines()
    assert lines[0].startswith("Leadership mentor  (") and "open; 3 candidates, 4 criteria" in lines[0]
    assert "   1  must-have   Works in my field" in lines
    assert "   3  want ×5     Has coached team leads" in lines
    table = lines[lines.index("Ranking (must-haves met first, then the weighted wants):") + 1:]
    assert table[0].split() == ["place", "no.", "candidate", "1", "must", "2", "must", "3", "×5", "4", "×2", "score"]
    assert table[1].split() == ["1st", "2", "Grace", "Hopper", "✓", "yes", "✓", "yes", "5", "1", "77%", "meets",
                                "every", "must-have"]
    assert table[2].split()[:3] == ["2nd", "1", "Ada"] and "74%" in table[2]
    assert table[3].split()[:3] == ["3rd", "3", "Alan"] and "✗ no" in table[3]
    assert table[3].endswith("misses must-have 'Works in my field'")
    assert not any(line != line.rstrip() for line in lines)


def test_show_without_ref_takes_the_only_shortlist(run):
    furnish(run)
    assert ok(run("shortlist", "show")).stdout == ok(run("shortlist", "show", "lead")).stdout
    ok(run("shortlist", "new", "Second"))
    ok(run("shortlist", "new", "Third"))
    fails(run("shortlist", "show"), 2, "There are 3 shortlists", "shortlist list")


def test_show_json(run):
    furnish(run)
    ok(run("shortlist", "note", "lead", "Grace", "Warm", "and", "direct.", "--on", "2026-11-20"))
    data = run.json("shortlist", "show", "lead")
    assert data["title"] == "Leadership mentor" and data["chosen"] is None
    assert [(c["number"], c["name"], c["must"], c["weight"]) for c in data["criteria"]] == [
        (1, "Works in my field", True, None), (2, "Has time each month", True, None),
        (3, "Has coached team leads", False, 5), (4, "Lives nearby", False, 2)]
    grace, ada, alan = data["ranking"]
    assert (grace["place"], grace["name"], grace["score"], grace["points"], grace["best"], grace["qualifies"]) == (
        1, "Grace Hopper", 77, 27, 35, True)
    assert [s["value"] for s in grace["scores"]] == [True, True, 5, 1]
    assert grace["conversations"] == [{"day": "2026-11-20", "text": "Warm and direct."}]
    assert (alan["place"], alan["unmet"], alan["qualifies"]) == (3, ["Works in my field"], False)
    assert ada["number"] == 1 and ada["tied"] is False


def test_unscored_cells_and_no_wants_read_in_words(run):
    ok(run("shortlist", "new", "Mentor"))
    ok(run("shortlist", "criterion", "add", "Mentor", "Field", "--must"))
    ok(run("shortlist", "candidate", "add", "Mentor", "Bea"))
    ok(run("shortlist", "candidate", "add", "Mentor", "Ada"))
    text = ok(run("shortlist", "show")).stdout
    assert "joint 1st" not in text and "? —" in text and "must-have not scored yet: 'Field'" in text
    assert [line.split()[0] for line in text.splitlines() if "Bea" in line or "Ada" in line][:2] == ["—", "—"]
    assert run.json("shortlist", "show")["ranking"][0]["score"] is None  # no wants: no percentage


def test_empty_shortlist_says_what_to_add(run):
    ok(run("shortlist", "new", "Mentor"))
    text = ok(run("shortlist", "show")).stdout
    assert "criterion add" in text and "candidate add" in text


def test_criterion_edit_and_remove(run):
    furnish(run)
    result = ok(run("shortlist", "criterion", "edit", "lead", "Lives nearby", "--must"))
    assert "3 scores taken back" in result.stderr and "now a must-have" in result.stderr
    ok(run("shortlist", "criterion", "edit", "lead", "4", "--want", "--weight", "1", "--name", "Close by"))
    criteria = run.json("shortlist", "show", "lead")["criteria"]
    assert (criteria[3]["name"], criteria[3]["must"], criteria[3]["weight"]) == ("Close by", False, 1)
    assert ok(run("shortlist", "criterion", "edit", "lead", "4", "--weight", "1")).stderr.strip() == "No changes."
    ok(run("shortlist", "criterion", "remove", "lead", "Close by"))
    assert len(run.json("shortlist", "show", "lead")["criteria"]) == 3


def test_candidate_remove(run):
    furnish(run)
    result = ok(run("shortlist", "candidate", "remove", "lead", "Alan"))
    assert "Removed the candidate Alan Turing" in result.stderr
    assert [r["name"] for r in run.json("shortlist", "show", "lead")["ranking"]] == ["Grace Hopper", "Ada Lovelace"]


def test_score_takes_a_score_back_with_a_dash(run):
    furnish(run)
    result = ok(run("shortlist", "score", "lead", "Ada", "2", "-"))
    assert "Has time each month not scored" in result.stderr
    ada = next(r for r in run.json("shortlist", "show", "lead")["ranking"] if r["name"] == "Ada Lovelace")
    assert ada["unscored"] == ["Has time each month"] and not ada["qualifies"]


def test_note_from_stdin_and_rename(run):
    furnish(run)
    ok(run("shortlist", "note", "lead", "Ada", input="Long call.\n\nShe asks hard questions.\n"))
    ok(run("shortlist", "rename", "lead", "Leadership mentor 2026"))
    data = run.json("shortlist", "show", "Leadership")
    assert data["title"] == "Leadership mentor 2026"
    ada = next(r for r in data["ranking"] if r["name"] == "Ada Lovelace")
    assert ada["conversations"] == [{"day": "2026-11-23", "text": "Long call.\n\nShe asks hard questions."}]
    text = ok(run("shortlist", "show")).stdout
    assert "Conversations:" in text and "2026-11-23  Long call." in text


def test_choose_starts_the_mentorship_and_keeps_the_shortlist(run):
    furnish(run)
    result = ok(run("shortlist", "choose", "lead", "Grace", "--check-in-every", "14", "--since", "2026-11-16"))
    assert ("Started a mentorship with Grace Hopper" in result.stderr
            and "chosen from 3 candidates on the shortlist 'Leadership mentor' (ranked 1st, 77%)" in result.stderr)
    m = run.json("mentorship", "show", "Grace")
    assert (m["mentor"], m["focus"], m["started_on"], m["check_in_every"]) == (
        "Grace Hopper", "Leadership mentor", "2026-11-16", 14)
    data = run.json("shortlist", "show", "lead")
    assert data["chosen"] == {"candidate_id": data["ranking"][0]["id"], "name": "Grace Hopper",
                              "mentorship_id": m["id"]}
    text = ok(run("shortlist", "show", "lead")).stdout
    assert f"decided: Grace Hopper chosen, mentorship {m['short_id']}" in text and "chosen · meets every" in text
    assert "decided" in ok(run("shortlist", "list")).stdout
    fails(run("shortlist", "score", "lead", "Ada", "3", "5"), 2, "is decided", "notes can still be added")
    ok(run("shortlist", "note", "lead", "Ada", "Thanked her."))


def test_choose_with_focus(run):
    furnish(run)
    ok(run("shortlist", "choose", "lead", "Ada", "--focus", "Leading a team"))
    assert run.json("mentorship", "show", "Ada")["focus"] == "Leading a team"


def test_choose_refuses_a_missing_must_have_unless_anyway(run):
    furnish(run)
    line = fails(run("shortlist", "choose", "lead", "Alan"), 2, "misses the must-have 'Works in my field'",
                 "--anyway")
    assert "'Alan Turing'" in line
    assert run.json("mentorship", "list") == []
    ok(run("shortlist", "choose", "lead", "Alan", "--anyway"))
    assert [m["mentor"] for m in run.json("mentorship", "list")] == ["Alan Turing"]


def test_delete_asks_and_a_decided_one_needs_anyway(run):
    furnish(run)
    ok(run("shortlist", "new", "Spare"))
    result = ok(run("shortlist", "delete", "Spare", input="n\n"))
    assert "Nothing deleted." in result.stderr and len(run.json("shortlist", "list")) == 2
    ok(run("shortlist", "delete", "Spare", input="y\n"))
    ok(run("shortlist", "choose", "lead", "Grace"))
    fails(run("shortlist", "delete", "lead", "--yes"), 2, "record of why", "--anyway")
    ok(run("shortlist", "delete", "lead", "--yes", "--anyway"))
    assert run.json("shortlist", "list") == [] and len(run.json("mentorship", "list")) == 1


def test_bad_input_is_one_line_and_exit_2(run):
    furnish(run)
    fails(run("shortlist", "new", "  "), 2, "empty")
    fails(run("shortlist", "new", "Leadership mentor"), 2, "already exists")
    fails(run("shortlist", "show", "nothing"), 2, "No shortlist matches")
    fails(run("shortlist", "criterion", "add", "lead", "X", "--must", "--weight", "3"), 2, "not both")
    fails(run("shortlist", "criterion", "add", "lead", "X", "--weight", "9"), 2, "1 (nice to have) to 5")
    fails(run("shortlist", "criterion", "add", "lead", "works in my field"), 2, "already criterion 1")
    fails(run("shortlist", "criterion", "edit", "lead", "1"), 2, "Give what to change")
    fails(run("shortlist", "criterion", "edit", "lead", "1", "--weight", "2"), 2, "must-have")
    fails(run("shortlist", "criterion", "remove", "lead", "9"), 2, "No criterion matches '9'")
    fails(run("shortlist", "candidate", "add", "lead", "grace hopper"), 2, "already candidate 2")
    fails(run("shortlist", "candidate", "remove", "lead", "Nobody"), 2, "No candidate matches")
    fails(run("shortlist", "score", "lead", "Ada", "1", "maybe"), 2, "yes or no")
    fails(run("shortlist", "score", "lead", "Ada", "3", "6"), 2, "0 (not at all) to 5")
    fails(run("shortlist", "score", "lead", "Ada", "3"), 2, "CRITERION and its VALUE")
    fails(run("shortlist", "score", "lead", "Ada"), 2, "Give a score")
    fails(run("shortlist", "score", "lead", "Ada", "--score", "3"), 2, "CRITERION=VALUE")
    fails(run("shortlist", "score", "lead", "A", "3", "1"), 2, "Several candidates match 'A'")
    fails(run("shortlist", "note", "lead", "Ada", "x", "--on", "tomorrow"), 2, "future")
    fails(run("shortlist", "note", "lead", "Ada", "x", "--on", "not a day"), 2)
    fails(run("shortlist", "note", "lead", "Nobody", "x"), 2, "No candidate")
    fails(run("shortlist", "note", "lead", "Ada", input=""), 2, "empty")
    fails(run("shortlist", "choose", "lead", "Grace", "--since", "tomorrow"), 2, "future")
    fails(run("shortlist", "choose", "lead", "Grace", "--check-in-every", "0"), 2, "--check-in-every")
    fails(run("shortlist", "rename", "lead", ""), 2, "empty")
    assert run.json("mentorship", "list") == []


def test_markup_and_controls_in_names_are_shown_as_text(run):
    ok(run("shortlist", "new", "Mentor \x1b[2J"))
    ok(run("shortlist", "candidate", "add", "Mentor", "[bold]Eve\x07"))
    text = ok(run("shortlist", "show")).stdout
    assert "\x1b[2J" not in text and "\x07" not in text and "[bold]Eve" in text


@pytest.mark.catalogue("S540")
def test_a_candidate_is_renamed_and_keeps_their_scores(run):
    furnish(run)
    said = ok(run("shortlist", "candidate", "rename", "lead", "Ada", "Ada King")).stderr
    assert "Renamed the candidate Ada Lovelace to Ada King." in said
    assert "nothing changed" in ok(run("shortlist", "candidate", "rename", "lead", "Ada", "Ada King")).stderr
    fails(run("shortlist", "candidate", "rename", "lead", "Ada", "Grace Hopper"), 2, "already candidate")
    shown = ok(run("shortlist", "show", "lead")).stdout
    assert "Ada King" in shown and "Ada Lovelace" not in shown
