"""The eligibility engine's verdict where people work on dossiers: what the registry says of the nominee
against the award's rules in force (issue 8), with the appraiser's current review of it. A warning for the
officer, who can still submit; the appraiser decides (``app.workflow.eligibility_review``).

``eligibility_of(dossier)`` is a template global for the dossier page; ``eligibility_lines(dossiers)``
answers for a council agenda or an inbox page in a fixed number of statements, whatever their length. The
rules and catalogue are read once per request (``RuleBook.load`` kept on ``flask.g``), the nominees' facts
from the registry (``app.eligibility.registry_facts``) and collectives' cluster ranks from the scoring
package (this module sits above both). Who sees it: ``access.can_see_eligibility``.
"""
from collections.abc import Iterable
from dataclasses import dataclass

from flask import g

from app import cache
from app.eligibility import registry_facts
from app.eligibility.engine import Result
from app.eligibility.store import RuleBook
from app.models import Dossier, EligibilityReview, Verdict
from app.scoring.eligibility import cluster_rank_facts_for
from app.workflow import bp
from app.workflow.eligibility_review import current_reviews

_BADGE = {Verdict.ELIGIBLE: "success", Verdict.NEEDS_EVIDENCE: "secondary", Verdict.NOT_ELIGIBLE: "danger",
          Verdict.HOLD: "warning"}


@bp.app_template_filter("verdict_badge")
def verdict_badge(verdict: Verdict) -> str:
    """The Bootstrap colour of a verdict's badge."""
    return _BADGE[verdict]


@dataclass(frozen=True)
class Panel:
    result: Result
    badge: str  # the Bootstrap colour of the engine's verdict
    review: EligibilityReview | None = None  # the appraiser's current review, if any


def rule_book() -> RuleBook:
    """The rules and catalogue: values, kept in each process's memory until an award or a rule is edited
    (app/cache.py), so a dossier page or the inbox reads no rule (issue 14)."""
    return cache.cached(cache.ELIGIBILITY, RuleBook.load)


def eligibility_lines(dossiers: Iterable[Dossier]) -> dict[int, Panel]:
    """dossier id → the engine's verdict and the current review, for all the dossiers at once."""
    dossiers = list(dict.fromkeys(dossiers))
    if not dossiers:
        return {}
    results = registry_facts.verdicts_for(dossiers, rule_book(), cluster_rank_facts_for(dossiers))
    # A dossier read with its latest review's id (the dossier page: 0 when never reviewed) needs no look-up.
    reviews = current_reviews(d.id for d in dossiers if d.latest_review_id != 0)
    return {dossier_id: Panel(result=result, badge=_BADGE[result.verdict], review=reviews.get(dossier_id))
            for dossier_id, result in results.items()}


@bp.app_template_global()
def eligibility_of(dossier: Dossier) -> Panel:
    """The dossier page's panel (kept for the request: the panel and the review card both ask)."""
    panels = g.setdefault("eligibility_panels", {})
    if dossier.id not in panels:
        panels[dossier.id] = eligibility_lines([dossier])[dossier.id]
    return panels[dossier.id]
