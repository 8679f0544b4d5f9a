"""Rendering the audit pack: Jinja2 (autoescaped) to HTML, WeasyPrint to PDF.

The pack is evidence: the same run must give the same bytes, so nothing here reads the
clock, and the PDF's dates come from the run. Text typed by staff is only ever escaped,
never marked safe, and WeasyPrint may load nothing but the package's own assets.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from scrutiny.pack.attachments import pack_attachments
from scrutiny.pack.charts import summary_charts
from scrutiny.pack.chunked import PART_BREAK, PDF_VARIANT, long_enough_for_parts, render_in_parts
from scrutiny.pack.embedded import embedded
from scrutiny.pack.fetcher import RestrictedURLFetcher, templates_base_url, templates_root
from scrutiny.pack.sections import PackData, PackSection
from scrutiny.pack.tally import FindingLine, FindingsTally
from scrutiny.working_days import WorkingDayCalendar

FORMATS = ("pdf", "html")
DEFAULT_MARKING = "OFFICIAL-SENSITIVE"
CORE_TEMPLATES = "scrutiny.templates"
ROW_LIMITS: Mapping[str, int] = MappingProxyType(
    {
        "breach": 100,
        "deviation-lapsed": 100,
        "manual": 50,
        "deviation": 50,
        # Data gaps are also counted by rule, with their dates, in "Data and data gaps".
        "data-gap": 25,
        "due-soon": 25,
    }
)
"""Rows listed per domain and status, worst first, so a pack of 20,000 findings stays
readable. Every finding is still counted, by rule, on the pages ("Findings by rule"), and
the rows not listed are counted per rule under their group and given in full in the
attached findings.csv and findings.json."""
CALENDAR_YEARS = 10
"""Most years of bank holidays listed; older ones come from the same source."""

# Findings are listed worst first; the summary puts deviations beside their lapsed kin.
FINDING_STATUSES = ("breach", "deviation-lapsed", "manual", "data-gap", "due-soon", "deviation")
SUMMARY_STATUSES = (
    "breach",
    "deviation-lapsed",
    "deviation",
    "manual",
    "data-gap",
    "due-soon",
    "compliant",
)
STATUS_LABELS = {
    "breach": "Breach",
    "deviation-lapsed": "Deviation lapsed",
    "deviation": "Covered by a deviation",
    "manual": "Manual judgement needed",
    "data-gap": "Data gap",
    "due-soon": "Due soon",
    "compliant": "Compliant",
    "met": "Met",
    "not-yet-due": "Not yet due",
    "error": "Rule failed",
}
STATUS_PLURALS = {
    "breach": "breaches",
    "deviation-lapsed": "findings under a lapsed deviation",
    "deviation": "findings covered by a deviation",
    "manual": "findings needing manual judgement",
    "data-gap": "data gaps",
    "due-soon": "items due soon",
}
STATUS_MEANINGS = {
    "breach": "The duty was not met and no deviation covers it.",
    "deviation-lapsed": "A recorded deviation covered this, but it has lapsed.",
    "deviation": "Not met, covered by a current, authorised deviation.",
    "manual": "The law in force is unverified or needs a person to judge.",
    "data-gap": "The data cannot show whether the duty was met.",
    "due-soon": "Not yet late, but due within the warning period.",
    "compliant": "Met on time.",
}
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class PackResult:
    path: Path
    format: str
    pages: int | None
    sha256: str


@dataclass(frozen=True)
class StatusGroup:
    status: str
    label: str
    lines: list[FindingLine]
    total: int
    more_by_rule: list[tuple[str, int]]

    @property
    def more(self) -> int:
        return self.total - len(self.lines)


@dataclass(frozen=True)
class RuleCounts:
    """One rule's findings in a domain by status: a row of the domain's "Findings by rule"."""

    rule_id: str
    title: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class DomainFindings:
    domain: str
    title: str
    by_rule: list[RuleCounts]
    groups: list[StatusGroup]

    @property
    def totals(self) -> dict[str, int]:
        return {s: sum(r.counts[s] for r in self.by_rule) for s in FINDING_STATUSES}

    @property
    def total(self) -> int:
        return sum(group.total for group in self.groups)

    @property
    def listed(self) -> int:
        return sum(len(group.lines) for group in self.groups)


@dataclass(frozen=True)
class FindingsListed:
    """How many findings the pages list, of how many; the rest are in the attachments."""

    listed: int
    total: int

    @property
    def left_out(self) -> int:
        return self.total - self.listed


def render_pack(
    data: PackData,
    sections: Sequence[PackSection],
    out: Path,
    *,
    fmt: str = "pdf",
    in_parts: bool | None = None,
    workers: int | None = None,
) -> PackResult:
    """Render the pack for ``data`` with the plugins' ``sections`` to ``out``.

    A long PDF is laid out in parts in parallel (:mod:`scrutiny.pack.chunked`);
    ``in_parts`` forces that either way, and ``workers`` sets the processes (0: none),
    for tests and benchmarks. Whether a pack is cut depends on its length, never on the
    machine, so a run's pack is the same bytes everywhere.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown pack format {fmt!r}; use one of {', '.join(FORMATS)}")
    env = pack_environment(sections)
    inline_css = _package_css() if fmt == "html" else None
    attachments = pack_attachments(data)
    context = pack_context(data, sections, inline_css=inline_css)
    html = env.get_template("pack.html.j2").render(context | {"attachments": attachments})
    if fmt == "html":
        page = html.replace(PART_BREAK, "").encode("utf-8")
        sha256 = _write_atomically(out, lambda fh: fh.write(page))
        return PackResult(path=out, format=fmt, pages=None, sha256=sha256)
    embedding = embedded(attachments, _utc(data.run.started_at))
    if in_parts if in_parts is not None else long_enough_for_parts(html):
        content, pages = render_in_parts(html, embedding, workers=workers)
        sha256 = _write_atomically(out, lambda fh: fh.write(content))
        return PackResult(path=out, format=fmt, pages=pages, sha256=sha256)
    document = _layout_pdf(html)
    sha256 = _write_atomically(
        out,
        lambda fh: document.write_pdf(
            target=fh,
            pdf_variant=PDF_VARIANT,
            # Tagged: a screen reader gets headings, tables and each chart's text
            # alternative (public bodies must publish accessible documents).
            pdf_tags=True,
            **embedding,
        ),
    )
    return PackResult(path=out, format=fmt, pages=len(document.pages), sha256=sha256)


