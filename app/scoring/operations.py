"""Every change to a scoring round, in one place: each checks who acts and in which status, raises
``ScoringError`` with the reason, writes the audit row where it matters, and flushes; the view commits.

The audit rows are append-only (database triggers, ``app.models.history``). The steps of a round take
``at``, the moment of the action (UTC, default now), for importers of past history (the demo), as the
nominations operations and the workflow engine do: the row is written with its time, never moved later.
"""
from datetime import date, datetime
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from app import access, numbers
from app.extensions import db
from app.models import (
    AcclamationVote,
    Award,
    ClusterMembership,
    ClusterScoring,
    ItemKind,
    ScoreEntry,
    ScoreSheet,
    ScoringEvent,
    ScoringGroup,
    ScoringItem,
    ScoringStatus,
    SheetStatus,
    TieBreak,
    Unit,
    User,
)
from app.models.base import utcnow
from app.scoring import ranking


class ScoringError(ValueError):
    """A refused change; ``status`` is the HTTP status the view answers with, ``field`` the form field at fault."""

    def __init__(self, message: str, status: int = 422, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.field = field


# --- who may act (the predicates live in app.access) --------------------------------------------------

def member_unit_ids(scoring: ClusterScoring) -> list[int]:
    return list(db.session.scalars(select(ClusterMembership.unit_id).where(
        ClusterMembership.cluster_id == scoring.cluster_id, ClusterMembership.year == scoring.year)))


def _require_manager(user: User, scoring: ClusterScoring) -> None:
    if not access.can_manage_round(user, scoring):
        raise ScoringError(_("Only the cluster's lead or deputy for %(year)s can do this.", year=scoring.year), 403)


def _require_status(scoring: ClusterScoring, *allowed: ScoringStatus) -> None:
    if scoring.status not in allowed:
        raise ScoringError(_("Not possible while the scoring is “%(status)s”.", status=scoring.status.label), 409)


def _audit(scoring: ClusterScoring, actor: User, action: str, comment: str = "", *,
           at: datetime | None = None) -> None:
    db.session.add(ScoringEvent(scoring=scoring, action=action, actor=actor, comment=comment,
                                created_at=at or utcnow()))


# --- the round -----------------------------------------------------------------------------------

def default_awards() -> tuple[Award | None, Award | None]:
    by_code = {a.code: a for a in db.session.scalars(
        select(Award).where(Award.code.in_(("co_thi_dua_tinh", "bang_khen_tinh"))))}
    return by_code.get("co_thi_dua_tinh"), by_code.get("bang_khen_tinh")


def create_round(actor: User, cluster_id: int, year: int, *, at: datetime | None = None) -> ClusterScoring:
    existing = db.session.scalar(select(ClusterScoring).where(
        ClusterScoring.cluster_id == cluster_id, ClusterScoring.year == year))
    if existing is not None:
        raise ScoringError(_("This cluster already has a scoring round for %(year)s.", year=year), 409)
    flag, merit = default_awards()
    scoring = ClusterScoring(cluster_id=cluster_id, year=year, flag_award=flag, merit_award=merit)
    db.session.add(scoring)
    db.session.flush()
    _require_manager(actor, scoring)
    _audit(scoring, actor, "create", at=at)
    db.session.flush()
    return scoring


def copy_table(actor: User, source: ClusterScoring, target: ClusterScoring, *, at: datetime | None = None) -> None:
    """Copy groups and items (not scores) from another round into a round still being prepared."""
    _require_manager(actor, target)
    _require_status(target, ScoringStatus.PREPARING)
    if target.items:
        raise ScoringError(_("The criteria table is not empty; remove its items first."), 409)
    target.bonus_cap = source.bonus_cap  # the cap belongs to the table's bonus items
    group_map: dict[int | None, ScoringGroup] = {}
    for group in source.groups:
        copy = ScoringGroup(scoring=target, name=group.name, sort_order=group.sort_order)
        group_map[group.id] = copy
        db.session.add(copy)
    for item in source.items:
        db.session.add(ScoringItem(
            scoring=target, group=group_map.get(item.group_id), kind=item.kind, code=item.code, name=item.name,
            guidance=item.guidance, max_score=item.max_score, excludes_from_ranking=item.excludes_from_ranking,
            sort_order=item.sort_order))
    _audit(target, actor, "copy", _("Copied from %(cluster)s %(year)s", cluster=source.cluster.name, year=source.year),
           at=at)
    db.session.flush()


def open_round(actor: User, scoring: ClusterScoring, deadline: date | None, *, at: datetime | None = None) -> None:
    _require_manager(actor, scoring)
    _require_status(scoring, ScoringStatus.PREPARING)
    if not any(item.kind is ItemKind.CRITERION for item in scoring.items):
        raise ScoringError(_("Add at least one criterion before opening the scoring."))
    members = member_unit_ids(scoring)
    if not members:
        raise ScoringError(_("The cluster has no members in %(year)s.", year=scoring.year))
    have = {sheet.unit_id for sheet in scoring.sheets}
    for unit_id in members:
        if unit_id not in have:
            db.session.add(ScoreSheet(scoring=scoring, unit_id=unit_id))
    scoring.status, scoring.deadline = ScoringStatus.OPEN, deadline
    _audit(scoring, actor, "open", deadline.strftime("%d/%m/%Y") if deadline else "", at=at)
    db.session.flush()


# --- the criteria table (only while the round is being prepared) ------------------------------------

def _require_preparing(actor: User, scoring: ClusterScoring) -> None:
    _require_manager(actor, scoring)
    if scoring.status is not ScoringStatus.PREPARING:
        raise ScoringError(_("The criteria table can only change before scoring opens."), 409)


def update_settings(actor: User, scoring: ClusterScoring, *, decimals: int, flag_quota: int, merit_quota: int,
                    tie_break: TieBreak, bonus_cap: Decimal | None = None) -> None:
    """The round's rules; ``bonus_cap`` None keeps the current cap."""
    _require_preparing(actor, scoring)
    scoring.decimals, scoring.flag_quota, scoring.merit_quota = decimals, flag_quota, merit_quota
    scoring.tie_break = tie_break
    if bonus_cap is not None:
        if bonus_cap < 0:
            raise ScoringError(_("The bonus cap cannot be below zero."), field="bonus_cap")
        scoring.bonus_cap = bonus_cap
    cap = _("bonus at most %(cap)s", cap=format_score(scoring.bonus_cap))
    _audit(scoring, actor, "settings", _("%(d)s decimals, flag %(f)s, merit %(m)s, tie: %(t)s", d=decimals,
                                         f=flag_quota, m=merit_quota, t=tie_break.label) + "; " + cap)
    db.session.flush()


def add_group(actor: User, scoring: ClusterScoring, name: str) -> ScoringGroup:
    _require_preparing(actor, scoring)
    name = name.strip()
    if not name:
        raise ScoringError(_("Give the group a name."))
    group = ScoringGroup(scoring=scoring, name=name, sort_order=len(scoring.groups) + 1)
    db.session.add(group)
    _audit(scoring, actor, "add_group", name)
    db.session.flush()
    return group


def remove_group(actor: User, scoring: ClusterScoring, group: ScoringGroup) -> None:
    _require_preparing(actor, scoring)
    if any(i.group_id == group.id for i in scoring.items):
        raise ScoringError(_("Remove the group's criteria first."))
    _audit(scoring, actor, "remove_group", group.name)
    scoring.groups.remove(group)  # keep the loaded collection true for the rest of the request
    db.session.delete(group)
    db.session.flush()


def add_item(actor: User, scoring: ClusterScoring, *, kind: ItemKind, group_id: int | None, code: str, name: str,
             guidance: str, max_score: Decimal, excludes_from_ranking: bool) -> ScoringItem:
    """One criterion (in a group), bonus or penalty item; codes are unique within the table."""
    _require_preparing(actor, scoring)
    code = code.strip()
    if any(i.code == code for i in scoring.items):
        raise ScoringError(_("This code is already used in the table."), field="code")
    if kind is ItemKind.CRITERION and group_id is not None and not any(g.id == group_id for g in scoring.groups):
        raise ScoringError(_("Choose a group of this table."), field="group_id")
    item = ScoringItem(
        scoring=scoring, kind=kind, group_id=group_id if kind is ItemKind.CRITERION else None, code=code,
        name=name.strip(), guidance=guidance.strip(), max_score=max_score,
        excludes_from_ranking=excludes_from_ranking, sort_order=len(scoring.items) + 1)
    db.session.add(item)
    _audit(scoring, actor, "add_item", f"{code}: {item.name} ({format_score(max_score)})")
    db.session.flush()
    return item


def remove_item(actor: User, scoring: ClusterScoring, item: ScoringItem) -> None:
    _require_preparing(actor, scoring)
    _audit(scoring, actor, "remove_item", f"{item.code}: {item.name}")
    scoring.items.remove(item)
    db.session.delete(item)
    db.session.flush()


def import_criteria(actor: User, scoring: ClusterScoring, parsed: list) -> int:
    """Fill an empty criteria table from the rows of an imported XLSX (``spreadsheet.parse_criteria``)."""
    _require_preparing(actor, scoring)
    if scoring.items:
        raise ScoringError(_("The criteria table is not empty; remove its items first."), 409)
    groups: dict[str, ScoringGroup] = {}
    for order, row in enumerate(parsed, start=1):
        group = None
        if row.group:
            group = groups.get(row.group)
            if group is None:
                group = groups[row.group] = ScoringGroup(scoring=scoring, name=row.group, sort_order=len(groups) + 1)
                db.session.add(group)
        db.session.add(ScoringItem(scoring=scoring, group=group, kind=row.kind, code=row.code, name=row.name,
                                   guidance=row.guidance, max_score=row.max_score,
                                   excludes_from_ranking=row.excludes, sort_order=order))
    _audit(scoring, actor, "import", _("%(n)s items", n=len(parsed)))
    db.session.flush()
    return len(parsed)


# --- scores --------------------------------------------------------------------------------------

def parse_score(raw: str, item: ScoringItem, decimals: int) -> Decimal | None:
    """A score typed by a person ("7,5" or "7.5"); None when left empty. Raises with the reason."""
    if (raw or "").strip() == "":
        return None
    try:
        value = numbers.decimal_number(raw)
    except ValueError:
        raise ScoringError(_("“%(raw)s” is not a number.", raw=raw[:20])) from None
    if value < 0:
        raise ScoringError(_("A score cannot be below zero."))
    if value > item.max_score:
        raise ScoringError(_("At most %(max)s for this item.", max=numbers.format_score(item.max_score)))
    if value != value.quantize(Decimal(1).scaleb(-decimals)):
        raise ScoringError(_("At most %(n)s decimal places.", n=decimals))
    return value


def format_score(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def save_self_scores(actor: User, sheet: ScoreSheet, values: dict[int, tuple[str, str]]) -> dict[int, str]:
    """Save a member's draft scores; returns per-item errors (nothing is saved when there is any)."""
    scoring = sheet.scoring
    if not access.is_sheet_member(actor, sheet):
        raise ScoringError(_("Only the unit's own officer or head can enter its scores."), 403)
    _require_status(scoring, ScoringStatus.OPEN)
    if sheet.status is SheetStatus.SUBMITTED:
        raise ScoringError(_("The sheet has been submitted; ask the cluster lead to reopen it."), 409)
    items = {item.id: item for item in scoring.items}
    entries = {entry.item_id: entry for entry in sheet.entries}
    errors, parsed = {}, {}
    for item_id, (raw, note) in values.items():
        item = items.get(item_id)
        if item is None:
            continue
        try:
            parsed[item_id] = (parse_score(raw, item, scoring.decimals), (note or "").strip()[:5000])
        except ScoringError as error:
            errors[item_id] = error.message
    if errors:
        return errors
    for item_id, (value, note) in parsed.items():
        entry = entries.get(item_id)
        if entry is None:
            entry = ScoreEntry(sheet=sheet, item_id=item_id)
            db.session.add(entry)
        entry.self_score, entry.note = value, note
    db.session.flush()
    return {}


def submit_sheet(actor: User, sheet: ScoreSheet, *, at: datetime | None = None) -> None:
    if not access.is_sheet_head(actor, sheet):
        raise ScoringError(_("The unit head submits the unit's sheet."), 403)
    _require_status(sheet.scoring, ScoringStatus.OPEN)
    if sheet.status is SheetStatus.SUBMITTED:
        raise ScoringError(_("The sheet is already submitted."), 409)
    scored = {entry.item_id for entry in sheet.entries if entry.self_score is not None}
    missing = [item.code for item in sheet.scoring.items if item.kind is ItemKind.CRITERION and item.id not in scored]
    if missing:
        raise ScoringError(_("Score every criterion first (missing: %(codes)s).", codes=", ".join(missing[:10])))
    at = at or utcnow()
    sheet.status, sheet.submitted_at, sheet.submitted_by_id = SheetStatus.SUBMITTED, at, actor.id
    _audit(sheet.scoring, actor, "submit", sheet.unit.name, at=at)
    db.session.flush()


def reopen_sheet(actor: User, sheet: ScoreSheet, reason: str) -> None:
    _require_manager(actor, sheet.scoring)
    _require_status(sheet.scoring, ScoringStatus.OPEN)
    if not reason.strip():
        raise ScoringError(_("Give the reason for reopening the sheet."))
    sheet.status = SheetStatus.DRAFT
    _audit(sheet.scoring, actor, "reopen", f"{sheet.unit.name}: {reason.strip()}")
    db.session.flush()


def adjust(actor: User, entry: ScoreEntry, raw: str, reason: str, *, at: datetime | None = None) -> None:
    """The lead's adjustment, kept beside the self-score; an empty value removes the adjustment."""
    scoring = entry.sheet.scoring
    _require_manager(actor, scoring)
    _require_status(scoring, ScoringStatus.OPEN)
    value = parse_score(raw, entry.item, scoring.decimals)
    reason = (reason or "").strip()
    if value is not None and not reason:
        raise ScoringError(_("Give the reason for the adjustment."))
    entry.adjusted_score = value
    entry.adjust_reason = reason if value is not None else ""
    at = at or utcnow()
    entry.adjusted_by_id, entry.adjusted_at = (actor.id, at) if value is not None else (None, None)
    _audit(scoring, actor, "adjust", f"{entry.sheet.unit.name} · {entry.item.code}: "
           f"{format_score(entry.self_score)} → {format_score(value)} ({reason})", at=at)
    db.session.flush()


def record_votes(actor: User, scoring: ClusterScoring, counts: dict[int, tuple[int, int, int]], *,
                 at: datetime | None = None) -> None:
    _require_manager(actor, scoring)
    _require_status(scoring, ScoringStatus.OPEN)
    members = set(member_unit_ids(scoring))
    existing = {vote.unit_id: vote for vote in scoring.votes}
    for unit_id, (votes_for, against, abstain) in counts.items():
        if unit_id not in members:
            raise ScoringError(_("Only member units can be voted on."))
        if min(votes_for, against, abstain) < 0:
            raise ScoringError(_("Vote counts cannot be negative."))
        if votes_for + against + abstain > len(members):
            raise ScoringError(_("More votes than member units (%(n)s).", n=len(members)))
        vote = existing.get(unit_id) or AcclamationVote(scoring=scoring, unit_id=unit_id)
        vote.votes_for, vote.votes_against, vote.votes_abstain = votes_for, against, abstain
        db.session.add(vote)
    _audit(scoring, actor, "vote", at=at)
    db.session.flush()


def lock_refusal(scoring: ClusterScoring) -> str | None:
    """Why the round cannot be locked now, or None. The lock button shows this reason in place of its
    irreversible "lock?" confirmation, and ``lock`` refuses with it: one answer for both.

    In order: every member has submitted; the acclamation vote (bình xét, suy tôn) is recorded for every
    unit in a place the ranking proposes for an award (a round proposing nobody needs none: the vote
    acclaims the units proposed); no tie is left where awards are proposed."""
    if scoring.status is not ScoringStatus.OPEN:
        return _("Not possible while the scoring is “%(status)s”.", status=scoring.status.label)
    waiting = sorted(sheet.unit.name for sheet in scoring.sheets if sheet.status is not SheetStatus.SUBMITTED)
    if waiting:
        return _("Not every member has submitted: %(units)s.", units=", ".join(waiting))
    result = compute_ranking(scoring)
    zone = result.ranked[: scoring.flag_quota + scoring.merit_quota]
    voted = {vote.unit_id for vote in scoring.votes}
    unvoted = [r.unit_id for r in zone if r.unit_id not in voted]
    if unvoted:
        names = dict(db.session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(unvoted))).all())
        return _("Record the acclamation vote first, for the units the ranking proposes: %(units)s.",
                 units=", ".join(names[unit_id] for unit_id in unvoted))
    if any(r.tie_unresolved for r in zone):
        return _("Units are tied where awards are proposed; record the acclamation vote first.")
    return None


