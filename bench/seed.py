"""Seed a scratch database for the benchmark: a realistic organisation and N dossiers, fast.

The organisation (≈30 units of the merged Gia Lai province, the award catalogue, two campaigns,
officer and appraiser accounts) goes through the ORM: it is small. Dossiers, their history and
their attachments go through SQLAlchemy Core ``insert()`` with executemany, so 20,000 dossiers
take seconds. Keys are computed exactly as ``app.nominations.operations`` does, and the history's
hash chain as the app writes it on insert (``app.models.history``).
"""
import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import insert, select

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
    DossierEvent,
    Gender,
    Movement,
    NomineeKind,
    Role,
    Unit,
    UnitKind,
    User,
)
from app.models.history import event_hash
from app.models.states import State
from app.nominations.operations import nominee_key
from app.text import fold, nfc

PASSWORD = "bench-pass-1"
OFFICER_UNIT_CODE = "SKHCN"
CHUNK = 2000

# (code, name, kind, cluster number) — cluster 0 means a bloc of provincial departments.
UNITS = [
    ("SKHCN", "Sở Khoa học và Công nghệ", UnitKind.DEPARTMENT, 0),
    ("SNV", "Sở Nội vụ", UnitKind.DEPARTMENT, 0),
    ("STC", "Sở Tài chính", UnitKind.DEPARTMENT, 0),
    ("SGDDT", "Sở Giáo dục và Đào tạo", UnitKind.DEPARTMENT, 0),
    ("SYT", "Sở Y tế", UnitKind.DEPARTMENT, 0),
    ("SNNMT", "Sở Nông nghiệp và Môi trường", UnitKind.DEPARTMENT, 0),
    ("SXD", "Sở Xây dựng", UnitKind.DEPARTMENT, 1),
    ("SCT", "Sở Công Thương", UnitKind.DEPARTMENT, 1),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", UnitKind.DEPARTMENT, 1),
    ("STP", "Sở Tư pháp", UnitKind.DEPARTMENT, 1),
    ("SDTTG", "Sở Dân tộc và Tôn giáo", UnitKind.DEPARTMENT, 1),
    ("VPUBND", "Văn phòng UBND tỉnh", UnitKind.DEPARTMENT, 1),
    ("P-QUYNHON", "Phường Quy Nhơn", UnitKind.WARD, 2),
    ("P-PLEIKU", "Phường Pleiku", UnitKind.WARD, 2),
    ("P-ANNHON", "Phường An Nhơn", UnitKind.WARD, 2),
    ("P-HOIPHU", "Phường Hội Phú", UnitKind.WARD, 2),
    ("P-DIENHONG", "Phường Diên Hồng", UnitKind.WARD, 2),
    ("P-BONGSON", "Phường Bồng Sơn", UnitKind.WARD, 2),
    ("X-IAGRAI", "Xã Ia Grai", UnitKind.COMMUNE, 3),
    ("X-CHUSE", "Xã Chư Sê", UnitKind.COMMUNE, 3),
    ("X-DAKDOA", "Xã Đak Đoa", UnitKind.COMMUNE, 3),
    ("X-KBANG", "Xã Kbang", UnitKind.COMMUNE, 3),
    ("X-PHUCAT", "Xã Phù Cát", UnitKind.COMMUNE, 3),
    ("X-TAYSON", "Xã Tây Sơn", UnitKind.COMMUNE, 3),
    ("X-HOAIAN", "Xã Hoài Ân", UnitKind.COMMUNE, 3),
    ("MTTQ", "Ủy ban MTTQ Việt Nam tỉnh", UnitKind.MASS_ORGANISATION, 1),
    ("TINHDOAN", "Tỉnh đoàn Gia Lai", UnitKind.MASS_ORGANISATION, 1),
    ("HLHPN", "Hội Liên hiệp Phụ nữ tỉnh", UnitKind.MASS_ORGANISATION, 1),
    ("CT-CAOSU", "Công ty TNHH MTV Cao su Gia Lai", UnitKind.ENTERPRISE, 2),
    ("CT-CANGQN", "Công ty Cổ phần Cảng Quy Nhơn", UnitKind.ENTERPRISE, 2),
]
SUB_UNITS = [
    ("SKHCN-QLKH", "Phòng Quản lý khoa học", "SKHCN"),
    ("SKHCN-CDS", "Trung tâm Chuyển đổi số", "SKHCN"),
    ("SYT-TTYT", "Trung tâm Y tế khu vực Pleiku", "SYT"),
]
CLUSTERS = [
    ("Khối các sở, ngành kinh tế – tổng hợp", ClusterKind.BLOC),
    ("Khối các sở, ngành văn hóa – xã hội và đoàn thể", ClusterKind.BLOC),
    ("Cụm thi đua các phường và doanh nghiệp", ClusterKind.CLUSTER),
    ("Cụm thi đua các xã", ClusterKind.CLUSTER),
]
ATTACHMENT_TYPES = [
    ("to_trinh", "Tờ trình"),
    ("bao_cao_thanh_tich", "Báo cáo thành tích"),
    ("bien_ban_hd_co_so", "Biên bản họp Hội đồng TĐKT cơ sở"),
    ("xac_nhan_sang_kien", "Xác nhận sáng kiến / đề tài"),
    ("bien_ban_cum", "Biên bản họp cụm/khối"),
    ("minh_chung_khac", "Minh chứng khác"),
]
# (code, name, level, individual, collective, household, via cluster, coeff. ind., coeff. coll., required types)
AWARDS = [
    ("huan_chuong_ld_3", "Huân chương Lao động hạng Ba", AwardLevel.CENTRAL, True, True, False, False, "4.5", "9.0",
     ("to_trinh", "bao_cao_thanh_tich", "bien_ban_hd_co_so")),
    ("co_thi_dua_cp", "Cờ Thi đua của Chính phủ", AwardLevel.CENTRAL, False, True, False, True, None, "12.0",
     ("to_trinh", "bao_cao_thanh_tich", "bien_ban_cum")),
    ("bang_khen_ttg", "Bằng khen của Thủ tướng Chính phủ", AwardLevel.CENTRAL, True, True, False, False, "3.5", "7.0",
     ("to_trinh", "bao_cao_thanh_tich", "bien_ban_hd_co_so")),
    ("co_thi_dua_tinh", "Cờ Thi đua của UBND tỉnh", AwardLevel.PROVINCIAL, False, True, False, True, None, "8.0",
     ("to_trinh", "bao_cao_thanh_tich", "bien_ban_cum")),
    ("bang_khen_tinh", "Bằng khen của Chủ tịch UBND tỉnh", AwardLevel.PROVINCIAL, True, True, True, False, "1.5", "3.0",
     ("to_trinh", "bao_cao_thanh_tich")),
    ("giay_khen", "Giấy khen", AwardLevel.UNIT, True, True, True, False, "0.3", "0.6", ("bao_cao_thanh_tich",)),
    ("cstd_tinh", "Chiến sĩ thi đua cấp tỉnh", AwardLevel.PROVINCIAL, True, False, False, False, "3.0", None,
     ("to_trinh", "bao_cao_thanh_tich", "xac_nhan_sang_kien")),
    ("cstd_co_so", "Chiến sĩ thi đua cơ sở", AwardLevel.UNIT, True, False, False, False, "1.0", None,
     ("bao_cao_thanh_tich", "xac_nhan_sang_kien")),
    ("tt_ldxs", "Tập thể lao động xuất sắc", AwardLevel.PROVINCIAL, False, True, False, False, None, "1.5",
     ("to_trinh", "bao_cao_thanh_tich")),
]
# How often each award is proposed: the common forms dominate, as in a real year.
AWARD_WEIGHTS = {"huan_chuong_ld_3": 1, "co_thi_dua_cp": 1, "bang_khen_ttg": 2, "co_thi_dua_tinh": 2,
                 "bang_khen_tinh": 20, "giay_khen": 30, "cstd_tinh": 5, "cstd_co_so": 25, "tt_ldxs": 8}

