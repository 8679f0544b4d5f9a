"""The demo council's children in need and child protection: ``<folder>/safeguarding/``.

A children in need census file for each year of the council's history (for the demo,
the years ending 31 March 2020, 2021 and 2022) and the council's own five files
(referral decisions, strategy discussions, core groups, serious incidents, rapid
reviews). Children in need have references of their own, N + six digits, one and a
half times as many as the council's looked-after children (at least 40) unless the
council asks for a number. Everything is invented, and the same seed gives the same
files.

Most work is on time, with a realistic share late, as a QA officer would find:

- referral decisions: about 1 in 12 decided after the next working day, a few referrers
  told late, a few anonymous;
- assessments: about 1 in 8 authorised after 45 working days from the referral, and one
  CIN episode closed with its assessment never authorised (``manual``);
- section 47 enquiries: some restarted by a later strategy discussion, about 1 in 8
  initial conferences after 15 working days of the last one, a third with no conference
  required;
- child protection plans: about 1 in 12 review conferences late, first core groups
  about 1 in 10 late; plans begun before the first census (from October 2018) show
  how reviews before the data are treated;
- serious incidents (three, plus one for every 150 children in need beyond 300): SI-2020-01,
  serious harm in May 2020, notified on time but its rapid review 9 working days late
  with a delay reason recorded (due in the Panel's coronavirus relaxation: a deviation
  relying on CSPRP-COVID-2020 would cover it); SI-2021-01, the death of a looked-after
  child, every notification and the review on time; SI-2021-02, Ofsted told two working
  days late (the 5 days were never relaxed).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from scrutiny.demo.council import DemoCouncil
from scrutiny.plugins.safeguarding.census_writer import (
    CensusAssessment,
    CensusChild,
    CensusCinPlan,
    CensusEpisode,
    CensusPlan,
    CensusS47,
    write_census,
)
from scrutiny.working_days import WorkingDayCalendar

FOLDER = "safeguarding"
D = dt.date
REFERRALS_BEFORE_DATA = relativedelta(months=6)  # some plans began before the first census
COLUMNS = {
    "referral_decisions": (
        "CHILD",
        "RECEIVED",
        "DECIDED",
        "RESPONSE",
        "REFERRER_INFORMED",
        "REFERRER_ANONYMOUS",
    ),
    "strategy_discussions": ("CHILD", "HELD", "S47_STARTED"),
    "core_groups": ("CHILD", "CPP_START", "HELD"),
    "serious_incidents": (
        "INCIDENT",
        "CHILD",
        "INCIDENT_DATE",
        "AWARE",
        "HARM",
        "LOOKED_AFTER",
        "PANEL_NOTIFIED",
        "OFSTED_NOTIFIED",
        "SOS_NOTIFIED",
    ),
    "rapid_reviews": ("INCIDENT", "COMPLETED", "SENT_TO_PANEL", "DELAY_REASON"),
}
MINUTES = (0, 10, 15, 20, 30, 40, 45, 50)
CATEGORIES = ("NEG", "NEG", "EMO", "PHY", "SAB", "MUL")
NEEDS = ("N1", "N1", "N1", "N2", "N3", "N4", "N5", "N6", "N8", "N9")
SOURCES = ("1A", "1B", "2A", "3A", "3E", "5A", "5B", "6", "7", "8")
ETHNICITIES = ("WBRI", "WBRI", "WBRI", "WOTH", "MWBC", "ASIN", "APKN", "BAFR", "CHNE", "OOTH")
COVID_DELAY = (
    "Partner agencies' staff redeployed in the first lockdown; the Panel was told and agreed"
    " a later date"
)
Row = tuple[object, ...]


@dataclass
class Files:
    """The rows of the council's own files, and what must happen only once."""

    rows: dict[str, list[Row]] = field(default_factory=lambda: {name: [] for name in COLUMNS})
    exceptions: set[str] = field(default_factory=set)

    def add(self, name: str, *row: object) -> None:
        self.rows[name].append(row)

    def once(self, name: str) -> bool:
        if name in self.exceptions:
            return False
        self.exceptions.add(name)
        return True


@dataclass
class Story:
    """How one child's involvement went, with every date; the census files show each
    year's part of it."""

    rng: random.Random
    calendar: WorkingDayCalendar
    as_of: dt.date
    files: Files

    def working(self, day: dt.date, days: int) -> dt.date:
        """``days`` working days after ``day`` (``day`` itself if 0 and a working day)."""
        if days == 0 and self.calendar.is_working_day(day):
            return day
        return self.calendar.add_working_days(day, max(days, 1))

    def by_as_of(self, day: dt.date | None) -> dt.date | None:
        return day if day is not None and day <= self.as_of else None

    def chance(self, share: float) -> bool:
        return self.rng.random() < share


