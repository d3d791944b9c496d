"""Factories for test data: each ``make_*`` adds an object with sensible defaults and flushes it."""
import itertools
from datetime import date
from decimal import Decimal

from werkzeug.security import generate_password_hash

from app.extensions import db
from app.models import (
    Attachment,
    AttachmentType,
    Award,
    AwardLevel,
    Campaign,
    CampaignKind,
    Cluster,
    ClusterKind,
    ClusterLeadership,
    ClusterMembership,
    Dossier,
    Movement,
    NomineeKind,
    Role,
    Unit,
    UnitKind,
    User,
)
from app.models.states import State
from app.nominations.operations import nominee_key
from app.text import fold

PASSWORD = "secret-pass-1"
# One cheap hash for every test user: the production scrypt hash costs ~0.2 s per user and per login.
_PASSWORD_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
_seq = itertools.count(1)


def make_unit(name: str | None = None, kind: UnitKind = UnitKind.DEPARTMENT, parent: Unit | None = None, **kw) -> Unit:
    n = next(_seq)
    unit = Unit(code=kw.pop("code", f"U{n}"), name=name or f"Đơn vị {n}", kind=kind, parent=parent,
                valid_from=kw.pop("valid_from", date(2025, 7, 1)), **kw)
    unit.search_key = fold(unit.name)
    db.session.add(unit)
    db.session.flush()
    return unit


def make_user(role: Role = Role.OFFICER, unit: Unit | None = None, username: str | None = None, **kw) -> User:
    n = next(_seq)
    if unit is None and role.is_unit_role:
        unit = make_unit()
    user = User(username=username or f"user{n}", full_name=kw.pop("full_name", f"Người dùng {n}"), role=role,
                unit=unit, **kw)
    user.password_hash = _PASSWORD_HASH
    db.session.add(user)
    db.session.flush()
    return user


def make_attachment_type(code: str | None = None, name: str | None = None) -> AttachmentType:
    n = next(_seq)
    t = AttachmentType(code=code or f"type{n}", name=name or f"Loại tài liệu {n}", sort_order=n)
    db.session.add(t)
    db.session.flush()
    return t


def make_award(code: str | None = None, name: str | None = None, *, required=(), **kw) -> Award:
    n = next(_seq)
    defaults = dict(level=AwardLevel.PROVINCIAL, decided_by="Chủ tịch UBND tỉnh", for_individual=True,
                    for_collective=True, coefficient_individual=Decimal("1.5"),
                    coefficient_collective=Decimal("3.0"), sort_order=n)
    defaults.update(kw)
    award = Award(code=code or f"award{n}", name=name or f"Bằng khen {n}", **defaults)
    award.required_attachment_types = list(required)
    db.session.add(award)
    db.session.flush()
    return award


def make_campaign(year: int = 2025, name: str | None = None, **kw) -> Campaign:
    n = next(_seq)
    movement = kw.pop("movement", None)
    if movement is None:
        movement = Movement(name=f"Phong trào {n}", start_year=2025, end_year=2030)
        db.session.add(movement)
    campaign = Campaign(name=name or f"Đợt {n} năm {year}", year=year, kind=kw.pop("kind", CampaignKind.YEARLY),
                        movement=movement, **kw)
    db.session.add(campaign)
    db.session.flush()
    return campaign


def make_dossier(unit: Unit, *, award: Award | None = None, campaign: Campaign | None = None,
                 name: str | None = None, state: State = State.DRAFT, kind: NomineeKind = NomineeKind.INDIVIDUAL,
                 created_by: User | None = None, **kw) -> Dossier:
    n = next(_seq)
    name = name or f"Nguyễn Văn {n}"
    birth_year = kw.pop("nominee_birth_year", 1980 if kind is NomineeKind.INDIVIDUAL else None)
    submitted_at = kw.pop("submitted_at", None)
    if submitted_at is None and state not in (State.DRAFT, State.UNIT_REVIEW):
        from app.models.base import utcnow
        submitted_at = utcnow()
    dossier = Dossier(
        unit=unit, award=award or make_award(), campaign=campaign or make_campaign(), nominee_kind=kind,
        nominee_name=name, nominee_birth_year=birth_year, nominee_position=kw.pop("nominee_position", "Chuyên viên"),
        nominee_key=nominee_key(kind, name, birth_year),
        achievement_summary=kw.pop("achievement_summary", "Thành tích"),
        search_key=fold(name), state=state, submitted_at=submitted_at, created_by=created_by, **kw,
    )
    db.session.add(dossier)
    db.session.flush()
    return dossier


