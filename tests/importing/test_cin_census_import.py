"""The DfE children in need census (XML): every module stored, re-imports idempotent, the
next year's census updating the same rows, and bad files refused whole with one message.

Every child reference and date here is made up.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import subprocess
import sys
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, Table, insert, select
from sqlalchemy.exc import OperationalError

from scrutiny.db.base import Base, table_of
from scrutiny.importing.contract import ImportOptions
from scrutiny.importing.errors import InputError
from scrutiny.importing.runner import ImportResult, import_paths
from scrutiny.importing.source import SourceFile
from scrutiny.importing.upsert import upsert
from scrutiny.models.child import Child
from scrutiny.models.imports import ImportBatch
from scrutiny.plugin_host import PluginHost
from scrutiny.plugins.safeguarding import cin_census
from scrutiny.plugins.safeguarding.census_writer import (
    CensusAssessment,
    CensusChild,
    CensusCinPlan,
    CensusEpisode,
    CensusPlan,
    CensusPreProceedings,
    CensusS47,
    write_census,
)
from scrutiny.plugins.safeguarding.cin_census import cin_census_importer, read_census
from scrutiny.ssda903.importer import Ssda903Importer
from tests.importing.returns import good_return, write_file, xml_return

D = dt.date
TODAY = D(2025, 6, 30)
MARCH_2024 = D(2024, 3, 31)
MARCH_2025 = D(2025, 3, 31)
SCRUTINY = shutil.which("scrutiny", path=str(Path(sys.executable).parent))


def good_children() -> list[CensusChild]:
    """Three children: one with every module, one closed at NFA, one unborn at referral."""
    return [
        CensusChild(
            "SG0001",
            D(2015, 3, 27),
            episodes=[
                CensusEpisode(
                    D(2023, 5, 2),
                    source="5A",
                    need="N1",
                    assessments=[CensusAssessment(D(2023, 5, 3), D(2023, 6, 1))],
                    cin_plans=[CensusCinPlan(D(2023, 6, 2), D(2023, 7, 20))],
                    s47s=[
                        CensusS47(D(2023, 7, 10), icpc_target=D(2023, 7, 31), icpc=D(2023, 7, 28))
                    ],
                    plans=[
                        CensusPlan(
                            D(2023, 7, 28),
                            initial_category="NEG",
                            latest_category="EMO",
                            previous_plans=1,
                            reviews=[D(2023, 10, 20), D(2024, 3, 15)],
                        )
                    ],
                    pre_proceedings=[
                        CensusPreProceedings(
                            D(2023, 11, 1),
                            letter_sent=D(2023, 11, 1),
                            fgdm_offered=True,
                            fgdm_held=False,
                            initial_meeting=D(2023, 11, 14),
                            review_meetings=2,
                            step_decision=D(2024, 2, 20),
                            outcome="A",
                            court_application=D(2024, 3, 1),
                            letter_initiating_cp=D(2023, 10, 30),
                        )
                    ],
                )
            ],
        ),
        CensusChild(
            "SG0002",
            D(2010, 1, 9),
            sex="2",
            episodes=[
                CensusEpisode(
                    D(2022, 1, 4),
                    need="N9",
                    closure=D(2022, 1, 6),
                    closure_reason="RC8",
                    referral_nfa=True,
                ),
                CensusEpisode(
                    D(2023, 9, 1),
                    need="N4",
                    closure=D(2024, 1, 15),
                    closure_reason="RC1",
                    assessments=[CensusAssessment(D(2023, 9, 1))],
                    s47s=[CensusS47(D(2023, 9, 2), icpc_not_required=True)],
                ),
            ],
        ),
        CensusChild("SG0003", D(2023, 12, 1), episodes=[CensusEpisode(D(2023, 10, 1))]),
    ]


def write(path: Path, children: Sequence[CensusChild], reference: dt.date = MARCH_2024) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_census(path, reference, children)
    return path


def good_xml(tmp_path: Path) -> str:
    return write(tmp_path / "source" / "cin.xml", good_children()).read_text(encoding="utf-8")


def run(engine: Engine, *paths: Path, year: str | None = None) -> list[ImportResult]:
    options = ImportOptions(collection_year=year, today=TODAY)
    return import_paths(engine, list(paths), PluginHost().importers(), options)


def _tables() -> list[Table]:
    wanted = ("child", "import_batch", "sg_")
    return [t for t in Base.metadata.sorted_tables if t.name.startswith(wanted)]


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table the import writes: to prove a failed import changed nothing."""
    with engine.connect() as conn:
        return {
            t.name: sorted((tuple(r) for r in conn.execute(select(t))), key=repr) for t in _tables()
        }