# Family names with rough real frequencies (Nguyễn ≈ 38 %), plus Jrai and Bahnar names of Gia Lai.
SURNAMES = [("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 4), ("Phan", 4),
            ("Vũ", 3), ("Võ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2), ("Ngô", 2), ("Dương", 2),
            ("Lý", 1), ("Đinh", 1), ("Rơ Mah", 1), ("Ksor", 1), ("Siu", 1), ("Kpă", 1), ("Nay", 1), ("Puih", 1)]
MIDDLE_MALE = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Xuân", "Thanh", "Công", "Đình", "Ngọc", "Anh", "Tiến"]
MIDDLE_FEMALE = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Kim", "Thanh", "Hoài", "Phương", "Mỹ", "Diệu", "Bích"]
GIVEN_MALE = ["An", "Bình", "Cường", "Dũng", "Duy", "Hải", "Hiếu", "Hùng", "Huy", "Khánh", "Khoa", "Long",
              "Nam", "Phong", "Phúc", "Quân", "Sơn", "Tâm", "Thắng", "Thành", "Trung", "Tuấn", "Việt", "Vinh"]
GIVEN_FEMALE = ["Anh", "Chi", "Dung", "Hà", "Hạnh", "Hoa", "Hồng", "Hương", "Lan", "Linh", "Loan", "Mai",
                "Nga", "Ngân", "Ngọc", "Nhung", "Oanh", "Phương", "Quyên", "Thảo", "Trang", "Tuyết", "Vân", "Yến"]
POSITIONS = ["Chuyên viên", "Chuyên viên chính", "Phó Trưởng phòng", "Trưởng phòng", "Giáo viên", "Bác sĩ",
             "Kế toán viên", "Kỹ sư", "Công chức Văn phòng – Thống kê", "Phó Giám đốc", "Điều dưỡng", "Công nhân"]
COLLECTIVE_PREFIXES = ["Phòng Kế hoạch – Tài chính", "Phòng Tổ chức – Hành chính", "Văn phòng", "Tổ Chuyển đổi số",
                       "Trường Tiểu học", "Trường THCS", "Trạm Y tế", "Đội sản xuất", "Ban Chỉ huy Quân sự"]
HAMLETS = ["thôn 1", "thôn 2", "thôn 3", "thôn Plei Ku", "làng Kép", "tổ dân phố 5", "khu phố Nhơn Bình"]
SUMMARY = ("Hoàn thành xuất sắc nhiệm vụ được giao; có sáng kiến ứng dụng chuyển đổi số trong công tác "
           "chuyên môn được Hội đồng khoa học cơ sở công nhận; tích cực tham gia phong trào thi đua.")

# Dossier states with weights; drafts and unit review stay inside the unit (no submitted_at).
STATE_WEIGHTS = [(State.DRAFT, 14), (State.UNIT_REVIEW, 8), (State.RETURNED, 4), (State.CLUSTER_REVIEW, 6),
                 (State.SUBMITTED, 12), (State.APPRAISAL, 12), (State.PUBLIC_NOTICE, 4), (State.COUNCIL_REVIEW, 6),
                 (State.APPROVED, 8), (State.NOT_APPROVED, 3), (State.PROPOSED_TO_CENTRAL, 2), (State.AWARDED, 16),
                 (State.WITHDRAWN, 2), (State.ON_HOLD, 3)]
UNSUBMITTED = {State.DRAFT, State.UNIT_REVIEW}
BASE_TIME = datetime(2025, 9, 1, 1, 0, tzinfo=UTC)


def seed_organisation() -> dict:
    """Units, clusters, catalogue, campaigns and bench users; returns ids the benchmark needs."""
    units = {}
    for code, name, kind, _cluster in UNITS:
        units[code] = Unit(code=code, name=name, kind=kind, valid_from=date(2025, 7, 1), search_key=fold(name))
    for code, name, parent in SUB_UNITS:
        units[code] = Unit(code=code, name=name, kind=UnitKind.SUB_UNIT, parent=units[parent],
                           valid_from=date(2025, 7, 1), search_key=fold(name))
    db.session.add_all(units.values())

    clusters = [Cluster(name=name, kind=kind) for name, kind in CLUSTERS]
    db.session.add_all(clusters)
    for year in (2025, 2026):
        members_by_cluster: dict[int, list[Unit]] = {}
        for code, _name, _kind, number in UNITS:
            db.session.add(ClusterMembership(cluster=clusters[number], unit=units[code], year=year))
            members_by_cluster.setdefault(number, []).append(units[code])
        for number, members in members_by_cluster.items():
            lead, deputy = (members[0], members[1]) if year == 2025 else (members[1], members[2])
            db.session.add(ClusterLeadership(cluster=clusters[number], year=year, lead_unit=lead, deputy_unit=deputy))

    types = {code: AttachmentType(code=code, name=name, sort_order=i)
             for i, (code, name) in enumerate(ATTACHMENT_TYPES)}
    db.session.add_all(types.values())
    awards = {}
    for order, (code, name, level, ind, coll, house, via, c_ind, c_coll, required) in enumerate(AWARDS):
        awards[code] = Award(
            code=code, name=name, level=level, decided_by="Chủ tịch UBND tỉnh", for_individual=ind,
            for_collective=coll, for_household=house, via_cluster=via,
            coefficient_individual=Decimal(c_ind) if c_ind else None,
            coefficient_collective=Decimal(c_coll) if c_coll else None,
            coefficient_household=Decimal(c_ind) * Decimal("1.5") if house else None, sort_order=order,
            required_attachment_types=[types[t] for t in required],
        )
    db.session.add_all(awards.values())

    movement = Movement(name="Thi đua đổi mới sáng tạo và chuyển đổi số", start_year=2025, end_year=2030)
    campaigns = [
        Campaign(movement=movement, name="Tổng kết năm 2025", year=2025, kind=CampaignKind.YEARLY,
                 submission_deadline=date(2026, 1, 15), is_open=False),
        Campaign(movement=movement, name="Tổng kết năm 2026", year=2026, kind=CampaignKind.YEARLY,
                 submission_deadline=date(2027, 1, 15), is_open=True),
    ]
    db.session.add_all([movement, *campaigns])

    # One password hash for every bench account: scrypt is deliberately slow.
    template = User(username="x", full_name="x", role=Role.ADMIN)
    template.set_password(PASSWORD)
    users = [
        User(username="officer", full_name="Nguyễn Thị Hồng", role=Role.OFFICER, unit=units[OFFICER_UNIT_CODE]),
        User(username="unithead", full_name="Trần Văn Bình", role=Role.UNIT_HEAD, unit=units[OFFICER_UNIT_CODE]),
        User(username="appraiser", full_name="Lê Thị Mai", role=Role.APPRAISER),
        User(username="secretary", full_name="Phạm Quang Huy", role=Role.SECRETARY),
    ]
    for code, *_rest in UNITS[1:]:
        users.append(User(username=f"officer_{code.lower()}", full_name=f"Cán bộ {units[code].name}",
                          role=Role.OFFICER, unit=units[code]))
    for user in users:
        user.password_hash = template.password_hash
    db.session.add_all(users)
    db.session.commit()

    return {
        "units": {code: unit.id for code, unit in units.items()},
        "top_units": [units[code].id for code, *_rest in UNITS],
        "sub_units": {units[code].id: units[parent].id for code, _n, parent in SUB_UNITS},
        "awards": [(a.id, a.code, a.nominee_kinds, [t.id for t in a.required_attachment_types])
                   for a in awards.values()],
        "campaigns": [c.id for c in campaigns],
        "type_ids": [t.id for t in types.values()],
        "users": {u.username: u.id for u in users},
        "officer_by_unit": {u.unit_id: u.id for u in users if u.role is Role.OFFICER},
        "unithead_id": next(u.id for u in users if u.role is Role.UNIT_HEAD),
        "appraiser_id": next(u.id for u in users if u.role is Role.APPRAISER),
    }


def _person(rng: random.Random) -> tuple[str, Gender]:
    gender = Gender.FEMALE if rng.random() < 0.5 else Gender.MALE
    surname = rng.choices([s for s, _w in SURNAMES], weights=[w for _s, w in SURNAMES])[0]
    if gender is Gender.FEMALE:
        parts = [surname, rng.choice(MIDDLE_FEMALE), rng.choice(GIVEN_FEMALE)]
    else:
        parts = [surname, rng.choice(MIDDLE_MALE), rng.choice(GIVEN_MALE)]
    if rng.random() < 0.2:  # four-syllable names are common
        parts.insert(2, rng.choice(GIVEN_FEMALE if gender is Gender.FEMALE else GIVEN_MALE))
    return " ".join(parts), gender


def _nominee(rng: random.Random, kind: NomineeKind, unit_name: str) -> dict:
    if kind is NomineeKind.INDIVIDUAL:
        name, gender = _person(rng)
        return {"nominee_name": name, "nominee_gender": gender, "nominee_birth_year": rng.randint(1965, 1998),
                "nominee_position": rng.choice(POSITIONS)}
    if kind is NomineeKind.HOUSEHOLD:
        name, _gender = _person(rng)
        return {"nominee_name": "Hộ gia đình ông/bà " + name, "nominee_gender": None, "nominee_birth_year": None,
                "nominee_position": rng.choice(HAMLETS) + ", " + unit_name}
    name = f"{rng.choice(COLLECTIVE_PREFIXES)} số {rng.randint(1, 40)}, {unit_name}"
    return {"nominee_name": name, "nominee_gender": None, "nominee_birth_year": None,
            "nominee_position": "Tập thể " + unit_name}


def dossier_rows(org: dict, count: int, seed: int = 2025) -> list[dict]:
    """``count`` dossier rows as dicts for a Core insert, unique per the active-nominee rule."""
    rng = random.Random(seed)
    unit_names = {uid: name for uid, name in db.session.execute(select(Unit.id, Unit.name))}
    # Departments and wards nominate more than enterprises; the officer's department is a big one.
    unit_weights = [6 if uid == org["units"][OFFICER_UNIT_CODE] else 2 if i < 18 else 1
                    for i, uid in enumerate(org["top_units"])]
    sub_units_of = {}
    for sub, parent in org["sub_units"].items():
        sub_units_of.setdefault(parent, []).append(sub)
    awards = org["awards"]
    award_weights = [AWARD_WEIGHTS[code] for _id, code, _kinds, _req in awards]
    states = [s for s, _w in STATE_WEIGHTS]
    state_weights = [w for _s, w in STATE_WEIGHTS]
    table_columns = set(Dossier.__table__.c.keys())
    seen_keys: set[tuple] = set()
    rows = []
    for n in range(count):
        unit_id = rng.choices(org["top_units"], weights=unit_weights)[0]
        award_id, _code, kinds, _required = rng.choices(awards, weights=award_weights)[0]
        campaign_id = rng.choice(org["campaigns"])
        kind = rng.choice(kinds)
        state = rng.choices(states, weights=state_weights)[0]
        for _attempt in range(20):
            nominee = _nominee(rng, kind, unit_names[unit_id])
            key = nominee_key(kind, nfc(nominee["nominee_name"]), nominee["nominee_birth_year"])
            if (campaign_id, award_id, key) not in seen_keys:
                break
        else:  # give up on realism rather than loop forever
            nominee["nominee_name"] += f" ({n})"
            key = nominee_key(kind, nfc(nominee["nominee_name"]), nominee["nominee_birth_year"])
        seen_keys.add((campaign_id, award_id, key))
        created = BASE_TIME + timedelta(minutes=rng.randint(0, 60 * 24 * 200))
        updated = created + timedelta(minutes=rng.randint(0, 60 * 24 * 60))
        name, position = nfc(nominee["nominee_name"]), nfc(nominee["nominee_position"])
        row = {
            "unit_id": unit_id, "campaign_id": campaign_id, "award_id": award_id, "nominee_kind": kind,
            "nominee_name": name, "nominee_gender": nominee["nominee_gender"],
            "nominee_birth_year": nominee["nominee_birth_year"], "nominee_position": position,
            "nominee_unit_id": (rng.choice(sub_units_of[unit_id])
                                if unit_id in sub_units_of and rng.random() < 0.3 else None),
            "nominee_key": key, "achievement_summary": SUMMARY, "search_key": fold(f"{name} {position}"),
            "state": state, "version": 1, "via_cluster": False,
            "submitted_at": None if state in UNSUBMITTED else created + timedelta(days=3),
            "state_changed_at": updated, "created_by_id": org["officer_by_unit"].get(unit_id),
            "created_at": created, "updated_at": updated,
        }
        # Columns added by the workflow (CHECKs tie them to the state): filled only when the model has them,
        # with the random draw made either way so that the data do not depend on the schema.
        decision_number = f"{rng.randint(100, 2999)}/QĐ-CTN"
        if "held_from_state" in table_columns:
            row["held_from_state"] = State.APPRAISAL if state is State.ON_HOLD else None
        if "central_decision_number" in table_columns:
            row["central_decision_number"] = decision_number if state is State.AWARDED else None
        if "appraisal_opinion" in table_columns:
            row["appraisal_opinion"] = ""
        rows.append(row)
    return rows


def chained(events: list[dict], last: dict[int, str | None]) -> list[dict]:
    """Give history rows (in insertion order) their prev_hash and hash; ``last`` holds the hash each
    dossier's chain ends with so far (a dossier missing from it has no history yet)."""
    for row in events:
        previous = last.get(row["dossier_id"])
        row["prev_hash"] = previous
        row["hash"] = last[row["dossier_id"]] = event_hash(
            previous, **{k: row[k] for k in ("dossier_id", "action", "actor_id", "actor_role", "from_state",
                                             "to_state", "comment", "created_at")})
    return events


def insert_chunked(table, rows: list[dict]) -> None:
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(table), rows[start:start + CHUNK])


def seed_dossiers(org: dict, count: int, seed: int = 2025) -> None:
    """Insert ``count`` dossiers with a short history and a few attachments each (Core executemany)."""
    insert_chunked(Dossier.__table__, dossier_rows(org, count, seed))
    rng = random.Random(seed + 1)
    events, attachments = [], []
    required_by_award = {award_id: required for award_id, _c, _k, required in org["awards"]}
    query = select(Dossier.id, Dossier.unit_id, Dossier.award_id, Dossier.state, Dossier.created_at,
                   Dossier.submitted_at)
    for dossier_id, unit_id, award_id, state, created, submitted in db.session.execute(query):
        officer = org["officer_by_unit"].get(unit_id)
        events.append({"dossier_id": dossier_id, "action": "create", "actor_id": officer,
                       "actor_role": Role.OFFICER, "from_state": None, "to_state": State.DRAFT, "comment": "",
                       "created_at": created})
        if submitted is not None:
            events.append({"dossier_id": dossier_id, "action": "submit", "actor_id": officer,
                           "actor_role": Role.OFFICER, "from_state": State.DRAFT, "to_state": State.SUBMITTED,
                           "comment": "", "created_at": submitted})
            if state is not State.SUBMITTED:
                events.append({"dossier_id": dossier_id, "action": "transition", "actor_id": org["appraiser_id"],
                               "actor_role": Role.APPRAISER, "from_state": State.SUBMITTED, "to_state": state,
                               "comment": "Hồ sơ đầy đủ theo quy định.", "created_at": submitted + timedelta(days=5)})
        for type_id in required_by_award[award_id][: rng.randint(0, 3)]:
            attachments.append({
                "dossier_id": dossier_id, "type_id": type_id, "original_name": f"ho-so-{dossier_id}-{type_id}.pdf",
                "stored_name": f"bench-{dossier_id}-{type_id}.pdf", "content_type": "application/pdf",
                "size_bytes": rng.randint(40_000, 2_000_000), "sha256": "0" * 64, "uploaded_by_id": officer,
                "uploaded_at": created + timedelta(hours=2),
            })
    insert_chunked(DossierEvent.__table__, chained(events, {}))
    insert_chunked(Attachment.__table__, attachments)
    db.session.commit()


def detail_dossiers(org: dict) -> tuple[int, int]:
    """Two submitted dossiers of the officer's unit: one as seeded (a short history, a few files) and one
    with a long history by six people and more files, to show whether the page's queries grow with them."""
    unit_id = org["units"][OFFICER_UNIT_CODE]
    typical_id, long_id = db.session.scalars(
        # Alike but for their history and files: same unit, no nominee sub-unit, created by the officer.
        select(Dossier.id).where(Dossier.unit_id == unit_id, Dossier.submitted_at.is_not(None),
                                 Dossier.nominee_unit_id.is_(None))
        .order_by(Dossier.id).limit(2)
    ).all()
    existing = set(db.session.scalars(select(Attachment.type_id).where(Attachment.dossier_id == long_id)))
    db.session.execute(insert(Attachment.__table__), [
        {"dossier_id": long_id, "type_id": type_id, "original_name": f"Tài liệu {type_id}.pdf",
         "stored_name": f"bench-detail-{type_id}.pdf", "content_type": "application/pdf", "size_bytes": 250_000,
         "sha256": "0" * 64, "uploaded_by_id": org["users"]["officer"], "uploaded_at": BASE_TIME}
        for type_id in org["type_ids"] if type_id not in existing
    ])
    users = org["users"]
    actors = [(users["officer"], Role.OFFICER), (org["unithead_id"], Role.UNIT_HEAD),
              (users["appraiser"], Role.APPRAISER), (users["secretary"], Role.SECRETARY),
              (users["officer_snv"], Role.OFFICER), (users["officer_stc"], Role.OFFICER)]
    last = db.session.scalar(select(DossierEvent.hash).where(DossierEvent.dossier_id == long_id)
                             .order_by(DossierEvent.id.desc()).limit(1))
    db.session.execute(insert(DossierEvent.__table__), chained([
        {"dossier_id": long_id, "action": "comment", "actor_id": actor_id, "actor_role": role,
         "from_state": State.APPRAISAL, "to_state": State.APPRAISAL, "comment": f"Ý kiến số {n}.",
         "created_at": BASE_TIME + timedelta(days=n)}
        for n, (actor_id, role) in enumerate(actors * 2, 1)
    ], {long_id: last}))
    db.session.commit()
    return typical_id, long_id