def write_demo_files(council: DemoCouncil) -> None:
    rng = council.rng("safeguarding")
    files = Files()
    story = Story(rng, council.calendar, council.as_of, files)
    count = council.children_in_need or max(40, len(council.children) * 3 // 2)
    first_referral = council.starts - REFERRALS_BEFORE_DATA
    children = [_child(story, number, first_referral) for number in range(1, count + 1)]
    _serious_incidents(story, children, count)
    folder = council.folder / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    # each census closes on 31 March of its year
    for year in range(council.starts.year + 1, council.as_of.year + 1):
        reference = D(year, 3, 31)
        year_from = D(year - 1, 4, 1)
        write_census(
            folder / f"cin_census_{year - 1}-{year % 100:02d}.xml",
            reference,
            _census_year(children, year_from, reference),
        )
    for name, rows in files.rows.items():
        council.write_csv(f"{FOLDER}/{name}.csv", COLUMNS[name], rows)


# One child's story -------------------------------------------------------------------------


def _child(story: Story, number: int, first_referral: dt.date) -> CensusChild:
    rng = story.rng
    ref = f"N{number:06d}"
    span = (story.as_of - dt.timedelta(days=10) - first_referral).days
    referral = story.working(first_referral + dt.timedelta(days=rng.randint(0, span)), 0)
    child = CensusChild(
        ref=ref,
        dob=referral - dt.timedelta(days=rng.randint(30, 17 * 365)),
        sex=rng.choice("12"),
        ethnicity=rng.choice(ETHNICITIES),
    )
    while referral <= story.as_of - dt.timedelta(days=3):
        episode = _episode(story, ref, referral)
        child.episodes.append(episode)
        if episode.closure is None or not story.chance(0.25):
            break
        referral = story.working(episode.closure + dt.timedelta(days=rng.randint(30, 300)), 0)
    return child


def _episode(story: Story, ref: str, referral: dt.date) -> CensusEpisode:
    rng = story.rng
    path = rng.choices(("nfa", "assessment", "s47"), weights=(22, 48, 30))[0]
    episode = CensusEpisode(referral=referral, source=rng.choice(SOURCES), need=rng.choice(NEEDS))
    decided = _referral_decision(story, ref, referral, path)
    if path == "nfa":
        episode.referral_nfa = True
        _close(story, episode, decided, "RC8")
        return episode
    start = story.working(referral, rng.randint(0, 3))
    in_2019_or_2020 = D(2019, 6, 1) <= referral < D(2021, 1, 1)
    if path == "assessment" and in_2019_or_2020 and story.files.once("closed-unauthorised"):
        # The family moved away; the census has no authorisation: a person checks.
        episode.assessments.append(CensusAssessment(start))
        _close(story, episode, story.working(referral, 30), "RC5")
        return episode
    latest: list[dt.date] = []
    plan_open = False
    if path == "s47":
        start, conference, plan_end, plan_open = _section47(story, ref, episode, referral)
        latest += [d for d in (conference, plan_end) if d is not None]
    authorised = _assessment(story, episode, referral, start)
    if authorised is None or plan_open:
        return episode  # still open on the as-of date
    latest.append(authorised)
    reason = "RC7" if episode.plans else "RC8"
    if not episode.plans and story.chance(0.35):
        plan_end = story.by_as_of(authorised + dt.timedelta(days=rng.randint(90, 300)))
        episode.cin_plans.append(CensusCinPlan(authorised, plan_end))
        if plan_end is None:
            return episode
        latest.append(plan_end)
        reason = "RC7"
    _close(story, episode, max(latest) + dt.timedelta(days=rng.randint(0, 21)), reason)
    return episode


def _close(story: Story, episode: CensusEpisode, day: dt.date, reason: str) -> None:
    closure = story.by_as_of(day)
    episode.closure = closure
    episode.closure_reason = reason if closure else None


def _referral_decision(story: Story, ref: str, referral: dt.date, path: str) -> dt.date:
    rng = story.rng
    received = dt.datetime.combine(referral, dt.time(rng.randint(8, 16), rng.choice(MINUTES)))
    if not story.chance(0.92):
        decided = _at(story.working(referral, rng.randint(2, 4)), rng.randint(9, 17))
    elif received.hour < 14 and story.chance(0.6):
        decided = received + dt.timedelta(minutes=rng.randint(60, 180))
    else:
        decided = _at(story.working(referral, 1), rng.randint(9, 17))
    anonymous = story.chance(0.04)
    informed = None
    if not anonymous:
        informed = decided.date() if story.chance(0.95) else story.working(decided.date(), 3)
    response = {
        "nfa": rng.choice(("nfa", "nfa", "early-help")),
        "assessment": "assessment",
        "s47": "strategy-discussion",
    }[path]
    known = decided.date() <= story.as_of  # the file is the record as it stood then
    story.files.add(
        "referral_decisions",
        ref,
        f"{received:%d/%m/%Y %H:%M}",
        f"{decided:%d/%m/%Y %H:%M}" if known else None,
        response if known else None,
        story.by_as_of(informed),
        "Y" if anonymous else "N",
    )
    return decided.date()


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0))


