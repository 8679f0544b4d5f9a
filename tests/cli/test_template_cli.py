"""``scrutiny template`` run as a council runs it: write the workbook, fill it in, import it.

Every template is written by the console script in a child process, opened with
openpyxl as a spreadsheet program would, filled with real rows (dates as date cells and
as dd/mm/yyyy text) and imported with ``scrutiny import`` into a fresh SQLite database.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import Connection, text

from scrutiny.db.engine import create_scrutiny_engine
from scrutiny.importing.table_files import TableFile
from scrutiny.importing.templates import Template, describe, templates
from scrutiny.plugin_host import PluginHost

SCRUTINY = shutil.which("scrutiny", path=str(Path(sys.executable).parent))

KINDS = (
    "adoption",
    "care_leavers",
    "fostering",
    "looked_after",
    "residential",
    "safeguarding",
    "visits",
    "deviations",
)
DEVIATIONS_MISSING = "no enabled plugin reads register.deviations (the bulk deviations importer)"

# Two valid rows for each file, by its kind, and the table its rows land in. In each
# file the first row is written with date cells (and numbers as numbers), the second
# with every value as text, as a council's export might hold either.
SAMPLES: dict[str, tuple[str, list[dict[str, str]]]] = {
    "adoption.applications": (
        "ado_application",
        [
            {
                "APPLICATION": "APP001",
                "ROI_ACCEPTED": "01/02/2024",
                "STAGE1_DECISION": "01/04/2024",
                "STAGE1_OUTCOME": "suitable",
                "DBS_CERTIFICATE": "15/02/2024",
                "MEDICAL_REPORT": "20/02/2024",
                "NOTICE_TO_PROCEED": "10/04/2024",
                "STAGE2_START": "15/04/2024",
                "PANEL": "P1",
                "PANEL_RECOMMENDATION": "approve",
                "AGENCY_DECISION": "01/08/2024",
                "AGENCY_DECISION_OUTCOME": "approve",
            },
            {"APPLICATION": "APP002", "ROI_ACCEPTED": "05/03/2024"},
        ],
    ),
    "adoption.panels": (
        "ado_panel_meeting",
        [
            {
                "PANEL": "P1",
                "PANEL_DATE": "20/07/2024",
                "CHAIR_PRESENT": "yes",
                "MEMBERS_PRESENT": "6",
                "INDEPENDENT_MEMBERS": "3",
            },
            {
                "PANEL": "P2",
                "PANEL_DATE": "21/08/2024",
                "CHAIR_PRESENT": "no",
                "MEMBERS_PRESENT": "5",
                "INDEPENDENT_MEMBERS": "2",
            },
        ],
    ),
    "care_leavers.young_people": (
        "cl_young_person",
        [
            {"CHILD": "C1", "DOB": "01/05/2005", "STATUS": "relevant"},
            {
                "CHILD": "C2",
                "DOB": "02/06/2004",
                "STATUS": "former-relevant",
                "ELIGIBLE_FROM": "02/06/2018",
                "DUTIES_ENDED": "01/03/2024",
                "END_REASON": "opted-out",
            },
        ],
    ),
    "care_leavers.advisers": (
        "cl_adviser_allocation",
        [
            {"CHILD": "C1", "ADVISER": "ADV1", "ALLOCATED": "01/06/2023"},
            {"CHILD": "C2", "ADVISER": "ADV2", "ALLOCATED": "01/07/2023", "ENDED": "01/01/2024"},
        ],
    ),
    "care_leavers.needs_assessments": (
        "cl_needs_assessment",
        [{"CHILD": "C1", "COMPLETED": "01/03/2023"}, {"CHILD": "C2", "COMPLETED": "01/04/2023"}],
    ),
    "care_leavers.pathway_plans": (
        "cl_pathway_plan",
        [{"CHILD": "C1", "PLAN_DATE": "01/05/2023"}, {"CHILD": "C2", "PLAN_DATE": "01/06/2023"}],
    ),
    "care_leavers.plan_reviews": (
        "cl_plan_review",
        [
            {"CHILD": "C1", "PLAN_DATE": "01/05/2023", "REVIEWED": "01/11/2023"},
            {
                "CHILD": "C2",
                "PLAN_DATE": "01/06/2023",
                "REVIEWED": "01/10/2023",
                "REQUESTED_BY": "young-person",
                "REQUESTED": "15/09/2023",
            },
        ],
    ),
    "care_leavers.contacts": (
        "cl_contact",
        [
            {"CHILD": "C1", "CONTACT_DATE": "01/02/2024", "KIND": "visit-at-home", "BY": "adviser"},
            {"CHILD": "C2", "CONTACT_DATE": "02/02/2024", "KIND": "phone", "BY": "other-worker"},
        ],
    ),
    "care_leavers.accommodation": (
        "cl_accommodation",
        [
            {
                "CHILD": "C1",
                "STARTED": "01/01/2024",
                "TYPE": "supported-lodgings",
                "PROVIDED_BY_LA": "yes",
            },
            {
                "CHILD": "C2",
                "STARTED": "01/02/2023",
                "ENDED": "01/01/2024",
                "TYPE": "independent-tenancy",
                "PROVIDED_BY_LA": "no",
            },
        ],
    ),
    "care_leavers.staying_put": (
        "cl_staying_put",
        [
            {
                "CHILD": "C1",
                "CARER": "FC1",
                "STARTED": "01/05/2023",
                "FINANCIAL_SUPPORT": "yes",
                "LAST_MONITORED": "01/02/2024",
            },
            {
                "CHILD": "C2",
                "CARER": "FC2",
                "STARTED": "01/06/2023",
                "ENDED": "01/01/2024",
                "FINANCIAL_SUPPORT": "no",
            },
        ],
    ),
    "care_leavers.support_requests": (
        "cl_support_request",
        [
            {"CHILD": "C1", "REQUESTED": "01/02/2024"},
            {"CHILD": "C2", "REQUESTED": "01/03/2024", "WITHDRAWN": "15/03/2024"},
        ],
    ),
    "fostering.carers": (
        "fos_carer",
        [
            {"CARER": "FC1", "HOUSEHOLD": "H1"},
            {"CARER": "FC2", "HOUSEHOLD": "H2", "RESIDENCE_LA": "318"},
        ],
    ),
    "fostering.approvals": (
        "fos_approval",
        [
            {
                "CARER": "FC1",
                "TYPE": "full",
                "APPROVED": "01/01/2020",
                "ASSESSED": "01/12/2019",
                "MAX_CHILDREN": "3",
            },
            {
                "CARER": "FC2",
                "TYPE": "temporary-connected",
                "APPROVED": "01/03/2024",
                "CHILD": "C9",
                "MAX_CHILDREN": "1",
                "ENDED": "01/06/2024",
                "END_REASON": "full-approval",
            },
        ],
    ),
    "fostering.extensions": (
        "fos_extension",
        [
            {
                "CARER": "FC2",
                "APPROVED": "01/03/2024",
                "EXTENDED": "20/05/2024",
                "WEEKS": "8",
                "PANEL_VIEWS_SOUGHT": "01/05/2024",
                "IRO_INFORMED": "02/05/2024",
                "NOMINATED_OFFICER_APPROVED": "03/05/2024",
                "IRM_REVIEW_REQUESTED": "no",
            },
            {
                "CARER": "FC3",
                "APPROVED": "01/02/2024",
                "EXTENDED": "10/04/2024",
                "WEEKS": "4",
                "IRM_REVIEW_REQUESTED": "yes",
                "IRM_OUTCOME": "01/05/2024",
            },
        ],
    ),
    "fostering.emergency_placements": (
        "fos_emergency_placement",
        [
            {
                "CARER": "FC1",
                "CHILD": "C3",
                "PLACED": "01/02/2024",
                "TERMS_AMENDED": "03/02/2024",
                "ENDED": "10/02/2024",
            },
            {"CARER": "FC1", "CHILD": "C4", "PLACED": "01/03/2024"},
        ],
    ),
    "fostering.household_children": (
        "fos_household_child",
        [
            {
                "CARER": "FC1",
                "CHILD": "C3",
                "ARRANGEMENT": "fostered",
                "STARTED": "01/02/2024",
                "SIBLING_GROUP": "SG1",
            },
            {"CARER": "FC1", "CHILD": "C5", "ARRANGEMENT": "own-child", "STARTED": "01/01/2010"},
        ],
    ),
    "fostering.exemptions": (
        "fos_exemption_child",
        [
            {
                "EXEMPTION": "EX1",
                "CARER": "FC1",
                "CHILD": child,
                "VALID_FROM": "01/02/2024",
                "VALID_UNTIL": "01/02/2025",
                "GRANTED_BY_LA": "318",
                "CONDITIONS": "Reviewed monthly by the supervising social worker",
            }
            for child in ("C3", "C4")
        ],
    ),
    "fostering.short_breaks": (
        "fos_short_break",
        [
            {"CHILD": "C6", "CARER": "FC1", "STARTED": "01/04/2024", "ENDED": "03/04/2024"},
            {"CHILD": "C7", "STARTED": "05/04/2024"},
        ],
    ),
    "fostering.reviews": (
        "fos_carer_review",
        [
            {"CARER": "FC1", "REVIEWED": "01/12/2023", "PANEL": "yes"},
            {"CARER": "FC2", "REVIEWED": "01/01/2024"},
        ],
    ),
    "looked_after.visits": (
        "lac_statutory_visit",
        [
            {"CHILD": "C1", "VISIT_DATE": "01/03/2024", "MODE": "in-person", "SEEN_ALONE": "yes"},
            {
                "CHILD": "007",
                "VISIT_DATE": "05/03/2024",
                "MODE": "phone",
                "SEEN_ALONE": "no",
                "REMOTE_REASON": "other",
                "REASON_DETAIL": "The child was away on a school trip",
            },
        ],
    ),
    "looked_after.placements": (
        "lac_placement_detail",
        [
            {"CHILD": "C1", "DECOM": "01/01/2024", "REGIME": "standard", "LONG_TERM": "yes"},
            {"CHILD": "C2", "DECOM": "01/02/2024", "REGIME": "reg24-connected"},
        ],
    ),
    "looked_after.care_plans": (
        "lac_care_plan",
        [
            {"CHILD": "C1", "CARE_PLAN_DATE": "05/01/2024"},
            {"CHILD": "C2", "CARE_PLAN_DATE": "06/02/2024"},
        ],
    ),
    "looked_after.placement_plans": (
        "lac_placement_plan",
        [
            {"CHILD": "C1", "DECOM": "01/01/2024", "PLAN_DATE": "03/01/2024"},
            {"CHILD": "C2", "DECOM": "01/02/2024", "PLAN_DATE": "30/01/2024"},
        ],
    ),
    "looked_after.out_of_area": (
        "lac_out_of_area",
        [
            {
                "CHILD": "C1",
                "DECOM": "01/01/2024",
                "AREA_AUTHORITY": "Kent County Council",
                "EMERGENCY": "n",
                "NOTIFIED": "20/12/2023",
            },
            {"CHILD": "C2", "DECOM": "01/02/2024", "AREA_AUTHORITY": "886", "EMERGENCY": "yes"},
        ],
    ),
    "looked_after.health": (
        "lac_health_assessment",
        [
            {"CHILD": "C1", "ASSESSED": "10/01/2024", "KIND": "initial", "PRACTITIONER": "doctor"},
            {"CHILD": "C2", "ASSESSED": "10/02/2024", "KIND": "review", "PRACTITIONER": "nurse"},
        ],
    ),
    "looked_after.peps": (
        "lac_pep",
        [{"CHILD": "C1", "PEP_DATE": "15/01/2024"}, {"CHILD": "C2", "PEP_DATE": "15/02/2024"}],
    ),
    "residential.homes": (
        "ch_home",
        [
            {"HOME": "HOME1", "URN": "SC123456", "REGISTERED": "01/01/2015", "SECURE": "no"},
            {"HOME": "HOME2", "URN": "XXXXXXX", "SECURE": "yes"},
        ],
    ),
    "residential.events": (
        "ch_event",
        [
            {
                "EVENT": "EV1",
                "HOME": "HOME1",
                "TYPE": "death",
                "OCCURRED": "01/02/2024 10:00",
                "CHILD": "C1",
                "OFSTED": "01/02/2024 11:00",
                "PLACING_AUTHORITY": "01/02/2024 12:30",
            },
            {
                "EVENT": "EV2",
                "HOME": "HOME2",
                "TYPE": "police-incident",
                "OCCURRED": "02/02/2024 22:15",
                "OFSTED": "03/02/2024 09:00",
            },
        ],
    ),
    "residential.reg44_visits": (
        "ch_reg44_visit",
        [
            {
                "HOME": "HOME1",
                "VISITED": "05/01/2024",
                "MODE": "in-person",
                "INDEPENDENT": "yes",
                "REPORT_TO_OFSTED": "10/01/2024",
            },
            {"HOME": "HOME1", "VISITED": "05/02/2024", "MODE": "virtual", "INDEPENDENT": "yes"},
        ],
    ),
    "residential.reg44_endeavours": (
        "ch_reg44_endeavour",
        [
            {"HOME": "HOME2", "MONTH": "01/03/2024", "NOTE": "No independent visitor was free"},
            {"HOME": "HOME2", "MONTH": "01/04/2024", "NOTE": "The visitor was ill"},
        ],
    ),
    "residential.reg45_reviews": (
        "ch_reg45_review",
        [
            {"HOME": "HOME1", "REVIEWED": "01/03/2024", "REPORT_TO_OFSTED": "15/03/2024"},
            {"HOME": "HOME2", "REVIEWED": "01/03/2024"},
        ],
    ),
    "residential.manager_absences": (
        "ch_manager_absence",
        [
            {
                "HOME": "HOME1",
                "STARTED": "01/02/2024",
                "EXPECTED_END": "01/04/2024",
                "ENDED": "15/04/2024",
                "PLANNED": "yes",
                "NOTICE_GIVEN": "15/01/2024",
                "RETURN_NOTIFIED": "16/04/2024",
            },
            {"HOME": "HOME2", "STARTED": "01/03/2024", "PLANNED": "no"},
        ],
    ),
    "residential.change_notices": (
        "ch_change_notice",
        [
            {
                "HOME": "HOME1",
                "CHANGE": "new-manager",
                "CHANGED": "01/02/2024",
                "NOTIFIED": "05/02/2024",
            },
            {"HOME": "HOME2", "CHANGE": "provider-ceased", "CHANGED": "01/03/2024"},
        ],
    ),
    "residential.closures": (
        "ch_closure",
        [
            {"HOME": "HOME2", "CLOSES": "01/12/2024", "NOTIFIED": "01/09/2024"},
            {
                "HOME": "HOME1",
                "CLOSES": "01/06/2024",
                "NOTIFIED": "01/03/2024",
                "APPLIED": "02/03/2024",
                "PROPOSAL_NOTICE": "05/03/2024",
                "PROPOSAL_DROPPED": "10/03/2024",
            },
        ],
    ),
    "residential.placements": (
        "ch_placement",
        [
            {
                "CHILD": "C1",
                "STARTED": "01/01/2024",
                "PROVIDER": "PROV1",
                "URN": "SC123456",
                "SETTING": "childrens-home",
                "CARE_PROVIDED": "yes",
                "OTHER_ARRANGEMENTS": "no",
            },
            {
                "CHILD": "C2",
                "STARTED": "01/02/2024",
                "ENDED": "01/03/2024",
                "PROVIDER": "PROV2",
                "URN": "XXXXXXX",
                "SETTING": "supported-accommodation",
                "CARE_PROVIDED": "no",
                "OTHER_ARRANGEMENTS": "yes",
            },
        ],
    ),
    "safeguarding.referral_decisions": (
        "sg_referral_decision",
        [
            {
                "CHILD": "C1",
                "RECEIVED": "01/02/2024 09:30",
                "DECIDED": "01/02/2024 16:00",
                "RESPONSE": "assessment",
                "REFERRER_INFORMED": "02/02/2024",
                "REFERRER_ANONYMOUS": "n",
            },
            {"CHILD": "C2", "RECEIVED": "05/02/2024 10:00"},
        ],
    ),
    "safeguarding.strategy_discussions": (
        "sg_strategy_discussion",
        [
            {"CHILD": "C1", "HELD": "03/02/2024", "S47_STARTED": "y"},
            {"CHILD": "C2", "HELD": "06/02/2024", "S47_STARTED": "no"},
        ],
    ),
    "safeguarding.core_groups": (
        "sg_core_group",
        [
            {"CHILD": "C1", "CPP_START": "01/03/2024", "HELD": "10/03/2024"},
            {"CHILD": "C2", "CPP_START": "01/03/2024", "HELD": "12/03/2024"},
        ],
    ),
    "safeguarding.serious_incidents": (
        "sg_serious_incident",
        [
            {
                "INCIDENT": "INC1",
                "CHILD": "C1",
                "INCIDENT_DATE": "01/02/2024",
                "AWARE": "02/02/2024",
                "HARM": "serious-harm",
                "LOOKED_AFTER": "n",
                "PANEL_NOTIFIED": "05/02/2024",
                "OFSTED_NOTIFIED": "05/02/2024",
            },
            {
                "INCIDENT": "INC2",
                "CHILD": "C2",
                "AWARE": "03/03/2024",
                "HARM": "death",
                "LOOKED_AFTER": "y",
            },
        ],
    ),
    "safeguarding.rapid_reviews": (
        "sg_rapid_review",
        [
            {"INCIDENT": "INC1", "COMPLETED": "20/02/2024", "SENT_TO_PANEL": "21/02/2024"},
            {"INCIDENT": "INC2", "DELAY_REASON": "Awaiting the police's account"},
        ],
    ),
    "register.deviations": (
        "deviation_version",
        [
            {
                "TYPE": "lac-visit-late",
                "SUBJECT_TYPE": "child",
                "SUBJECT_REF": "C1",
                "DONE_INSTEAD": "Visited three days after the reg 28 interval",
                "FROM": "01/02/2024",
                "TO": "04/02/2024",
                "RECORDED_BY": "Alex Manager",
            },
            {
                "TYPE": "lac-visit-late",
                "SUBJECT_TYPE": "child",
                "SUBJECT_REF": "007",
                "DONE_INSTEAD": "Visited a week after the reg 28 interval",
                "FROM": "01/03/2024",
                "RECORDED_BY": "Alex Manager",
            },
        ],
    ),
}


def scrutiny(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    assert SCRUTINY is not None, "the scrutiny console script is not installed"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCRUTINY_")}
    return subprocess.run(
        [SCRUTINY, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def found() -> dict[str, Template]:
    return templates(PluginHost().importers())


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory, found: dict[str, Template]) -> Path:
    """Every template there is, each written once by the command."""
    folder = tmp_path_factory.mktemp("templates")
    for kind in found:
        done = scrutiny("template", kind, "--out", f"{kind}.xlsx", cwd=folder)
        assert (done.returncode, done.stderr) == (0, ""), done.stderr
    return folder


def template_of(kind: str, found: Mapping[str, Template]) -> Template:
    if kind == "deviations" and kind not in found:
        pytest.skip(DEVIATIONS_MISSING)
    return found[kind]


def copy_of(written: Path, kind: str, to: Path) -> Path:
    path = to / f"{kind}.xlsx"
    shutil.copyfile(written / f"{kind}.xlsx", path)
    return path


@pytest.mark.parametrize("kind", KINDS)
def test_template_has_a_sheet_per_file_with_header_description_and_formats(
    kind: str, found: dict[str, Template], written: Path
) -> None:
    chosen = template_of(kind, found)
    book = openpyxl.load_workbook(written / f"{kind}.xlsx")

    assert book.sheetnames == [spec.name for spec in chosen.files]
    for spec in chosen.files:
        sheet = book[spec.name]
        columns = describe(spec)
        assert [c.value for c in sheet[1]] == list(spec.columns)
        assert [c.value for c in sheet[2]] == [c.description for c in columns]
        assert sheet.max_row == 2
        assert all(c.font.bold for c in sheet[1])
        assert sheet.freeze_panes == "A3"  # header and description stay in view
        for index, column in enumerate(columns, start=1):
            assert column.description.startswith(("required", "optional"))
            dimension = sheet.column_dimensions[openpyxl.utils.get_column_letter(index)]
            expected = {
                "date": "dd/mm/yyyy",
                "datetime": "dd/mm/yyyy hh:mm",
                "whole": "0",
            }.get(column.read.parser, "@")
            assert (column.name, dimension.number_format) == (column.name, expected)
            assert dimension.width >= len(column.name) + 4


def test_template_descriptions_say_what_each_column_takes(written: Path) -> None:
    sheet = openpyxl.load_workbook(written / "visits.xlsx")["visits"]

    assert [c.value for c in sheet[2]] == [
        "required · child's reference, no spaces, up to 20 characters",
        "required · date dd/mm/yyyy · not in the future",
        "required · one of: in-person, phone, video",
        "optional · one of: yes, no",
        "optional · one of: covid-guidance, covid-not-practicable, other",
        "optional · text up to 2,000 characters",
    ]
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists == {
        "C3:C1048576": '"in-person,phone,video"',
        "D3:D1048576": '"yes,no"',
        "E3:E1048576": '"covid-guidance,covid-not-practicable,other"',
    }


def test_safeguarding_template_holds_its_files_but_not_the_cin_census(written: Path) -> None:
    book = openpyxl.load_workbook(written / "safeguarding.xlsx")

    assert book.sheetnames == [
        "referral_decisions",
        "strategy_discussions",
        "core_groups",
        "serious_incidents",
        "rapid_reviews",
    ]


def fill(path: Path, chosen: Template) -> None:
    """Two rows in every sheet: the first with date cells and numbers, the second as text."""
    book = openpyxl.load_workbook(path)
    for spec in chosen.files:
        sheet = book[spec.name]
        _table, rows = SAMPLES[spec.kind]
        parsers = {c.name: c.read.parser for c in describe(spec)}
        for number, values in enumerate(rows):
            cells = [values.get(column) for column in spec.columns]
            if number == 0:
                cells = [
                    _typed(value, parsers[c]) for value, c in zip(cells, spec.columns, strict=True)
                ]
            sheet.append(cells)
    book.save(path)


def _typed(value: str | None, parser: str) -> object:
    if value is None:
        return None
    if parser == "date":
        return dt.datetime.strptime(value, "%d/%m/%Y").date()
    if parser == "datetime":
        return dt.datetime.strptime(value, "%d/%m/%Y %H:%M")
    if parser == "whole":
        return int(value)
    return value


@pytest.mark.parametrize("kind", KINDS)
def test_filled_template_imports_every_row(
    kind: str, found: dict[str, Template], written: Path, sqlite_url: str, tmp_path: Path
) -> None:
    chosen = template_of(kind, found)
    path = copy_of(written, kind, tmp_path)
    fill(path, chosen)

    done = scrutiny("--database", sqlite_url, "import", str(path), cwd=tmp_path)

    assert (done.returncode, done.stderr) == (0, "")
    said = done.stdout.splitlines()[0].removeprefix(f"imported {path.name}: ").split("; ")
    assert [part.split(" dated ")[0] for part in said] == [
        f"{spec.description}, XLSX sheet {spec.name}: 2 rows" for spec in chosen.files
    ]
    engine = create_scrutiny_engine(sqlite_url)
    try:
        with engine.connect() as conn:
            for spec in chosen.files:
                assert stored_rows(conn, spec) == 2, spec.kind
    finally:
        engine.dispose()


def stored_rows(conn: Connection, spec: TableFile) -> int:
    """Rows of the file's table written by its batch (the register keeps no batch)."""
    table, _rows = SAMPLES[spec.kind]
    if table == "deviation_version":
        return int(conn.execute(text("SELECT COUNT(*) FROM deviation_version")).scalar_one())
    return int(
        conn.execute(
            text(
                f"SELECT COUNT(*) FROM {table} WHERE import_batch_id IN"
                " (SELECT id FROM import_batch WHERE kind = :kind AND row_count = 2)"
            ),
            {"kind": spec.kind},
        ).scalar_one()
    )


