"""The session store: round trips, clear errors, untouched files, private permissions."""

from __future__ import annotations

import os
import stat
from datetime import date

import pytest
from conftest import DATA, bad_input
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import sessions

from maturitytui.engine.default_plugins import DEFAULT_PLUGINS
from maturitytui.model.errors import SessionError
from maturitytui.model.session import SCHEMA_VERSION, Session
from maturitytui.store import migrations
from maturitytui.store.names import slugify
from maturitytui.store.session_files import session_from_toml, session_to_toml
from maturitytui.store.session_store import SessionStore

BAD = DATA / "bad_sessions"


@given(sessions())
def test_round_trip(session):
    assert session_from_toml(session_to_toml(session), "memory") == session


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=25)
@given(session=sessions())
def test_round_trip_through_the_store(tmp_path, session):
    store = SessionStore(tmp_path)
    path = store.save(session)
    loaded = store.load(path)
    assert loaded == session  # save stamped `updated` on the same object


def test_new_session_records_the_rubric(rubric):
    session = Session.start("Harbourside", rubric, review_date=date(2026, 6, 18))
    assert session.rubric.id == "hargreaves-2012"
    assert session.rubric.hash == rubric.content_hash()
    assert session.rubric.plugins == list(DEFAULT_PLUGINS)  # the 2012 model and its built-in companions
    assert session.id.startswith("2026-06-18-")


EXPECTED = {
    "not_toml": ("line 9, column 10", "not valid TOML"),
    "not_utf8": ("line 3", "not UTF-8"),
    "no_schema_version": ("schema_version", "no schema_version"),
    "future_version": ("schema_version", "newer maturitytui"),
    "bad_stage": ("strands › jpd › stage", "'Beginning', 'Developing', 'Embedding' or 'Leading'"),
    "extra_key": ("mood", "unknown key"),
    "bad_cell": ("grid › current › integration", "greater than or equal to 1"),
    "stage_and_na": ("strands › jpd", "cannot have a stage and also be marked not applicable"),
    "missing_rubric": ("rubric", "Field required"),
    "wrong_types": ("participants", "valid list"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_gets_a_clear_error_and_is_not_changed(tmp_path, name):
    bad_input("hand-made session files")
    source = BAD / f"{name}.toml"
    path = tmp_path / f"{name}.toml"
    path.write_bytes(source.read_bytes())
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    with pytest.raises(SessionError) as info:
        SessionStore(tmp_path).load(path)
    place, words = EXPECTED[name]
    problems = info.value.problems
    assert all(p.source == str(path) for p in problems)
    assert any(p.place.startswith(place) and words in p.message for p in problems), problems
    assert all(p.fix for p in problems)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_every_problem_in_a_file_is_reported():
    with pytest.raises(SessionError) as info:
        SessionStore(BAD).load(BAD / "wrong_types.toml")
    places = {p.place for p in info.value.problems}
    assert {"participants", "review_date"} <= places


def test_valid_fixture_loads():
    session = SessionStore(BAD).load(BAD / "_valid.toml")
    assert session.strands["jpd"].stage == "Developing"


@settings(max_examples=200)
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_fuzzed_bytes_never_escape_as_anything_but_a_session_error(raw):
    bad_input("generated session bytes")
    try:
        session_from_toml(raw, "fuzz.toml")
    except SessionError as exc:
        problems = exc.problems
    else:
        return
    assert problems
    assert all(p.source == "fuzz.toml" for p in problems)


@settings(max_examples=100)
@given(sessions(), st.data())
def test_fuzzed_values_in_valid_files(session, data):
    # Replace one top-level value with junk: either it still validates or the error names that key.
    import tomllib

    import tomli_w

    bad_input("generated session values")
    doc = tomllib.loads(session_to_toml(session).decode())
    key = data.draw(st.sampled_from(sorted(doc)))
    doc[key] = data.draw(st.integers() | st.text(max_size=5) | st.lists(st.integers(), max_size=2) | st.booleans())
    try:
        session_from_toml(tomli_w.dumps(doc).encode(), "fuzz.toml")
    except SessionError as exc:
        problems = exc.problems
    else:
        return
    # "participants" when the list itself is wrong, "participant 2" when one entry is.
    assert any(p.place.split(" ")[0] in (key, key.removesuffix("s")) for p in problems), (key, problems)


def test_scan_reports_bad_files_and_loads_the_rest(tmp_path, rubric):
    store = SessionStore(tmp_path)
    good = store.save(Session.start("Harbourside", rubric, review_date=date(2025, 6, 1)))
    (good.parent / "broken.toml").write_text("schema_version = [\n")
    scan = store.scan()
    assert [s.path for s in scan.sessions] == [good]
    assert len(scan.problems) == 1
    assert scan.problems[0].source.endswith("broken.toml")


def test_reviews_group_by_partnership_in_date_order(tmp_path, rubric):
    store = SessionStore(tmp_path)
    for day in (date(2026, 6, 1), date(2024, 6, 1), date(2025, 6, 1)):
        store.save(Session.start("Harbourside Learning Partnership", rubric, review_date=day))
    store.save(Session.start("Town Trio", rubric, review_date=date(2025, 1, 1)))
    groups = store.catalogue().partnerships()
    assert list(groups) == ["harbourside learning partnership", "town trio"]
    assert [s.review_date.year for s in groups["harbourside learning partnership"]] == [2024, 2025, 2026]


@pytest.mark.posix_only("asserts the 0600/0700 modes, which NTFS does not keep")
def test_files_and_folders_are_private(tmp_path, rubric):
    store = SessionStore(tmp_path / "store")
    path = store.save(Session.start("Harbourside", rubric))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "store").stat().st_mode) == 0o700