def lock(actor: User, scoring: ClusterScoring, *, at: datetime | None = None) -> None:
    _require_manager(actor, scoring)
    _require_status(scoring, ScoringStatus.OPEN)
    refusal = lock_refusal(scoring)
    if refusal:
        raise ScoringError(refusal)
    at = at or utcnow()
    scoring.status, scoring.locked_at = ScoringStatus.LOCKED, at
    _audit(scoring, actor, "lock", at=at)
    db.session.flush()


def unlock(actor: User, scoring: ClusterScoring, reason: str) -> None:
    if not access.can_unlock_round(actor, scoring):
        raise ScoringError(_("Only an administrator can unlock a locked scoring."), 403)
    _require_status(scoring, ScoringStatus.LOCKED)
    if not reason.strip():
        raise ScoringError(_("Give the reason for unlocking."))
    scoring.status, scoring.locked_at = ScoringStatus.OPEN, None
    _audit(scoring, actor, "unlock", reason.strip())
    db.session.flush()


# --- results -------------------------------------------------------------------------------------

def compute_ranking(scoring: ClusterScoring) -> ranking.Ranking:
    """Five column queries, no ORM objects per score: 40 units × 60 criteria are 2,400 entries."""
    return compute_rankings([scoring])[scoring.id]


def compute_rankings(scorings: list[ClusterScoring]) -> dict[int, ranking.Ranking]:
    """scoring id → its ranking, for any number of rounds in the same five queries (a council agenda's
    collectives are ranked in the rounds of several clusters)."""
    ids = list(dict.fromkeys(s.id for s in scorings))
    if not ids:
        return {}
    group_ids: dict[int, list[int]] = {i: [] for i in ids}
    for scoring_id, group in db.session.execute(
            select(ScoringGroup.scoring_id, ScoringGroup.id).where(ScoringGroup.scoring_id.in_(ids))
            .order_by(ScoringGroup.sort_order, ScoringGroup.id)):
        group_ids[scoring_id].append(group)
    items: dict[int, list[ranking.Item]] = {i: [] for i in ids}
    for scoring_id, item_id, kind, group_id, max_score, excludes in db.session.execute(
            select(ScoringItem.scoring_id, ScoringItem.id, ScoringItem.kind, ScoringItem.group_id,
                   ScoringItem.max_score, ScoringItem.excludes_from_ranking).where(ScoringItem.scoring_id.in_(ids))):
        items[scoring_id].append(ranking.Item(item_id, kind, group_id, max_score, excludes))
    scores: dict[int, dict[int, dict]] = {i: {} for i in ids}
    for scoring_id, unit_id in db.session.execute(
            select(ScoreSheet.scoring_id, ScoreSheet.unit_id).where(ScoreSheet.scoring_id.in_(ids))):
        scores[scoring_id][unit_id] = {}
    rows = db.session.execute(
        select(ScoreSheet.scoring_id, ScoreSheet.unit_id, ScoreEntry.item_id, ScoreEntry.self_score,
               ScoreEntry.adjusted_score)
        .join(ScoreEntry, ScoreEntry.sheet_id == ScoreSheet.id).where(ScoreSheet.scoring_id.in_(ids)))
    for scoring_id, unit_id, item_id, self_score, adjusted in rows:
        scores[scoring_id][unit_id][item_id] = adjusted if adjusted is not None else self_score
    votes: dict[int, dict[int, int]] = {i: {} for i in ids}
    for scoring_id, unit_id, votes_for in db.session.execute(
            select(AcclamationVote.scoring_id, AcclamationVote.unit_id, AcclamationVote.votes_for)
            .where(AcclamationVote.scoring_id.in_(ids))):
        votes[scoring_id][unit_id] = votes_for
    by_id = {s.id: s for s in scorings}
    return {i: ranking.compute(group_ids[i], items[i], scores[i], votes[i], by_id[i].tie_break,
                                 bonus_cap=by_id[i].bonus_cap) for i in ids}


