"""Issue the demo's provincial award decisions through the decisions module, as the secretary would.

The dossiers planned as "decided" are loaded approved; those still approved are issued here with
``prepare`` and ``issue`` of app/decisions/operations.py, so the register number, the amounts, the
legal bases of the day and the DOCX are exactly what the decision screen produces. Once awarded, a
dossier is left alone: a second run finds the decision through its dossiers and issues nothing.
"""
from datetime import date, timedelta

from app.decisions import operations
from app.demo.plan import DossierSpec
from app.demo.settings import CHAIRMAN, VICE_CHAIRMAN
from app.demo.tally import Tally
from app.documents.dates import vn_long_date
from app.models import Award, Dossier, Signer, User
from app.text import nfc
from app.workflow.calendar import WorkingCalendar
from app.models.base import LOCAL_TZ, local_today
from app.models.states import State

# award code -> (who signs, number of Home Affairs' submission (Tờ trình) that proposed the honourees)
DECISIONS = {
    # The Chairman's Bằng khen is usually signed on his behalf by the vice chairman for culture and society.
    "bang_khen_tinh": (VICE_CHAIRMAN, 412),
    "cstd_tinh": (CHAIRMAN, 418),
}


def _approved_on(dossier: Dossier) -> date:
    vote = next(e for e in reversed(dossier.events) if e.to_state is State.APPROVED)
    return vote.created_at.astimezone(LOCAL_TZ).date()


def _signing_day(calendar: WorkingCalendar, approved_on: date) -> date:
    """The last working day up to today, but never before the council approved the honourees."""
    day = local_today()
    while day > approved_on and not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return day


def issue_decisions(tally: Tally, pairs: list[tuple[DossierSpec, Dossier]], users: dict[str, User],
                    signers: dict[str, Signer], awards: dict[str, Award]) -> None:
    calendar = WorkingCalendar.load()
    for code, (signer_name, submission) in DECISIONS.items():
        dossiers = [d for spec, d in pairs if spec.target == "decided" and spec.award == code]
        issued = {d.decision_id for d in dossiers if d.decision_id is not None}
        tally.present("award decisions", len(issued))
        waiting = [d for d in dossiers if d.state is State.APPROVED]
        if not waiting:
            continue
        approved_on = max(_approved_on(d) for d in waiting)
        signed_on = _signing_day(calendar, approved_on)
        proposed_on = max(approved_on, signed_on - timedelta(days=3))
        draft = operations.prepare(awards[code], waiting, signed_on)
        operations.issue(users["secretary"], draft, signers[nfc(signer_name)], signed_on,
                         f"Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số {submission}/TTr-SNV "
                         f"{vn_long_date(proposed_on)}.")
        tally.created("award decisions")
