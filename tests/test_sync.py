"""Sharing the store through git, with real git: a bare repository standing for the alliance's, and clones
standing for laptops."""

from __future__ import annotations

import os
import stat
import subprocess
from datetime import date
from pathlib import Path

import pytest
from conftest import FROZEN_AT, run_cli
from hypothesis import given
from hypothesis import strategies as st

from maturitytui.analysis.tool_summaries import take_part
from maturitytui.model.session import Session, StrandAnswer, Tally, ToolAnswer
from maturitytui.room.layout import participant_file, room_folder
from maturitytui.store import sync as sync_module
from maturitytui.store.git import GitError
from maturitytui.store.locks import SessionLock
from maturitytui.store.session_store import SessionStore
from maturitytui.store.sync import GITIGNORE, share, shared, sync, sync_state

PARTNERSHIP = "Harbourside Learning Partnership"


def git(where: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=where, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture(autouse=True)
def _git_of_its_own(tmp_path, monkeypatch):
    """git's settings for these tests alone: no one's own, and a name for the commits."""
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tname = Sam\n\temail = sam@school.example\n[init]\n\tdefaultBranch = main\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "GIT_DIR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def alliance(tmp_path) -> Path:
    remote = tmp_path / "alliance.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    return remote


def laptop(tmp_path: Path, alliance: Path, name: str) -> SessionStore:
    """A clone of the alliance's repository, as a consultant makes one with plain git clone."""
    folder = tmp_path / name
    git(tmp_path, "clone", "-q", str(alliance), str(folder))
    git(folder, "config", "user.name", name.capitalize())
    return SessionStore(folder)


def review(store: SessionStore, rubric, day: date = date(2026, 6, 18), partnership: str = PARTNERSHIP) -> Session:
    session = Session.start(partnership, rubric, review_date=day)
    session.strands["jpd"] = StrandAnswer(stage="Developing")
    store.save(session)
    return session


def rate(store: SessionStore, session: Session, strand: str, stage: str) -> None:
    """Change one rating of a review on one laptop, as the app saves it."""
    loaded = store.load(store.path_for(session))
    loaded.strands[strand] = StrandAnswer(stage=stage)
    store.save(loaded)


def files(store: SessionStore) -> dict[str, bytes]:
    """Every review and partnership file in a store, by its path below the store."""
    found = {}
    for path in sorted(store.root.rglob("*")):
        rel = path.relative_to(store.root).as_posix()
        if path.is_file() and not rel.startswith(".git/") and shared(rel):
            found[rel] = path.read_bytes()
    return found


def committed(store: SessionStore) -> list[str]:
    """Every path any commit has ever held."""
    out = git(store.root, "log", "--all", "--name-only", "--format=")
    return sorted({line for line in out.splitlines() if line})


@pytest.fixture
def two(tmp_path, alliance, rubric):
    """Two laptops sharing one alliance repository, the first holding a review already shared."""
    a = SessionStore(tmp_path / "a")
    first = review(a, rubric)
    report = share(a.root, str(alliance))
    assert report.ok
    assert report.pushed
    b = laptop(tmp_path, alliance, "kim")
    assert sync(b.root).ok
    return a, b, first


def test_init_shares_a_store_and_a_clone_gets_it(two, alliance):
    a, b, first = two
    assert files(b) == files(a)
    assert set(files(a)) == {
        ".gitignore",
        f"{a.path_for(first).relative_to(a.root).as_posix()}",
        f"{a.folder_for(PARTNERSHIP).name}/.partnership",
    }
    log = git(a.root, "log", "--format=%an|%s%n%b")
    assert "Sam|Sync from Sam's laptop: 1 review of 1 partnership" in log
    assert f"{PARTNERSHIP} 2026-06-18 ({first.id})" in log  # the message names the review
    assert (a.root / ".gitignore").read_text().endswith(GITIGNORE)


def test_reviews_made_on_two_laptops_meet(two, rubric):
    a, b, _ = two
    review(a, rubric, date(2027, 1, 10))
    review(b, rubric, date(2027, 2, 20), partnership="Northshore Trust")
    for store in (a, b, a):
        report = sync(store.root)
        assert report.ok, report.lines()
    assert files(a) == files(b)
    assert len(a.catalogue().summaries) == 3
    brought = sync(b.root).lines()
    assert brought == [f"Already up to date with {git(a.root, 'remote', 'get-url', 'origin').strip()}."]


def test_one_review_edited_on_both_laptops_keeps_both(two, rubric):
    """The issue's own check: both edits kept, nothing lost, no conflict markers, one review counted."""
    a, b, first = two
    rate(a, first, "jpd", "Leading")
    rate(b, first, "jpd", "Beginning")
    first_sync = sync(a.root)
    assert first_sync.ok
    second = sync(b.root)
    assert second.ok, second.lines()
    assert any(
        "changed on another laptop too" in line and "copy from Kim's laptop, 22 Nov 2026" in line
        for line in second.lines()
    )
    for store in (a, b, a, b):
        assert sync(store.root).ok
    assert files(a) == files(b)
    assert not any(b"<<<<<<<" in data or b">>>>>>>" in data for data in files(a).values())
    catalogue = a.catalogue()
    (kept,) = catalogue.partnerships()[first.partnership.casefold()]
    (copy,) = catalogue.copies()
    assert a.load(kept.path).strands["jpd"].stage == "Leading"  # the version shared first stays the review
    copied = a.load(copy.path)
    assert copied.strands["jpd"].stage == "Beginning"  # and Kim's is kept beside it
    assert copied.copy_of is not None
    assert copied.copy_of.review == first.id
    assert copied.copy_of.source == "Kim's laptop"
    assert copied.copy_of.made == FROZEN_AT.date()
    assert copy.copy_words == "copy from Kim's laptop, 22 Nov 2026"


def test_the_same_change_on_both_laptops_makes_no_copy(two):
    a, b, first = two
    for store in (a, b):
        rate(store, first, "jpd", "Embedding")
    # Saved at the same frozen moment, the two files are the same bytes: nothing to choose between.
    assert files(a) == files(b)
    assert sync(a.root).ok
    assert sync(b.root).ok
    assert a.catalogue().copies() == []
    assert b.catalogue().copies() == []


def test_a_review_removed_on_one_laptop_and_changed_on_the_other_is_kept(two):
    a, b, first = two
    os.unlink(a.path_for(first))
    rate(b, first, "jpd", "Leading")
    assert sync(a.root).ok
    assert sync(b.root).ok
    assert sync(a.root).ok
    for store in (a, b):
        assert store.load(store.path_for(first)).strands["jpd"].stage == "Leading"


def test_offline_the_commit_stays_and_the_next_sync_pushes_it(two, alliance, rubric, tmp_path, capsys):
    a, b, _ = two
    new = review(a, rubric, date(2027, 3, 1))
    away = alliance.with_name("moved.git")
    alliance.rename(away)
    code, out, err = run_cli(capsys, "--sessions", a.root, "sync")
    assert code == 1
    assert "Could not reach the alliance's copy" in err
    assert "the next sync shares it" in err
    assert f"({new.id})" in git(a.root, "log", "-1", "--format=%b")  # committed here all the same
    assert sync_state(a.root).ahead == 1
    away.rename(alliance)
    code, out, err = run_cli(capsys, "--sessions", a.root, "sync")
    assert code == 0, err
    assert "Up to date with" in out
    assert sync(b.root).ok
    assert b.path_for(new).exists()


def test_what_never_leaves_the_laptop(two, rubric):
    a, _b, first = two
    path = a.path_for(first)
    a.catalogue()  # the summary index
    lock = SessionLock(path, remove_on_release=True)
    lock.acquire()  # the review is open
    try:
        room = room_folder(path)
        participant = participant_file(path, "p1")
        participant.parent.mkdir(mode=0o700)
        participant.write_text('name = "Alex"\n')
        (room / "responses").mkdir()
        (room / "responses" / "x1.toml").write_text("answers = {1 = 4}\n")
        (path.parent / f".{path.name}.abcd1234.tmp").write_text("half a save")
        # A questionnaire round still open: fewer answers than its minimum, never to be shared.
        audit = rubric.tool("student-trust-in-staff")
        pending = Session.start(PARTNERSHIP, rubric, review_date=date(2027, 5, 5))
        answer = ToolAnswer()
        take_part(audit, answer, {"1": "4"})
        pending.tools[audit.id] = answer
        a.save(pending)
        report = sync(a.root)
        assert report.ok
        assert any("questionnaire round is still open" in line for line in report.lines())
        ever = committed(a)
        assert all(shared(p) for p in ever), ever
        assert a.path_for(pending).relative_to(a.root).as_posix() not in ever
        assert not any(p.startswith(".") and p != ".gitignore" for p in ever)
        # Even a hand-made `git add -A` leaves them out.
        dry = git(a.root, "add", "-A", "--dry-run")
        assert ".room" not in dry
        assert ".index" not in dry
        assert ".lock" not in dry
        assert ".tmp" not in dry
        history = git(a.root, "log", "-p", "--all")
        assert "Alex" not in history
        assert "pending" not in history
        # Once the round is closed, the review is shared.
        closed = a.load(a.path_for(pending))
        closed.tools[audit.id] = ToolAnswer(tally=Tally(people=5, counts={"1": {"4": 5}}))
        a.save(closed)
        assert sync(a.root).ok
        assert a.path_for(pending).relative_to(a.root).as_posix() in committed(a)
    finally:
        lock.release()


def test_an_open_review_is_never_changed_under_the_app(two, rubric):
    a, b, first = two
    rate(b, first, "jpd", "Leading")
    assert sync(b.root).ok
    path = a.path_for(first)
    before = path.read_bytes()
    other = review(a, rubric, date(2027, 4, 4))
    with SessionLock(path, remove_on_release=True):  # open in the app on laptop a
        report = sync(a.root)
        assert not report.ok
        assert report.waited
        assert any("open in maturitytui here" in line for line in report.lines())
        assert path.read_bytes() == before
        assert f"({other.id})" in git(a.root, "log", "-1", "--format=%b")  # a's own work is committed meanwhile
    report = sync(a.root)
    assert report.ok, report.lines()
    assert a.load(path).strands["jpd"].stage == "Leading"
    assert sync(b.root).ok
    assert b.path_for(other).exists()


def test_a_review_finished_elsewhere_and_changed_here_is_reported_and_kept(two):
    a, b, first = two
    done = a.load(a.path_for(first))
    done.status = "complete"
    a.save(done)
    assert sync(a.root).ok
    rate(b, first, "jpd", "Embedding")
    report = sync(b.root)
    assert report.ok
    assert any("changed on another laptop too" in line for line in report.copies)
    assert b.load(b.path_for(first)).status == "complete"
    (copy,) = b.catalogue().copies()
    assert b.load(copy.path).strands["jpd"].stage == "Embedding"


def test_someone_pushing_between_fetch_and_push_is_merged_too(two, rubric, tmp_path, alliance, monkeypatch):
    a, b, _ = two
    c = laptop(tmp_path, alliance, "lee")
    late = review(c, rubric, date(2027, 6, 6))
    mine = review(a, rubric, date(2027, 6, 7))
    fetch = sync_module._Sync.fetch
    calls = []

    def fetch_then_someone_pushes(self):
        got = fetch(self)
        if not calls:
            calls.append(1)
            assert sync(c.root).ok  # lands between this fetch and the push
        return got

    monkeypatch.setattr(sync_module._Sync, "fetch", fetch_then_someone_pushes)
    report = sync(a.root)
    assert report.ok
    assert report.pushed
    assert a.path_for(late).exists()
    monkeypatch.undo()
    assert sync(b.root).ok
    assert b.path_for(late).exists()
    assert b.path_for(mine).exists()


@pytest.mark.posix_only("asserts the 0600/0700 modes, which NTFS does not keep")
def test_files_brought_in_are_private(two, rubric):
    a, b, _ = two
    new = review(b, rubric, date(2027, 7, 7))
    assert sync(b.root).ok
    assert sync(a.root).ok
    assert stat.S_IMODE(os.stat(a.path_for(new)).st_mode) == 0o600
    cloned = os.stat(b.root).st_mode  # a plain clone is made with the user's umask: sync narrows it
    assert stat.S_IMODE(cloned) == 0o700


def test_sync_state(two, rubric, tmp_path):
    a, b, first = two
    plain = SessionStore(tmp_path / "plain")
    review(plain, rubric)
    assert sync_state(plain.root) is None
    state = sync_state(a.root)
    assert (state.ahead, state.behind, state.unshared) == (0, 0, 0)
    assert state.last_synced == FROZEN_AT
    assert state.words().startswith("Shared through git: up to date; last synced 22 Nov 2026")
    rate(a, first, "jpd", "Leading")
    review(b, rubric, date(2027, 1, 1))
    assert sync(b.root).ok
    assert sync_state(a.root).unshared == 1
    assert sync_state(a.root).behind == 0  # it never fetches: that is sync's work
    git(a.root, "fetch", "-q")
    assert "1 file changed here, 1 to bring in" in sync_state(a.root).words()


def test_the_demo_store_inside_the_project_says_how_to_share(tmp_path):
    outer = tmp_path / "project"
    (outer / "sessions").mkdir(parents=True)
    git(outer, "init", "-q")
    with pytest.raises(GitError) as raised:
        sync(outer / "sessions")
    (problem,) = raised.value.problems
    assert "inside the git working tree" in problem.message
    assert "sync --init URL" in problem.fix


@pytest.mark.parametrize(
    ("setup", "words", "fix"),
    [
        ("plain", "not a git working tree", "git clone URL FOLDER"),
        ("no-remote", "no alliance copy to share with", "sync --init URL"),
        ("no-name", "git var", 'git config --global user.name "Your Name"'),
        ("no-git", "git is not installed", "install git"),
        ("detached", "not on a branch", "git switch main"),
    ],
)
def test_clear_errors_and_nothing_changed(tmp_path, rubric, monkeypatch, setup, words, fix):
    store = SessionStore(tmp_path / "store")
    review(store, rubric)
    if setup != "plain":
        git(store.root, "init", "-q")
    if setup in ("no-name", "detached"):
        git(store.root, "remote", "add", "origin", str(tmp_path / "nowhere.git"))
    if setup == "no-name":
        (tmp_path / "gitconfig").write_text("[user]\n\tuseConfigOnly = true\n")
        monkeypatch.setenv("EMAIL", "")
    if setup == "no-git":
        monkeypatch.setattr("maturitytui.store.git.git_command", lambda: None)
        monkeypatch.setattr("shutil.which", lambda name: None)
    if setup == "detached":
        git(store.root, "add", "-A")
        git(store.root, "commit", "-qm", "x")
        git(store.root, "checkout", "-q", "--detach")
    before = {p: p.read_bytes() for p in store.root.rglob("*") if p.is_file() and ".git" not in p.parts}
    with pytest.raises(GitError) as raised:
        sync(store.root)
    (problem,) = raised.value.problems
    assert words in f"{problem.place} {problem.message}"
    assert fix in problem.fix
    after = {p: p.read_bytes() for p in store.root.rglob("*") if p.is_file() and ".git" not in p.parts}
    assert after == before


@given(
    st.lists(
        st.sampled_from(["a", ".b", "c.toml", ".partnership", ".c.toml", "d.room", ".gitignore"]),
        min_size=1,
        max_size=3,
    )
)
def test_only_reviews_and_partnership_files_are_ever_shared(parts):
    path = "/".join(parts)
    hidden_inside = any(p.startswith(".") for p in parts[:-1])
    if shared(path):
        assert not hidden_inside
        assert path == ".gitignore" or path.endswith((".toml", "/.partnership"))
        assert len(parts) <= 2
        assert not parts[-1].startswith(".") or parts[-1] in (".partnership", ".gitignore")


def test_a_store_made_before_sharing_joins_an_alliance_repository_that_has_reviews(two, rubric, tmp_path, alliance):
    a, _b, first = two
    own = SessionStore(tmp_path / "own")
    mine = review(own, rubric, date(2025, 1, 1), partnership="Valley Schools")
    (own.root / ".gitignore").write_text("notes/\n")  # a line of the school's own, kept beside ours
    report = share(own.root, str(alliance))
    assert report.ok, report.lines()
    assert own.path_for(first).exists()
    assert sync(a.root).ok
    assert a.path_for(mine).exists()
    ignore = (own.root / ".gitignore").read_text()
    assert "notes/" in ignore
    assert "!.partnership" in ignore


def test_the_issue_check_from_the_command_line(tmp_path, alliance, rubric, capsys):
    """Two stores cloned from one bare repository, a review made in each and one review edited in both: after
    `maturitytui sync` in each, twice, they hold the same reviews with both edits kept."""
    seed = SessionStore(tmp_path / "seed")
    shared_review = review(seed, rubric)
    assert share(seed.root, str(alliance)).ok
    a, b = laptop(tmp_path, alliance, "sam"), laptop(tmp_path, alliance, "kim")
    made = [review(a, rubric, date(2027, 1, 1)), review(b, rubric, date(2027, 1, 2))]
    rate(a, shared_review, "jpd", "Leading")
    rate(b, shared_review, "jpd", "Beginning")
    for store in (a, b, a, b):
        code, _out, err = run_cli(capsys, "--sessions", store.root, "sync")
        assert code == 0, err
    assert files(a) == files(b)
    for store in (a, b):
        catalogue = store.catalogue()
        assert {s.id for s in catalogue.partnerships()[PARTNERSHIP.casefold()]} == {
            shared_review.id,
            *(m.id for m in made),
        }
        (copy,) = catalogue.copies()
        stages = {
            store.load(store.path_for(shared_review)).strands["jpd"].stage,
            store.load(copy.path).strands["jpd"].stage,
        }
        assert stages == {"Leading", "Beginning"}
    history = git(a.root, "log", "-p", "--all")
    assert "<<<<<<<" not in history


def test_one_sync_of_a_store_at_a_time(two):
    a, _b, _ = two
    gitdir = a.root / ".git"
    with SessionLock(gitdir / "maturitytui-sync"), pytest.raises(GitError) as raised:
        sync(a.root)
    assert "another sync of this store is running" in raised.value.problems[0].message


def test_links_out_of_the_store_are_never_shared_nor_written_through(two, rubric, tmp_path):
    a, b, _ = two
    outside = SessionStore(tmp_path / "outside")
    elsewhere = review(outside, rubric, partnership="Elsewhere")
    folder = outside.folder_for("Elsewhere")
    (a.root / folder.name).symlink_to(folder, target_is_directory=True)
    (a.root / "linked.toml").symlink_to(outside.path_for(elsewhere))
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    report = sync(a.root)
    assert report.ok
    assert any("linked.toml: not shared, it is a link" in line for line in report.lines())
    assert not any(p.startswith((folder.name, "linked")) for p in committed(a))
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    # Another laptop shares a review into a folder of that name: it is never written through the link.
    review(b, rubric, date(2027, 8, 8), partnership="Elsewhere")
    assert sync(b.root).ok
    report = sync(a.root)
    assert report.waited
    assert any("a link to a place outside the store" in line for line in report.held)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_files_committed_by_hand_are_not_placed_in_a_store(two):
    a, b, _ = two
    (b.root / "README.md").write_text("the alliance's notes\n")
    git(b.root, "add", "README.md")
    git(b.root, "commit", "-qm", "notes")
    git(b.root, "push", "-q")
    report = sync(a.root)
    assert report.ok
    assert not (a.root / "README.md").exists()
    assert report.brought == []


def test_the_start_screen_gets_the_report_in_brief(two):
    a, b, first = two
    rate(a, first, "jpd", "Leading")
    rate(b, first, "jpd", "Beginning")
    assert sync(a.root).brief() == ["Shared 1 review.", "Up to date."]
    report = sync(b.root)
    assert report.brief() == [
        "Shared 1 review; brought in 1 review.",
        "1 review changed on another laptop too: this laptop's version is kept beside it as a copy to resolve "
        "(Enter on a copy).",
        "Up to date.",
    ]
    assert sync(b.root).brief() == ["Already up to date: nothing new here or there."]


def test_a_removed_review_is_named_by_its_partnership(two):
    a, b, first = two
    os.unlink(a.path_for(first))
    assert sync(a.root).lines()[0] == f"Shared from here: 1 review ({PARTNERSHIP} ({first.id}, removed))."
    assert "Sync from Sam's laptop: 1 review of 1 partnership" in git(a.root, "log", "-1", "--format=%s")
    assert sync(b.root).brought == [f"{PARTNERSHIP} ({first.id}, removed)"]


def test_sessions_list_says_which_file_is_a_copy(two, capsys):
    a, b, first = two
    rate(a, first, "jpd", "Leading")
    rate(b, first, "jpd", "Beginning")
    assert sync(a.root).ok
    assert sync(b.root).ok
    code, out, _err = run_cli(capsys, "--sessions", b.root, "sessions", "list")
    assert code == 0
    (line,) = [line for line in out.splitlines() if "copy from" in line]
    assert f"copy from Kim's laptop, 22 Nov 2026 of {first.id} (resolve it on the start screen)" in line
