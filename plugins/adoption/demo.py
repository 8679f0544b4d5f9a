"""The demo council's prospective adopters and adoption panels.

About fifty applications accepted between April 2019 and March 2022, most decided
within the guidance timescales, some late at each stage. During the coronavirus windows
some medical reports follow the stage 1 decision, usually with the deferral recorded.
A handful of scripted applications sit on the edges a QA officer should see: medical
reports deferred just outside each window, one deferred with no record in each window,
a DBS certificate after the stage 1 decision, a case begun in the SI 2020/445 window and
decided after it (savings), an approval without the medical report, decisions without
a panel in 2020, and applications still open or overdue on the as-of date.

References are invented (A + digits, P + year-month); nothing identifies a person.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, fields

from scrutiny.demo.council import DemoCouncil
from scrutiny.plugins.adoption.importer import APPLICATION_COLUMNS, PANEL_COLUMNS

APPLICATIONS_FILE = "adoption/applications.csv"
PANELS_FILE = "adoption/panels.csv"
SI_2020_445 = (dt.date(2020, 4, 24), dt.date(2020, 9, 25))
SI_2020_909 = (dt.date(2020, 9, 25), dt.date(2021, 9, 30))
LAST_ROI = dt.date(2022, 3, 15)
NO_PANEL_REASON = (
    "Panel not convened during the first lockdown; the agency decision maker decided on the"
    " written assessment under SI 2020/445 reg 4."
)


@dataclass(frozen=True)
class Panel:
    ref: str
    day: dt.date
    chair_present: bool
    members: int
    independent: int


@dataclass
class Application:
    """One row of applications.csv, in its column order."""

    ref: str
    roi_accepted: dt.date
    stage1_decision: dt.date | None = None
    stage1_outcome: str | None = None
    dbs_certificate: dt.date | None = None
    medical_report: dt.date | None = None
    deferral_recorded: dt.date | None = None
    deferral_ref: str | None = None
    notice_to_proceed: dt.date | None = None
    stage2_start: dt.date | None = None
    panel: str | None = None
    panel_recommendation: str | None = None
    no_panel_reason: str | None = None
    agency_decision: dt.date | None = None
    agency_decision_outcome: str | None = None
    closed: dt.date | None = None

    def row(self) -> tuple[object, ...]:
        return tuple(getattr(self, f.name) for f in fields(self))


def write_demo_files(council: DemoCouncil) -> None:
    rng = council.rng("adoption.applications")
    panels = _panels(council, rng)
    applications = _applications(council, rng, panels) + _edge_cases(panels)
    for number, application in enumerate(applications, start=101):
        application.ref = f"A{number}"
    council.write_csv(
        APPLICATIONS_FILE,
        APPLICATION_COLUMNS,
        [_as_known(a, council.as_of).row() for a in applications],
    )
    council.write_csv(
        PANELS_FILE,
        PANEL_COLUMNS,
        [(p.ref, p.day, _yes(p.chair_present), p.members, p.independent) for p in panels],
    )


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _in(day: dt.date, window: tuple[dt.date, dt.date]) -> bool:
    return window[0] <= day <= window[1]


def _panels(council: DemoCouncil, rng: random.Random) -> list[Panel]:
    """A panel on the second Tuesday of each month; small ones in spring–summer 2020."""
    found = []
    month = dt.date(council.starts.year, council.starts.month, 1)
    while month <= council.as_of:
        first_tuesday = month + dt.timedelta(days=(1 - month.weekday()) % 7)
        day = first_tuesday + dt.timedelta(days=7)
        if _in(day, SI_2020_445) and day.month in (5, 6, 7):
            panel = Panel(f"P{day:%Y-%m}", day, True, 2, 1)  # chair + one independent
        else:
            chair = rng.random() > 0.05
            members = rng.randint(6, 8)
            panel = Panel(f"P{day:%Y-%m}", day, chair, members, rng.randint(3, members - 3))
        if day <= council.as_of:
            found.append(panel)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return found


def _days(start: dt.date, days: int) -> dt.date:
    return start + dt.timedelta(days=days)


def _applications(
    council: DemoCouncil, rng: random.Random, panels: list[Panel]
) -> list[Application]:
    found: list[Application] = []
    roi = council.starts
    while True:
        roi = _days(roi, rng.randint(18, 34))
        if roi > LAST_ROI:
            return found
        found.append(_journey(rng, roi, panels))


def _journey(rng: random.Random, roi: dt.date, panels: list[Panel]) -> Application:
    """One application's path, mostly on time; dates after the as-of date are cut later."""
    app = Application("", roi)
    stage1_days = rng.randint(35, 58) if rng.random() > 0.1 else rng.randint(64, 110)
    decision = _days(roi, stage1_days)
    app.stage1_decision = decision
    app.dbs_certificate = _days(roi, rng.randint(10, stage1_days - 5))
    app.medical_report = _days(roi, rng.randint(10, stage1_days - 3))
    if (_in(decision, SI_2020_445) or _in(decision, SI_2020_909)) and rng.random() < 0.4:
        app.medical_report = _days(decision, rng.randint(20, 70))
        if rng.random() < 0.85:
            app.deferral_recorded = decision
            app.deferral_ref = f"CN{rng.randint(10_000, 99_999)}"
    if rng.random() < 0.08:
        app.stage1_outcome = "not-suitable"
        return app
    app.stage1_outcome = "suitable"
    if rng.random() < 0.07:
        app.closed = _days(decision, rng.randint(60, 170))  # never gave notice
        return app
    notice = _days(decision, rng.randint(7, 60))
    app.notice_to_proceed = notice
    app.stage2_start = _days(notice, rng.randint(0, 10))
    stage2_days = rng.randint(90, 115) if rng.random() > 0.2 else rng.randint(126, 190)
    _decide(app, rng, panels, _days(notice, stage2_days))
    return app