def pack_environment(sections: Sequence[PackSection]) -> Environment:
    """Core templates first, so a plugin cannot replace the pack's frame or macros."""
    loaders = [PackageLoader(CORE_TEMPLATES, ".")]
    seen: set[str] = set()
    for section in sections:
        if section.package not in seen:
            seen.add(section.package)
            loaders.append(PackageLoader(section.package, "templates"))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        long_date=long_date,
        short_date=short_date,
        timestamp=timestamp,
        w3c_timestamp=w3c_timestamp,
        number=number,
        status_label=status_label,
        domain_title=domain_title,
    )
    return env


def pack_context(
    data: PackData, sections: Sequence[PackSection], *, inline_css: Markup | None = None
) -> dict[str, Any]:
    """What pack.html.j2 is given: the data, and the groupings it would be slow to make."""
    # One pass over the findings counts them all and keeps the worst the pages list.
    tally = FindingsTally.of(data.findings, data.run.as_of, ROW_LIMITS)
    domains = sorted({r.meta.domain for r in data.rules} | tally.domains)
    domain_counts = _domain_counts(data, tally, domains)
    findings_by_domain = _findings_by_domain(data, tally, domains)
    return {
        "pack": data,
        "run": data.run,
        "sections": list(sections),
        "marking": data.protective_marking or DEFAULT_MARKING,
        "inline_css": inline_css,
        "summary_statuses": SUMMARY_STATUSES,
        "finding_statuses": FINDING_STATUSES,
        "status_meanings": STATUS_MEANINGS,
        "domains": domains,
        "domain_counts": domain_counts,
        "charts": summary_charts(
            domain_counts, data.history, data.deviations, STATUS_LABELS, domain_title
        ),
        "findings_by_domain": findings_by_domain,
        "part_break": Markup(PART_BREAK),  # noqa: S704  # a fixed comment, no data
        "findings_listed": FindingsListed(
            listed=sum(d.listed for d in findings_by_domain),
            total=sum(d.total for d in findings_by_domain),
        ),
        "row_limits": [(ROW_LIMITS[s], STATUS_PLURALS[s]) for s in FINDING_STATUSES],
        "data_gaps": _data_gaps(data, tally),
        "bank_holidays": _bank_holidays(data, tally),
        "closure_days": sorted(data.closure_days),
        "legal_bases": sorted(data.legal_bases.items()),
        "plugin_versions": sorted((data.plugin_versions or data.run.plugins).items()),
        "rule_versions": sorted(data.run.rules.items()),
    }


