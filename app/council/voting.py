"""Council vote arithmetic: quorum and approval threshold, both from the award's data."""
from dataclasses import dataclass

from flask_babel import gettext as _

from app.models import Award, CouncilSession, ThresholdBase
from app.numbers import smallest_reaching


class VoteRejected(ValueError):
    """Numbers that cannot be (or a session without quorum); the message says why."""


@dataclass(frozen=True)
class VoteOutcome:
    approved: bool
    base: int
    needed: int


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
