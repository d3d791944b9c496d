"""The eligibility engine's verdict on the dossier page: what the registry says of the nominee against the
award's rules in force (issue 8). A warning for the officer, who can still submit; the appraiser decides.

``eligibility_of(dossier)`` is a template global: the rules and catalogue are read once per request
(``RuleBook.load`` kept on ``flask.g``), the nominee's facts from the registry
(``app.eligibility.registry_facts``) and a collective's cluster ranks from the scoring package (this
module sits above both). Who sees it: ``access.can_see_eligibility``.
"""
from dataclasses import dataclass

from flask import g

from app.eligibility import registry_facts
from app.eligibility.engine import Result
from app.eligibility.store import RuleBook
from app.models import Dossier, Verdict
from app.scoring.eligibility import cluster_rank_facts
from app.workflow import bp

_BADGE = {Verdict.ELIGIBLE: "success", Verdict.NEEDS_EVIDENCE: "secondary", Verdict.NOT_ELIGIBLE: "danger",
          Verdict.HOLD: "warning"}


@dataclass(frozen=True)
class Panel:
    result: Result
    badge: str  # the Bootstrap colour of the verdict


def rule_book() -> RuleBook:
    """The rules and catalogue, read once for this request."""
    if "rule_book" not in g:
        g.rule_book = RuleBook.load()
    return g.rule_book


@bp.app_template_global()
def eligibility_of(dossier: Dossier) -> Panel:
    result = registry_facts.verdict_for(dossier, rule_book(), cluster_rank_facts(dossier))
    return Panel(result=result, badge=_BADGE[result.verdict])
