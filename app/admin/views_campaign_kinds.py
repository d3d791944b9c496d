"""Admin screens for what each campaign kind carries (app/campaign_kinds.py reads it): one row per kind,
created on first save; until then the kind follows campaign_kinds.DEFAULTS, which the page shows."""
from flask import abort, render_template, request
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app import campaign_kinds
from app.admin import bp
from app.admin.common import committed, render_form, sync_stage_days
from app.admin.forms_campaign_kinds import CampaignKindForm
from app.extensions import db
from app.models import Award, CampaignKind
from app.models.campaign_kinds import CampaignKindPolicy, CampaignKindStageDeadline


def _kind_or_404(value: str) -> CampaignKind:
    try:
        return CampaignKind(value)
    except ValueError:
        abort(404)


def _policies() -> dict[CampaignKind, CampaignKindPolicy]:
    rows = db.session.scalars(select(CampaignKindPolicy).options(
        selectinload(CampaignKindPolicy.open_awards), selectinload(CampaignKindPolicy.stage_deadlines)))
    return {row.kind: row for row in rows}


@bp.route("/campaign-kinds/")
def campaign_kinds_list():
    policies = _policies()
    rules = {kind: campaign_kinds.rules_for(kind) if kind in policies else campaign_kinds.DEFAULTS[kind]
             for kind in CampaignKind}
    return render_template("admin/campaign_kinds/list.html", kinds=list(CampaignKind), policies=policies, rules=rules)


@bp.route("/campaign-kinds/<kind_value>", methods=["GET", "POST"])
def campaign_kind_edit(kind_value: str):
    kind = _kind_or_404(kind_value)
    policy = _policies().get(kind)
    awards = db.session.scalars(select(Award).where(Award.active).order_by(Award.sort_order, Award.name)).all()
    form = CampaignKindForm()
    if request.method == "GET":
        defaults = campaign_kinds.DEFAULTS[kind]
        form.counts_for_streaks.data = policy.counts_for_streaks if policy else defaults.counts_for_streaks
        form.has_cluster_stage.data = policy.has_cluster_stage if policy else defaults.has_cluster_stage
        form.submission_working_days.data = policy.submission_working_days if policy else None
        form.all_awards_open.data = policy.all_awards_open if policy else True
        own = {row.state: row.working_days for row in policy.stage_deadlines} if policy else {}
        for state, field in form.stage_fields():
            field.data = own.get(state)
    open_ids = ({a.id for a in policy.open_awards} if policy else set()) if request.method == "GET" else {
        award.id for award in awards if request.form.get(f"award-{award.id}") == "y"}
    if form.validate_on_submit():
        if not form.all_awards_open.data and not open_ids:
            form.form_errors.append(_("Tick the awards open in these campaigns, or open every award."))
        else:
            saved = policy or CampaignKindPolicy(kind=kind)
            saved.counts_for_streaks = form.counts_for_streaks.data
            saved.has_cluster_stage = form.has_cluster_stage.data
            saved.submission_working_days = form.submission_working_days.data
            saved.all_awards_open = form.all_awards_open.data
            saved.open_awards = [] if form.all_awards_open.data else [a for a in awards if a.id in open_ids]
            sync_stage_days({row.state: row for row in saved.stage_deadlines}, form.stage_fields(),
                            add=lambda state, days: saved.stage_deadlines.append(
                                CampaignKindStageDeadline(state=state, working_days=days)),
                            remove=saved.stage_deadlines.remove)
            db.session.add(saved)
            try:
                db.session.flush()
            except IntegrityError:  # another administrator created the kind's row at the same moment
                db.session.rollback()
                form.form_errors.append(_("Someone saved this kind at the same time. Check the values and save "
                                          "again."))
            else:
                return committed(_("Campaign kind %(kind)s saved.", kind=kind.label), ".campaign_kinds_list")
    return render_form("admin/campaign_kinds/edit.html", form, kind=kind, awards=awards, open_ids=open_ids)
