"""A run's findings read back as a stream are the findings the pack read whole, in the
same order, on SQLite and on PostgreSQL (there with a linguistic collation, which sorts
text unlike Python)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections import Counter
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text

from scrutiny.config import Config
from scrutiny.models.run import FINDING_STATUSES, TRACKED_STATUSES
from scrutiny.pack.data import load_pack_data
from scrutiny.pack.findings import ListedFindings, MergedFindings
from scrutiny.pack.leading import Leading
from scrutiny.pack.redact import redact
from scrutiny.pack.scope import narrowed
from scrutiny.pack.sections import FindingRow, PackData
from scrutiny.pack.stored_findings import CHUNK, StoredFindings
from scrutiny.plugin_host import PluginHost

from .stored_runs import DOMAINS, RULES, listed_findings, store_run

FINDINGS = 2 * CHUNK + 345  # more than one chunk
LINGUISTIC = 'TYPE varchar(40) COLLATE "en-x-icu"'
"""A collation that sorts "a_b" before "ab" and "B" after "a", as Python does not."""


@pytest.fixture
def stored(engine: Engine) -> Iterator[tuple[Engine, int]]:
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            for column in ("domain", "rule_id", "subject_ref"):
                conn.execute(text(f"ALTER TABLE finding ALTER COLUMN {column} {LINGUISTIC}"))
    yield engine, store_run(engine, FINDINGS)


@pytest.fixture
def pack(stored: tuple[Engine, int], host: PluginHost) -> PackData:
    engine, run_id = stored
    return load_pack_data(engine, host.rules, Config(), run_id)


def in_memory(stored: tuple[Engine, int], pack: PackData) -> PackData:
    """The same pack as it was read before: every finding in a list."""
    findings, tracked = listed_findings(*stored)
    return dataclasses.replace(pack, findings=findings, tracked=tracked)


def test_the_findings_and_tracked_items_come_in_the_order_they_were_read_whole(
    stored: tuple[Engine, int], pack: PackData
) -> None:
    whole = in_memory(stored, pack)
    assert isinstance(pack.findings, StoredFindings)
    assert list(pack.findings) == list(whole.findings)
    assert list(pack.tracked) == list(whole.tracked)
    assert len(pack.findings) + len(pack.tracked) == FINDINGS
    assert {f.status for f in pack.findings} == set(FINDING_STATUSES)
    assert {f.status for f in pack.tracked} == set(TRACKED_STATUSES)


def test_a_tracked_rules_items_and_each_domains_findings_are_the_same(
    stored: tuple[Engine, int], pack: PackData
) -> None:
    whole = in_memory(stored, pack)
    for rule_id in RULES:
        assert list(pack.tracked_for(rule_id)) == list(whole.tracked_for(rule_id)), rule_id
        assert pack.tracked_for(rule_id).statuses() == whole.tracked_for(rule_id).statuses()
    for domain in DOMAINS:
        assert list(pack.findings_for(domain)) == list(whole.findings_for(domain)), domain


def test_narrowing_counting_and_changing_give_what_the_list_gives(
    stored: tuple[Engine, int], pack: PackData
) -> None:
    whole = in_memory(stored, pack)
    narrowings = [
        {"domains": ("looked_after", "safeguarding"), "rule_ids": ("lac-review", "CP-SIN")},
        {"due_from": dt.date(2024, 3, 1), "due_to": dt.date(2024, 3, 20)},
        {"domains": ()},
    ]
    for narrowing in narrowings:
        stream = pack.findings.where(**narrowing)  # type: ignore[arg-type]
        listed = whole.findings.where(**narrowing)  # type: ignore[arg-type]
        assert list(stream) == list(listed)
        assert stream.statuses() == listed.statuses() == Counter(f.status for f in listed)
        assert len(stream) == len(listed)
        assert bool(stream) == bool(listed)
    narrower = pack.findings.where(domains=DOMAINS[:2]).where(domains=DOMAINS[1:])
    assert list(narrower) == list(whole.findings.where(domains=DOMAINS[1:2]))

    def loud(f: FindingRow) -> FindingRow:
        return dataclasses.replace(f, subject_ref=f.subject_ref.upper())

    assert list(pack.findings.changed(loud)) == list(whole.findings.changed(loud))


def test_a_narrowed_and_redacted_pack_reads_what_the_list_read(
    stored: tuple[Engine, int], pack: PackData
) -> None:
    whole = in_memory(stored, pack)
    key = bytes(range(32))
    start, end = dt.date(2024, 3, 5), dt.date(2024, 3, 25)
    for data, listed in (
        (
            narrowed(pack, ["looked_after"], start, end),
            narrowed(whole, ["looked_after"], start, end),
        ),
        (redact(pack, key), redact(whole, key)),
    ):
        assert list(data.findings) == list(listed.findings)
        assert list(data.tracked) == list(listed.tracked)
        assert list(data.tracked_for("CP-SIN")) == list(listed.tracked_for("CP-SIN"))


def test_merged_findings_put_the_first_sets_before_the_seconds_on_a_tie() -> None:
    def item(n: int, due: int, subject: str) -> FindingRow:
        return FindingRow(
            f"R{n}", "1", "d", "child", subject, dt.date(2024, 1, due), None, "met", "low", "",
            None, {},
        )  # fmt: skip

    first = ListedFindings([item(1, 2, "B"), item(2, 1, "A"), item(3, 1, "A")])
    second = ListedFindings([item(4, 1, "A"), item(5, 1, "a"), item(6, 3, "A")])
    merged = [f.rule_id for f in MergedFindings(first, second)]
    assert merged == ["R2", "R3", "R4", "R5", "R1", "R6"]


def test_the_leading_items_are_the_first_of_them_sorted_ties_in_the_order_added() -> None:
    pick = random.Random(3)
    for limit in (0, 1, 5, 40):
        items = [(pick.randrange(6), n) for n in range(500)]
        leading: Leading[tuple[int, int]] = Leading(limit, key=lambda i: i[0])
        for i in items:
            leading.add(i)
        assert leading.items() == sorted(items, key=lambda i: i[0])[:limit]
