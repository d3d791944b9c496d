"""The demo's award decisions and proposal letters, issued through the decisions module as the secretary would.

``prepare`` and ``issue`` of app/decisions/operations.py number them in the year's register, compute
the amounts, take the legal bases of the day, render the DOCX and move the dossiers on through the
workflow engine, stamped with the demo's past moment (``at=``):

* a central award's dossier is proposed to the Prime Minister by its own Tờ trình at that step of its
  history (``propose_to_central``; app/demo/dossiers.py takes these steps in date order);
* the dossiers planned as "decided" are loaded approved and then awarded together, one provincial
  decision per award (``issue_decisions``). Once awarded a dossier is left alone: a second run finds
  the decision through its dossiers and issues nothing;
* the dossiers planned as "approved" show the decision's life on the screens (app/decisions/life.py): a
  draft (dự thảo) for the first of them and a draft sent for signature for the others, waiting for the
  clerk's number, date and signed copy (``draft_decisions``). A second run finds them open and adds none.
"""
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from app.decisions import life, operations, unit_life
from app.demo.plan import DossierSpec
from app.demo.settings import CHAIRMAN, VICE_CHAIRMAN
from app.demo.tally import Tally
from app.documents.dates import vn_long_date
from app.extensions import db
from app.models import Award, AwardDecision, AwardLevel, DecisionStatus, Dossier, DossierEvent, Signer, User
from app.models.base import LOCAL_TZ, local_today
from app.models.states import State
from app.text import nfc
from app.workflow.calendar import WorkingCalendar

# award code -> (who signs, the place of Home Affairs' submission among those of its day)
DECISIONS = {
    # The Chairman's Bằng khen is usually signed on his behalf by the vice chairman for culture and society.
    "bang_khen_tinh": (VICE_CHAIRMAN, 0),
    "cstd_tinh": (CHAIRMAN, 1),
}
# The province's proposals to the Prime Minister are signed by the Chairman.
PROPOSAL_SIGNER = CHAIRMAN
SUBMISSION_DAYS = 3  # Home Affairs submits this many days before the province signs, never before the vote


def _vote(dossier: Dossier) -> DossierEvent:
    return next(e for e in reversed(dossier.events) if e.to_state is State.APPROVED)


def _local_day(moment: datetime) -> date:
    return moment.astimezone(LOCAL_TZ).date()


def _submission(approved_on: date, signed_on: date, place: int, lead: str) -> str:
    """The citation of Home Affairs' submission, numbered as its register would be on that day."""
    submitted_on = max(approved_on, signed_on - timedelta(days=SUBMISSION_DAYS))
    # About five submissions every four days since the first of January; ``place`` orders those of one day.
    number = submitted_on.timetuple().tm_yday * 5 // 4 + place
    return f"{lead} đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số {number}/TTr-SNV {vn_long_date(submitted_on)}"


def propose_to_central(tally: Tally, secretary: User, dossier: Dossier, signers: dict[str, Signer],
                       at: datetime) -> None:
    """Forward an approved central-award dossier by a Tờ trình signed on ``at``'s day."""
    signed_on = _local_day(at)
    draft = operations.prepare(dossier.award, [dossier], signed_on)
    reference = _submission(_local_day(_vote(dossier).created_at), signed_on, 0, "Xét") + ","
    operations.issue(secretary, draft, signers[nfc(PROPOSAL_SIGNER)], signed_on, reference, at=at)
    tally.created("central proposals")


def _signing_day(calendar: WorkingCalendar, approved_on: date) -> date:
    """The last working day before today (so the decision is in the past), never before the council's vote."""
    day = max(local_today() - timedelta(days=1), approved_on)
    while day > approved_on and not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return day


def _signing_moment(signed_on: date, last_vote: datetime) -> datetime:
    """Half past nine on the signing day, or half an hour after the vote when the council sat that day."""
    morning = datetime(signed_on.year, signed_on.month, signed_on.day, 2, 30, tzinfo=UTC)
    return max(morning, last_vote + timedelta(minutes=30))


def issue_decisions(tally: Tally, pairs: list[tuple[DossierSpec, Dossier]], users: dict[str, User],
                    signers: dict[str, Signer], awards: dict[str, Award]) -> None:
    calendar = WorkingCalendar.load()
    for code, (signer_name, place) in DECISIONS.items():
        dossiers = [d for spec, d in pairs if spec.target == "decided" and spec.award == code]
        issued = {d.decision_id for d in dossiers if d.decision_id is not None}
        tally.present("award decisions", len(issued))
        waiting = [d for d in dossiers if d.state is State.APPROVED]
        if not waiting:
            continue
        last_vote = max(_vote(d).created_at for d in waiting)
        approved_on = _local_day(last_vote)
        signed_on = _signing_day(calendar, approved_on)
        draft = operations.prepare(awards[code], waiting, signed_on)
        operations.issue(users["secretary"], draft, signers[nfc(signer_name)], signed_on,
                         _submission(approved_on, signed_on, place, "Theo") + ".",
                         at=_signing_moment(signed_on, last_vote))
        tally.created("award decisions")
    draft_decisions(tally, pairs, users, signers)
    unit_decisions(tally, pairs, users)


def unit_decisions(tally: Tally, pairs: list[tuple[DossierSpec, Dossier]], users: dict[str, User]) -> None:
    """The home unit's own decision for its unit-level awards its council approved: drafted by its officer, sent,
    signed (numbered in the unit's register) and so issued by its head (DOMAIN.md §10b)."""
    waiting = [d for spec, d in pairs if spec.target == "decided" and d.award.level is AwardLevel.UNIT
               and d.state is State.APPROVED]
    tally.present("unit decisions", len({d.decision_id for spec, d in pairs
                                        if d.award.level is AwardLevel.UNIT and d.decision_id is not None}))
    for award in {d.award for d in waiting}:
        dossiers = [d for d in waiting if d.award is award]
        decision = unit_life.create_draft(users["officer"], award, dossiers, "")
        life.send(users["officer"], decision)
        unit_life.sign_and_issue(users["unithead"], decision)
        tally.created("unit decisions")


def draft_decisions(tally: Tally, pairs: list[tuple[DossierSpec, Dossier]], users: dict[str, User],
                    signers: dict[str, Signer]) -> None:
    """One draft decision and one sent for signature, from the provincial dossiers approved by the council."""
    open_now = db.session.scalar(select(func.count()).select_from(AwardDecision)
                                 .where(AwardDecision.status != DecisionStatus.ISSUED)) or 0
    if open_now:
        tally.present("decisions in progress", open_now)
        return
    approved = sorted((d for spec, d in pairs if spec.target == "approved" and d.state is State.APPROVED
                       and not d.award.is_central), key=lambda d: (d.award_id, d.id))
    if len(approved) < 2:
        return
    today = local_today()
    signer = signers[nfc(VICE_CHAIRMAN)]
    # The first award's first dossier waits in a draft; the next batch (same award, or the next) is sent.
    batches = [[approved[0]]]
    for dossier in approved[1:]:
        if len(batches) == 1 or dossier.award_id != batches[-1][0].award_id:
            batches.append([])
        batches[-1].append(dossier)
    # Any further award's approved dossiers stay for a user to draft from the decisions screen.
    for index, batch in enumerate(batches[:2]):
        reference = _submission(today, today, 2 + index, "Theo") + "."
        decision = life.create_draft(users["secretary"], batch[0].award, batch, signer, reference)
        if index:
            life.send(users["secretary"], decision)
        tally.created("decisions in progress")