def _assessment(
    story: Story, episode: CensusEpisode, referral: dt.date, start: dt.date
) -> dt.date | None:
    rng = story.rng
    days = rng.randint(12, 45) if story.chance(0.9) else rng.randint(46, 70)
    authorised = story.working(referral, days)
    authorised = max(authorised, start)
    episode.assessments.append(CensusAssessment(start, story.by_as_of(authorised)))
    return story.by_as_of(authorised)


def _section47(
    story: Story, ref: str, episode: CensusEpisode, referral: dt.date
) -> tuple[dt.date, dt.date | None, dt.date | None, bool]:
    """Strategy discussions, the enquiry, any conference and plan. Returns the enquiry's
    start, the conference, the day the plan ended, and whether the plan is still open."""
    rng = story.rng
    files = story.files
    started = story.working(referral, rng.randint(0, 2))
    files.add("strategy_discussions", ref, started, "Y")
    clock = started
    if story.chance(0.15):
        later = story.working(started, rng.randint(3, 6))
        if later <= story.as_of:
            # A later discussion that started s47 enquiries again restarts the clock.
            files.add("strategy_discussions", ref, later, "Y")
            clock = later
    if story.chance(0.3):
        episode.s47s.append(CensusS47(started, icpc_not_required=True))
        later = story.working(clock, rng.randint(4, 8))
        if story.chance(0.3) and later <= story.as_of:
            files.add("strategy_discussions", ref, later, "N")
        return started, None, None, False
    days = rng.randint(7, 15) if story.chance(0.87) else rng.randint(16, 24)
    conference = story.by_as_of(story.working(clock, days))
    target = story.working(started, 15)
    episode.s47s.append(CensusS47(started, icpc_target=target, icpc=conference))
    if conference is None or not story.chance(0.7):
        return started, conference, None, conference is None
    plan_end = _plan(story, ref, episode, conference)
    return started, conference, plan_end, plan_end is None


def _plan(story: Story, ref: str, episode: CensusEpisode, start: dt.date) -> dt.date | None:
    rng = story.rng
    category = rng.choice(CATEGORIES)
    plan = CensusPlan(start, initial_category=category, latest_category=category)
    episode.plans.append(plan)
    lasts = dt.timedelta(days=rng.randint(150, 730))
    previous = start
    while True:
        if previous == start:
            on_time = previous + dt.timedelta(days=rng.randint(60, 88))
            late = previous + relativedelta(months=3) + dt.timedelta(days=rng.randint(7, 30))
        else:
            on_time = previous + dt.timedelta(days=rng.randint(120, 180))
            late = previous + relativedelta(months=6) + dt.timedelta(days=rng.randint(5, 40))
        review: dt.date = on_time if story.chance(0.92) else late
        if review > story.as_of:
            break
        plan.reviews.append(review)
        previous = review
        if review >= start + lasts:
            plan.end = review  # the plan ends at a review conference
            break
    _core_groups(story, ref, start, plan.end)
    return plan.end


def _core_groups(story: Story, ref: str, start: dt.date, end: dt.date | None) -> None:
    rng = story.rng
    days = rng.randint(2, 10) if story.chance(0.9) else rng.randint(11, 16)
    held = story.working(start, days)
    last = min(end or story.as_of, story.as_of)
    while held <= last:
        story.files.add("core_groups", ref, start, held)
        held = story.working(held + dt.timedelta(days=rng.randint(35, 49)), 0)


# Serious incidents ---------------------------------------------------------------------------