def _decide(app: Application, rng: random.Random, panels: list[Panel], target: dt.date) -> None:
    """Put the case to the last panel at least a week before ``target``, decide after it."""
    assert app.notice_to_proceed is not None
    before = [p for p in panels if app.notice_to_proceed < p.day <= _days(target, -7)]
    if not before:
        later = [p for p in panels if p.day > app.notice_to_proceed]
        if not later:
            return
        before = later[:1]
    panel = before[-1]
    approve = rng.random() < 0.93
    app.panel = panel.ref
    app.panel_recommendation = "approve" if approve else "not-approve"
    app.agency_decision = _days(panel.day, rng.randint(5, 14))
    app.agency_decision_outcome = "approve" if approve else "not-approve"


# Scripted approvals on the edges, one a line: registration of interest accepted, stage 1
# decision, DBS certificate, medical report ("-": never), deferral recorded, notice to
# proceed, earliest panel. A "#" line says what the next line shows.
APPROVED_EDGES = """
# medical deferred the day before SI 2020/445 began, recorded: not lawful
2020-02-24 2020-04-23 2020-03-20 2020-06-01 yes 2020-05-01 2020-08-01
# medical deferred in the SI 2020/445 window, recorded: lawful
2020-04-20 2020-06-15 2020-05-29 2020-08-03 yes 2020-06-25 2020-09-01
# medical deferred in the SI 2020/445 window, no record: not met
2020-05-18 2020-07-14 2020-06-30 2020-09-07 no  2020-07-21 2020-10-20
# DBS after a stage 1 decision in the SI 2020/445 window: manual
2020-06-08 2020-08-10 2020-09-18 2020-07-30 no  2020-08-20 2020-11-20
# begun in the SI 2020/445 window, DBS late after it: savings, manual
2020-08-03 2020-10-12 2020-10-26 2020-11-30 yes 2020-10-19 2021-01-25
# medical deferred under SI 2020/909, recorded: lawful
2020-11-23 2021-01-20 2020-12-18 2021-03-01 yes 2021-02-01 2021-05-01
# medical deferred under SI 2020/909, no record: not met
2021-03-15 2021-05-10 2021-04-21 2021-07-01 no  2021-05-20 2021-08-20
# medical deferred on the last day of SI 2020/909 (as extended), recorded: lawful
2021-08-02 2021-09-30 2021-09-01 2021-11-15 yes 2021-10-08 2022-01-04
# medical deferred the day after SI 2020/909 expired, recorded: not lawful
2021-08-04 2021-10-01 2021-09-06 2021-11-22 yes 2021-10-12 2022-01-04
# approved although the deferred medical report never came: critical
2020-12-07 2021-02-03 2021-01-12 -          yes 2021-02-15 2021-05-20
"""


