"""Migration e7b1c4d92a60 (the decision's life): decisions numbered and issued before it become ISSUED, drafted
and issued on their own date, their honourees listed as items from the dossiers they awarded, with one timeline
line; on SQLite and PostgreSQL (TEST_DATABASE_URL)."""
from datetime import date

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import select

from app.extensions import db
from app.models import AwardDecision, DecisionStatus, State
from tests import factories
from tests.test_migrations import empty_database_url, fresh_app  # noqa: F401  (fixtures)

pytestmark = pytest.mark.filterwarnings("ignore:'get_engine' is deprecated:DeprecationWarning")

BEFORE = "a6f3c2e81d57"


def test_decisions_issued_before_the_life_are_issued_with_their_honourees(fresh_app):  # noqa: F811
    upgrade()
    unit, award, campaign = factories.make_unit("Sở A"), factories.make_award(), factories.make_campaign(2025)
    decision = factories.make_decision(award, number=7, year=2025)
    won = [factories.make_dossier(unit, award=award, campaign=campaign, name=name, state=State.AWARDED,
                                  decision=decision, bonus_amount=3_510_000)
           for name in ("Trần Văn Bình", "Lê Thị Lan")]
    ids, decision_id = [d.id for d in won], decision.id
    db.session.commit()

    downgrade(revision=BEFORE)
    upgrade()
    db.session.expire_all()

    decision = db.session.get(AwardDecision, decision_id)
    assert decision.status is DecisionStatus.ISSUED and decision.reference == "07/QĐ-UBND"
    assert decision.drafted_on == decision.signed_on == date(2025, 1, 5) and decision.issued_at is not None
    assert sorted(i.dossier_id for i in decision.items) == sorted(ids)
    assert {i.amount for i in decision.items} == {3_510_000}
    assert [e.action for e in decision.events] == ["issued"]
    assert db.session.scalars(select(AwardDecision)).all() == [decision]