def test_references_keep_their_leading_zeros(
    found: dict[str, Template], written: Path, sqlite_url: str, tmp_path: Path
) -> None:
    path = copy_of(written, "visits", tmp_path)
    fill(path, found["visits"])

    done = scrutiny("--database", sqlite_url, "import", str(path), cwd=tmp_path)

    assert done.returncode == 0, done.stderr
    engine = create_scrutiny_engine(sqlite_url)
    try:
        with engine.connect() as conn:
            visits = conn.execute(
                text(
                    "SELECT c.child_ref, v.visit_date FROM lac_statutory_visit v"
                    " JOIN child c ON c.id = v.child_id ORDER BY c.child_ref"
                )
            ).all()
    finally:
        engine.dispose()
    assert [(ref, str(day)) for ref, day in visits] == [
        ("007", "2024-03-05"),
        ("C1", "2024-03-01"),
    ]


def test_unfilled_template_has_a_header_but_no_rows(
    written: Path, sqlite_url: str, tmp_path: Path
) -> None:
    path = copy_of(written, "visits", tmp_path)

    done = scrutiny("--database", sqlite_url, "import", str(path), cwd=tmp_path)

    assert done.returncode == 2
    assert done.stderr.startswith("scrutiny: visits.xlsx (sheet visits): has a header but no rows")


