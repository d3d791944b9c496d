"""The appraiser's review of the eligibility engine's verdict (issue 8; DOMAIN §9: "it warns, the appraiser
decides"): on intake and appraisal the appraiser agrees with the engine or overrides it — the verdict they
hold instead, with a required reason.

``record_review`` is the one write path (the dossier page and the inbox's bulk "agree" use it): it checks
who acts (``access.can_review_eligibility``), keeps the engine's verdict of the moment on the
``EligibilityReview`` row and writes a line in the dossier's history (``DossierEvent``, the state kept) in
the same transaction; it flushes, the view commits. A later review supersedes the earlier one: the current
review is the dossier's latest (``current_reviews`` reads them for many dossiers in one statement).
"""
from collections.abc import Iterable
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app import access
from app.eligibility.engine import Result
from app.extensions import db
from app.models import Dossier, DossierEvent, EligibilityReview, User, Verdict
from app.models.base import utcnow

AGREE, OVERRIDE = "eligibility_agree", "eligibility_override"
# History labels of the two lines a review writes (the timeline asks ``workflow.views.event_label``).
EVENT_LABELS = {AGREE: _l("Agreed with the automatic eligibility check"),
                OVERRIDE: _l("Overrode the automatic eligibility check")}


class ReviewRefused(Exception):
    """A refused review; ``status`` is the HTTP status the view answers with."""

    def __init__(self, message: str, status: int = 422):
        super().__init__(message)
        self.message = message
        self.status = status


def record_review(actor: User, dossier: Dossier, result: Result, *, agrees: bool, verdict: Verdict | None = None,
                  reason: str = "", seen: Verdict | None = None, at: datetime | None = None) -> EligibilityReview:
    """Record the appraiser's review of ``result`` (the engine's verdict on the dossier now).

    ``seen`` is the verdict the page showed: if the registry changed since, the appraiser must look again
    before agreeing with something they did not see (409). An override needs its verdict and a reason (422).
    """
    if not access.can_review_eligibility(actor, dossier):
        raise ReviewRefused(_("Only the appraiser reviews the eligibility check, on intake and appraisal."), 403)
    if seen is not None and seen is not result.verdict:
        raise ReviewRefused(_("The automatic check now says “%(verdict)s”, not what the page showed. "
                              "Reload the page and review it again.", verdict=result.verdict.label), 409)
    reason = (reason or "").strip()
    if agrees:
        verdict = result.verdict
    else:
        if verdict is None:
            raise ReviewRefused(_("Choose the verdict you hold instead."))
        if not reason:
            raise ReviewRefused(_("Give the reason for overriding the automatic check."))
    at = at or utcnow()
    if agrees:
        comment = _("Automatic check: %(verdict)s.", verdict=result.verdict.label)
    else:
        comment = _("Held: %(verdict)s (automatic check: %(engine)s).", verdict=verdict.label,
                    engine=result.verdict.label)
    event = DossierEvent(dossier=dossier, action=AGREE if agrees else OVERRIDE, actor=actor, actor_role=actor.role,
                         from_state=dossier.state, to_state=dossier.state,
                         comment=f"{comment} {reason}" if reason else comment, created_at=at)
    review = EligibilityReview(dossier=dossier, engine_verdict=result.verdict, rule_set=result.rule_set[:300],
                               engine_reasons=result.reasons, agrees=agrees, verdict=verdict, reason=reason,
                               reviewed_by=actor, reviewed_at=at, event=event)
    db.session.add_all([event, review])
    db.session.flush()
    return review


def current_reviews(dossier_ids: Iterable[int]) -> dict[int, EligibilityReview]:
    """dossier id → its current (latest) review, for any number of dossiers in one statement."""
    ids = sorted(set(dossier_ids))
    if not ids:
        return {}
    latest = (select(func.max(EligibilityReview.id)).where(EligibilityReview.dossier_id.in_(ids))
              .group_by(EligibilityReview.dossier_id))
    reviews = db.session.scalars(select(EligibilityReview).where(EligibilityReview.id.in_(latest)))
    return {r.dossier_id: r for r in reviews}
