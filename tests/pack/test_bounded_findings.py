"""The pack's findings listing is bounded and worst first (issue 7, "Bounded").

A council with 20,000 findings gets pages a person can read: every finding counted by
rule, the worst of each status listed, and the rest in the attached findings.csv and
findings.json, with the pages saying how many were left to them. The last test reads the
rendered PDF as a reader would (pypdf) and accounts for every finding.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import random
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from scrutiny.pack.render import (
    FINDING_STATUSES,
    ROW_LIMITS,
    STATUS_PLURALS,
    DomainFindings,
    FindingsListed,
    StatusGroup,
    pack_context,
    pack_environment,
    render_pack,
)
from scrutiny.pack.scope import narrowed
from scrutiny.pack.sections import FindingRow, PackData, RuleView
from scrutiny.plugins.looked_after.pack import looked_after_section

from . import factories

AS_OF = factories.AS_OF
CARE_LEAVERS = "care_leavers"
PATHWAY_REVIEW = "CL-PP-REVIEW"


def finding(
    n: int,
    status: str = "breach",
    *,
    late: int | None = 12,
    severity: str = "high",
    rule_id: str = "LAC-REVIEW",
    domain: str = factories.DOMAIN,
    due: dt.date | None = None,
) -> FindingRow:
    """Child ``C{n:06d}``'s finding; ``late`` days after its due date, or never done."""
    row = factories.finding(n, status=status, late=late)
    due = due or row.due_date
    return dataclasses.replace(
        row,
        rule_id=rule_id,
        domain=domain,
        severity=severity,
        due_date=due,
        event_date=None if late is None else due + dt.timedelta(days=late),
        deviation_ref="DEV-0002" if status in ("deviation", "deviation-lapsed") else None,
    )


def due_soon(n: int, in_days: int, **changes: Any) -> FindingRow:
    """Not yet late: due ``in_days`` after the as-of date, not yet done."""
    return finding(n, "due-soon", late=None, due=AS_OF + dt.timedelta(days=in_days), **changes)


def pathway_review_rule() -> RuleView:
    """A care leavers rule beside the looked-after ones, so the pack has two domains."""
    meta = factories.rule_views()[0].meta.model_copy(
        update={
            "id": PATHWAY_REVIEW,
            "domain": CARE_LEAVERS,
            "title": "Pathway plans reviewed at least every 6 months",
        }
    )
    return RuleView(meta=meta, plugin=CARE_LEAVERS, outcomes={"met": 57})


def pack_of(findings: list[FindingRow]) -> PackData:
    """The factories' pack holding ``findings``, its run's counts made from them."""
    counts = dict(Counter(f.status for f in findings)) | {"compliant": 800, "not-yet-due": 90}
    data = factories.pack_data(findings=findings, deviations=[])
    return dataclasses.replace(
        data,
        run=dataclasses.replace(data.run, counts=counts),
        rules=[*data.rules, pathway_review_rule()],
    )


def domain_listing(data: PackData, domain: str = factories.DOMAIN) -> DomainFindings:
    found = {d.domain: d for d in pack_context(data, [])["findings_by_domain"]}
    return found[domain]


def only_group(data: PackData) -> StatusGroup:
    (group,) = domain_listing(data).groups
    return group


def table_html(group: StatusGroup) -> str:
    """The group's table and "more" line as the template writes them, one line."""
    macros = pack_environment([]).get_template("_macros.html.j2").module
    return " ".join(str(macros.findings_table(group)).split())


def one_line(text: str) -> str:
    return " ".join(text.split())


# Where each status's limit is met exactly, and passed by one.


@pytest.mark.parametrize("status", sorted(ROW_LIMITS))
def test_exactly_the_limit_is_listed_in_full_with_no_more_line(status: str) -> None:
    limit = ROW_LIMITS[status]
    if status == "due-soon":
        findings = [due_soon(n, in_days=1 + n % 14) for n in range(limit)]
    else:
        findings = [finding(n, status, late=1 + n) for n in range(limit)]
    group = only_group(pack_of(findings))
    assert (group.status, group.total, len(group.lines), group.more) == (status, limit, limit, 0)
    assert group.more_by_rule == []
    assert "more" not in table_html(group).split("</table>")[1]


@pytest.mark.parametrize("status", sorted(set(ROW_LIMITS) - {"due-soon"}))
def test_one_over_the_limit_leaves_out_only_the_least_late(status: str) -> None:
    limit = ROW_LIMITS[status]
    # Child n is n + 1 days late; the order they arrive in must not matter.
    findings = [finding(n, status, late=n + 1) for n in range(limit + 1)]
    random.Random(status).shuffle(findings)
    group = only_group(pack_of(findings))
    assert (group.total, len(group.lines), group.more) == (limit + 1, limit, 1)
    assert [line.days_late for line in group.lines] == list(range(limit + 1, 1, -1))
    assert factories.child_ref(0) not in {line.finding.subject_ref for line in group.lines}
    assert group.more_by_rule == [("LAC-REVIEW", 1)]
    assert (
        f"… and 1 more {STATUS_PLURALS[status]} in this domain, in the attached "
        "findings.csv (LAC-REVIEW: 1)." in table_html(group)
    )