def contents(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """The census tables' data, children named by reference, without ids or batch ids."""
    child = table_of(Child)
    found: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        for table in _tables():
            if not table.name.startswith("sg_") or "child_id" not in table.c:
                continue
            data = [c for c in table.c if c.name not in ("id", "child_id", "import_batch_id")]
            query = select(child.c.child_ref, *data).join(child, child.c.id == table.c.child_id)
            found[table.name] = sorted(tuple(r) for r in conn.execute(query))
    return found


# Good files ----------------------------------------------------------------------------


def test_every_module_is_stored_with_its_episodes_referral_date(
    engine: Engine, tmp_path: Path
) -> None:
    [result] = run(engine, write(tmp_path / "cin.xml", good_children()))

    assert result.summary == (
        "CIN census 2023-24, XML (3 children; CINdetails 4 rows, Assessments 2 rows,"
        " CINPlanDates 1 row, Section47 2 rows, ChildProtectionPlans 1 row, Reviews 2 rows,"
        " PreProceedingsandFGDM 1 row)"
    )
    stored = contents(engine)
    assert stored["sg_cin_episode"] == [
        ("SG0001", D(2023, 5, 2), "5A", "N1", None, None, False),
        ("SG0002", D(2022, 1, 4), "1A", "N9", D(2022, 1, 6), "RC8", True),
        ("SG0002", D(2023, 9, 1), "1A", "N4", D(2024, 1, 15), "RC1", False),
        ("SG0003", D(2023, 10, 1), "1A", "N1", None, None, False),
    ]
    assert stored["sg_assessment"] == [
        ("SG0001", D(2023, 5, 2), D(2023, 5, 3), D(2023, 6, 1)),
        ("SG0002", D(2023, 9, 1), D(2023, 9, 1), None),
    ]
    assert stored["sg_cin_plan"] == [("SG0001", D(2023, 5, 2), D(2023, 6, 2), D(2023, 7, 20))]
    assert stored["sg_section47"] == [
        ("SG0001", D(2023, 5, 2), D(2023, 7, 10), D(2023, 7, 31), D(2023, 7, 28), False),
        ("SG0002", D(2023, 9, 1), D(2023, 9, 2), None, None, True),
    ]
    assert stored["sg_cp_plan"] == [
        ("SG0001", D(2023, 5, 2), D(2023, 7, 28), None, "NEG", "EMO", 1),
    ]
    assert stored["sg_cp_review"] == [
        ("SG0001", D(2023, 7, 28), D(2023, 10, 20)),
        ("SG0001", D(2023, 7, 28), D(2024, 3, 15)),
    ]
    # the 2025/26 module is read, not dropped
    assert stored["sg_pre_proceedings"] == [
        (
            "SG0001",
            D(2023, 5, 2),
            D(2023, 11, 1),
            D(2023, 11, 1),
            True,
            False,
            D(2023, 11, 14),
            2,
            D(2024, 2, 20),
            "A",
            D(2024, 3, 1),
            D(2023, 10, 30),
        )
    ]
    with engine.connect() as conn:
        children = conn.execute(select(Child.child_ref, Child.dob).order_by(Child.child_ref)).all()
        batches = conn.execute(
            select(
                ImportBatch.kind,
                ImportBatch.row_count,
                ImportBatch.collection_year,
                ImportBatch.covers_from,
                ImportBatch.covers_to,
            )
        ).all()
    assert children == [
        ("SG0001", D(2015, 3, 27)),
        ("SG0002", D(2010, 1, 9)),
        ("SG0003", D(2023, 12, 1)),
    ]
    assert batches == [("safeguarding.cin_census", 3, "2023-24", D(2023, 4, 1), MARCH_2024)]


def test_a_date_of_birth_already_known_is_not_overwritten(engine: Engine, tmp_path: Path) -> None:
    """The SSDA903 return's date of birth stands; the census fills only a missing one."""
    with engine.begin() as conn:
        conn.execute(
            insert(table_of(Child)),
            [{"child_ref": "SG0001", "dob": D(2015, 3, 28)}, {"child_ref": "SG0002", "dob": None}],
        )

    run(engine, write(tmp_path / "cin.xml", good_children()))

    with engine.connect() as conn:
        dobs = conn.execute(select(Child.child_ref, Child.dob).order_by(Child.child_ref)).all()
    assert dobs == [
        ("SG0001", D(2015, 3, 28)),
        ("SG0002", D(2010, 1, 9)),
        ("SG0003", D(2023, 12, 1)),
    ]


def test_reimporting_the_census_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    path = write(tmp_path / "cin.xml", good_children())
    run(engine, path)
    before = snapshot(engine)
    stored = contents(engine)

    # the very same file is refused by the runner, and nothing is touched
    with pytest.raises(InputError, match="was already imported"):
        run(engine, path)
    assert snapshot(engine) == before

    # the same census exported again (other bytes) updates the rows to what they were
    again = tmp_path / "again" / "cin.xml"
    again.parent.mkdir()
    again.write_text(path.read_text(encoding="utf-8").replace("\n", "\r\n"), encoding="utf-8")
    run(engine, again)
    assert contents(engine) == stored
    assert {k: len(v) for k, v in snapshot(engine).items()} == {
        **{k: len(v) for k, v in before.items()},
        "import_batch": 2,
    }


def test_the_next_years_census_updates_the_same_rows(engine: Engine, tmp_path: Path) -> None:
    first = good_children()
    run(engine, write(tmp_path / "2023-24" / "cin.xml", first))
    # In 2024-25 the open episode of SG0001 closes, its plan ends after a third review,
    # SG0003 is no longer in the census and SG0004 is new.
    later = [dataclasses.replace(c) for c in first[:2]]
    episode = dataclasses.replace(later[0].episodes[0], closure=D(2024, 9, 1), closure_reason="RC4")
    plan = dataclasses.replace(
        episode.plans[0],
        end=D(2024, 8, 30),
        latest_category="NEG",
        reviews=[D(2023, 10, 20), D(2024, 3, 15), D(2024, 8, 30)],
    )
    episode.plans = [plan]
    later[0].episodes = [episode]
    later.append(CensusChild("SG0004", D(2019, 2, 2), episodes=[CensusEpisode(D(2024, 6, 1))]))

    [result] = run(engine, write(tmp_path / "2024-25" / "cin.xml", later, MARCH_2025))

    assert result.summary.startswith("CIN census 2024-25, XML (3 children; CINdetails 4 rows,")
    stored = contents(engine)
    assert [r[:6] for r in stored["sg_cin_episode"] if r[0] in ("SG0001", "SG0004")] == [
        ("SG0001", D(2023, 5, 2), "5A", "N1", D(2024, 9, 1), "RC4"),
        ("SG0004", D(2024, 6, 1), "1A", "N1", None, None),
    ]
    assert stored["sg_cp_plan"] == [
        ("SG0001", D(2023, 5, 2), D(2023, 7, 28), D(2024, 8, 30), "NEG", "NEG", 1)
    ]
    assert [r[2] for r in stored["sg_cp_review"]] == [
        D(2023, 10, 20),
        D(2024, 3, 15),
        D(2024, 8, 30),
    ]
    # SG0003's episode, in the earlier census only, stays as that census gave it
    assert ("SG0003", D(2023, 10, 1), "1A", "N1", None, None, False) in stored["sg_cin_episode"]
    with engine.connect() as conn:
        years = conn.execute(
            select(
                ImportBatch.collection_year, ImportBatch.covers_from, ImportBatch.covers_to
            ).order_by(ImportBatch.id)
        ).all()
    assert years == [
        ("2023-24", D(2023, 4, 1), MARCH_2024),
        ("2024-25", D(2024, 4, 1), MARCH_2025),
    ]


def test_an_in_year_census_speaks_only_for_the_days_so_far(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    path = write(tmp_path / "cin.xml", good_children(), reference=D(2025, 3, 31))
    import_paths(
        sqlite_engine, [path], PluginHost().importers(), ImportOptions(today=D(2025, 1, 10))
    )
    with sqlite_engine.connect() as conn:
        cover = conn.execute(select(ImportBatch.covers_from, ImportBatch.covers_to)).one()
    assert tuple(cover) == (D(2024, 4, 1), D(2025, 1, 10))


def test_elements_scrutiny_does_not_know_are_counted_not_dropped_silently(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    xml = (
        good_xml(tmp_path)
        .replace("<ReferralNFA>", "<Pets>2</Pets><ReferralNFA>")
        .replace("</ChildCharacteristics>", "</ChildCharacteristics><Hobby/>", 1)
    )

    [result] = run(sqlite_engine, write_file(tmp_path / "cin.xml", xml))

    assert result.summary.endswith(
        "; not read (elements Scrutiny does not know): 1 <Hobby>, 4 <Pets>"
    )


def test_a_large_census_is_read_one_child_at_a_time(tmp_path: Path) -> None:
    """The reader streams: each Child is cleared once read, and the Python heap at its
    peak (mostly the rows read) stays well below what the whole tree would take."""
    children = [
        CensusChild(
            f"C{n:06d}",
            D(2012, 1, 1) + dt.timedelta(days=n % 3000),
            episodes=[
                CensusEpisode(
                    D(2023, 4, 1) + dt.timedelta(days=n % 360),
                    assessments=[CensusAssessment(D(2023, 4, 1) + dt.timedelta(days=n % 360))],
                    s47s=[CensusS47(D(2023, 4, 2) + dt.timedelta(days=n % 360))],
                )
            ],
        )
        for n in range(5_000)
    ]
    source = SourceFile.read(write(tmp_path / "big.xml", children))
    seen: list[Any] = []
    original = cin_census._Census.child

    def remember(census: Any, element: Any, number: int) -> None:
        seen.append(element)
        original(census, element, number)

    tracemalloc.start()
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(cin_census._Census, "child", remember)
            census = read_census(source)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert len(census.children) == 5_000
    assert len(census.rows["Section47"]) == 5_000
    assert all(len(element) == 0 for element in seen)  # every Child cleared once read
    assert peak < 2 * len(source.data)  # the whole tree: about 4.6 times


# Recognising the file --------------------------------------------------------------------


def test_census_and_ssda903_xml_are_told_apart(tmp_path: Path) -> None:
    census = SourceFile.read(write(tmp_path / "cin.xml", good_children()))
    ssda903 = SourceFile.read(write_file(tmp_path / "903.xml", xml_return(good_return())))
    other = SourceFile.read(write_file(tmp_path / "other.xml", "<Message><Header/></Message>"))

    assert cin_census_importer().claims(census)
    assert not cin_census_importer().claims(ssda903)
    assert not cin_census_importer().claims(other)
    assert not Ssda903Importer().claims(census)
    assert Ssda903Importer().claims(ssda903)


# Bad files -------------------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE Message [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<Message><Header><CollectionDetails><Collection>CIN</Collection>
<ReferenceDate>2024-03-31</ReferenceDate></CollectionDetails></Header>
<Children><Child><ChildIdentifiers><LAchildID>&lol3;</LAchildID></ChildIdentifiers>
</Child></Children></Message>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE Message [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Message><Header><CollectionDetails><Collection>CIN</Collection>
<ReferenceDate>2024-03-31</ReferenceDate></CollectionDetails></Header>
<Children><Child><ChildIdentifiers><LAchildID>&secret;</LAchildID></ChildIdentifiers>
</Child></Children></Message>
"""
REFUSED_DTD = "cin.xml: declares a DTD or entities (DTDForbidden), which Scrutiny refuses to read"

Edit = Callable[[str], str]


def _in_child(number: int, old: str, new: str) -> Edit:
    """Replace the first ``old`` inside the ``number``th Child element."""

    def edit(xml: str) -> str:
        head, *children = xml.split("<Child>")
        children[number - 1] = children[number - 1].replace(old, new, 1)
        return "<Child>".join([head, *children])

    return edit


def _whole(content: str) -> Edit:
    return lambda _: content


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        pytest.param(
            _in_child(2, "<CINreferralDate>2023-09-01", "<CINreferralDate>2023-02-30"),
            "cin.xml, Child element 2, column CINreferralDate: '2023-02-30' is not a real date",
            id="impossible-date",
        ),
        pytest.param(
            _in_child(1, "<CPPstartDate>2023-07-28", "<CPPstartDate>28/07/2023"),
            "cin.xml, Child element 1, column CPPstartDate: '28/07/2023' is not a date in the"
            " form YYYY-MM-DD",
            id="non-iso-date",
        ),
        pytest.param(
            _in_child(3, "<PrimaryNeedCode>N1", "<PrimaryNeedCode>N10"),
            "cin.xml, Child element 3, column PrimaryNeedCode: 'N10' is not a known code;"
            " allowed: N0, N1, N2, N3, N4, N5, N6, N7, N8, N9",
            id="unknown-need-code",
        ),
        pytest.param(
            _in_child(2, "<ReasonForClosure>RC8", "<ReasonForClosure>RC0"),
            "cin.xml, Child element 2, column ReasonForClosure: 'RC0' is not a known code;"
            " allowed: RC1, RC2, RC3, RC4, RC5, RC6, RC7, RC8, RC9",
            id="unknown-closure-reason",
        ),
        pytest.param(
            _in_child(1, "<LatestCategoryOfAbuse>EMO", "<LatestCategoryOfAbuse>SEX"),
            "cin.xml, Child element 1, column LatestCategoryOfAbuse: 'SEX' is not a known"
            " code; allowed: EMO, MUL, NEG, PHY, SAB",
            id="unknown-category-of-abuse",
        ),
        pytest.param(
            _in_child(2, "<ICPCnotRequired>true", "<ICPCnotRequired>yes"),
            "cin.xml, Child element 2, column ICPCnotRequired: 'yes' is not true, false, 1 or 0",
            id="bad-boolean",
        ),
        pytest.param(
            _in_child(2, "<LAchildID>SG0002</LAchildID>", ""),
            "cin.xml, Child element 2, column LAchildID: the child's LAchildID is missing",
            id="missing-lachildid",
        ),
        pytest.param(
            _in_child(3, "<CINreferralDate>2023-10-01</CINreferralDate>", ""),
            "cin.xml, Child element 3, column CINreferralDate: a CINdetails has no CINreferralDate",
            id="missing-referral-date",
        ),
        pytest.param(
            _in_child(1, "<LAchildID>SG0001<", "<LAchildID>Jane-Anne-Smith-Jones-2015<"),
            "cin.xml, Child element 1, column LAchildID: the child's reference is 26"
            " characters long; the limit is 20",
            id="over-long-ref-not-repeated",
        ),
        pytest.param(
            _in_child(1, "<PersonBirthDate>2015-03-27", "<PersonBirthDate>2015-02-29"),
            "cin.xml, Child element 1, column PersonBirthDate: is not a real date in the form"
            " YYYY-MM-DD",
            id="bad-dob-not-repeated",
        ),
        pytest.param(
            _in_child(2, "<LAchildID>SG0002<", "<LAchildID>SG0001<"),
            "cin.xml, Child element 2, column LAchildID: repeats Child element 1 (the same"
            " LAchildID)",
            id="child-twice",
        ),
        pytest.param(
            _in_child(1, "<CPPreviewDate>2024-03-15", "<CPPreviewDate>2023-10-20"),
            "cin.xml, Child element 1, column CPPreviewDate: 2023-10-20 is given twice for"
            " this child (two Reviews with the same CPPreviewDate)",
            id="duplicate-review",
        ),
        pytest.param(
            _in_child(2, "<CINreferralDate>2023-09-01", "<CINreferralDate>2022-01-04"),
            "cin.xml, Child element 2, column CINreferralDate: 2022-01-04 is given twice for"
            " this child (two CINdetails with the same CINreferralDate)",
            id="duplicate-episode",
        ),
        pytest.param(
            _in_child(1, "<CINPlanEndDate>2023-07-20", "<CINPlanEndDate>2023-05-20"),
            "cin.xml, Child element 1, column CINPlanEndDate: 2023-05-20 is before"
            " CINPlanStartDate 2023-06-02",
            id="end-before-start",
        ),
        pytest.param(
            _in_child(1, "<CPPreviewDate>2023-10-20", "<CPPreviewDate>2023-07-27"),
            "cin.xml, Child element 1, column CPPreviewDate: 2023-07-27 is before CPPstartDate"
            " 2023-07-28",
            id="review-before-plan",
        ),
        pytest.param(
            _in_child(2, "<CINclosureDate>2024-01-15", "<CINclosureDate>2023-08-31"),
            "cin.xml, Child element 2, column CINclosureDate: 2023-08-31 is before"
            " CINreferralDate 2023-09-01",
            id="closed-before-referral",
        ),
        pytest.param(
            lambda xml: xml[: xml.index("<Child>", xml.index("<Child>") + 1) + 60],
            "cin.xml: is not well-formed XML (unclosed token: line 81, column 25)",
            id="half-written",
        ),
        pytest.param(
            lambda xml: xml.replace("</Section47>", "</Section47", 1),
            "cin.xml: is not well-formed XML (not well-formed (invalid token): line 54, column 8)",
            id="broken-tag",
        ),
        pytest.param(_whole(BILLION_LAUGHS), REFUSED_DTD, id="billion-laughs"),
        pytest.param(_whole(EXTERNAL_ENTITY), REFUSED_DTD, id="external-entity"),
        pytest.param(
            lambda xml: xml[: xml.index("<Children>")] + "<Children/></Message>",
            "cin.xml: holds no Child elements",
            id="no-children",
        ),
        pytest.param(
            lambda xml: xml.replace("<ReferenceDate>2024-03-31", "<ReferenceDate>2024-03-32"),
            "cin.xml, Header element 1, column ReferenceDate: '2024-03-32' is not a real date",
            id="bad-reference-date",
        ),
    ],
)
def test_a_bad_census_is_refused_with_one_message_and_nothing_stored(
    sqlite_engine: Engine, tmp_path: Path, edit: Edit, message: str
) -> None:
    run(sqlite_engine, write(tmp_path / "earlier" / "cin.xml", good_children()[2:]))
    before = snapshot(sqlite_engine)
    path = write_file(tmp_path / "new" / "cin.xml", edit(good_xml(tmp_path)))

    with pytest.raises(InputError) as caught:
        run(sqlite_engine, path)

    assert str(caught.value) == message
    assert snapshot(sqlite_engine) == before


def test_every_bad_child_is_reported_in_one_pass(sqlite_engine: Engine, tmp_path: Path) -> None:
    xml = good_xml(tmp_path)
    for edit in (
        _in_child(1, "<CPPstartDate>2023-07-28", "<CPPstartDate>28/07/2023"),
        _in_child(3, "<PrimaryNeedCode>N1", "<PrimaryNeedCode>N10"),
    ):
        xml = edit(xml)

    with pytest.raises(InputError) as caught:
        run(sqlite_engine, write_file(tmp_path / "new" / "cin.xml", xml))

    assert [(p.row, p.column) for p in caught.value.problems] == [
        (1, "CPPstartDate"),
        (3, "PrimaryNeedCode"),
    ]
    assert str(caught.value).endswith("(and 1 more problem in this file)")


def test_no_personal_data_in_messages(sqlite_engine: Engine, tmp_path: Path) -> None:
    xml = _in_child(1, "<LAchildID>SG0001<", "<LAchildID>Jane Smith<")(good_xml(tmp_path))
    with pytest.raises(InputError) as caught:
        run(sqlite_engine, write_file(tmp_path / "cin.xml", xml))
    assert "Jane" not in str(caught.value)


def test_a_census_of_another_year_than_year_says_is_refused(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    with pytest.raises(InputError) as caught:
        run(sqlite_engine, write(tmp_path / "cin.xml", good_children()), year="2024-25")
    assert str(caught.value) == (
        "cin.xml: is the 2023-24 census (ReferenceDate 2024-03-31), not 2024-25 as --year says"
    )


def test_a_failure_while_writing_leaves_nothing_stored(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """All or nothing: the census is one transaction, children and every table in it."""

    def failing(conn: Any, table: Table, rows: Any, key: Any) -> None:
        if table.name == "sg_pre_proceedings":
            raise OperationalError("INSERT", {}, Exception("disk full"))
        upsert(conn, table, rows, key=key)

    monkeypatch.setattr(cin_census, "upsert", failing)
    before = snapshot(engine)

    with pytest.raises(InputError) as caught:
        run(engine, write(tmp_path / "cin.xml", good_children()))

    assert str(caught.value) == (
        "cin.xml: could not be stored (Exception); nothing was imported"
    )
    assert snapshot(engine) == before


# The command line --------------------------------------------------------------------------


def _scrutiny(database: str, *args: str) -> subprocess.CompletedProcess[str]:
    assert SCRUTINY is not None, "the scrutiny console script is not installed"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCRUTINY_")}
    return subprocess.run(
        [SCRUTINY, "--database", database, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_the_cli_initialises_and_imports_a_census(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'scrutiny.db'}"
    census = write(tmp_path / "cin.xml", good_children())
    bad = write_file(
        tmp_path / "bad" / "cin.xml",
        _in_child(3, "<PrimaryNeedCode>N1", "<PrimaryNeedCode>X")(good_xml(tmp_path)),
    )

    initialised = _scrutiny(database, "init")
    imported = _scrutiny(database, "import", str(census))
    refused = _scrutiny(database, "import", str(bad), "--rejects", str(tmp_path / "rejects.csv"))

    assert initialised.returncode == 0, initialised.stderr
    assert (imported.returncode, imported.stderr) == (0, "")
    assert imported.stdout.splitlines() == [
        "imported cin.xml: CIN census 2023-24, XML (3 children; CINdetails 4 rows,"
        " Assessments 2 rows, CINPlanDates 1 row, Section47 2 rows, ChildProtectionPlans"
        " 1 row, Reviews 2 rows, PreProceedingsandFGDM 1 row)",
        f"1 file(s) imported into {database}",
    ]
    assert refused.returncode == 2
    assert refused.stderr.splitlines() == [
        "scrutiny: cin.xml, Child element 3, column PrimaryNeedCode: 'X' is not a known code;"
        " allowed: N0, N1, N2, N3, N4, N5, N6, N7, N8, N9; nothing was imported"
        f" [reject report: {tmp_path / 'rejects.csv'}]"
    ]
    assert "Traceback" not in refused.stderr + refused.stdout