def _edge_cases(panels: list[Panel]) -> list[Application]:
    lines = [line for line in APPROVED_EDGES.strip().splitlines() if not line.startswith("#")]
    found = [_approved_edge(line, panels) for line in lines]
    d = dt.date
    return [
        *found,
        # Approved without a panel in the SI 2020/445 window, reason recorded: lawful.
        Application(
            "",
            d(2019, 12, 2),
            stage1_decision=d(2020, 1, 27),
            stage1_outcome="suitable",
            dbs_certificate=d(2020, 1, 6),
            medical_report=d(2020, 1, 15),
            notice_to_proceed=d(2020, 2, 10),
            stage2_start=d(2020, 2, 10),
            no_panel_reason=NO_PANEL_REASON,
            agency_decision=d(2020, 5, 28),
            agency_decision_outcome="approve",
        ),
        # Approved without a panel in the window, no reason recorded: not met.
        Application(
            "",
            d(2020, 1, 6),
            stage1_decision=d(2020, 3, 2),
            stage1_outcome="suitable",
            dbs_certificate=d(2020, 2, 5),
            medical_report=d(2020, 2, 19),
            notice_to_proceed=d(2020, 3, 16),
            stage2_start=d(2020, 3, 16),
            agency_decision=d(2020, 7, 9),
            agency_decision_outcome="approve",
        ),
        # Stage 1 still undecided long after its 2 months.
        Application("", d(2021, 11, 15), dbs_certificate=d(2021, 12, 10)),
        # Stage 2 still undecided long after its 4 months.
        Application(
            "",
            d(2021, 2, 8),
            stage1_decision=d(2021, 3, 31),
            stage1_outcome="suitable",
            dbs_certificate=d(2021, 3, 3),
            medical_report=d(2021, 3, 24),
            notice_to_proceed=d(2021, 5, 4),
            stage2_start=d(2021, 5, 10),
        ),
        # Withdrawn during stage 1, before its deadline: owes no decision.
        Application("", d(2021, 6, 7), closed=d(2021, 7, 19)),
    ]


def _approved_edge(line: str, panels: list[Panel]) -> Application:
    roi, stage1, dbs, medical, recorded, notice, panel_from = line.split()

    def day(text: str) -> dt.date | None:
        return None if text == "-" else dt.date.fromisoformat(text)

    decided = day(stage1)
    app = Application(
        "",
        dt.date.fromisoformat(roi),
        stage1_decision=decided,
        stage1_outcome="suitable",
        dbs_certificate=day(dbs),
        medical_report=day(medical),
    )
    if recorded == "yes":
        app.deferral_recorded = decided
        app.deferral_ref = f"CN{decided:%y%m%d}" if decided else None
    panel = next(p for p in panels if p.day >= dt.date.fromisoformat(panel_from))
    app.notice_to_proceed = app.stage2_start = dt.date.fromisoformat(notice)
    app.panel = panel.ref
    app.panel_recommendation = app.agency_decision_outcome = "approve"
    app.agency_decision = _days(panel.day, 7)
    return app


def _as_known(app: Application, as_of: dt.date) -> Application:
    """The application as the council's system showed it on the as-of date."""
    if app.stage1_decision and app.stage1_decision > as_of:
        app.stage1_decision = app.stage1_outcome = None
        app.notice_to_proceed = app.stage2_start = app.closed = None
    for name in ("dbs_certificate", "medical_report", "deferral_recorded", "stage2_start"):
        value = getattr(app, name)
        if value is not None and value > as_of:
            setattr(app, name, None)
    if app.deferral_recorded is None:
        app.deferral_ref = None
    if app.notice_to_proceed and app.notice_to_proceed > as_of:
        app.notice_to_proceed = app.stage2_start = None
    if app.closed and app.closed > as_of:
        app.closed = None
    if (app.agency_decision and app.agency_decision > as_of) or app.notice_to_proceed is None:
        app.agency_decision = app.agency_decision_outcome = None
        app.panel = app.panel_recommendation = app.no_panel_reason = None
    return app
