"""The register of issued decisions: the page's query and its XLSX export (number, date, award, signer,
honourees, total bonus)."""
from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from app import list_exports
from app.extensions import db
from app.models import AwardDecision, DecisionStatus


def decisions_query() -> Select:
    """Every issued decision of the province (the units' own are listed apart), newest first: the register page
    and its export both read this (the caller
    has checked ``can_view_decision_register``: the register is whole or not at all)."""
    return (select(AwardDecision).where(AwardDecision.status == DecisionStatus.ISSUED,
                                        AwardDecision.issuer_unit_id.is_(None))
            .options(joinedload(AwardDecision.award))
            .order_by(AwardDecision.year.desc(), AwardDecision.number.desc(), AwardDecision.id.desc()))


def response():
    query = decisions_query()
    count = db.session.scalar(select(func.count()).select_from(AwardDecision)
                              .where(AwardDecision.status == DecisionStatus.ISSUED,
                                     AwardDecision.issuer_unit_id.is_(None))) or 0

    def rows():
        for number, d in enumerate(db.session.scalars(query), start=1):
            yield [number, d.reference, d.signed_on, d.award.name, d.signer_name, d.proposal_reference,
                   d.total_amount]

    headers = [_("No."), _("Number"), _("Date"), _("Award"), _("Signer"), _("Proposal reference"),
               _("Total bonus")]
    return list_exports.respond(
        count=count, back_to=url_for("decisions.index"), stem="so-quyet-dinh",
        make=lambda: list_exports.build(_("AWARD DECISIONS"), "Quyet dinh", headers,
                                        (6, 20, 12, 40, 28, 24, 16), rows()))
