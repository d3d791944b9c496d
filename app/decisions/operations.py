"""Issuing a decision: the number from the per-year register, the money, the DOCX, the state changes.

Everything happens in the caller's transaction: either every honoured dossier moves on and the
decision exists with its document, or nothing changes.
"""
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, select, update
from sqlalchemy.dialects import postgresql, sqlite

from app.decisions import texts
from app.doctemplates import store as template_store
from app.documents.decision import DecisionDocument, Honoree, render_decision, template_kind_of
from app.documents.money import bonus_amount
from app.extensions import db
from app.models import (
    Award,
    AwardDecision,
    BasisIssuers,
    CouncilAgendaItem,
    DecisionCounter,
    DecisionEvent,
    DecisionItem,
    DecisionKind,
    DecisionStatus,
    Dossier,
    LegalBasis,
    NomineeKind,
    SalaryBase,
    Signer,
    Unit,
    UnitKind,
    User,
)
from app.models.base import local_today, utcnow
from app.models.states import State
from app.workflow import engine
from app.workflow.calendar import WorkingCalendar

# Corrections and cancellations are decisions of the same issuer: the same register.
SYMBOLS = {DecisionKind.DECISION: "QĐ-UBND", DecisionKind.PROPOSAL: "TTr-UBND", DecisionKind.CORRECTION: "QĐ-UBND",
           DecisionKind.CANCELLATION: "QĐ-UBND"}
_KIND_ORDER = {NomineeKind.COLLECTIVE: 0, NomineeKind.INDIVIDUAL: 1, NomineeKind.HOUSEHOLD: 2}


def _annex_order(dossier: Dossier) -> tuple:
    return _KIND_ORDER[dossier.nominee_kind], dossier.nominee_name, dossier.id


class DecisionRefused(ValueError):
    """The decision cannot be issued; the message says why and nothing was changed."""


# What a drafter types for a number or a date still to come: an ellipsis, two or more dots or underscores.
_PLACEHOLDER = re.compile(r"…|\.{2,}|_{2,}")


def has_placeholder(text: str) -> bool:
    """Whether official text still holds a blank to fill ("Tờ trình số …/TTr-SNV ngày …", "..../2026")."""
    return bool(_PLACEHOLDER.search(text or ""))


def check_proposal_reference(text: str) -> None:
    if has_placeholder(text):
        raise DecisionRefused(_("The proposal still holds placeholder text (“…” or dots): enter the number and date "
                                "of the Home Affairs submission."))


def check_signer(signer: Signer, signed_on: date) -> None:
    if not signer.in_office_on(signed_on):
        raise DecisionRefused(_("%(name)s is not in office on %(day)s: choose the leader who signs on that date.",
                                name=signer.name, day=signed_on.strftime("%d/%m/%Y")))


def check_date(signed_on: date) -> None:
    """Today in the province is the limit: a later date would also open next year's register early."""
    today = local_today()
    if signed_on > today:
        raise DecisionRefused(_("The decision date %(day)s is after today (%(today)s): a decision is dated when "
                                "it is signed.", day=signed_on.strftime("%d/%m/%Y"), today=today.strftime("%d/%m/%Y")))