def test_unfilled_sheet_of_a_file_that_may_be_empty_imports_as_none(
    written: Path, sqlite_url: str, tmp_path: Path
) -> None:
    """No placement needs details beyond SSDA903's, so "none" is a real answer."""
    path = copy_of(written, "looked_after", tmp_path)
    book = openpyxl.load_workbook(path)
    for name in book.sheetnames:
        if name != "placement_details":
            del book[name]
    book.save(path)

    done = scrutiny("--database", sqlite_url, "import", str(path), cwd=tmp_path)

    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines()[0] == (
        "imported looked_after.xlsx: placement details (placement_details.csv),"
        " XLSX sheet placement_details: 0 rows"
    )


def _edited_visits(written: Path, tmp_path: Path, edit: Callable[[Any], None]) -> Path:
    path = copy_of(written, "visits", tmp_path)
    book = openpyxl.load_workbook(path)
    edit(book["visits"])
    book.save(path)
    return path


def test_a_row_that_only_resembles_the_description_row_is_read_as_data(
    written: Path, sqlite_url: str, tmp_path: Path
) -> None:
    def edit(sheet: Any) -> None:
        # The description row with one cell changed: as a data row, it is refused.
        sheet["F2"] = "optional · text up to 2,000 characters, and more"

    path = _edited_visits(written, tmp_path, edit)

    done = scrutiny("--database", sqlite_url, "import", str(path), cwd=tmp_path)

    assert done.returncode == 2
    assert done.stderr.startswith("scrutiny: visits.xlsx (sheet visits), row 2, column MODE: ")
    assert "is not one of in-person, phone, video" in done.stderr