def test_one_over_the_limit_of_items_due_soon_leaves_out_the_last_due() -> None:
    limit = ROW_LIMITS["due-soon"]
    findings = [due_soon(n, in_days=n + 1) for n in range(limit + 1)]
    random.Random(1).shuffle(findings)
    group = only_group(pack_of(findings))
    assert (group.total, len(group.lines), group.more) == (limit + 1, limit, 1)
    dues = [line.finding.due_date for line in group.lines]
    assert dues == sorted(dues)
    assert dues[0] == AS_OF + dt.timedelta(days=1)
    assert factories.child_ref(limit) not in {line.finding.subject_ref for line in group.lines}
    assert "… and 1 more items due soon in this domain" in table_html(group)


def test_worst_first_is_days_late_then_severity_then_due_date_rule_and_subject() -> None:
    early = AS_OF - dt.timedelta(days=200)
    later = AS_OF - dt.timedelta(days=100)
    findings = [
        finding(1, late=None, due=later),  # never done: late to the as-of date, 100 days
        finding(2, late=5, severity="low", due=early),
        finding(3, late=5, severity="critical", due=later),
        finding(4, late=5, severity="critical", due=early),
        finding(5, late=5, severity="critical", due=early, rule_id="LAC-SW-VISITS"),
        finding(6, late=5, severity="critical", due=early),
        finding(7, late=300, severity="low", due=early - dt.timedelta(days=400)),
        finding(8, late=0, severity="critical", due=early),  # on the day: no days late
    ]
    random.Random(3).shuffle(findings)
    group = only_group(pack_of(findings))
    assert [line.finding.subject_ref for line in group.lines] == [
        factories.child_ref(n) for n in (7, 1, 4, 6, 5, 3, 2, 8)
    ]
    assert [line.days_late for line in group.lines] == [300, 100, 5, 5, 5, 5, 5, None]


def test_the_listing_is_the_same_whatever_order_the_findings_arrive_in() -> None:
    findings = factories.varied_findings(count=400, seed=11)
    shuffled = findings[:]
    random.Random(5).shuffle(shuffled)
    assert domain_listing(pack_of(findings)) == domain_listing(pack_of(shuffled))


# Every finding counted on the pages, listed or not.


def test_findings_by_rule_count_every_finding_of_the_domain_by_status() -> None:
    findings = factories.varied_findings(count=600, seed=3) + [
        finding(5_000 + n, "breach", rule_id=PATHWAY_REVIEW, domain=CARE_LEAVERS, late=n + 1)
        for n in range(130)
    ]
    listing = domain_listing(pack_of(findings))
    mine = [f for f in findings if f.domain == factories.DOMAIN]
    found = Counter((f.rule_id, f.status) for f in mine)

    assert [r.rule_id for r in listing.by_rule] == ["LAC-REVIEW", "LAC-SW-VISITS"]
    for row in listing.by_rule:
        assert row.counts == {s: found[(row.rule_id, s)] for s in FINDING_STATUSES}
        assert row.total == sum(found[(row.rule_id, s)] for s in FINDING_STATUSES)
    assert listing.by_rule[0].title == "Looked-after reviews held on time"
    for status in FINDING_STATUSES:
        assert listing.totals[status] == sum(r.counts[status] for r in listing.by_rule)
        assert listing.totals[status] == sum(f.status == status for f in mine)
    assert listing.total == sum(r.total for r in listing.by_rule) == len(mine) == 600
    assert listing.listed == sum(min(n, ROW_LIMITS[s]) for s, n in listing.totals.items())
    assert listing.listed < listing.total

    other = domain_listing(pack_of(findings), CARE_LEAVERS)
    assert [(r.rule_id, r.counts["breach"], r.total) for r in other.by_rule] == [
        (PATHWAY_REVIEW, 130, 130)
    ]
    assert other.by_rule[0].title == "Pathway plans reviewed at least every 6 months"


def test_the_pack_says_how_many_findings_it_lists_of_how_many(tmp_path: Path) -> None:
    # 1,150 breaches (100 listed) and 84 data gaps (25 listed): 125 of 1,234.
    findings = [finding(n, late=1 + n % 90) for n in range(1_150)] + [
        finding(2_000 + n, "data-gap", late=None) for n in range(84)
    ]
    data = pack_of(findings)
    assert pack_context(data, [])["findings_listed"] == FindingsListed(listed=125, total=1_234)
    out = render_pack(data, [looked_after_section(data)], tmp_path / "pack.html", fmt="html")
    html = one_line(out.path.read_text(encoding="utf-8"))
    figures = "These pages list 125 of the 1,234 findings, worst first; the other 1,109 are"
    attached = "and given in full in the attached findings.csv and findings.json."
    summary = html.split('<section id="summary">')[1].split("</section>")[0]
    listing = html.split('<section id="findings">')[1]
    assert f"{figures} counted by rule under “Findings by domain” {attached}" in summary
    assert f"{figures} counted by rule below {attached}" in listing
    assert "Per domain, at most 100 breaches, 100 findings under a lapsed deviation," in listing
    assert "… and 1,050 more breaches in this domain" in listing
    assert "… and 59 more data gaps in this domain" in listing