def ensure_counter(symbol: str, year: int) -> None:
    """The register's row for the year, created at 0 if missing (no error when a concurrent caller did)."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    db.session.execute(
        insert(DecisionCounter).values(symbol=symbol, year=year, last_number=0).on_conflict_do_nothing()
    )


def next_number(symbol: str, year: int) -> int:
    """Take the next number of the register; concurrent callers queue on the counter row."""
    ensure_counter(symbol, year)
    return db.session.execute(
        update(DecisionCounter)
        .where(DecisionCounter.symbol == symbol, DecisionCounter.year == year)
        .values(last_number=DecisionCounter.last_number + 1)
        .returning(DecisionCounter.last_number)
    ).scalar_one()


def salary_base_on(day: date) -> int:
    amount = db.session.scalar(
        select(SalaryBase.amount).where(SalaryBase.effective_from <= day).order_by(SalaryBase.effective_from.desc())
    )
    if amount is None:
        raise DecisionRefused(_("No base salary is in force on %(day)s: an administrator must enter it.",
                                day=day.strftime("%d/%m/%Y")))
    return amount


def legal_bases_on(day: date, issuer_unit_id: int | None = None) -> list[str]:
    """The "Căn cứ" lines in force on ``day`` for the province's decisions, or for a unit's own (those for
    every unit and those naming that unit)."""
    whose: ColumnElement[bool]
    if issuer_unit_id is None:
        whose = LegalBasis.issuers.in_((BasisIssuers.ALL, BasisIssuers.PROVINCE))
    else:
        whose = LegalBasis.issuers.in_((BasisIssuers.ALL, BasisIssuers.UNITS)) & (
            LegalBasis.unit_id.is_(None) | (LegalBasis.unit_id == issuer_unit_id))
    return list(db.session.scalars(
        select(LegalBasis.text)
        .where(LegalBasis.effective_from <= day, (LegalBasis.effective_to.is_(None)) | (LegalBasis.effective_to >= day),
               whose)
        .order_by(LegalBasis.sort_order, LegalBasis.id)
    ))


def amount_for(award: Award, dossier: Dossier, base_salary: int) -> int:
    coefficient = award.coefficient_for(dossier.nominee_kind)
    return bonus_amount(coefficient, base_salary) if coefficient is not None else 0


def _unit_chain(unit: Unit) -> list[str]:
    """The unit's name, then its parents' while it is a sub-unit: "Phòng Chuyển đổi số", "Sở Khoa học và Công
    nghệ" (a sub-unit alone does not say whose it is)."""
    names = [unit.name]
    while unit.kind is UnitKind.SUB_UNIT and unit.parent is not None:
        unit = unit.parent
        names.append(unit.name)
    return names


def position_unit(dossier: Dossier) -> str:
    """The annex's "position / unit" column: the position, then the unit and its parent department, leaving out
    what the position or the name already says ("Phó Trưởng phòng Chuyển đổi số, Sở Khoa học và Công nghệ")."""
    if dossier.nominee_kind is NomineeKind.HOUSEHOLD:
        return dossier.nominee_position  # the household's address
    if dossier.nominee_kind is NomineeKind.COLLECTIVE and dossier.nominee_position:
        return dossier.nominee_position
    said = (dossier.nominee_position or "") + " " + (
        dossier.nominee_name if dossier.nominee_kind is NomineeKind.COLLECTIVE else "")
    said = said.casefold()
    units = [name for name in _unit_chain(dossier.nominee_unit or dossier.unit) if name.casefold() not in said]
    return ", ".join(part for part in (dossier.nominee_position, *units) if part)


@dataclass
class DecisionDraft:
    """What the secretary sees before confirming: honourees with their amounts and the total."""

    award: Award
    kind: DecisionKind
    dossiers: list[Dossier]
    amounts: dict[int, int]
    base_salary: int
    legal_bases: list[str]

    @property
    def total(self) -> int:
        return sum(self.amounts.values())


def prepare(award: Award, dossiers: list[Dossier], signed_on: date, issuer_unit_id: int | None = None) -> DecisionDraft:
    if not dossiers:
        raise DecisionRefused(_("Select at least one approved dossier."))
    check_date(signed_on)
    wrong = [d for d in dossiers if d.state is not State.APPROVED or d.award_id != award.id]
    if wrong:
        raise DecisionRefused(_("Only approved dossiers of %(award)s can be included (not: %(names)s).",
                                award=award.name, names=", ".join(d.nominee_name for d in wrong[:5])))
    base = salary_base_on(signed_on)
    bases = legal_bases_on(signed_on, issuer_unit_id)
    unfinished = [text for text in bases if has_placeholder(text)]
    if unfinished:
        raise DecisionRefused(_("A legal basis in force on %(day)s still holds placeholder text: %(text)s An "
                                "administrator must complete it.", day=signed_on.strftime("%d/%m/%Y"),
                                text=unfinished[0]))
    ordered = sorted(dossiers, key=_annex_order)
    kind = DecisionKind.PROPOSAL if award.is_central else DecisionKind.DECISION
    return DecisionDraft(award=award, kind=kind, dossiers=ordered,
                         amounts={d.id: amount_for(award, d, base) for d in ordered},
                         base_salary=base, legal_bases=bases)