def test_the_description_row_is_skipped_only_straight_under_the_header(
    written: Path, sqlite_url: str, tmp_path: Path
) -> None:
    def edit(sheet: Any) -> None:
        description = [c.value for c in sheet[2]]
        sheet.delete_rows(2)
        sheet.append(["C1", dt.date(2024, 3, 1), "in-person", None, None, None])
        sheet.append(description)

    path = _edited_visits(written, tmp_path, edit)

    done = scrutiny("--database", sqlite_url, "import", str(path), cwd=tmp_path)

    assert done.returncode == 2
    assert done.stderr.startswith("scrutiny: visits.xlsx (sheet visits), row 3, column MODE: ")


def test_an_existing_file_is_not_replaced_without_force(tmp_path: Path) -> None:
    out = tmp_path / "visits.xlsx"
    out.write_bytes(b"the council's own workbook")

    refused = scrutiny("template", "visits", "--out", str(out), cwd=tmp_path)

    assert refused.returncode == 2
    assert refused.stderr.splitlines() == [f"Error: {out} exists; give --force to replace it"]
    assert out.read_bytes() == b"the council's own workbook"

    replaced = scrutiny("template", "visits", "--out", str(out), "--force", cwd=tmp_path)

    assert (replaced.returncode, replaced.stderr) == (0, "")
    assert openpyxl.load_workbook(out).sheetnames == ["visits"]


