"""Corrections (đính chính) and cancellations (thu hồi, hủy bỏ) of an issued decision.

An issued decision is never edited (DOMAIN.md §10a). A new decision names it and the honourees concerned,
goes through the same life (life.py: draft → sent → signed → issued), and only when issued:
- a correction changes the named honourees' name and/or position as printed (the dossier's fields), each
  change written to the dossier's record history (RegistryEvent ``nominee_corrected``) with both decisions;
- a cancellation revokes their awards: each dossier takes the workflow's ``revoke_award`` (AWARDED →
  NOT_APPROVED, app/workflow/transitions.py), whose effect removes the registry entry and writes the
  record's history line (``entry_revoked``) with what the entry said, so the sổ khen thưởng shows why.
"""
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from app.decisions import operations, texts
from app.decisions.life import OPEN, _event
from app.decisions.operations import DecisionRefused
from app.documents.decision import DecisionDocument, Honoree
from app.extensions import db
from app.models import AwardDecision, DecisionItem, DecisionKind, DecisionStatus, Dossier, Signer, SignerMode, User
from app.models.base import local_today
from app.models.states import State
from app.nominees.history import note
from app.text import clean_line, control_characters, fold

KIND_WORDS = {DecisionKind.CORRECTION: "đính chính", DecisionKind.CANCELLATION: "thu hồi, hủy bỏ"}


def create(actor: User, original: AwardDecision, kind: DecisionKind, items: list[DecisionItem],
           changes: dict[int, tuple[str, str]], signer: Signer, proposal_reference: str, reason: str) -> AwardDecision:
    """A draft correction or cancellation of ``original`` naming ``items`` (its honourees); ``changes`` gives,
    per dossier id, the corrected name and position ("" leaves a field as it is)."""
    if kind not in KIND_WORDS:
        raise ValueError(kind)
    if original.status is not DecisionStatus.ISSUED or original.kind is not DecisionKind.DECISION:
        raise DecisionRefused(_("Only an issued decision is corrected or cancelled; a draft is edited."))
    if not items:
        raise DecisionRefused(_("Select at least one honouree."))
    operations.check_proposal_reference(proposal_reference)
    reason = clean_line(reason)[:1000]
    if not reason or operations.has_placeholder(reason):
        raise DecisionRefused(_("Give the reason."))
    busy = list(db.session.scalars(
        select(Dossier.nominee_name).join(DecisionItem, DecisionItem.dossier_id == Dossier.id)
        .join(AwardDecision, AwardDecision.id == DecisionItem.decision_id)
        .where(AwardDecision.original_id == original.id, AwardDecision.status.in_(OPEN),
               Dossier.id.in_([i.dossier_id for i in items]))))
    if busy:
        raise DecisionRefused(_("Already in another correction or cancellation not yet issued: %(names)s.",
                                names=", ".join(busy[:5])))
    new_items = []
    for item in items:
        dossier = item.dossier
        # A revoked honouree is neither cancelled again nor corrected: this decision no longer awards them.
        if dossier.state is not State.AWARDED or dossier.decision_id != original.id:
            raise DecisionRefused(_("%(name)s is no longer awarded by this decision.", name=dossier.nominee_name))
        if kind is DecisionKind.CANCELLATION:
            new_items.append(DecisionItem(dossier=dossier, amount=item.amount))
            continue
        raw = changes.get(dossier.id, ("", ""))
        codes = [code for value in raw for code in control_characters(value)]
        if codes:
            raise DecisionRefused(_("Remove the invisible control characters (%(codes)s): they cannot be printed.",
                                    codes=", ".join(dict.fromkeys(codes))))
        name, position = (clean_line(value)[:limit] for value, limit in zip(raw, (255, 500)))
        name = "" if name == dossier.nominee_name else name
        position = "" if position == (dossier.nominee_position or "") else position
        if not name and not position:
            raise DecisionRefused(_("Nothing to correct for %(name)s: enter the corrected name or position.",
                                    name=dossier.nominee_name))
        if operations.has_placeholder(name + position):
            raise DecisionRefused(_("This still holds placeholder text (“…” or dots): enter the real number and "
                                    "date."))
        new_items.append(DecisionItem(dossier=dossier, amount=item.amount, corrected_name=name,
                                      corrected_position=position))
    today = local_today()
    decision = AwardDecision(
        kind=kind, status=DecisionStatus.DRAFT, symbol=operations.SYMBOLS[kind], year=today.year, number=None,
        signed_on=None, drafted_on=today, award=original.award, original=original, reason=reason,
        signer_mode=signer.mode, signer_id=signer.id, signer_name=signer.name, base_salary=original.base_salary,
        proposal_reference=proposal_reference.strip(), total_amount=0, docx=b"", created_by_id=actor.id)
    decision.items.extend(new_items)
    db.session.add(decision)
    _event(decision, actor, "drafted", reason)
    db.session.flush()
    return decision


