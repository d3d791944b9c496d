"""Administration: the ADMIN-only guard for the whole blueprint and the index of sections."""
from flask import abort, render_template
from flask_login import current_user, login_required
from sqlalchemy import func, select

from app.access import can_administer
from app.admin import bp
from app.extensions import db
from app.models import (
    AttachmentType,
    Award,
    Campaign,
    CampaignKindPolicy,
    Cluster,
    EligibilityRule,
    LegalBasis,
    Movement,
    SalaryBase,
    Signer,
    StageDeadline,
    Unit,
    User,
    WorkingDayOverride,
)


@bp.before_request
@login_required
def require_admin():
    if not can_administer(current_user):
        abort(403)


@bp.route("/")
def index():
    def count(model):
        return db.session.scalar(select(func.count()).select_from(model))

    counts = {
        "units": count(Unit), "clusters": count(Cluster), "users": count(User), "awards": count(Award),
        "attachment_types": count(AttachmentType), "movements": count(Movement), "campaigns": count(Campaign),
        "salary_bases": count(SalaryBase), "legal_bases": count(LegalBasis), "signers": count(Signer),
        "stage_deadlines": count(StageDeadline), "working_day_overrides": count(WorkingDayOverride),
        "eligibility_rules": count(EligibilityRule), "campaign_kinds": count(CampaignKindPolicy),
    }
    return render_template("admin/index.html", counts=counts)
