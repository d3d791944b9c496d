"""The documents page (/paperwork/) and the downloads of the process documents; each download checks
``app.access`` and the scope of the dossiers it reads, and answers DOCX or, with ?format=pdf, PDF."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select

from app import access
from app.downloads import send_document
from app.extensions import db
from app.models import Campaign, Dossier, PublicComment, State, Unit
from app.paperwork import bp, common, notices, public_notice, unit_forms
from app.text import clean_text


@bp.before_request
@login_required
def signed_in():
    """Every page here is for signed-in users; each view checks its own permission."""


def _campaign_or_404(campaign_id: int) -> Campaign:
    return db.session.get(Campaign, campaign_id) or abort(404)


def _unit_papers_or_404(unit_id: int) -> Unit:
    unit = db.session.get(Unit, unit_id)
    if unit is None:
        abort(404)
    if not access.can_read_unit_papers(current_user, unit.id):
        abort(403)
    return unit


def _nothing(message: str) -> ResponseReturnValue:
    flash(message, "warning")
    return redirect(url_for(".index"), code=303)


@bp.route("/")
def index():
    """What the user may download: the province picks a campaign (and a unit for the letters); a unit's
    people see their own unit's Tờ trình and letters per campaign."""
    campaigns = list(db.session.scalars(select(Campaign).order_by(Campaign.year.desc(), Campaign.name)))
    province = access.can_read_public_notice_papers(current_user)
    noticed = {}
    if province:
        noticed = dict(db.session.execute(
            select(Dossier.campaign_id, func.count()).where(Dossier.notice_ends_on.is_not(None),
                                                            Dossier.deleted_at.is_(None))
            .group_by(Dossier.campaign_id)).all())
    units = []
    if province:
        units = list(db.session.scalars(select(Unit).where(Unit.valid_to.is_(None)).order_by(Unit.name)))
    elif current_user.unit_id is not None and current_user.role.is_unit_role:
        units = [current_user.unit]
    chosen_unit = request.args.get("unit", type=int)
    unit = next((u for u in units if u.id == chosen_unit), units[0] if len(units) == 1 else None)
    return render_template("paperwork/index.html", campaigns=campaigns, noticed=noticed, province=province,
                           units=units, unit=unit, letters=notices.LETTERS.values())


def _public_notice_paper(campaign_id: int, kind: str, build, stem: str, empty: str) -> ResponseReturnValue:
    if not access.can_read_public_notice_papers(current_user):
        abort(403)
    campaign = _campaign_or_404(campaign_id)
    try:
        context = build(campaign)
    except public_notice.NothingToPrint:
        return _nothing(empty)
    return send_document(common.render(kind, context), f"{stem}-{campaign.id}")


@bp.route("/campaigns/<id:campaign_id>/public-notice.docx")
def public_notice_document(campaign_id: int):
    return _public_notice_paper(campaign_id, "public_notice", public_notice.notice_context, "thong-bao-cong-khai",
                                _("No dossier of this campaign is under public notice now."))


@bp.route("/campaigns/<id:campaign_id>/public-notice-report.docx")
def public_notice_report(campaign_id: int):
    return _public_notice_paper(campaign_id, "public_notice_report", public_notice.report_context,
                                "bao-cao-y-kien-cong-khai", _("No dossier of this campaign has had a public notice."))


def _letter_or_404(slug: str) -> notices.LetterKind:
    letter = notices.LETTERS.get(slug)
    if letter is None:
        abort(404)
    return letter


@bp.route("/units/<id:unit_id>/campaigns/<id:campaign_id>/<slug>.docx")
def unit_letter(unit_id: int, campaign_id: int, slug: str):
    """A letter to the unit about all its dossiers of the campaign that it concerns."""
    letter = _letter_or_404(slug)
    unit = _unit_papers_or_404(unit_id)
    campaign = _campaign_or_404(campaign_id)
    dossiers = notices.dossiers_for(letter, unit, campaign_id=campaign.id)
    if not dossiers:
        return _nothing(_("No dossier of this unit in this campaign calls for this letter."))
    return send_document(common.render(letter.name, notices.letter_context(letter, unit, dossiers)),
                         f"{letter.slug}-{unit.id}-{campaign.id}")


def _visible_dossier(dossier_id: int) -> Dossier:
    dossier = access.get_visible_dossier_or_404(current_user, dossier_id)
    if not access.can_read_unit_papers(current_user, dossier.unit_id):
        abort(403)
    return dossier


@bp.route("/dossiers/<id:dossier_id>/<slug>.docx")
def dossier_letter(dossier_id: int, slug: str):
    """A letter about one dossier (from the dossier's page)."""
    letter = _letter_or_404(slug)
    dossier = _visible_dossier(dossier_id)
    dossiers = notices.dossiers_for(letter, dossier.unit, dossier_id=dossier.id)
    if not dossiers:
        flash(_("This letter does not apply to the dossier at its present stage."), "warning")
        return redirect(url_for("nominations.detail", dossier_id=dossier.id), code=303)
    return send_document(common.render(letter.name, notices.letter_context(letter, dossier.unit, dossiers)),
                         f"{letter.slug}-ho-so-{dossier.id}")


@bp.route("/units/<id:unit_id>/campaigns/<id:campaign_id>/proposal.docx")
def unit_proposal(unit_id: int, campaign_id: int):
    unit = _unit_papers_or_404(unit_id)
    campaign = _campaign_or_404(campaign_id)
    dossiers = unit_forms.proposal_dossiers(unit, campaign)
    if not dossiers:
        return _nothing(_("This unit has no dossier to propose in this campaign."))
    return send_document(common.render("unit_proposal", unit_forms.proposal_context(unit, campaign, dossiers)),
                         f"to-trinh-{unit.id}-{campaign.id}")


@bp.route("/dossiers/<id:dossier_id>/achievement-report.docx")
def achievement_report(dossier_id: int):
    """The báo cáo thành tích form pre-filled for the dossier, to complete in Word and upload back."""
    dossier = _visible_dossier(dossier_id)
    kind = unit_forms.report_kind(dossier)
    return send_document(common.render(kind, unit_forms.report_context(dossier)), f"bao-cao-thanh-tich-{dossier.id}")


@bp.route("/comments/<id:comment_id>/handling", methods=["POST"])
def comment_handling(comment_id: int):
    """The appraiser records how a citizen's comment was dealt with (printed in the report on comments)."""
    if not access.can_handle_public_comments(current_user):
        abort(403)
    comment = db.session.get(PublicComment, comment_id) or abort(404)
    text = clean_text(request.form.get("handling"))
    if not text or len(text) > public_notice.HANDLING_MAX:
        flash(_("Say how the comment was handled (at most %(n)s characters).", n=public_notice.HANDLING_MAX),
              "warning")
    else:
        public_notice.record_handling(current_user, comment, text)
        db.session.commit()
        flash(_("Handling recorded."), "success")
    return redirect(url_for("nominations.detail", dossier_id=comment.dossier_id, _anchor="public-comments"), code=303)


@bp.app_template_global()
def dossier_papers(dossier: Dossier) -> list[tuple[str, str]]:
    """The letters that apply to the dossier now, as (label, slug), for its page."""
    if dossier.submitted_at is None or dossier.state is State.DRAFT:
        return []
    return [(letter.subject[4:], letter.slug) for letter in notices.LETTERS.values() if letter.qualifies(dossier)]
