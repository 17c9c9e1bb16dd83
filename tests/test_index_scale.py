"""The index at national scale: 100,000 reviews in a temporary folder, listed, kept and listed again."""

from __future__ import annotations

from datetime import date

from conftest import run_cli

from maturitytui.model.session import Session
from maturitytui.store.session_files import session_to_toml
from maturitytui.store.session_store import SessionStore

REVIEWS = 100_000
PER_PARTNERSHIP = 5


def test_a_store_of_100000_reviews(tmp_path, rubric, monkeypatch, capsys):
    monkeypatch.setattr("maturitytui.store.index.RACY_NS", 0)  # written a moment ago, listed at once
    store = SessionStore(tmp_path / "sessions")
    template = Session.start("Partnership", rubric, review_date=date(2026, 6, 18))
    template.answer("jpd").stage = "Developing"
    template.status = "complete"
    text = session_to_toml(template).decode()
    for n in range(REVIEWS // PER_PARTNERSHIP):
        folder = store.root / f"partnership-{n:05d}"
        folder.mkdir(parents=True)
        for k in range(PER_PARTNERSHIP):
            # As many reviews as the alliance's history holds, written straight: saving each would take minutes.
            review = text.replace(f'id = "{template.id}"', f'id = "r{n:05d}-{k}"')
            review = review.replace('partnership = "Partnership"', f'partnership = "Partnership {n:05d}"')
            review = review.replace("review_date = 2026-06-18", f"review_date = {2022 + k}-06-18")
            (folder / f"r{n:05d}-{k}.toml").write_text(review)

    listing = store.listing()
    try:
        assert listing.read == REVIEWS
        assert listing.problems == []
        assert listing.review_count() == REVIEWS
        assert listing.partnership_count() == REVIEWS // PER_PARTNERSHIP
        (row,) = listing.partnership_rows(123, 1)
        assert (row.name, row.reviews, row.unfinished) == ("Partnership 00123", PER_PARTNERSHIP, 0)
        assert row.latest is not None
        assert row.latest.review_date == date(2026, 6, 18)
    finally:
        listing.close()

    again = store.listing(deep=False)
    try:
        assert again.read == 0
    finally:
        again.close()
    code, out, err = run_cli(capsys, "--sessions", store.root, "history", "--all")
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 1 + REVIEWS // PER_PARTNERSHIP
    assert lines[-1].startswith("Partnership 19999")