def make_cluster(name: str | None = None, members=(), year: int = 2025, lead: Unit | None = None,
                 deputy: Unit | None = None) -> Cluster:
    n = next(_seq)
    cluster = Cluster(name=name or f"Cụm thi đua {n}", kind=ClusterKind.CLUSTER)
    db.session.add(cluster)
    db.session.flush()
    for unit in members:
        db.session.add(ClusterMembership(cluster=cluster, unit=unit, year=year))
    if lead is not None:
        db.session.add(ClusterLeadership(cluster=cluster, year=year, lead_unit=lead, deputy_unit=deputy))
    db.session.flush()
    return cluster


# --- workflow, council and decisions ---------------------------------------------------------------

def make_attachment(dossier: Dossier, attachment_type: AttachmentType | None = None) -> Attachment:
    """An attachment row (no file on disk: the workflow only checks which types are present)."""
    n = next(_seq)
    attachment = Attachment(dossier=dossier, type=attachment_type or make_attachment_type(),
                            original_name=f"tai-lieu-{n}.pdf", stored_name=f"stored-{n}.pdf",
                            content_type="application/pdf", size_bytes=10, sha256="0" * 64)
    db.session.add(attachment)
    db.session.flush()
    return attachment


def make_complete_dossier(unit: Unit, **kw) -> Dossier:
    """A dossier that passes the completeness guard: gender given and every required attachment present."""
    from app.models import Gender

    kw.setdefault("nominee_gender", Gender.FEMALE if kw.get("kind", NomineeKind.INDIVIDUAL) is NomineeKind.INDIVIDUAL
                  else None)
    dossier = make_dossier(unit, **kw)
    for attachment_type in dossier.award.required_attachment_types:
        make_attachment(dossier, attachment_type)
    db.session.refresh(dossier)
    return dossier


def make_signer(name: str = "Phạm Văn Chủ", mode=None):
    from app.models import Signer, SignerMode

    signer = Signer(name=name, mode=mode or SignerMode.CHAIRMAN)
    db.session.add(signer)
    db.session.flush()
    return signer


def make_salary_base(amount: int = 2_340_000, effective_from: date = date(2024, 7, 1)):
    from app.models import SalaryBase

    row = SalaryBase(amount=amount, effective_from=effective_from)
    db.session.add(row)
    db.session.flush()
    return row


def make_legal_basis(text: str, effective_from: date = date(2024, 1, 1), effective_to: date | None = None,
                     sort_order: int = 0):
    from app.models import LegalBasis

    row = LegalBasis(text=text, effective_from=effective_from, effective_to=effective_to, sort_order=sort_order)
    db.session.add(row)
    db.session.flush()
    return row


def make_decision(award: Award, *, number: int | None = None, year: int = 2026, kind=None, issuer=None):
    """An issued decision row (no document), for dossiers that must point at one; ``issuer``: a unit's own."""
    from app.models import AwardDecision, DecisionKind, DecisionStatus, SignerMode
    from app.models.decisions import register_key_of

    kind = kind or (DecisionKind.PROPOSAL if award.is_central else DecisionKind.DECISION)
    symbol = issuer.register_symbol if issuer is not None else (
        "TTr-UBND" if kind is DecisionKind.PROPOSAL else "QĐ-UBND")
    decision = AwardDecision(kind=kind, status=DecisionStatus.ISSUED, symbol=symbol,
                             issuer_unit_id=issuer.id if issuer is not None else None,
                             register_key=register_key_of(issuer.id if issuer is not None else None),
                             year=year, number=number or next(_seq), signed_on=date(year, 1, 5), award=award,
                             signer_mode=SignerMode.CHAIRMAN, signer_name="Phạm Văn Chủ",
                             base_salary=2_340_000, docx=b"")
    db.session.add(decision)
    db.session.flush()
    return decision


def make_council_session(members_total: int = 20, members_present: int = 20, name: str | None = None,
                         held_on: date = date(2026, 1, 10)):
    from app.models import CouncilSession

    session = CouncilSession(name=name or f"Phiên họp {next(_seq)}", held_on=held_on,
                             members_total=members_total, members_present=members_present)
    db.session.add(session)
    db.session.flush()
    return session


def make_working_day_override(day: date, is_working_day: bool, note: str = ""):
    from app.models import WorkingDayOverride

    row = WorkingDayOverride(day=day, is_working_day=is_working_day, note=note)
    db.session.add(row)
    db.session.flush()
    return row


_hashed_password: list[str] = []


def make_actor(role: Role = Role.OFFICER, unit: Unit | None = None, **kw) -> User:
    """Like ``make_user`` (same password) but hashes the password once per run: the matrices create hundreds."""
    if not _hashed_password:
        probe = User()
        probe.set_password(PASSWORD)
        _hashed_password.append(probe.password_hash)
    n = next(_seq)
    if unit is None and role.is_unit_role:
        unit = make_unit()
    user = User(username=kw.pop("username", f"actor{n}"), full_name=kw.pop("full_name", f"Người dùng {n}"),
                role=role, unit=unit, password_hash=_hashed_password[0], **kw)
    db.session.add(user)
    db.session.flush()
    return user


