"""The decision's life (DOMAIN.md §10a): draft → sent for signature → signed → issued.

- **Draft** (dự thảo): Home Affairs (the secretary or an appraiser) picks approved dossiers; the decision
  has no number and no date, prints "Số:      /QĐ-UBND" and "ngày     tháng     năm …" under "DỰ THẢO",
  and may be edited. Its dossiers stay APPROVED: a draft awards nobody.
- **Sent** for signature with the Sở Nội vụ's Tờ trình (app/decisions/proposal_snv.py), which proposes it.
  The People's Committee may send it back (return to draft).
- **Signed**: the secretary records what the committee's clerk (văn thư) gave — number and date from the
  issuer's register, or, where the province chooses (setting ``documents.decision_numbering`` = ``app``),
  the next number of the app's register taken at that moment — and uploads the signed copy (PDF).
- **Issued**: only now are the honourees awarded: each dossier takes the workflow's ``issue_decision`` (or
  ``forward_central`` for a proposal to the central level), which writes its registry entry and, through the
  dossier's history, the units' "decision issued" notifications, all in the same transaction.

A correction (đính chính) or a cancellation (thu hồi, hủy bỏ) of an issued decision is a new decision naming
it, with the same life; issuing it changes the named honourees' fields or revokes their awards
(``revoke_award`` in app/workflow/transitions.py: the registry entry is removed with a history line).

Every function acts in the caller's transaction and raises ``DecisionRefused`` (nothing changed: the view
rolls back) with a message for the user; the view commits. Who may take which step is
``app.access.decision_actions``; the functions check it again.
"""
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select, update
from sqlalchemy.exc import IntegrityError

from app import access
from app.decisions import operations
from app.decisions.operations import DecisionRefused
from app.extensions import db
from app.models import (
    Award,
    AwardDecision,
    AwardLevel,
    DecisionCounter,
    DecisionEvent,
    DecisionItem,
    DecisionKind,
    DecisionStatus,
    Dossier,
    Setting,
    Signer,
    User,
)
from app.models.base import local_today, utcnow
from app.models.decisions import register_key_of
from app.models.states import State
from app.workflow import engine
from app.workflow.calendar import WorkingCalendar

# "register": the clerk types the number the issuer's register gave (default); "app": the app's register.
NUMBERING_KEY = "documents.decision_numbering"
OPEN = (DecisionStatus.DRAFT, DecisionStatus.SENT, DecisionStatus.SIGNED)
AWARDING = (DecisionKind.DECISION, DecisionKind.PROPOSAL)
# The timeline's lines (DecisionEvent.action).
EVENT_LABELS = {"drafted": _l("Drafted"), "edited": _l("Draft edited"), "sent": _l("Sent for signature"),
                "returned": _l("Sent back to draft"), "signed": _l("Number, date and signed copy recorded"),
                "issued": _l("Issued")}


def app_numbering() -> bool:
    """Whether the app's own register numbers decisions when their signature is recorded."""
    return Setting.get_text(NUMBERING_KEY, "register").strip() == "app"


def _check(actor: User, decision: AwardDecision, action: str) -> None:
    if action not in access.decision_actions(actor, decision):
        raise DecisionRefused(_("You cannot do this now: the decision is “%(status)s”.",
                                status=decision.status.label))


def _advance(decision: AwardDecision, to: DecisionStatus) -> None:
    """Move the decision on from the stage it was read in, or refuse if someone moved it meanwhile.

    A conditional UPDATE, first thing in the step: of two clerks recording the same signature at once, the
    second waits on the row (PostgreSQL) or the database (SQLite), then finds it moved and is refused before
    taking a number of the register."""
    moved = db.session.execute(
        update(AwardDecision).where(AwardDecision.id == decision.id, AwardDecision.status == decision.status)
        .values(status=to).execution_options(synchronize_session=False))
    if getattr(moved, "rowcount", None) != 1:  # an UPDATE's CursorResult (typed as a plain Result)
        raise DecisionRefused(_("Someone else changed this decision meanwhile: reload the page."))
    decision.status = to


def _event(decision: AwardDecision, actor: User | None, action: str, note: str = "") -> None:
    acting = access.acting_for(actor) if actor is not None else None
    decision.events.append(DecisionEvent(action=action, actor_id=actor.id if actor else None, note=note,
                                         on_behalf_of_id=acting[0] if acting else None, at=utcnow()))


def open_dossier_ids() -> Select:
    """Dossiers already listed in a decision not yet issued: they wait for it, not for a new draft."""
    return (select(DecisionItem.dossier_id).join(AwardDecision, AwardDecision.id == DecisionItem.decision_id)
            .where(AwardDecision.status.in_(OPEN), AwardDecision.kind.in_(AWARDING)))


