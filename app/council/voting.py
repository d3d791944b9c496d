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


# Ratios are stored to three decimals, so two thirds is 0.667: a share that rounds to the ratio reaches it
# (10 of 15 members is 66.7 %, which is the two-thirds quorum, although 10/15 < 0.667).
_STORED_PRECISION = Decimal("0.0005")


def smallest_reaching(base: int, ratio: Decimal) -> int:
    """The smallest whole number of members whose share of ``base`` reaches ``ratio``."""
    return max(0, math.ceil(Decimal(base) * (Decimal(ratio) - _STORED_PRECISION)))


def quorum_needed(session: CouncilSession, award: Award) -> int:
    return smallest_reaching(session.members_total, award.quorum_ratio)


def evaluate(session: CouncilSession, award: Award, votes_for: int, votes_against: int,
             votes_abstain: int) -> VoteOutcome:
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
    needed = smallest_reaching(base, award.approval_threshold)
    return VoteOutcome(approved=votes_for >= needed, base=base, needed=needed)