def signed_in_client(app, user: User):
    """A fresh test client already signed in as ``user`` (skips the login form and its slow password check)."""
    db.session.commit()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return client


# --- cluster scoring -------------------------------------------------------------------------------

# A small criteria table: two groups summing to 100, one bonus, a deduction and an excluding penalty.
SCORING_TABLE = (
    ("I. Thực hiện nhiệm vụ chính trị", (("1.1", "30"), ("1.2", "30"))),
    ("II. Phong trào thi đua", (("2.1", "40"),)),
)


def add_cluster_year(cluster: Cluster, year: int, members=(), lead: Unit | None = None,
                     deputy: Unit | None = None) -> Cluster:
    """The cluster's members (and lead) for one more year."""
    for unit in members:
        db.session.add(ClusterMembership(cluster=cluster, unit=unit, year=year))
    if lead is not None:
        db.session.add(ClusterLeadership(cluster=cluster, year=year, lead_unit=lead, deputy_unit=deputy))
    db.session.flush()
    return cluster


def make_scoring(cluster: Cluster, year: int = 2025, *, groups=SCORING_TABLE, bonus=(("T1", "10"),),
                 penalties=(("D1", "5"),), excluding=(("L1", "1"),), status=None, **kw):
    """A scoring round with its criteria table; once past preparing, a sheet per member of that year."""
    from app.models import ClusterScoring, ItemKind, ScoreSheet, ScoringGroup, ScoringItem, ScoringStatus

    scoring = ClusterScoring(cluster=cluster, year=year, status=status or ScoringStatus.PREPARING, **kw)
    db.session.add(scoring)
    order = itertools.count(1)
    for group_order, (group_name, items) in enumerate(groups, start=1):
        group = ScoringGroup(scoring=scoring, name=group_name, sort_order=group_order)
        for code, max_score in items:
            db.session.add(ScoringItem(scoring=scoring, group=group, kind=ItemKind.CRITERION, code=code,
                                       name=f"Tiêu chí {code}", max_score=Decimal(max_score), sort_order=next(order)))
    extras = [(ItemKind.BONUS, code, top, False) for code, top in bonus]
    extras += [(ItemKind.PENALTY, code, top, False) for code, top in penalties]
    extras += [(ItemKind.PENALTY, code, top, True) for code, top in excluding]
    for kind, code, max_score, excludes in extras:
        db.session.add(ScoringItem(scoring=scoring, kind=kind, code=code, name=f"Nội dung {code}",
                                   max_score=Decimal(max_score), excludes_from_ranking=excludes,
                                   sort_order=next(order)))
    if scoring.status is not ScoringStatus.PREPARING:
        unit_ids = db.session.scalars(db.select(ClusterMembership.unit_id).where(
            ClusterMembership.cluster_id == cluster.id, ClusterMembership.year == year))
        for unit_id in unit_ids:
            db.session.add(ScoreSheet(scoring=scoring, unit_id=unit_id))
    db.session.flush()
    db.session.refresh(scoring)
    return scoring


def set_scores(scoring, unit: Unit, scores: dict, *, submitted: bool = True, adjusted: dict | None = None):
    """Write a unit's sheet directly (item code → score): ranking and lock set-ups without the forms."""
    from app.models import ScoreEntry, SheetStatus

    sheet = next(s for s in scoring.sheets if s.unit_id == unit.id)
    items = {item.code: item for item in scoring.items}
    entries = {entry.item_id: entry for entry in sheet.entries}
    for code, value in scores.items():
        entry = entries.get(items[code].id) or ScoreEntry(sheet=sheet, item=items[code])
        entry.self_score = None if value is None else Decimal(str(value))
        db.session.add(entry)
        entries[items[code].id] = entry
    for code, value in (adjusted or {}).items():
        entry = entries.get(items[code].id) or ScoreEntry(sheet=sheet, item=items[code])
        entry.adjusted_score, entry.adjust_reason = Decimal(str(value)), "Điều chỉnh"
        db.session.add(entry)
    if submitted:
        from app.models.base import utcnow

        sheet.status, sheet.submitted_at = SheetStatus.SUBMITTED, utcnow()
    db.session.flush()
    db.session.refresh(sheet)
    return sheet


def record_vote(scoring, unit: Unit, votes_for: int, against: int = 0, abstain: int = 0):
    from app.models import AcclamationVote

    vote = AcclamationVote(scoring=scoring, unit_id=unit.id, votes_for=votes_for, votes_against=against,
                           votes_abstain=abstain)
    db.session.add(vote)
    db.session.flush()
    return vote


