"""An Annex A generated from the demo council: it imports, it agrees with the full
histories it summarises, and the AA-* rules reach the verdicts the full-history rules
reach on the same children."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, func, select

from scrutiny.demo.council import DEMO_AS_OF
from scrutiny.demo.histories import make_council
from scrutiny.importing.contract import ImportOptions
from scrutiny.importing.runner import import_paths
from scrutiny.models.child import Child
from scrutiny.plugin_host import PluginHost
from scrutiny.plugins.annex_a.demo import WORKBOOK
from scrutiny.plugins.annex_a.models import AnnexALookedAfter as LookedAfter
from scrutiny.plugins.looked_after.models import StatutoryVisit
from scrutiny.ssda903.models import Review
from scrutiny.testing import run_rule

INPUTS = (".csv", ".xml", ".xlsx")


@pytest.fixture(scope="module")
def council_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("council")
    PluginHost().demo(make_council(folder, children=160, seed=5))
    return folder


@pytest.fixture
def imported(sqlite_engine: Engine, host: PluginHost, council_folder: Path) -> Engine:
    by_folder: dict[Path, list[Path]] = {}
    for path in sorted(p for p in council_folder.rglob("*") if p.suffix in INPUTS):
        by_folder.setdefault(path.parent, []).append(path)
    for paths in by_folder.values():
        import_paths(sqlite_engine, paths, host.importers(), ImportOptions())
    return sqlite_engine


def test_the_demo_writes_lists_8_and_9_with_ofsteds_headers(council_folder: Path) -> None:
    book = load_workbook(council_folder / WORKBOOK, read_only=True)
    assert book.sheetnames == ["List 8", "List 9"]
    headers = next(book["List 8"].iter_rows(max_row=1, values_only=True))
    assert headers[0] == "Child Unique ID"
    assert "Date of Last Social Work Visit" in headers
    assert book["List 8"].max_row > 50  # children in care on the demo's date
    assert book["List 9"].max_row > 1


def test_its_latest_dates_are_the_latest_in_the_full_histories(imported: Engine) -> None:
    with imported.connect() as conn:
        listed = {
            ref: (visit, review)
            for ref, visit, review in conn.execute(
                select(LookedAfter.child_ref, LookedAfter.last_visit, LookedAfter.latest_review)
            )
        }
        visits = dict(
            conn.execute(
                select(Child.child_ref, func.max(StatutoryVisit.visit_date))
                .join(Child, Child.id == StatutoryVisit.child_id)
                .where(StatutoryVisit.visit_date <= DEMO_AS_OF)
                .group_by(Child.child_ref)
            ).all()
        )
        reviews = dict(
            conn.execute(
                select(Child.child_ref, func.max(Review.review))
                .join(Child, Child.id == Review.child_id)
                .where(Review.review <= DEMO_AS_OF)
                .group_by(Child.child_ref)
            ).all()
        )
    assert len(listed) > 50
    assert {ref: visit for ref, (visit, _) in listed.items()} == {
        ref: visits.get(ref) for ref in listed
    }
    assert {ref: review for ref, (_, review) in listed.items()} == {
        ref: reviews.get(ref) for ref in listed
    }


@pytest.mark.parametrize(
    ("annex_rule", "history_rule"),
    [("AA-LAC-VISIT", "LAC-SW-VISITS"), ("AA-LAC-REVIEW", "LAC-REVIEW")],
)
def test_what_the_latest_dates_show_the_full_history_shows_too(
    imported: Engine, host: PluginHost, annex_rule: str, history_rule: str
) -> None:
    """Each child the latest date shows overdue or due soon is, with the same due date,
    in the full-history rule's findings. One way only: the latest date cannot show a
    late visit that was made since, which the full history reports as a breach."""
    annex = run_rule(imported, host, annex_rule, DEMO_AS_OF)
    history = run_rule(imported, host, history_rule, DEMO_AS_OF)
    shown = {(f.subject_ref, f.status, f.due_date) for f in annex.findings}
    found = {(f.subject_ref, f.status, f.due_date) for f in history.findings}

    assert sum(annex.outcomes.values()) > 50  # every child in List 8 was judged
    assert any(status == "breach" for _, status, _ in shown)
    assert shown <= found, sorted(shown - found)
