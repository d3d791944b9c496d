"""Dossier states: the one place that knows each state's value, label, badge colour and group (final, editable…)."""
import enum

from flask_babel import lazy_gettext as _l


class State(enum.Enum):
    DRAFT = "draft"
    UNIT_REVIEW = "unit_review"
    RETURNED = "returned"
    CLUSTER_REVIEW = "cluster_review"
    SUBMITTED = "submitted"
    APPRAISAL = "appraisal"
    PUBLIC_NOTICE = "public_notice"
    COUNCIL_REVIEW = "council_review"
    APPROVED = "approved"
    NOT_APPROVED = "not_approved"
    PROPOSED_TO_CENTRAL = "proposed_to_central"
    AWARDED = "awarded"
    WITHDRAWN = "withdrawn"
    ON_HOLD = "on_hold"

    @property
    def label(self):
        return _LABELS[self]

    @property
    def badge(self) -> str:
        """Bootstrap colour name for the state's badge."""
        return _BADGES[self]

    @property
    def is_final(self) -> bool:
        return self in FINAL_STATES


FINAL_STATES = frozenset({State.AWARDED, State.NOT_APPROVED, State.WITHDRAWN})
# A dossier in one of these states blocks another for the same nominee, award and campaign.
INACTIVE_STATES = frozenset({State.NOT_APPROVED, State.WITHDRAWN})
EDITABLE_STATES = frozenset({State.DRAFT, State.RETURNED})

_LABELS = {
    State.DRAFT: _l("Draft"),
    State.UNIT_REVIEW: _l("Awaiting unit head"),
    State.RETURNED: _l("Returned for rework"),
    State.CLUSTER_REVIEW: _l("Cluster review"),
    State.SUBMITTED: _l("Submitted to Home Affairs"),
    State.APPRAISAL: _l("Under appraisal"),
    State.PUBLIC_NOTICE: _l("Public notice"),
    State.COUNCIL_REVIEW: _l("Council review"),
    State.APPROVED: _l("Approved by council"),
    State.NOT_APPROVED: _l("Not approved"),
    State.PROPOSED_TO_CENTRAL: _l("Proposed to central level"),
    State.AWARDED: _l("Awarded"),
    State.WITHDRAWN: _l("Withdrawn"),
    State.ON_HOLD: _l("On hold"),
}

_BADGES = {
    State.DRAFT: "secondary",
    State.UNIT_REVIEW: "info",
    State.RETURNED: "warning",
    State.CLUSTER_REVIEW: "info",
    State.SUBMITTED: "primary",
    State.APPRAISAL: "primary",
    State.PUBLIC_NOTICE: "primary",
    State.COUNCIL_REVIEW: "primary",
    State.APPROVED: "success",
    State.NOT_APPROVED: "danger",
    State.PROPOSED_TO_CENTRAL: "success",
    State.AWARDED: "success",
    State.WITHDRAWN: "dark",
    State.ON_HOLD: "warning",
}