def issue(actor: User, draft: DecisionDraft, signer: Signer, signed_on: date, proposal_reference: str, *,
          at: datetime | None = None) -> AwardDecision:
    """Record a decision signed and released outside the app's screens, in one step: numbered from the app's
    register, issued, its dossiers moved on. For the demo and importers of past history (``at`` is the moment
    of the history rows, UTC, default now) and the benchmarks; the screens go through the decision's life
    step by step (app/decisions/life.py), where issuing needs the signed copy.

    Refused before the register is touched: placeholder text, a date after today, a signer out of office."""
    check_date(signed_on)
    check_proposal_reference(proposal_reference)
    check_signer(signer, signed_on)
    symbol = SYMBOLS[draft.kind]
    decision = AwardDecision(
        kind=draft.kind, status=DecisionStatus.ISSUED, symbol=symbol, year=signed_on.year,
        number=next_number(symbol, signed_on.year), signed_on=signed_on, drafted_on=signed_on, award=draft.award,
        signer_mode=signer.mode, signer_id=signer.id, signer_name=signer.name, base_salary=draft.base_salary,
        proposal_reference=proposal_reference.strip(), total_amount=draft.total, docx=b"", created_by_id=actor.id,
        issued_at=at or utcnow(),
    )
    decision.items.extend(DecisionItem(dossier=d, amount=draft.amounts[d.id]) for d in draft.dossiers)
    decision.events.append(DecisionEvent(action="issued", actor_id=actor.id, at=at or utcnow(),
                                         note="Ghi nhận quyết định đã ban hành"))
    db.session.add(decision)
    db.session.flush()
    action = "forward_central" if draft.kind is DecisionKind.PROPOSAL else "issue_decision"
    calendar = WorkingCalendar.load()
    for dossier in draft.dossiers:
        name = dossier.nominee_name  # read now: after a refused flush the session cannot load it
        try:
            engine.apply(actor, dossier, action, comment=f"{decision.reference} ngày {signed_on:%d/%m/%Y}",
                         payload={"decision": decision, "amount": draft.amounts[dossier.id]}, at=at,
                         calendar=calendar)
        except engine.WorkflowError as error:
            raise DecisionRefused(f"{name}: {error.message}") from None
    decision.docx = _render(build_document(decision, draft))
    db.session.flush()
    return decision


def draft_of(decision: AwardDecision) -> DecisionDraft:
    """The decision's honourees (its items, in annex order) with their stored bonus, and the legal bases in
    force on its date (the draft's date while it has none)."""
    items = {item.dossier_id: item for item in decision.items}
    ordered = sorted((item.dossier for item in decision.items), key=_annex_order)
    day = decision.signed_on or decision.drafted_on or local_today()
    return DecisionDraft(award=decision.award, kind=decision.kind, dossiers=ordered,
                         amounts={d.id: items[d.id].amount for d in ordered}, base_salary=decision.base_salary,
                         legal_bases=legal_bases_on(day, decision.issuer_unit_id))


def render_current(decision: AwardDecision) -> bytes:
    """The document as the decision stands: the draft (dự thảo, blanks, DỰ THẢO) until the clerk has numbered
    it, then with its number and date."""
    return _render(build_document(decision, draft_of(decision), as_draft=decision.number is None))


def render_extract(decision: AwardDecision, shown: Collection[int]) -> bytes:
    """The decision for a unit (bản trích): the document as issued, its annex only the lines of the
    dossiers in ``shown`` (ids; at least one of them honoured by the decision).

    Rendered again from the decision's rows: its number, date, signer, base salary and every honouree's
    stored bonus; the legal bases are those the dated table has in force on its date.
    """
    draft = draft_of(decision)
    return _render(build_document(decision, draft, shown))


