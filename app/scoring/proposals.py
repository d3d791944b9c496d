"""From a locked ranking to dossiers: the top unit for the flag, the next ones for Bằng khen.

Each proposed unit gets (or keeps) a collective dossier for the award in the chosen campaign, marked
as going through the cluster, with the minutes and the scoreboard attached; its officer completes it
and the usual workflow follows, where the endorse guard checks the same ranking.
"""
from io import BytesIO

from flask_babel import gettext as _
from sqlalchemy import select

from app import campaign_kinds
from app.extensions import db
from app.models import (
    INACTIVE_STATES,
    AttachmentType,
    Award,
    Campaign,
    ClusterScoring,
    Dossier,
    NomineeKind,
    ScoringStatus,
    Unit,
    User,
)
from app.nominations.operations import NomineeData, add_attachment, create_dossier, nominee_key
from app.scoring import spreadsheet
from app.scoring.operations import ScoringError, _audit, _require_manager, compute_ranking, proposal_slots

MINUTES_TYPE = "bien_ban_hop_cum"
EVIDENCE_TYPE = "khac"


def unit_names(scoring: ClusterScoring) -> dict[int, str]:
    ids = [sheet.unit_id for sheet in scoring.sheets]
    return dict(db.session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(ids))).all())


def documents(scoring: ClusterScoring) -> list[tuple[str, str, bytes]]:
    """(attachment type code, file name, content) of what goes with every proposal."""
    from app.scoring.minutes import render_minutes

    result = compute_ranking(scoring)
    names = unit_names(scoring)
    return [
        (MINUTES_TYPE, f"bien-ban-hop-cum-{scoring.year}.docx", render_minutes(scoring, result, names)),
        (EVIDENCE_TYPE, f"bang-diem-{scoring.year}.xlsx", spreadsheet.export_scoreboard(scoring, result, names)),
    ]


def propose(actor: User, scoring: ClusterScoring, campaign: Campaign) -> list[Dossier]:
    _require_manager(actor, scoring)
    if scoring.status is not ScoringStatus.LOCKED:
        raise ScoringError(_("Lock the scoring before proposing units."), 409)
    if campaign.year != scoring.year:
        raise ScoringError(_("Choose a campaign of %(year)s.", year=scoring.year))
    no_cluster = campaign_kinds.cluster_refusal(campaign)
    if no_cluster:
        raise ScoringError(no_cluster)
    from app.scoring.meeting import minutes_refusal  # the proposals attach the minutes

    refusal = minutes_refusal(scoring)
    if refusal:
        raise ScoringError(refusal, 409)
    result = compute_ranking(scoring)
    slots = proposal_slots(scoring, result)
    if not slots:
        raise ScoringError(_("No award is set for the proposals, or no unit is ranked."))
    ranks = {r.unit_id: r for r in result.ranked}
    types = {t.code: t for t in db.session.scalars(select(AttachmentType))}
    files = documents(scoring)
    dossiers = []
    for award_id in dict.fromkeys(slots.values()):  # an award the campaign's kind does not open: no dossier at all
        closed = campaign_kinds.award_refusal(campaign, db.session.get_one(Award, award_id))
        if closed:
            raise ScoringError(closed)
    for unit_id, award_id in slots.items():
        unit, award = db.session.get_one(Unit, unit_id), db.session.get_one(Award, award_id)
        dossier = (_existing(unit, award, campaign)
                   or _new_dossier(actor, unit, award, campaign, scoring, ranks[unit_id]))
        dossier.via_cluster = True
        for type_code, filename, content in files:
            if type_code in types and not any(a.type_id == types[type_code].id for a in dossier.attachments):
                add_attachment(actor, dossier, types[type_code], BytesIO(content), filename)
        dossiers.append(dossier)
    _audit(scoring, actor, "propose", ", ".join(f"{d.nominee_name}: {d.award.name}" for d in dossiers))
    db.session.flush()
    return dossiers


def _existing(unit: Unit, award: Award, campaign: Campaign) -> Dossier | None:
    # A draft its unit deleted stays deleted: the proposal is made anew.
    return db.session.scalar(select(Dossier).where(
        Dossier.campaign_id == campaign.id, Dossier.award_id == award.id,
        Dossier.nominee_key == nominee_key(NomineeKind.COLLECTIVE, unit.name, None),
        Dossier.state.not_in(INACTIVE_STATES), Dossier.deleted_at.is_(None)))


def _new_dossier(actor: User, unit: Unit, award: Award, campaign: Campaign, scoring: ClusterScoring,
                 result) -> Dossier:
    summary = (f"Xếp thứ {result.rank} trong {scoring.cluster.name} năm {scoring.year} "
               f"với tổng số {result.total.normalize():f} điểm (kết quả chấm điểm đã khóa).")
    data = NomineeData(campaign=campaign, award=award, kind=NomineeKind.COLLECTIVE, name=unit.name, gender=None,
                       birth_year=None, position="", nominee_unit_id=unit.id, achievement_summary=summary)
    return create_dossier(actor, data, unit_id=unit.id, via_cluster=True,
                          comment=_("Proposed by the cluster's ranking"))