def _in_other_open_decision(dossiers: list[Dossier], exclude: AwardDecision | None) -> list[str]:
    """Names of the dossiers already listed in another decision not yet issued (a dossier goes up once)."""
    query = (select(Dossier.nominee_name).join(DecisionItem, DecisionItem.dossier_id == Dossier.id)
             .join(AwardDecision, AwardDecision.id == DecisionItem.decision_id)
             .where(Dossier.id.in_([d.id for d in dossiers]), AwardDecision.status.in_(OPEN),
                    AwardDecision.kind.in_(AWARDING)))
    if exclude is not None and exclude.id is not None:
        query = query.where(AwardDecision.id != exclude.id)
    return list(db.session.scalars(query))


def _set_items(decision: AwardDecision, draft: operations.DecisionDraft) -> None:
    """The honourees in annex order with their bonus, replacing the previous list."""
    decision.items.clear()
    db.session.flush()  # the old rows go before the new ones (unique per decision and dossier)
    decision.items.extend(DecisionItem(dossier=d, dossier_id=d.id, amount=draft.amounts[d.id])
                          for d in draft.dossiers)
    decision.total_amount = draft.total
    decision.base_salary = draft.base_salary


def _prepare(award: Award, dossiers: list[Dossier], decision: AwardDecision | None,
             issuer_unit_id: int | None = None) -> operations.DecisionDraft:
    draft = operations.prepare(award, dossiers, local_today(), issuer_unit_id)
    taken = _in_other_open_decision(dossiers, decision)
    if taken:
        raise DecisionRefused(_("Already in another draft decision: %(names)s.", names=", ".join(taken[:5])))
    return draft


def create_draft(actor: User, award: Award, dossiers: list[Dossier], signer: Signer,
                 proposal_reference: str = "") -> AwardDecision:
    """A new draft of the decision (or of the proposal to the central level) for these approved dossiers."""
    if not access.can_draft_decisions(actor):
        raise DecisionRefused(_("Only Home Affairs drafts decisions."))
    if award.level is AwardLevel.UNIT:
        raise DecisionRefused(_("%(award)s is decided by the head of the nominating unit, not by the province.",
                                award=award.name))
    draft = _prepare(award, dossiers, None)
    operations.check_proposal_reference(proposal_reference)
    today = local_today()
    decision = AwardDecision(
        kind=draft.kind, status=DecisionStatus.DRAFT, symbol=operations.SYMBOLS[draft.kind], year=today.year,
        number=None, signed_on=None, drafted_on=today, award=award, signer_mode=signer.mode, signer_id=signer.id,
        signer_name=signer.name, base_salary=draft.base_salary, proposal_reference=proposal_reference.strip(),
        total_amount=draft.total, docx=b"", created_by_id=actor.id,
    )
    db.session.add(decision)
    _set_items(decision, draft)
    _event(decision, actor, "drafted")
    db.session.flush()
    return decision


def edit_draft(actor: User, decision: AwardDecision, dossiers: list[Dossier], signer: Signer,
               proposal_reference: str) -> None:
    """Change a draft's honourees, signer or proposal reference (only while a draft)."""
    _check(actor, decision, "edit")
    operations.check_proposal_reference(proposal_reference)
    if decision.kind in AWARDING:
        _set_items(decision, _prepare(decision.award, dossiers, decision))
    decision.signer_id, decision.signer_mode, decision.signer_name = signer.id, signer.mode, signer.name
    decision.proposal_reference = proposal_reference.strip()
    _event(decision, actor, "edited")
    db.session.flush()


def discard_draft(actor: User, decision: AwardDecision) -> None:
    """Delete a draft that will not go up (it never had a number: nothing of the register is lost)."""
    _check(actor, decision, "discard")
    db.session.delete(decision)
    db.session.flush()


def send(actor: User, decision: AwardDecision) -> None:
    """Send the draft up for signature with the Sở Nội vụ's Tờ trình."""
    _check(actor, decision, "send")
    if not decision.proposal_reference.strip():
        raise DecisionRefused(_("Cite the Home Affairs submission (Tờ trình) before sending the draft."))
    operations.check_proposal_reference(decision.proposal_reference)
    if not decision.items:
        raise DecisionRefused(_("Select at least one approved dossier."))
    if decision.kind in AWARDING:
        left = [i.dossier.nominee_name for i in decision.items if i.dossier.state is not State.APPROVED]
        if left:
            raise DecisionRefused(_("No longer approved (withdrawn or on hold): %(names)s. Edit the draft.",
                                    names=", ".join(left[:5])))
    _advance(decision, DecisionStatus.SENT)
    _event(decision, actor, "sent")
    db.session.flush()


def return_to_draft(actor: User, decision: AwardDecision, reason: str) -> None:
    """The People's Committee sends the draft back: it becomes editable again."""
    _check(actor, decision, "return")
    if not reason.strip():
        raise DecisionRefused(_("Say why the draft comes back."))
    _advance(decision, DecisionStatus.DRAFT)
    _event(decision, actor, "returned", reason.strip()[:1000])
    db.session.flush()