def scoring_for_dossier(dossier) -> ClusterScoring | None:
    """The scoring round of the cluster the dossier's unit belongs to in the campaign's year."""
    year = dossier.campaign.year
    return db.session.scalar(
        select(ClusterScoring)
        .join(ClusterMembership, (ClusterMembership.cluster_id == ClusterScoring.cluster_id)
              & (ClusterMembership.year == ClusterScoring.year))
        .where(ClusterScoring.year == year, ClusterMembership.unit_id == dossier.unit_id)
    )


def proposal_slots(scoring: ClusterScoring, result: ranking.Ranking) -> dict[int, int]:
    """unit id → award id proposed for it: the flag for the first ``flag_quota``, merit for the next ones."""
    slots: dict[int, int] = {}
    for index, unit_result in enumerate(result.ranked):
        if index < scoring.flag_quota and scoring.flag_award_id:
            slots[unit_result.unit_id] = scoring.flag_award_id
        elif index < scoring.flag_quota + scoring.merit_quota and scoring.merit_award_id:
            slots[unit_result.unit_id] = scoring.merit_award_id
    return slots


def ranking_refusal(dossier) -> str | None:
    """Why the cluster cannot endorse this dossier, or None: a cluster award (the provincial flag, the
    cluster's Bằng khen) goes only to the units the year's locked ranking proposes for it."""
    scoring = scoring_for_dossier(dossier)
    awards = {scoring.flag_award_id, scoring.merit_award_id} if scoring else set()
    is_flag_award = dossier.award.code == "co_thi_dua_tinh" or (scoring and dossier.award_id == scoring.flag_award_id)
    if scoring is None:
        return _("The cluster has no scoring for %(year)s yet.", year=dossier.campaign.year) if is_flag_award else None
    # The provincial flag is held by the ranking even when the round names no flag award (created
    # before the award was in the catalogue): otherwise it would pass with no ranking at all.
    if dossier.award_id not in awards and not is_flag_award:
        return None
    if scoring.status is not ScoringStatus.LOCKED:
        return _("The cluster's scoring for %(year)s is not locked yet.", year=scoring.year)
    result = compute_ranking(scoring)
    if any(r.tie_unresolved for r in result.ranked[: scoring.flag_quota + scoring.merit_quota]):
        return _("The ranking has an unresolved tie; record the acclamation vote.")
    if proposal_slots(scoring, result).get(dossier.unit_id) != dossier.award_id:
        return _("The unit's place in the locked ranking does not qualify it for this award.")
    return None