def council_result(dossiers: list[Dossier]) -> str:
    """The provincial council's vote on the dossiers, as a Tờ trình to the central level states it; "" if not
    recorded in the app."""
    items = db.session.scalars(
        select(CouncilAgendaItem).where(CouncilAgendaItem.dossier_id.in_([d.id for d in dossiers]),
                                        CouncilAgendaItem.approved.is_(True))
        .order_by(CouncilAgendaItem.id)
    ).all()
    if not items:
        return ""
    votes = "; ".join(f"{item.dossier.nominee_name}: {item.votes_for}/{item.session.members_total} thành viên "
                      "đồng ý" for item in items)
    sessions = sorted({item.session.held_on for item in items})
    days = ", ".join(day.strftime("%d/%m/%Y") for day in sessions)
    return f"Hội đồng Thi đua – Khen thưởng tỉnh đã họp xét ngày {days}, kết quả: {votes}"


def _render(document: DecisionDocument) -> bytes:
    """With the office's template in force (app/doctemplates), which falls back to the previous one,
    then the built-in one, rather than stop a decision from being issued."""
    if document.issuer is not None:
        # The office's template is the province's own (its header and signature are the Chairman's): a unit's
        # decision prints from the built-in template, which fills in the issuer.
        return render_decision(document, None)
    return template_store.render(template_kind_of(document), lambda template: render_decision(document, template))


def build_document(decision: AwardDecision, draft: DecisionDraft,
                   extract_of: Collection[int] | None = None, *, as_draft: bool = False) -> DecisionDocument:
    """The document's data; ``extract_of`` (dossier ids) makes it an extract with only their annex lines."""
    campaign = draft.dossiers[0].campaign
    movement = campaign.movement.name if campaign.movement else campaign.name
    award = draft.award
    subject_template = texts.PROPOSAL_SUBJECT if decision.kind is DecisionKind.PROPOSAL else texts.DEFAULT_SUBJECT
    awarded = f"danh hiệu {award.name}" if award.is_title else award.name
    subject = award.decision_subject or subject_template.format(award=awarded)
    proposal = decision.kind is DecisionKind.PROPOSAL
    issuer_unit = decision.issuer_unit
    return DecisionDocument(
        kind="proposal" if proposal else "decision",
        number=decision.number or 0,
        year=decision.year,
        symbol=decision.symbol,
        province=current_app.config["PROVINCE_NAME"],
        place=current_app.config["PROVINCE_NAME"],
        # A draft has no date yet; it prints only the year, the draft's.
        signed_on=decision.signed_on or decision.drafted_on or date(decision.year, 1, 1),
        subject=subject,
        award_name=award.name,
        legal_bases=draft.legal_bases,
        proposal_line=decision.proposal_reference,
        achievement_text=texts.ACHIEVEMENT.format(movement=movement, period=f"năm {campaign.year}"),
        money_source_text=texts.money_source_for(issuer_unit),
        executors_text=texts.executors_for(issuer_unit),
        recipients=texts.recipients_for(decision.kind.value, issuer_unit),
        # The issuer's header, authority and signature titles: the province's, or a department's or commune's
        # for the unit-level awards its head decides (DOMAIN.md §10b).
        issuer=texts.issuer_for(issuer_unit, current_app.config["PROVINCE_NAME"]) if issuer_unit else None,
        signer_mode=decision.signer_mode.value,
        signer_title=decision.signer_title,
        signer_name=decision.signer_name,
        honorees=[Honoree(kind=d.nominee_kind.value, name=d.nominee_name, position_unit=position_unit(d),
                          amount=draft.amounts[d.id], summary=d.achievement_summary if proposal else "")
                  for d in draft.dossiers],
        award_is_title=award.is_title,
        # An extract states the vote on its own lines only: a unit does not read the others' results.
        council_result=council_result([d for d in draft.dossiers if extract_of is None or d.id in extract_of])
        if proposal else "",
        draft=as_draft,
        extract=None if extract_of is None else frozenset(
            position for position, d in enumerate(draft.dossiers) if d.id in extract_of),
    )