@pytest.mark.posix_only("asserts the 0600/0700 modes, which NTFS does not keep")
def test_saving_over_a_file_keeps_it_private(tmp_path, rubric):
    store = SessionStore(tmp_path)
    session = Session.start("Harbourside", rubric)
    path = store.save(session)
    os.chmod(path, 0o644)
    store.save(session)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_save_leaves_no_temporary_files(tmp_path, rubric):
    store = SessionStore(tmp_path)
    session = Session.start("Harbourside", rubric)
    for _ in range(3):
        path = store.save(session)
    assert sorted(p.name for p in path.parent.iterdir()) == [".partnership", path.name]


def test_failed_save_keeps_the_previous_file(tmp_path, rubric, monkeypatch):
    store = SessionStore(tmp_path)
    session = Session.start("Harbourside", rubric)
    path = store.save(session)
    before = path.read_bytes()

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    session.answer("jpd").stage = "Leading"
    with pytest.raises(SessionError) as info:
        store.save(session)
    assert "disk is full" in str(info.value)
    assert "the last save is intact" in str(info.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == [".partnership", path.name]


@pytest.mark.parametrize(
    ("code", "words"),
    [(13, "permission denied"), (30, "read-only disk"), (27, "larger than this system allows")],
)
def test_unwritable_store_gives_a_clear_error(tmp_path, rubric, monkeypatch, code, words):
    # Root can write to a 0500 folder, so simulate what the operating system says.
    import tempfile

    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(SessionError) as info:
        SessionStore(tmp_path).save(Session.start("Harbourside", rubric))
    assert words in str(info.value)
    assert info.value.problems[0].fix


@given(st.text(max_size=80))
def test_slugs_are_safe_folder_names(name):
    slug = slugify(name)
    assert slug
    assert len(slug) <= 71
    assert all(c.isascii() and (c.isalnum() or c == "-") for c in slug)
    assert not slug.startswith("-")
    assert not slug.endswith("-")
    assert slugify(name) == slug


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Harbourside Learning Partnership", "harbourside-learning-partnership"),
        ("../../etc/passwd", "etc-passwd"),
        ("Ysgol Gymraeg Aberystwyth & Penglais", "ysgol-gymraeg-aberystwyth-penglais"),
        ("École Saint-Étienne", "ecole-saint-etienne"),
        ("CON", "con-" + slugify("CON").split("-")[1]),
    ],
)
def test_slug_examples(name, slug):
    assert slugify(name) == slug