def _number_taken(symbol: str, year: int, number: int, exclude_id: int) -> bool:
    taken = db.session.scalar(select(func.count()).select_from(AwardDecision).where(
        AwardDecision.symbol == symbol, AwardDecision.year == year, AwardDecision.number == number,
        AwardDecision.register_key == register_key_of(None), AwardDecision.id != exclude_id))
    return bool(taken)


def _keep_counter_ahead(symbol: str, year: int, number: int) -> None:
    """A number typed from the issuer's register moves the app's counter up to it, so that a later switch to
    the app's numbering never hands out a number already used."""
    operations.ensure_counter(symbol, year)
    db.session.execute(
        update(DecisionCounter)
        .where(DecisionCounter.symbol == symbol, DecisionCounter.year == year, DecisionCounter.last_number < number)
        .values(last_number=number))


def record_signature(actor: User, decision: AwardDecision, signed_on: date, number: int | None,
                     signed_pdf: bytes, pdf_name: str, details: dict) -> None:
    """Record the number and the date the clerk gave and the signed copy (checked by signed_copy.py)."""
    _check(actor, decision, "sign")
    _advance(decision, DecisionStatus.SIGNED)
    operations.check_date(signed_on)
    if decision.drafted_on is not None and signed_on < decision.drafted_on:
        raise DecisionRefused(_("The decision date %(day)s is before the draft (%(drafted)s).",
                                day=signed_on.strftime("%d/%m/%Y"), drafted=decision.drafted_on.strftime("%d/%m/%Y")))
    signer = db.session.get(Signer, decision.signer_id) if decision.signer_id else None
    if signer is not None:
        operations.check_signer(signer, signed_on)
    if decision.kind in AWARDING:
        # The bonus follows the base salary in force on the decision's date, which is known only now.
        base = operations.salary_base_on(signed_on)
        for item in decision.items:
            item.amount = operations.amount_for(decision.award, item.dossier, base)
        decision.base_salary, decision.total_amount = base, sum(i.amount for i in decision.items)
    if app_numbering():
        number = operations.next_number(decision.symbol, signed_on.year)
    else:
        if number is None or number < 1:
            raise DecisionRefused(_("Enter the number the register gave (a whole number from 1)."))
        if _number_taken(decision.symbol, signed_on.year, number, decision.id):
            raise DecisionRefused(_("Number %(ref)s of %(year)s is already used by another decision.",
                                    ref=f"{number:02d}/{decision.symbol}", year=signed_on.year))
        _keep_counter_ahead(decision.symbol, signed_on.year, number)
    decision.number, decision.signed_on, decision.year = number, signed_on, signed_on.year
    decision.signed_pdf, decision.signed_pdf_name, decision.signature_details = signed_pdf, pdf_name[:255], details
    _event(decision, actor, "signed", f"{decision.reference} ngày {signed_on:%d/%m/%Y}")
    try:
        db.session.flush()
    except IntegrityError:  # a concurrent clerk took the same number between the check and the write
        raise DecisionRefused(_("Number %(ref)s of %(year)s is already used by another decision.",
                                ref=f"{number:02d}/{decision.symbol}", year=signed_on.year)) from None


def has_signed_copy(decision: AwardDecision) -> bool:
    return bool(db.session.scalar(select(func.length(AwardDecision.signed_pdf)).where(
        AwardDecision.id == decision.id)))


def issue(actor: User, decision: AwardDecision) -> None:
    """Release the signed decision: award its honourees (or apply the correction, or revoke), in one go."""
    _check(actor, decision, "issue")
    if not has_signed_copy(decision):
        raise DecisionRefused(_("Upload the signed copy (PDF) before issuing the decision."))
    _advance(decision, DecisionStatus.ISSUED)
    assert decision.signed_on is not None and decision.number is not None  # recorded with the signature
    calendar = WorkingCalendar.load()
    if decision.kind in AWARDING:
        action = "forward_central" if decision.kind is DecisionKind.PROPOSAL else "issue_decision"
        for item in decision.items:
            _apply(actor, item.dossier, action, decision, calendar, amount=item.amount)
        draft = operations.draft_of(decision)
        decision.docx = operations._render(operations.build_document(decision, draft))
    elif decision.kind is DecisionKind.CANCELLATION:
        for item in decision.items:
            _apply(actor, item.dossier, "revoke_award", decision, calendar)
    else:
        from app.decisions import amendments  # late: it imports this module

        amendments.apply_correction(actor, decision)
    decision.issued_at = utcnow()
    _event(decision, actor, "issued")
    db.session.flush()


def _apply(actor: User, dossier: Dossier, action: str, decision: AwardDecision, calendar: WorkingCalendar,
           amount: int | None = None) -> None:
    name = dossier.nominee_name  # read now: after a refused flush the session cannot load it
    assert decision.signed_on is not None
    try:
        engine.apply(actor, dossier, action, comment=f"{decision.reference} ngày {decision.signed_on:%d/%m/%Y}",
                     payload={"decision": decision, "amount": amount}, calendar=calendar)
    except engine.WorkflowError as error:
        raise DecisionRefused(f"{name}: {error.message}") from None