def _domain_counts(
    data: PackData, tally: FindingsTally, domains: Iterable[str]
) -> list[tuple[str, dict[str, int]]]:
    met: Counter[str] = Counter()
    for rule in data.rules:
        met[rule.meta.domain] += rule.outcomes.get("met", 0)
    rows = []
    for domain in domains:
        counts = {status: tally.counts[(domain, status)] for status in FINDING_STATUSES}
        counts["compliant"] = met[domain]
        rows.append((domain, counts))
    return rows


def _findings_by_domain(
    data: PackData, tally: FindingsTally, domains: Iterable[str]
) -> list[DomainFindings]:
    """Each domain's findings: counted by rule, then listed by status, worst first.

    ``data.findings`` is taken as given, so a narrowed (``--domain``, ``--from``/``--to``)
    or redacted pack lists and counts what it holds.
    """
    titles = {r.meta.id: r.meta.title for r in data.rules}
    return [_domain_findings(domain, tally, titles) for domain in domains]


def _domain_findings(
    domain: str, tally: FindingsTally, titles: Mapping[str, str]
) -> DomainFindings:
    statuses = [s for s in FINDING_STATUSES if tally.counts[(domain, s)]]
    by_rule: dict[str, Counter[str]] = {}
    for status in statuses:
        for rule_id, count in tally.by_rule[(domain, status)].items():
            by_rule.setdefault(rule_id, Counter())[status] += count
    return DomainFindings(
        domain=domain,
        title=domain_title(domain),
        by_rule=[
            RuleCounts(
                rule_id=rule_id,
                title=titles.get(rule_id, ""),
                counts={s: by_rule[rule_id][s] for s in FINDING_STATUSES},
            )
            for rule_id in sorted(by_rule)
        ],
        groups=[_status_group(domain, s, tally) for s in statuses],
    )


def _status_group(domain: str, status: str, tally: FindingsTally) -> StatusGroup:
    """The group's worst ``ROW_LIMITS[status]`` findings, and the rest counted by rule."""
    lines = tally.worst[(domain, status)].items()
    rest = tally.by_rule[(domain, status)] - Counter(line.finding.rule_id for line in lines)
    return StatusGroup(
        status=status,
        label=STATUS_PLURALS.get(status, status),
        lines=lines,
        total=tally.counts[(domain, status)],
        more_by_rule=sorted(rest.items()),
    )


@dataclass(frozen=True)
class DataGapLine:
    rule_id: str
    title: str
    count: int
    first_due: dt.date
    last_due: dt.date


def _data_gaps(data: PackData, tally: FindingsTally) -> list[DataGapLine]:
    """Data gaps by rule, most first: what the data could not show, and for which dates."""
    titles = {r.meta.id: r.meta.title for r in data.rules}
    lines = [
        DataGapLine(rule_id, titles.get(rule_id, ""), gaps.count, gaps.first_due, gaps.last_due)
        for rule_id, gaps in tally.data_gaps.items()
    ]
    return sorted(lines, key=lambda line: (-line.count, line.rule_id))


def _bank_holidays(data: PackData, tally: FindingsTally) -> list[tuple[dt.date, str]]:
    """England and Wales bank holidays (and closure days) for the years the findings span."""
    as_of = data.run.as_of
    earliest = min(as_of.year, tally.first_due.year) if tally.first_due else as_of.year
    first = max(earliest, as_of.year - CALENDAR_YEARS + 1)
    calendar = WorkingDayCalendar(
        closure_days=frozenset(data.closure_days), first_year=first, last_year=as_of.year
    )
    return sorted(calendar.holidays.items())