def test_unknown_kind_is_refused_with_the_kinds_there_are(
    found: dict[str, Template], tmp_path: Path
) -> None:
    done = scrutiny("template", "fosterin", "--out", "x.xlsx", cwd=tmp_path)

    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == (
        f"Error: no template 'fosterin'; choose one of: {', '.join(found)}"
    )
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("visits",), "Error: give --out FILE.xlsx: where to write the template"),
        (
            ("visits", "--out", "v.csv"),
            "Error: v.csv does not end in .xlsx; the template is an XLSX workbook",
        ),
        (("--out", "v.xlsx"), "Error: give the KIND of template to write (see --list)"),
    ],
)
def test_incomplete_commands_are_refused(
    args: tuple[str, ...], message: str, tmp_path: Path
) -> None:
    done = scrutiny("template", *args, cwd=tmp_path)

    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == message
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args", [("--list",), ()])
def test_list_names_every_kind_and_its_files(
    args: tuple[str, ...], found: dict[str, Template], tmp_path: Path
) -> None:
    done = scrutiny("template", *args, cwd=tmp_path)

    assert (done.returncode, done.stderr) == (0, "")
    expected = []
    for name, chosen in found.items():
        expected.append(f"{name}: {chosen.title}")
        expected.extend(f"  {spec.name}: {spec.description}" for spec in chosen.files)
    assert done.stdout.splitlines() == expected
    assert set(KINDS) - {"deviations"} <= set(found)
    assert "census" not in done.stdout.lower()
