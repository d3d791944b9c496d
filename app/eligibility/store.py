"""The engine's inputs read from the database: the catalogue and the rule rows, as values.

``RuleBook.load()`` reads every rule, the catalogue, the kinds counting for merit and the years in which a
published movement took registrations in four statements, whatever the number of cases judged with it
afterwards (a council agenda, an inbox in bulk): ``book.evaluate(case)`` only computes. Reads only;
nothing here writes.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from app.eligibility.engine import Catalogue, Result, RuleSpec, evaluate
from app.eligibility.facts import Case
from app.extensions import db
from app.models import Award, EligibilityRule, LaunchStatus, MovementLaunch, RegistrationYear
from app.models.campaign_kinds import counting_kinds


def spec_of(row: EligibilityRule, award_code: str | None = None) -> RuleSpec:
    return RuleSpec(
        award=award_code or row.award.code, kind=row.kind, params=dict(row.params or {}),
        valid_from=row.valid_from, valid_to=row.valid_to, rule_set=row.rule_set, nominee_kind=row.nominee_kind,
        alternative=row.alternative, legal_basis=row.legal_basis, sort_order=row.sort_order, id=row.id,
    )


def load_catalogue() -> Catalogue:
    awards = db.session.scalars(select(Award)).all()
    return Catalogue(names={a.code: a.name for a in awards},
                     nominee_kinds={a.code: frozenset(a.nominee_kinds) for a in awards})


def load_rules(award_codes: Iterable[str] | None = None) -> list[RuleSpec]:
    query = select(EligibilityRule, Award.code).join(Award, EligibilityRule.award_id == Award.id)
    if award_codes is not None:
        query = query.where(Award.code.in_(list(award_codes)))
    rows = db.session.execute(query.order_by(EligibilityRule.sort_order, EligibilityRule.id))
    return [spec_of(row, code) for row, code in rows]


def published_registration_years() -> frozenset[int]:
    """The years in which a published movement launch took registrations (one statement)."""
    return frozenset(db.session.scalars(
        select(RegistrationYear.year).distinct().join(MovementLaunch, RegistrationYear.launch_id == MovementLaunch.id)
        .where(MovementLaunch.status == LaunchStatus.PUBLISHED)))


@dataclass(frozen=True)
class RuleBook:
    """Every rule and the catalogue, read once; evaluate as many cases as needed."""

    catalogue: Catalogue
    rules: tuple[RuleSpec, ...]
    merit_kinds: frozenset = frozenset()  # the kinds of campaign whose awards count toward merit streaks
    # The years in which a published movement launch took registrations (a rule on a collective's
    # registration asks whether there was one to make); None: read with each batch of cases.
    registration_years: frozenset[int] | None = None

    @classmethod
    def load(cls) -> RuleBook:
        return cls(load_catalogue(), tuple(load_rules()), counting_kinds(), published_registration_years())

    def evaluate(self, case: Case) -> Result:
        return evaluate(case, self.rules, self.catalogue)
