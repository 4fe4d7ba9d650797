import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_prompt_of_the_day_is_stable_and_filters_work(run):
    first = run("prompt")
    assert first.exit_code == 0 and first.stdout == run("prompt").stdout
    [p] = run.json("prompt", "-l", "f")
    assert p["lens"] == "foresight" and p["set"] == "daily"
    closure = run.json("prompt", "--set", "closure", "--all")
    assert [c["id"] for c in closure[:5]] == [
        "closure-set-out", "closure-what-happened", "closure-learned", "closure-carry-forward", "closure-to-mentor"]
    assert run.json("prompt", "--phase", "preparing")[0]["phase"] == "preparing"
    assert run("prompt", "--set", "nope").exit_code == 2


def test_a_broken_user_prompt_file_is_reported_and_skipped(run, tmp_path):
    folder = tmp_path / "config" / "journal" / "prompts"
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text("set = [broken")
    result = run("prompt")
    assert result.exit_code == 0 and "mine.toml" in result.stderr and result.stdout


@pytest.mark.skipif(not os.environ.get("CI") and not os.environ.get("JOURNAL_TEST_WHEEL"),
                    reason="builds and installs a wheel: set JOURNAL_TEST_WHEEL=1 (always on in CI)")
def test_the_prompt_library_ships_in_the_wheel(tmp_path):
    """A wheel install (as pipx does) finds the same library as the editable checkout."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path / "dist"), str(ROOT)],
        check=True, capture_output=True,
    )
    [wheel] = (tmp_path / "dist").glob("threefold_journal-*.whl")
    target = tmp_path / "venv"
    venv.create(target, with_pip=False)
    site = next((target / "lib").glob("python*/site-packages"))
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
                   check=True, capture_output=True)
    # Dependencies come from this interpreter's site-packages; the editable `journal` does not,
    # because .pth files are not read for PYTHONPATH entries.
    env = {**os.environ, "PYTHONPATH": sysconfig.get_paths()["purelib"]}
    result = subprocess.run(
        [str(target / "bin" / "python"), "-c",
         "import json, journal.prompts as p; lib = p.load_library(); "
         "print(json.dumps([str(p.bundled_prompts_dir()), sum(map(len, lib.sets.values())), lib.problems]))"],
        cwd=tmp_path, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    where, count, problems = json.loads(result.stdout)
    assert "_bundled_prompts" in where and str(ROOT) not in where
    assert count > 150 and problems == []
    cli = subprocess.run([str(target / "bin" / "python"), "-m", "journal", "prompt", "--format", "json"],
                         cwd=tmp_path, env=env, capture_output=True, text=True)
    assert cli.returncode == 0 and json.loads(cli.stdout)[0]["set"] == "daily"


def test_add_to_a_prompt_keeps_it_as_the_title_and_takes_its_lens(run):
    [p] = run.json("prompt", "--set", "closure", "--all")[2:3]
    assert run("add", "rehearsal matters", "--prompt", p["id"]).exit_code == 0
    [entry] = run.json("list")
    assert (entry["title"], entry["lens"]) == (p["text"], "insight")
    assert run("add", "x", "--prompt", "no-such-prompt").exit_code == 2
    assert run("add", "y", "--prompt", p["id"], "-l", "f").exit_code == 0
    assert run.json("list")[0]["lens"] == "foresight"
