"""Council vote arithmetic: quorum and approval threshold, both from the award's data."""
import math
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _

from app.models import Award, CouncilSession, ThresholdBase


class VoteRejected(ValueError):
    """Numbers that cannot be (or a session without quorum); the message says why."""


@dataclass(frozen=True)
class VoteOutcome:
    approved: bool
    base: int
    needed: int


def quorum_needed(session: CouncilSession, award: Award) -> int:
    return math.ceil(Decimal(session.members_total) * Decimal(award.quorum_ratio) - Decimal("1e-9"))


def evaluate(session: CouncilSession, award: Award, votes_for: int, votes_against: int, votes_abstain: int) -> VoteOutcome:
    if min(votes_for, votes_against, votes_abstain) < 0:
        raise VoteRejected(_("Vote counts cannot be negative."))
    cast = votes_for + votes_against + votes_abstain
    if cast > session.members_present:
        raise VoteRejected(_("%(cast)s votes counted but only %(present)s members are present.",
                             cast=cast, present=session.members_present))
    needed_present = quorum_needed(session, award)
    if session.members_present < needed_present:
        raise VoteRejected(_("No quorum: %(present)s of %(total)s members present, %(needed)s needed.",
                             present=session.members_present, total=session.members_total, needed=needed_present))
    base = session.members_total if award.threshold_base is ThresholdBase.ALL_MEMBERS else session.members_present
    # The smallest whole number of votes that reaches the threshold share of the base.
    needed = math.ceil(Decimal(base) * Decimal(award.approval_threshold) - Decimal("1e-9"))
    return VoteOutcome(approved=votes_for >= needed, base=base, needed=needed)