def test_a_pack_that_lists_everything_says_so(tmp_path: Path) -> None:
    data = pack_of(factories.varied_findings(count=60))
    out = render_pack(data, [looked_after_section(data)], tmp_path / "pack.html", fmt="html")
    html = one_line(out.path.read_text(encoding="utf-8"))
    assert html.count("These pages list all 60 findings;") == 2
    assert "… and" not in html.split('<section id="findings">')[1].split("</section>")[0]


def test_a_pack_narrowed_to_a_domain_lists_and_counts_only_its_findings() -> None:
    findings = [finding(n, late=n + 1) for n in range(120)] + [
        finding(1_000 + n, "manual", rule_id=PATHWAY_REVIEW, domain=CARE_LEAVERS) for n in range(70)
    ]
    data = narrowed(pack_of(findings), domains=[CARE_LEAVERS])
    context = pack_context(data, [])
    assert [d.domain for d in context["findings_by_domain"]] == [CARE_LEAVERS]
    assert context["findings_listed"] == FindingsListed(listed=50, total=70)


# As a reader reads it: the rendered PDF, its text and its attachments.


def findings_pages(reader: PdfReader) -> list[str]:
    """The text of the "Findings by domain" pages, found from the contents, margins cut."""
    contents = reader.pages[1].extract_text()

    def first_page(title: str) -> int:
        match = re.search(re.escape(title) + r"\s*\.+\s*(\d+)", contents)
        assert match, f"{title} missing from contents"
        return int(match.group(1))

    pages = reader.pages[
        first_page("Findings by domain") - 1 : first_page("Deviation register") - 1
    ]
    return [
        re.sub(r"OFFICIAL-SENSITIVE|Page \d+ of \d+", "", page.extract_text()) for page in pages
    ]


def test_every_finding_is_in_the_pages_or_counted_to_the_attachment(tmp_path: Path) -> None:
    """Rows listed plus each "… and N more" equal the rows of the attached findings.csv."""
    findings = (
        # Looked after: 130 breaches, 1 to 130 days late (the 30 least late not listed),
        # 31 data gaps, 10 items due soon, 5 covered by a deviation.
        [finding(n, late=n + 1, rule_id=("LAC-REVIEW", "LAC-SW-VISITS")[n % 2]) for n in range(130)]
        + [finding(200 + n, "data-gap", late=None) for n in range(31)]
        + [due_soon(300 + n, in_days=n + 1) for n in range(10)]
        + [finding(400 + n, "deviation", late=3) for n in range(5)]
        # Care leavers: 62 manual, 104 under a lapsed deviation, 26 due soon.
        + [
            finding(first + n, status, late=1 + n % 40, rule_id=PATHWAY_REVIEW, domain=CARE_LEAVERS)
            for status, first, count in (("manual", 1_000, 62), ("deviation-lapsed", 1_100, 104))
            for n in range(count)
        ]
        + [
            due_soon(1_500 + n, in_days=1 + n % 20, rule_id=PATHWAY_REVIEW, domain=CARE_LEAVERS)
            for n in range(26)
        ]
    )
    data = pack_of(findings)
    out = render_pack(data, [looked_after_section(data)], tmp_path / "pack.pdf").path
    reader = PdfReader(out)
    text = "\n".join(findings_pages(reader))
    flat = one_line(text)
    attached = reader.attachments["findings.csv"][0].decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(attached)))
    assert len(rows) == len(findings) == 368

    listed = re.findall(r"C\d{6}", text)
    more = [int(n.replace(",", "")) for n in re.findall(r"… and ([\d,]+) more", flat)]
    assert len(listed) == len(set(listed))  # each listed once
    assert set(listed) <= {row["subject_ref"] for row in rows}
    assert len(listed) + sum(more) == len(rows)
    # Each group beyond its limit says so once: breaches, data gaps, manual, lapsed, due soon.
    assert sorted(more) == [1, 4, 6, 12, 30]

    # The worst listed: the 30 least-late breaches are the ones left to the attachment.
    breaches = {f.subject_ref: f for f in findings if f.status == "breach"}
    assert {ref for ref in listed if ref in breaches} == {
        ref
        for ref, f in breaches.items()
        if f.event_date and f.event_date - f.due_date > dt.timedelta(days=30)
    }

    # "Findings by rule" counts every finding, whether or not it is listed.
    by_rule = [int(n.replace(",", "")) for n in re.findall(r"Findings by rule: ([\d,]+)", flat)]
    assert by_rule == [192, 176]  # care leavers, then looked after
    assert sum(by_rule) == len(rows)
    assert re.search(r"All rules 130 0 0 31 10 5 176", flat)
    assert re.search(r"All rules 0 104 62 0 26 0 192", flat)

    claim = (
        f"These pages list {len(listed)} of the {len(rows)} findings, worst first; "
        f"the other {sum(more)} are counted by rule"
    )
    assert claim in flat
    summary = one_line(reader.pages[2].extract_text())
    assert claim in summary