def record_meeting(scoring, *, absent=(), held_on=None, number="01/BB-CTĐ1"):
    """The cluster's meeting behind the minutes: every member present but ``absent`` (units)."""
    from datetime import time

    from app.models import ClusterMeeting, ClusterMeetingAttendance, ClusterMembership

    members = db.session.scalars(db.select(ClusterMembership.unit_id).where(
        ClusterMembership.cluster_id == scoring.cluster_id, ClusterMembership.year == scoring.year)).all()
    absent_ids = {unit.id for unit in absent}
    meeting = ClusterMeeting(
        scoring=scoring, number=number, held_on=held_on or date(scoring.year, 12, 19), starts_at=time(8, 0),
        ends_at=time(11, 0), place="Hội trường Sở Tài chính", chair_name="Trần Quốc Hưng",
        chair_position="Giám đốc Sở Tài chính, Trưởng Cụm thi đua số 1", secretary_name="Lê Thị Mai",
        secretary_position="Chuyên viên Văn phòng Sở Tài chính",
        attendance=[ClusterMeetingAttendance(unit_id=unit_id, present=unit_id not in absent_ids)
                    for unit_id in members])
    db.session.add(meeting)
    db.session.flush()
    return meeting


def make_scoring_people():
    """Cụm thi đua số 1: Sở A, Sở B, Sở Tài chính (lead in 2025) and Sở Xây dựng (deputy in 2025, lead in
    2026), all members both years, with an officer and a head per unit, both leads and an administrator."""
    from types import SimpleNamespace

    a, b = make_unit("Sở A"), make_unit("Sở B")
    lead, deputy = make_unit("Sở Tài chính"), make_unit("Sở Xây dựng")
    cluster = make_cluster("Cụm thi đua số 1", members=[a, b, lead, deputy], year=2025, lead=lead, deputy=deputy)
    add_cluster_year(cluster, 2026, members=[a, b, lead, deputy], lead=deputy)
    return SimpleNamespace(
        a=a, b=b, lead=lead, deputy=deputy, cluster=cluster,
        officer_a=make_actor(Role.OFFICER, a), head_a=make_actor(Role.UNIT_HEAD, a),
        officer_b=make_actor(Role.OFFICER, b), head_b=make_actor(Role.UNIT_HEAD, b),
        head_lead=make_actor(Role.UNIT_HEAD, lead), head_deputy=make_actor(Role.UNIT_HEAD, deputy),
        lead_user=make_actor(Role.CLUSTER_LEAD, lead), deputy_user=make_actor(Role.CLUSTER_LEAD, deputy),
        admin=make_actor(Role.ADMIN, None), appraiser=make_actor(Role.APPRAISER, None),
    )


def criteria_xlsx(rows, header=None) -> bytes:
    """A criteria workbook in the import layout (app/scoring/spreadsheet.py), header then ``rows``."""
    import io

    from openpyxl import Workbook

    from app.scoring.spreadsheet import HEADER

    book = Workbook()
    sheet = book.active
    sheet.append(list(header or HEADER))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- registry (people, collectives, entries) -------------------------------------------------------

def make_person(name: str = "Nguyễn Thị Hồng", unit: Unit | None = None, birth_year: int | None = 1980, **kw):
    from app.models import Person

    person = Person(full_name=name, search_key=fold(name), unit=unit, birth_year=birth_year,
                    ethnicity=kw.pop("ethnicity", ""), is_ethnic_minority=kw.pop("is_ethnic_minority", False),
                    position=kw.pop("position", "Chuyên viên"), **kw)
    db.session.add(person)
    db.session.flush()
    return person


def make_collective(name: str = "Phòng Kế hoạch", unit: Unit | None = None, **kw):
    from app.models import Collective, CollectiveKind

    collective = Collective(kind=kw.pop("kind", CollectiveKind.UNIT), name=name, search_key=fold(name),
                            unit=unit, tax_code=kw.pop("tax_code", ""), address=kw.pop("address", ""), **kw)
    db.session.add(collective)
    db.session.flush()
    return collective


def make_registry_entry(award: Award, year: int = 2024, *, person=None, collective=None, **kw):
    from app.models import RegistryEntry, RegistrySource

    entry = RegistryEntry(award=award, year=year, person=person, collective=collective,
                          campaign_kind=kw.pop("campaign_kind", CampaignKind.YEARLY),
                          authority=kw.pop("authority", "Giám đốc Sở"),
                          decision_number=kw.pop("decision_number", f"{next(_seq)}/QĐ-SKHCN"),
                          source=kw.pop("source", RegistrySource.UNIT_DECISION), **kw)
    db.session.add(entry)
    db.session.flush()
    return entry
