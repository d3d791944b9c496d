"""A unit's own decisions (DOMAIN.md §10b): unit-level awards decided by the head of a department or the
chairman of a commune, in the unit's own register, never through Home Affairs.

The life is the province's, shortened where the unit is its own issuer: the unit's emulation officer drafts
the decision from the dossiers its council approved and sends it to the head; the head — or a deputy acting
under a signing delegation ("KT. GIÁM ĐỐC") — signs it in the app, which takes the next number of the unit's
register, dates it today and issues it at once: each honouree takes the workflow's ``issue_unit_decision``
and enters the registry. The head may instead send the draft back (``life.return_to_draft``). The province
reads the issued decisions (``access.unit_decision_scope``).

Every function acts in the caller's transaction and raises ``DecisionRefused`` with the reason.
"""
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app import access
from app.decisions import life, operations
from app.decisions.operations import DecisionRefused
from app.extensions import db
from app.models import Award, AwardDecision, AwardLevel, DecisionKind, DecisionStatus, Dossier, SignerMode, Unit, User
from app.models.assignments import DelegationMode
from app.models.base import local_today
from app.models.decisions import register_key_of
from app.models.states import State
from app.workflow import engine
from app.workflow.calendar import WorkingCalendar

# How a delegation's mode signs (Nghị định 30/2020): ký thay, quyền, thừa lệnh.
_SIGNING_MODES = {DelegationMode.KT: SignerMode.DEPUTY, DelegationMode.Q: SignerMode.ACTING,
                  DelegationMode.TL: SignerMode.BY_ORDER}


def counter_key(symbol: str, unit_id: int) -> str:
    """The unit's register in the counters table: its symbol may be another's ("QĐ-UBND" of every commune)."""
    return f"{symbol}#{unit_id}"


def default_reference(unit: Unit) -> str:
    return f"Xét đề nghị của Hội đồng Thi đua - Khen thưởng {unit.name}."


def _waiting_condition(unit_id: int):
    return (Dossier.state == State.APPROVED, Dossier.unit_id.in_(access.unit_subtree_ids(unit_id)),
            Dossier.id.not_in(life.open_dossier_ids()))


def waiting_awards(unit_id: int) -> list[tuple[Award, int]]:
    """The unit-level awards with dossiers its council approved that no decision lists yet, and how many."""
    rows = db.session.execute(
        select(Award, func.count(Dossier.id)).join(Dossier, Dossier.award_id == Award.id)
        .where(*_waiting_condition(unit_id), Award.level == AwardLevel.UNIT)
        .group_by(Award.id).order_by(Award.sort_order))
    return [(award, count) for award, count in rows]


def candidates(unit_id: int, award: Award) -> list[Dossier]:
    return list(db.session.scalars(
        select(Dossier).where(*_waiting_condition(unit_id), Dossier.award_id == award.id)
        .options(joinedload(Dossier.unit), joinedload(Dossier.nominee_unit), joinedload(Dossier.campaign))
        .order_by(Dossier.nominee_kind, Dossier.nominee_name)))


def create_draft(actor: User, award: Award, dossiers: list[Dossier], reference: str) -> AwardDecision:
    """The draft of the head's decision for these approved dossiers of the unit."""
    if not access.can_draft_unit_decisions(actor):
        raise DecisionRefused(_("Only the unit's emulation officer drafts the unit's decisions."))
    if award.level is not AwardLevel.UNIT:
        raise DecisionRefused(_("%(award)s is not the unit's to decide: it goes through the province.",
                                award=award.name))
    unit = db.session.get(Unit, access.council_unit_id(actor))
    assert unit is not None  # can_draft_unit_decisions
    own = set(access.unit_subtree_ids(unit.id))
    outside = [d.nominee_name for d in dossiers if d.unit_id not in own]
    if outside:
        raise DecisionRefused(_("Not of your unit: %(names)s.", names=", ".join(outside[:5])))
    draft = life._prepare(award, dossiers, None, unit.id)
    reference = (reference or "").strip() or default_reference(unit)
    operations.check_proposal_reference(reference)
    today = local_today()
    decision = AwardDecision(
        kind=DecisionKind.DECISION, status=DecisionStatus.DRAFT, symbol=unit.register_symbol, year=today.year,
        issuer_unit_id=unit.id, register_key=register_key_of(unit.id), number=None, signed_on=None,
        drafted_on=today, award=award, signer_mode=SignerMode.CHAIRMAN, signer_id=None, signer_name="",
        base_salary=draft.base_salary, proposal_reference=reference, total_amount=draft.total, docx=b"",
        created_by_id=actor.id)
    db.session.add(decision)
    life._set_items(decision, draft)
    life._event(decision, actor, "drafted")
    db.session.flush()
    return decision


def sign_and_issue(actor: User, decision: AwardDecision) -> None:
    """The head (or the deputy under a signing delegation) signs: the unit's register gives the number, today
    is the date, and the honourees are awarded in the same transaction."""
    life._check(actor, decision, "sign")
    assert decision.issuer_unit_id is not None  # only a unit's decision has the action "sign" of this life
    left = [i.dossier.nominee_name for i in decision.items if i.dossier.state is not State.APPROVED]
    if left:
        raise DecisionRefused(_("No longer approved (withdrawn or on hold): %(names)s. Send the draft back.",
                                names=", ".join(left[:5])))
    life._advance(decision, DecisionStatus.ISSUED)
    today = local_today()
    acting = access.acting_for(actor)
    if acting is None:
        decision.signer_mode, decision.on_behalf_of_id = SignerMode.CHAIRMAN, None
    else:
        on_behalf_of_id, _name, mode = acting
        decision.signer_mode, decision.on_behalf_of_id = _SIGNING_MODES[mode], on_behalf_of_id
    decision.signer_name, decision.signed_by_id = actor.full_name, actor.id
    decision.signer_title = "CHÁNH VĂN PHÒNG" if decision.signer_mode is SignerMode.BY_ORDER else ""
    decision.number = operations.next_number(counter_key(decision.symbol, decision.issuer_unit_id), today.year)
    decision.signed_on, decision.year, decision.issued_at = today, today.year, life.utcnow()
    draft = operations.draft_of(decision)
    calendar = WorkingCalendar.load()
    for item in decision.items:
        try:
            engine.apply(actor, item.dossier, "issue_unit_decision", payload={"decision": decision,
                                                                            "amount": item.amount},
                         comment=f"{decision.reference} ngày {today:%d/%m/%Y}", calendar=calendar)
        except engine.WorkflowError as error:
            raise DecisionRefused(f"{item.dossier.nominee_name}: {error.message}") from None
    decision.docx = operations._render(operations.build_document(decision, draft))
    life._event(decision, actor, "issued", f"{decision.reference} ngày {today:%d/%m/%Y}")
    db.session.flush()
