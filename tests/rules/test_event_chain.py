"""The chain of recurring events within spans, on both databases."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Date, Integer, MetaData, String, Table, literal, select

from scrutiny.rules.chains import event_chain

D = dt.date
META = MetaData()
SPANS = Table(
    "chain_test_span",
    META,
    Column("subject", String(10)),
    Column("began", Date),
    Column("ended", Date),
)
EVENTS = Table(
    "chain_test_event",
    META,
    Column("who", String(10)),
    Column("held_on", Date),
    Column("mode", String(20)),
    Column("id", Integer, primary_key=True),
)


def _chain(engine, *, as_of: dt.date, on_start_day: bool = False) -> list[tuple]:
    META.create_all(engine)
    with engine.begin() as conn:
        conn.execute(
            SPANS.insert(),
            [
                {"subject": "A", "began": D(2020, 1, 1), "ended": D(2020, 12, 31)},
                {"subject": "A", "began": D(2021, 6, 1), "ended": None},
                {"subject": "B", "began": D(2020, 3, 1), "ended": None},
            ],
        )
        conn.execute(
            EVENTS.insert(),
            [
                {"who": "A", "held_on": D(2020, 1, 1), "mode": "start-day"},
                {"who": "A", "held_on": D(2020, 2, 1), "mode": "first"},
                {"who": "A", "held_on": D(2020, 8, 1), "mode": "second"},
                {"who": "A", "held_on": D(2021, 1, 5), "mode": "between spans"},
                {"who": "A", "held_on": D(2021, 7, 1), "mode": "new span"},
                {"who": "A", "held_on": D(2022, 1, 1), "mode": "after as-of"},
            ],
        )
        chain = event_chain(
            SPANS,
            ("subject",),
            "began",
            "ended",
            EVENTS,
            ("who",),
            "held_on",
            literal(as_of, Date),
            on_start_day=on_start_day,
            carry=("mode",),
        )
        rows = conn.execute(
            select(chain).order_by(chain.c.subject, chain.c.began, chain.c.number)
        ).all()
    return [tuple(row) for row in rows]


def test_events_are_numbered_within_their_span_with_one_row_owed(engine):
    rows = _chain(engine, as_of=D(2021, 12, 31))
    assert rows == [
        ("A", D(2020, 1, 1), D(2020, 12, 31), D(2020, 2, 1), "first", 1, None),
        ("A", D(2020, 1, 1), D(2020, 12, 31), D(2020, 8, 1), "second", 2, D(2020, 2, 1)),
        ("A", D(2020, 1, 1), D(2020, 12, 31), None, None, 3, D(2020, 8, 1)),
        ("A", D(2021, 6, 1), None, D(2021, 7, 1), "new span", 1, None),
        ("A", D(2021, 6, 1), None, None, None, 2, D(2021, 7, 1)),
        ("B", D(2020, 3, 1), None, None, None, 1, None),
    ]


def test_an_event_on_the_first_day_counts_only_when_asked(engine):
    rows = _chain(engine, as_of=D(2020, 3, 1), on_start_day=True)
    first_span = [row for row in rows if row[0] == "A" and row[1] == D(2020, 1, 1)]
    assert [(row[3], row[5], row[6]) for row in first_span] == [
        (D(2020, 1, 1), 1, None),
        (D(2020, 2, 1), 2, D(2020, 1, 1)),
        (None, 3, D(2020, 2, 1)),
    ]
