"""Which events notify whom, as one table: the kinds (label, wording, e-mail by default) and the rules
that turn a dossier's history row into notifications.

A rule names the history action (and, for routed actions, the states it must reach) and who hears of
it; the wording takes the parameters stored on the notification, so it is written in the reader's
language when shown or e-mailed, never in the actor's.
"""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.models import State


def _day(value: str | None) -> str:
    return format_date(date.fromisoformat(value), "dd/MM/yyyy") if value else "—"


@dataclass(frozen=True)
class Kind:
    name: str
    label: object  # for the preferences page
    text: Callable[[dict], str]  # the sentence, in the current locale, from the stored parameters
    email_default: bool


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("returned", _l("Dossier returned"),
         lambda p: _("“%(nominee)s” was returned to your unit: %(comment)s", **p), True),
    Kind("supplement", _l("Supplement requested"),
         lambda p: _("A supplement is requested for “%(nominee)s” by %(deadline)s: %(comment)s",
                     nominee=p["nominee"], comment=p["comment"], deadline=_day(p.get("deadline"))), True),
    Kind("moved_on", _l("Dossier moved on"),
         lambda p: _("“%(nominee)s” moved on: %(step)s", nominee=p["nominee"], step=_step(p["action"])), False),
    Kind("decision", _l("Award decision issued"),
         lambda p: _("An award decision was issued for “%(nominee)s”", **p), True),
    # A cancellation decision (thu hồi, hủy bỏ) revoked the award (app/decisions/amendments.py).
    Kind("award_revoked", _l("Award revoked"),
         lambda p: _("The award of “%(nominee)s” was revoked: %(comment)s", **p), True),
    Kind("cluster_proposal", _l("Proposal by the cluster"),
         lambda p: _("Your cluster proposes your unit: a dossier “%(nominee)s” was created for it", **p), True),
    Kind("due_soon", _l("Deadline within 3 working days"),
         lambda p: _("“%(nominee)s” is due on %(deadline)s", nominee=p["nominee"], deadline=_day(p.get("deadline"))),
         True),
    Kind("overdue", _l("Deadline passed"),
         lambda p: _("“%(nominee)s” is overdue since %(deadline)s",
                     nominee=p["nominee"], deadline=_day(p.get("deadline"))), True),
    # Periodic reports on a movement (issue 11, app/reports): to the reporting unit's officers and head.
    Kind("report_due_soon", _l("Report due within 3 working days"),
         lambda p: _("The report “%(round)s” of %(unit)s is due on %(deadline)s",
                     round=p["round"], unit=p["unit"], deadline=_day(p.get("deadline"))), True),
    Kind("report_overdue", _l("Report overdue"),
         lambda p: _("The report “%(round)s” of %(unit)s is overdue since %(deadline)s",
                     round=p["round"], unit=p["unit"], deadline=_day(p.get("deadline"))), True),
    Kind("report_reminder", _l("Reminder to report"),
         lambda p: _("The Department of Home Affairs reminds %(unit)s to submit the report “%(round)s” "
                     "(due %(deadline)s)", round=p["round"], unit=p["unit"], deadline=_day(p.get("deadline"))), True),
    Kind("report_returned", _l("Report returned for correction"),
         lambda p: _("The report “%(round)s” of %(unit)s was returned for correction: %(comment)s",
                     round=p["round"], unit=p["unit"], comment=p.get("comment", "")), True),
    # Registration for a movement's year (issue 11, app/movements/due.py): to the unit's officers and head.
    Kind("registration_due_soon", _l("Registration due within 3 working days"),
         lambda p: _("%(unit)s has not registered for %(year)s in “%(movement)s”: the deadline is %(deadline)s",
                     unit=p["unit"], year=p["year"], movement=p["movement"], deadline=_day(p.get("deadline"))), True),
    Kind("registration_overdue", _l("Registration overdue"),
         lambda p: _("%(unit)s has not registered for %(year)s in “%(movement)s”: the deadline was %(deadline)s",
                     unit=p["unit"], year=p["year"], movement=p["movement"], deadline=_day(p.get("deadline"))), True),
)}


def _step(action: str) -> str:
    return {
        "approve": _("approved by the unit head"),
        "endorse": _("endorsed by the cluster"),
        "forward": _("forwarded by the appraiser"),
        "record_vote": _("approved by the council"),
        "forward_central": _("proposed to the central level"),
    }.get(action, action)


# Who hears of an event. "unit_officers": the nominating unit's officers; "unit_staff": its officers and head.
UNIT_OFFICERS, UNIT_STAFF = "unit_officers", "unit_staff"


@dataclass(frozen=True)
class Rule:
    action: str
    kind: str
    recipients: str
    to_states: frozenset[State] | None = None  # routed actions: only when they reach one of these
    # Only when the actor acts from outside the dossier's unit (a cluster creating a member's dossier).
    from_outside: bool = False


RULES: tuple[Rule, ...] = (
    Rule("return", "returned", UNIT_OFFICERS),
    Rule("request_supplement", "supplement", UNIT_OFFICERS),
    Rule("approve", "moved_on", UNIT_STAFF),
    Rule("endorse", "moved_on", UNIT_STAFF),
    Rule("forward", "moved_on", UNIT_STAFF),
    Rule("record_vote", "moved_on", UNIT_STAFF, to_states=frozenset({State.APPROVED})),
    Rule("record_unit_vote", "moved_on", UNIT_STAFF, to_states=frozenset({State.APPROVED})),
    Rule("issue_unit_decision", "decision", UNIT_STAFF),
    Rule("forward_central", "moved_on", UNIT_STAFF),
    Rule("issue_decision", "decision", UNIT_STAFF),
    Rule("record_central", "decision", UNIT_STAFF),
    Rule("revoke_award", "award_revoked", UNIT_STAFF),
    Rule("create", "cluster_proposal", UNIT_STAFF, from_outside=True),
)

# The daily job's kinds (``operations.create_due_reminders``): whoever's turn it is (the inbox's rule).
DUE_SOON_WORKING_DAYS = 3
