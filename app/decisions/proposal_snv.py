"""The Sở Nội vụ's Tờ trình (TTr-SNV) for a decision, from the database: the appraisal counts of the award in
the draft's campaigns, the council sessions that voted on its honourees, the texts an administrator set. The
document itself (its values, template and sample) is app/documents/proposal_snv.py, which knows no database.
"""
from flask import current_app
from sqlalchemy import distinct, func, select

from app.decisions import operations
from app.doctemplates import store as template_store
from app.documents.proposal_snv import (
    DEFAULT_RECIPIENTS,
    DIRECTOR_KEY,
    DIRECTOR_TITLE_KEY,
    RECIPIENTS_KEY,
    CouncilSitting,
    CouncilVote,
    ProposalSnv,
    render,
)
from app.extensions import db
from app.models import CouncilAgendaItem, Dossier, DossierEvent, Setting


def from_decision(decision) -> ProposalSnv:
    """The Tờ trình proposing ``decision`` (an AwardDecision): its honourees, their award's appraisal counts in
    the same campaigns, the council sessions that voted on them."""
    draft = operations.draft_of(decision)
    campaigns = {d.campaign_id for d in draft.dossiers}
    of_award = select(Dossier.id).where(Dossier.award_id == decision.award_id, Dossier.campaign_id.in_(campaigns),
                                        Dossier.submitted_at.is_not(None), Dossier.deleted_at.is_(None))

    def with_event(action: str) -> int:
        return db.session.scalar(select(func.count(distinct(DossierEvent.dossier_id))).where(
            DossierEvent.dossier_id.in_(of_award), DossierEvent.action == action)) or 0

    received = db.session.scalar(select(func.count()).select_from(of_award.subquery())) or 0
    items = db.session.scalars(
        select(CouncilAgendaItem).where(CouncilAgendaItem.dossier_id.in_([d.id for d in draft.dossiers]),
                                        CouncilAgendaItem.approved.is_(True)).order_by(CouncilAgendaItem.id)).all()
    sessions: dict[int, list] = {}
    for item in items:
        sessions.setdefault(item.session_id, []).append(item)
    sittings = []
    for session_items in sessions.values():
        session = session_items[0].session
        sittings.append(CouncilSitting(
            held_on=session.held_on, members_present=session.members_present, members_total=session.members_total,
            votes=tuple(CouncilVote(i.dossier.nominee_name, i.votes_for or 0,
                                    (i.votes_for or 0) + (i.votes_against or 0) + (i.votes_abstain or 0))
                        for i in session_items)))
    sittings.sort(key=lambda s: s.held_on)
    stored = Setting.get_text(RECIPIENTS_KEY, "")
    recipients = [line.strip() for line in stored.splitlines() if line.strip()] or list(DEFAULT_RECIPIENTS)
    document = operations.build_document(decision, draft, as_draft=True)
    return ProposalSnv(
        province=current_app.config["PROVINCE_NAME"], year=decision.year, number=None, signed_on=None,
        award_name=decision.award.name, award_is_title=decision.award.is_title, legal_bases=draft.legal_bases,
        received=received, appraised=with_event("accept"), eligible=with_event("forward"), sittings=sittings,
        honorees=document.honorees, recipients=recipients,
        director_title=Setting.get_text(DIRECTOR_TITLE_KEY, "Giám đốc"),
        director_name=Setting.get_text(DIRECTOR_KEY, ""))


def render_for(decision) -> bytes:
    """With the office's template in force (app/doctemplates), falling back like the decision's."""
    document = from_decision(decision)
    return template_store.render("proposal_snv", lambda template: render(document, template))