def test_typed_name_never_escapes_the_store(tmp_path, rubric):
    store = SessionStore(tmp_path / "store")
    path = store.save(Session.start("../../outside", rubric))
    assert path.resolve().is_relative_to((tmp_path / "store").resolve())


def test_migration_chain_runs_in_memory(tmp_path, monkeypatch):
    def zero_to_one(data):
        data["participants"] = data.pop("people", [])
        return data

    monkeypatch.setitem(migrations.MIGRATIONS, 0, zero_to_one)
    text = (BAD / "_valid.toml").read_text().replace("schema_version = 1", "schema_version = 0")
    text = text.replace('participants = ["A. Okafor", "R. Lewis"]', 'people = ["A. Okafor"]')
    path = tmp_path / "old.toml"
    path.write_text(text)
    session = SessionStore(tmp_path).load(path)
    assert session.participants == ["A. Okafor"]
    assert session.schema_version == SCHEMA_VERSION
    assert path.read_text() == text  # upgraded in memory only


def test_a_format_one_review_reads_with_its_answers(tmp_path):
    text = (BAD / "_valid.toml").read_text()
    assert "schema_version = 1" in text
    path = tmp_path / "one.toml"
    path.write_text(text)
    session = SessionStore(tmp_path).load(path)
    assert session.schema_version == SCHEMA_VERSION
    assert session.rubric.strands == []
    assert session.strands["jpd"].evidence == "Peer observation triads in maths"
    assert path.read_text() == text


def test_unsupported_old_format(tmp_path):
    path = tmp_path / "old.toml"
    path.write_text((BAD / "_valid.toml").read_text().replace("schema_version = 1", "schema_version = 0"))
    with pytest.raises(SessionError, match="no longer supported"):
        SessionStore(tmp_path).load(path)


def test_unreadable_file(tmp_path):
    with pytest.raises(SessionError, match="does not exist"):
        SessionStore(tmp_path).load(tmp_path / "nope.toml")
    with pytest.raises(SessionError, match="folder, not a file"):
        SessionStore(tmp_path).load(tmp_path)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("北京 School", "上海 School"),
        ("Harbourside 🌊", "Harbourside 🌲"),
        ("Trust #1", "Trust 1"),
        ("A" * 60 + " one", "A" * 60 + " two"),
    ],
)
def test_names_that_make_the_same_folder_stay_apart(tmp_path, rubric, first, second):
    store = SessionStore(tmp_path)
    a = store.save(Session.start(first, rubric, review_date=date(2025, 6, 1)))
    b = store.save(Session.start(second, rubric, review_date=date(2026, 6, 1)))
    assert a.parent != b.parent
    # A third review of the first partnership joins its own folder, not the other one.
    c = store.save(Session.start(first, rubric, review_date=date(2027, 6, 1)))
    assert c.parent == a.parent
    groups = store.catalogue().partnerships()
    assert len(groups) == 2
    assert all(len({s.partnership for s in g}) == 1 for g in groups.values())


def test_same_partnership_typed_differently_is_one_partnership(tmp_path, rubric):
    store = SessionStore(tmp_path)
    a = store.save(Session.start("Harbourside  Learning Partnership", rubric))
    b = store.save(Session.start("harbourside learning partnership", rubric))
    assert a.parent == b.parent
    assert list(store.catalogue().partnerships()) == ["harbourside learning partnership"]


def test_a_folder_stays_its_partnerships_when_its_files_cannot_be_read(tmp_path, rubric):
    store = SessionStore(tmp_path)
    first = store.save(Session.start("Harbour Side", rubric, review_date=date(2025, 6, 1)))
    first.write_text("schema_version = 99\n")  # say, written by a newer program
    other = store.save(Session.start("Harbour-Side", rubric))
    assert other.parent != first.parent
    again = store.save(Session.start("Harbour Side", rubric, review_date=date(2026, 6, 1)))
    assert again.parent == first.parent


def test_case_folding_gives_one_folder(tmp_path, rubric):
    store = SessionStore(tmp_path)
    a = store.save(Session.start("Straße Schools", rubric))
    b = store.save(Session.start("STRASSE SCHOOLS", rubric))
    assert a.parent == b.parent
