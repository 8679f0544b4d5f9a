"""References for findings' subjects and evidence: carers', households' and children's."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from scrutiny.plugins.fostering.models import Carer, Household
from scrutiny.rules.context import SQLColumn


def carer_ref(carer_id: SQLColumn) -> Any:
    return (
        select(Carer.carer_ref)
        .where(Carer.id == carer_id)
        .correlate_except(Carer)
        .scalar_subquery()
    )


def household_of(carer_id: SQLColumn) -> Any:
    """The household a carer lives in; a carer whose household is not known is taken to
    be a household of their own (the reference ``carer:<ref>``)."""
    return (
        select(func.coalesce(Household.household_ref, "carer:" + Carer.carer_ref))
        .select_from(Carer)
        .outerjoin(Household, Household.id == Carer.household_id)
        .where(Carer.id == carer_id)
        .correlate_except(Carer, Household)
        .scalar_subquery()
    )