def _layout_pdf(html: str) -> Any:
    from weasyprint import HTML  # imported here: slow to import, and only PDFs need it

    document = HTML(string=html, base_url=templates_base_url(), url_fetcher=RestrictedURLFetcher())
    return document.render()


def _package_css() -> Markup:
    """The stylesheet for a self-contained HTML pack: the package's own file, not data."""
    return Markup((templates_root() / "pack.css").read_text(encoding="utf-8"))  # noqa: S704


PARTIAL_SUFFIX = ".partial"
"""A pack being written is ``.<name>.<8 random characters>.partial`` beside its final name."""


def _write_atomically(out: Path, write: Callable[[IO[bytes]], Any]) -> str:
    """Write via a hidden partial file beside ``out``; ``out`` only ever holds a whole pack.

    The partial file is created owner-only (mkstemp), and keeps that mode: the pack
    holds children's data. Its writer holds a lock on it until it is renamed to ``out``,
    so a partial file nobody holds was left by a writer that died (killed, or the
    machine lost power): each render of ``out`` first removes those.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_partials(out)
    fd, temp = _claim_partial(out)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
            sha256 = hashlib.sha256(temp.read_bytes()).hexdigest()
            temp.replace(out)  # before closing: the lock is held until the name is final
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return sha256


def _partial_pattern(out: Path) -> re.Pattern[str]:
    return re.compile(re.escape(f".{out.name}.") + r"[a-z0-9_]{8}" + re.escape(PARTIAL_SUFFIX))


def _claim_partial(out: Path) -> tuple[int, Path]:
    """A new partial file for ``out``, open and locked."""
    while True:
        fd, name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=PARTIAL_SUFFIX)
        temp = Path(name)
        _lock(fd, wait=True)
        if _is_same_file(fd, temp):
            return fd, temp
        # Another render took it for abandoned in the instant before it was locked.
        os.close(fd)


def _remove_abandoned_partials(out: Path) -> None:
    """Remove the partial files of ``out`` that no living writer holds."""
    pattern = _partial_pattern(out)
    for candidate in out.parent.iterdir():
        if not pattern.fullmatch(candidate.name):
            continue
        try:
            fd = os.open(candidate, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue  # gone already, or not a plain file of ours
        try:
            if _lock(fd, wait=False) and _is_same_file(fd, candidate):
                candidate.unlink(missing_ok=True)
        finally:
            os.close(fd)


def _is_same_file(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), path.stat())
    except FileNotFoundError:
        return False


if sys.platform == "win32":

    def _lock(fd: int, *, wait: bool) -> bool:
        """No advisory locks here: a partial file is never taken for abandoned."""
        return False

else:
    import fcntl

    def _lock(fd: int, *, wait: bool) -> bool:
        """Lock ``fd`` for this process; the lock ends with the process, however it ends."""
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


# Template filters: fixed English forms, so the pack never depends on the machine's locale.


def long_date(day: dt.date | None) -> str:
    if day is None:
        return "—"
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def short_date(day: dt.date | None) -> str:
    """For table cells: "9 Sep 2023" fits a narrow column on one line."""
    if day is None:
        return "—"
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def _utc(moment: dt.datetime) -> dt.datetime:
    # Runs are stored in UTC; a naive value is taken to be UTC already.
    return moment.astimezone(dt.UTC) if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def timestamp(moment: dt.datetime | None) -> str:
    if moment is None:
        return "—"
    utc = _utc(moment)
    return f"{long_date(utc.date())}, {utc:%H:%M} UTC"


def w3c_timestamp(moment: dt.datetime) -> str:
    """The form WeasyPrint reads from ``dcterms`` meta tags for the PDF's dates."""
    return f"{_utc(moment):%Y-%m-%dT%H:%M:%S}Z"


def number(value: int) -> str:
    return f"{value:,}"


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def domain_title(domain: str) -> str:
    return domain.replace("_", " ").capitalize()
