def test_due_and_answering_a_foresight_entry(run):
    assert "Nothing is due" in run("due").stderr
    added = run("add", "I expect the talk to go well", "-l", "f", "--revisit", "yesterday", "-d", "3 days ago")
    assert added.exit_code == 0
    [item] = run.json("due")
    assert item["kind"] == "foresight" and item["days"] == 1
    assert "--answers" in run("due").stdout
    assert run("add", "It went fine", "-l", "h", "--answers", item["id"][:8]).exit_code == 0
    assert run.json("due") == []


def test_streak_and_on_this_day(run):
    for when in ("yesterday", "today", "2026-10-23"):
        assert run("add", f"entry {when}", "-d", when).exit_code == 0
    assert run("streak").stdout.strip() == "current streak: 2 days; longest: 2"
    assert [e["day"] for e in run.json("list", "--on-this-day")] == ["2026-10-23"]
