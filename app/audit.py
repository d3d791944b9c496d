"""Checking the dossiers' history: every hash chain recomputed from the rows (``flask audit verify``).

The database refuses to change or delete history rows (``app.models.history``); whoever can disable
its triggers can still rewrite them. The chain shows it: each row stores its predecessor's hash and the
hash of that plus its own content, so a changed row no longer matches its hash, and a removed or
inserted row breaks the link to the next one. Removing a dossier's last rows leaves the chain whole,
but its end then no longer matches the dossier's state, which is checked as well.
"""
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import select

from app.extensions import db
from app.models import Dossier, DossierEvent, State
from app.models.history import event_hash


@dataclass
class BrokenChain:
    """A dossier whose history does not check out, with what is wrong (row ids as in the database)."""

    dossier_id: int
    problems: list[str] = field(default_factory=list)


@dataclass
class Verification:
    dossiers: int = 0
    rows: int = 0
    broken: list[BrokenChain] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.broken


def _rows_by_dossier() -> Iterator[tuple[int, list]]:
    """Each dossier's history rows in the order they were written, one dossier at a time."""
    table = DossierEvent.__table__
    query = select(table).order_by(table.c.dossier_id, table.c.id).execution_options(yield_per=2000)
    current: int | None = None
    rows: list = []
    for row in db.session.execute(query):
        if row.dossier_id != current:
            if current is not None:
                yield current, rows
            current, rows = row.dossier_id, []
        rows.append(row)
    if current is not None:
        yield current, rows


def _problems(rows: list, state: State | None) -> list[str]:
    problems = []
    previous = None
    for row in rows:
        if row.prev_hash != previous:
            problems.append(f"row {row.id} does not follow the row before it (a row was removed or inserted)")
        content = event_hash(row.prev_hash, dossier_id=row.dossier_id, action=row.action, actor_id=row.actor_id,
                             actor_role=row.actor_role, from_state=row.from_state, to_state=row.to_state,
                             comment=row.comment, created_at=row.created_at, on_behalf_of_id=row.on_behalf_of_id)
        if row.hash != content:
            problems.append(f"row {row.id} ({row.action}) was changed after it was written")
        previous = row.hash
    last = rows[-1].to_state
    if state is not None and last != state:
        problems.append(f"the history ends in the state {last.value}, the dossier is in {state.value} "
                        f"(its last rows were removed, or the dossier was changed)")
    return problems


def verify() -> Verification:
    """Recompute every dossier's chain; a dossier without history has nothing to check."""
    states: dict[int, State] = dict(db.session.execute(select(Dossier.id, Dossier.state)).all())
    result = Verification()
    for dossier_id, rows in _rows_by_dossier():
        result.dossiers += 1
        result.rows += len(rows)
        problems = _problems(rows, states.get(dossier_id))
        if problems:
            result.broken.append(BrokenChain(dossier_id, problems))
    return result


# --- the roles' audit trail (issue 10) -------------------------------------------------------------------------

def record_role_event(action: str, *, actor_id: int | None, subject_id: int | None, hat_key: str = "",
                      role=None, unit_id: int | None = None, detail: str = "", address: str | None = None) -> None:
    """One line of the roles' audit trail (``RoleAuditEvent``): a switch of hat, a delegation given or revoked,
    a role assignment added, ended or removed. Added to the session: it commits with the change it records."""
    from app.models import RoleAuditEvent

    db.session.add(RoleAuditEvent(action=action, actor_id=actor_id, subject_id=subject_id, hat_key=hat_key,
                                  role=role.value if role is not None else "", unit_id=unit_id, detail=detail,
                                  address=address))
