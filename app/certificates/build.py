"""From the database to the documents: a layout row to a ``PageLayout``, a decision's honourees to
certificates and to the bonus payment list. The documents themselves know nothing of the database
(app/documents/certificate.py, app/documents/payment_list.py)."""
from collections.abc import Collection

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app import document_texts
from app.decisions import texts
from app.decisions.operations import position_unit
from app.documents.certificate import Certificate, DecisionFacts, FieldBox, Honour, PageLayout, certificate_of
from app.documents.certificate_sample import DEFAULT_BOXES
from app.extensions import db
from app.models import AwardDecision, Dossier, NomineeKind, SignerMode, State
from app.models.certificates import Align, CertificateField, CertificateLayout, FieldKey

_KIND_ORDER = {NomineeKind.COLLECTIVE: 0, NomineeKind.INDIVIDUAL: 1, NomineeKind.HOUSEHOLD: 2}


def font_missing_message() -> str:
    """What the clerk reads when no font with Vietnamese letters is installed (certificate.CertificateFontMissing)."""
    return _("No font with Vietnamese letters is installed for the certificates: the administrator installs "
             "fonts-liberation2 (make pdf) or names a .ttf file in KT_CERTIFICATE_FONT.")


def page_layout(layout: CertificateLayout) -> PageLayout:
    """The printable layout: only the fields the form wants printed."""
    width, height = layout.size_mm
    boxes = tuple(FieldBox(f.key.value, f.x_mm, f.y_mm, f.width_mm, f.font_size, f.lines, f.align.value, f.bold)
                  for f in sorted(layout.fields, key=lambda f: list(FieldKey).index(f.key)) if f.printed)
    return PageLayout(width, height, boxes)


def default_fields() -> list[CertificateField]:
    """A new layout's fields: the starting boxes of an A4 landscape form (certificate_sample.py)."""
    return [CertificateField(key=FieldKey(box.key), printed=True, x_mm=box.x_mm, y_mm=box.y_mm, width_mm=box.width_mm,
                             font_size=box.font_size, lines=box.lines, align=Align(box.align), bold=box.bold)
            for box in DEFAULT_BOXES]


def layout_for(decision: AwardDecision) -> CertificateLayout | None:
    """The layout bound to the decision's award, if an administrator bound one."""
    return db.session.scalar(select(CertificateLayout).where(CertificateLayout.award_id == decision.award_id)
                             .order_by(CertificateLayout.id).limit(1))


def awarded_by(decision: AwardDecision):
    """The condition of the decision's honourees still awarded: a cancellation (revoke_award) leaves the dossier's
    ``decision_id`` as it was and makes it NOT_APPROVED, and a revoked award is neither printed nor paid."""
    return (Dossier.decision_id == decision.id) & (Dossier.state == State.AWARDED)


def honourees(decision: AwardDecision, only: Collection[int] | None = None) -> list[Dossier]:
    """The decision's honourees still awarded, in the annex's order (collectives, individuals, households),
    ``only`` those ids if given (the ones a unit may see)."""
    query = (select(Dossier).where(awarded_by(decision))
             .options(joinedload(Dossier.unit), joinedload(Dossier.nominee_unit), joinedload(Dossier.campaign)))
    if only is not None:
        query = query.where(Dossier.id.in_(list(only)))
    rows = db.session.scalars(query).unique().all()
    return sorted(rows, key=lambda d: (_KIND_ORDER[d.nominee_kind], d.nominee_name, d.id))


def facts_of(decision: AwardDecision) -> DecisionFacts:
    province = current_app.config["PROVINCE_NAME"]
    title = ""
    if decision.issuer_unit is not None:  # a unit's Giấy khen is signed by its head, or for the head
        issuer = texts.issuer_for(decision.issuer_unit, province)
        head, deputy = issuer.head_title, issuer.deputy_title
        title = {SignerMode.CHAIRMAN: head, SignerMode.DEPUTY: f"KT. {head}\n{deputy}",
                 SignerMode.ACTING: f"Q. {head}",
                 SignerMode.BY_ORDER: f"TL. {head}\n{decision.signer_title}"}[decision.signer_mode]
    return DecisionFacts(reference=decision.reference, signed_on=decision.signed_on, place=province,
                         signer_mode="chairman" if decision.signer_mode is SignerMode.CHAIRMAN else "deputy",
                         signer_name=decision.signer_name, signer_title=title)


def achievement_of(dossier: Dossier) -> str:
    """The certificate's achievement line: the decision's wording for the campaign ("đã có thành tích …")."""
    campaign = dossier.campaign
    movement = campaign.movement.name if campaign.movement else campaign.name
    return texts.ACHIEVEMENT.format(movement=movement, period=f"năm {campaign.year}")


def certificates_of(decision: AwardDecision, dossiers: list[Dossier]) -> list[Certificate]:
    facts = facts_of(decision)
    return [certificate_of(Honour(d.nominee_name, position_unit(d), achievement_of(d)), facts) for d in dossiers]


def money_source_of(decision: AwardDecision) -> str:
    """Where the bonus money comes from: the deciding level's fund (documents.* texts, per award level)."""
    return document_texts.payment_money_source(decision.award.level.value)
