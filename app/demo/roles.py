"""Demo users with more than one role, and a delegation (issue 10).

* the emulation officer of Sở KH&CN also acts for the bloc the year Sở KH&CN is among its leaders (2026, as its
  deputy lead — cụm phó; the cluster-lead role covers the lead and the deputy);
* the appraiser of Sở Nội vụ is also the provincial council's secretary;
* the Deputy Director of Sở KH&CN (``phogiamdoc``, an emulation officer of the department in their own role)
  signs and approves for the Director ("KT. Giám đốc") for the whole current calendar year.

Idempotent like the rest of the demo: an assignment is matched by user, role and unit, the delegation by who
delegates to whom from which day.
"""
from datetime import date

from sqlalchemy import select

from app.demo.org import HOME_UNIT
from app.demo.tally import Tally
from app.extensions import db
from app.models import Delegation, DelegationMode, DelegationScope, Role, RoleAssignment, Unit, User
from app.models.base import local_today

BLOC_YEAR = 2026  # the year Sở KH&CN is among the leaders of its bloc (app/demo/org.py CLUSTERS)
DEPUTY = "phogiamdoc"


def _assignments(units: dict[str, Unit]) -> list[tuple[str, Role, Unit | None, date | None, date | None, str]]:
    return [
        ("officer", Role.CLUSTER_LEAD, units[HOME_UNIT], date(BLOC_YEAR, 1, 1), date(BLOC_YEAR, 12, 31),
         f"Sở KH&CN là cụm phó Khối thi đua các sở, ngành kinh tế - kỹ thuật năm {BLOC_YEAR}"),
        ("appraiser", Role.SECRETARY, units["SNV"], None, None, "Thư ký Hội đồng Thi đua - Khen thưởng tỉnh"),
    ]


def load_roles(tally: Tally, units: dict[str, Unit], users: dict[str, User]) -> None:
    existing = set(db.session.execute(select(RoleAssignment.user_id, RoleAssignment.role, RoleAssignment.unit_id)))
    for username, role, unit, starts, ends, note in _assignments(units):
        user = users[username]
        if (user.id, role, unit.id if unit else None) in existing:
            tally.present("role assignments")
            continue
        db.session.add(RoleAssignment(user_id=user.id, role=role, unit_id=unit.id if unit else None, starts_on=starts,
                                      ends_on=ends, note=note))
        tally.created("role assignments")
    head, deputy = users["unithead"], users[DEPUTY]
    year = local_today().year
    starts = date(year, 1, 1)
    found = db.session.scalar(select(Delegation.id).where(
        Delegation.delegator_id == head.id, Delegation.delegate_id == deputy.id, Delegation.starts_on == starts))
    if found is not None:
        tally.present("delegations")
    else:
        db.session.add(Delegation(
            delegator_id=head.id, delegate_id=deputy.id, unit_id=units[HOME_UNIT].id, role=Role.UNIT_HEAD,
            scope=DelegationScope.ALL, mode=DelegationMode.KT, starts_on=starts, ends_on=date(year, 12, 31),
            reason="Phân công Phó Giám đốc ký thay Giám đốc các văn bản thi đua, khen thưởng năm " + str(year),
            created_by_id=head.id))
        tally.created("delegations")
    db.session.flush()