def _serious_incidents(story: Story, children: list[CensusChild], count: int) -> None:
    wanted = 3 + max(0, (count - 300) // 150)
    enquired = [c for c in children if any(e.s47s for e in c.episodes)]
    pick = iter(story.rng.sample(enquired if len(enquired) >= wanted else children, wanted))
    working = story.working
    # In the coronavirus relaxation: notified on time, the rapid review 9 days late.
    aware = D(2020, 5, 28)
    panel = working(aware, 2)
    _incident(
        story, "SI-2020-01", next(pick), aware, "serious-harm", False, panel, working(aware, 3)
    )
    completed = working(panel, 24)
    story.files.add("rapid_reviews", "SI-2020-01", completed, working(completed, 2), COVID_DELAY)
    # A looked-after child's death: every notification and the review on time.
    aware = D(2021, 2, 15)
    panel = working(aware, 1)
    _incident(
        story, "SI-2021-01", next(pick), aware, "death", True, panel, panel, working(aware, 2)
    )
    completed = working(panel, 13)
    story.files.add("rapid_reviews", "SI-2021-01", completed, completed, None)
    # Ofsted told two working days after the 5.
    aware = D(2021, 9, 6)
    panel = working(aware, 4)
    _incident(
        story, "SI-2021-02", next(pick), aware, "serious-harm", False, panel, working(aware, 7)
    )
    completed = working(panel, 14)
    story.files.add("rapid_reviews", "SI-2021-02", completed, working(completed, 1), None)
    for number, child in enumerate(pick, start=3):
        span = (story.as_of - dt.timedelta(days=40) - D(2019, 4, 1)).days
        aware = working(D(2019, 4, 1) + dt.timedelta(days=story.rng.randint(0, span)), 0)
        panel = working(aware, story.rng.randint(1, 5))
        ref = f"SI-{aware.year}-{number:02d}"
        _incident(story, ref, child, aware, "serious-harm", False, panel, panel)
        completed = working(panel, story.rng.randint(9, 15))
        story.files.add("rapid_reviews", ref, completed, completed, None)


def _incident(
    story: Story,
    ref: str,
    child: CensusChild,
    aware: dt.date,
    harm: str,
    looked_after: bool,
    panel: dt.date,
    ofsted: dt.date,
    sos: dt.date | None = None,
) -> None:
    story.files.add(
        "serious_incidents",
        ref,
        child.ref,
        aware - dt.timedelta(days=story.rng.randint(1, 3)),
        aware,
        harm,
        "Y" if looked_after else "N",
        panel,
        ofsted,
        sos,
    )


# The census, year by year ------------------------------------------------------------------


def _census_year(
    children: list[CensusChild], year_from: dt.date, reference: dt.date
) -> Iterator[CensusChild]:
    """Each child in need at some time in the year, with what the year's census shows:
    the episodes open in it, and within them what happened or was still open in it."""
    for child in children:
        episodes = [
            shown
            for episode in child.episodes
            if (shown := _episode_in_year(episode, year_from, reference)) is not None
        ]
        if episodes:
            yield CensusChild(child.ref, child.dob, child.sex, child.ethnicity, episodes)


def _in_year(start: dt.date, end: dt.date | None, year_from: dt.date, reference: dt.date) -> bool:
    return start <= reference and (end is None or end >= year_from)


def _known(day: dt.date | None, reference: dt.date) -> dt.date | None:
    return day if day is not None and day <= reference else None


def _episode_in_year(
    episode: CensusEpisode, year_from: dt.date, reference: dt.date
) -> CensusEpisode | None:
    if not _in_year(episode.referral, episode.closure, year_from, reference):
        return None
    closure = _known(episode.closure, reference)
    return CensusEpisode(
        referral=episode.referral,
        source=episode.source,
        need=episode.need,
        closure=closure,
        closure_reason=episode.closure_reason if closure else None,
        referral_nfa=episode.referral_nfa,
        assessments=[
            CensusAssessment(a.start, _known(a.authorised, reference))
            for a in episode.assessments
            if _in_year(a.start, a.authorised, year_from, reference)
        ],
        cin_plans=[
            CensusCinPlan(p.start, _known(p.end, reference))
            for p in episode.cin_plans
            if _in_year(p.start, p.end, year_from, reference)
        ],
        s47s=[
            CensusS47(
                s.start,
                s.icpc_target,
                _known(s.icpc, reference),
                s.icpc_not_required,
            )
            for s in episode.s47s
            if _in_year(s.start, s.start if s.icpc_not_required else s.icpc, year_from, reference)
        ],
        plans=[
            CensusPlan(
                p.start,
                _known(p.end, reference),
                p.initial_category,
                p.latest_category,
                p.previous_plans,
                [r for r in p.reviews if year_from <= r <= reference],
            )
            for p in episode.plans
            if _in_year(p.start, p.end, year_from, reference)
        ],
    )