def apply_correction(actor: User, decision: AwardDecision) -> None:
    """Issue a correction: the named honourees' fields change — on the dossier (its search key too) and, for a
    name, on the registry's person or collective it is linked to (the sổ khen thưởng prints the corrected
    name) — each change in the record's history."""
    original = decision.original
    assert original is not None and decision.signed_on is not None
    for item in decision.items:
        dossier = item.dossier
        changed = {}
        if item.corrected_name:
            changed["nominee_name"] = [dossier.nominee_name, item.corrected_name]
            dossier.nominee_name = item.corrected_name
        if item.corrected_position:
            changed["nominee_position"] = [dossier.nominee_position, item.corrected_position]
            dossier.nominee_position = item.corrected_position
        dossier.search_key = fold(f"{dossier.nominee_name} {dossier.nominee_position}")
        if item.corrected_name and dossier.nominee_person is not None:
            dossier.nominee_person.full_name = item.corrected_name
            dossier.nominee_person.search_key = fold(item.corrected_name)
        elif item.corrected_name and dossier.nominee_collective is not None:
            dossier.nominee_collective.name = item.corrected_name
            dossier.nominee_collective.search_key = fold(item.corrected_name)
        note("nominee_corrected", person=dossier.nominee_person, collective=dossier.nominee_collective,
             actor=actor, detail={"dossier_id": dossier.id, "changed": changed,
                                  "corrects": original.reference, "by": decision.reference,
                                  "date": decision.signed_on.isoformat()})


def document(decision: AwardDecision) -> DecisionDocument:
    """The correction's or cancellation's document: the decision's layout, its own articles and annex."""
    original = decision.original
    assert original is not None and original.signed_on is not None
    words = KIND_WORDS[decision.kind]
    cited = f"Quyết định số {original.reference} ngày {original.signed_on.day:02d} tháng " \
            f"{original.signed_on.month:02d} năm {original.signed_on.year} của Chủ tịch Ủy ban nhân dân tỉnh"
    honorees = []
    for item in sorted(decision.items, key=lambda i: operations._annex_order(i.dossier)):
        dossier = item.dossier
        if decision.kind is DecisionKind.CORRECTION:
            position = item.corrected_position or operations.position_unit(dossier)
            name = item.corrected_name or dossier.nominee_name
            if item.corrected_name:
                name = f"{name} (đã ghi là: {dossier.nominee_name})"
        else:
            name, position = dossier.nominee_name, operations.position_unit(dossier)
        honorees.append(Honoree(kind=dossier.nominee_kind.value, name=name, position_unit=position,
                                amount=item.amount))
    count = len(honorees)
    if decision.kind is DecisionKind.CORRECTION:
        articles = (f"Đính chính {cited} đối với {count} tập thể, cá nhân có tên trong danh sách kèm theo "
                    f"(lý do: {decision.reason})",
                    f"Các nội dung khác của {cited} giữ nguyên",
                    "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở "
                    "Nội vụ, Thủ trưởng các cơ quan, đơn vị có liên quan và các tập thể, cá nhân có tên tại Điều 1 "
                    "chịu trách nhiệm thi hành Quyết định này")
        annex = "tập thể, cá nhân được đính chính thông tin"
    else:
        articles = (f"Thu hồi, hủy bỏ việc tặng {original.award.name} tại {cited} đối với {count} tập thể, cá "
                    f"nhân có tên trong danh sách kèm theo (lý do: {decision.reason})",
                    "Các tập thể, cá nhân có tên tại Điều 1 nộp lại hiện vật khen thưởng và số tiền thưởng đã "
                    "nhận theo quy định",
                    "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở "
                    "Nội vụ, Thủ trưởng các cơ quan, đơn vị có liên quan và các tập thể, cá nhân có tên tại Điều 1 "
                    "chịu trách nhiệm thi hành Quyết định này")
        annex = "tập thể, cá nhân bị thu hồi, hủy bỏ khen thưởng"
    signed_on = decision.signed_on or decision.drafted_on or date(decision.year, 1, 1)
    return DecisionDocument(
        kind="decision", number=decision.number or 0, year=decision.year, symbol=decision.symbol,
        province=current_app.config["PROVINCE_NAME"], place=current_app.config["PROVINCE_NAME"],
        signed_on=signed_on, subject=f"Về việc {words} {cited}", award_name=original.award.name,
        legal_bases=operations.legal_bases_on(signed_on), proposal_line=decision.proposal_reference,
        achievement_text="", money_source_text="", executors_text=articles[2],
        recipients=texts.recipients("decision"),
        signer_mode="chairman" if decision.signer_mode is SignerMode.CHAIRMAN else "deputy",
        signer_name=decision.signer_name, honorees=honorees, articles=articles, annex_subject=annex,
        draft=decision.number is None)


def render(decision: AwardDecision) -> bytes:
    return operations._render(document(decision))
