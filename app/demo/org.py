"""Demo organisation of the merged Gia Lai province: units, clusters/blocs per year, and users."""
import random
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from app.demo.people import random_person
from app.demo.tally import Tally
from app.extensions import db
from app.models import Cluster, ClusterKind, ClusterLeadership, ClusterMembership, Role, Unit, UnitKind, User
from app.text import fold, nfc

DEMO_PASSWORD = "demo1234"
MERGED_ON = date(2025, 7, 1)  # the two-level local government and the Bình Định + Gia Lai merger
OLD_SINCE = date(2008, 4, 1)


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    kind: UnitKind
    # Divisions name the people's workplaces and the sub-collectives a unit may propose.
    divisions: tuple[str, ...] = ()
    parent: str | None = None
    valid_from: date = MERGED_ON
    valid_to: date | None = None
    successor: str | None = None
    # West (old Gia Lai highlands) units get some Jrai and Bahnar names among their people.
    west: bool = False

    @property
    def is_current_top_level(self) -> bool:
        return self.parent is None and self.valid_to is None


_DEPT = ("Văn phòng Sở", "Phòng Kế hoạch - Tài chính", "Phòng Tổ chức cán bộ", "Phòng Pháp chế")
_WARD = ("Văn phòng HĐND và UBND", "Phòng Kinh tế, Hạ tầng và Đô thị", "Phòng Văn hóa - Xã hội",
         "Trung tâm Phục vụ hành chính công")
_COMMUNE = ("Văn phòng HĐND và UBND", "Phòng Kinh tế", "Phòng Văn hóa - Xã hội",
            "Trung tâm Phục vụ hành chính công")
_MASS = ("Văn phòng", "Ban Tuyên giáo", "Ban Phong trào")


def _dept(code, name, *divisions):
    return UnitSpec(code, name, UnitKind.DEPARTMENT, divisions or _DEPT)


def _ward(code, name, west=False):
    return UnitSpec(code, name, UnitKind.WARD, _WARD, west=west)


def _commune(code, name, west=False):
    return UnitSpec(code, name, UnitKind.COMMUNE, _COMMUNE, west=west)


# Parents before children and successors before their predecessors (rows refer to earlier ones).
UNITS = [
    _dept("SKHCN", "Sở Khoa học và Công nghệ", "Văn phòng Sở", "Phòng Quản lý khoa học", "Phòng Chuyển đổi số",
          "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ"),
    UnitSpec("SKHCN-QLKH", "Phòng Quản lý khoa học", UnitKind.SUB_UNIT, parent="SKHCN"),
    UnitSpec("SKHCN-CDS", "Phòng Chuyển đổi số", UnitKind.SUB_UNIT, parent="SKHCN"),
    UnitSpec("SKHCN-TTUD", "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ", UnitKind.SUB_UNIT, parent="SKHCN"),
    _dept("SNV", "Sở Nội vụ", "Văn phòng Sở", "Ban Thi đua - Khen thưởng", "Phòng Công chức, viên chức",
          "Phòng Lao động - Việc làm"),
    _dept("STC", "Sở Tài chính", "Văn phòng Sở", "Phòng Quản lý ngân sách", "Phòng Tài chính doanh nghiệp",
          "Phòng Kinh tế ngành"),
    _dept("SGDDT", "Sở Giáo dục và Đào tạo", "Phòng Giáo dục trung học", "Trường THPT chuyên Lê Quý Đôn",
          "Trường THPT chuyên Hùng Vương", "Văn phòng Sở"),
    _dept("SYT", "Sở Y tế", "Phòng Nghiệp vụ Y", "Phòng Nghiệp vụ Dược", "Văn phòng Sở",
          "Trung tâm Kiểm soát bệnh tật"),
    _dept("SXD", "Sở Xây dựng"),
    _dept("SNNMT", "Sở Nông nghiệp và Môi trường", "Chi cục Kiểm lâm", "Chi cục Thủy lợi", "Phòng Quản lý đất đai",
          "Văn phòng Sở"),
    _dept("SCT", "Sở Công Thương"),
    _dept("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "Phòng Quản lý văn hóa", "Phòng Quản lý du lịch",
          "Bảo tàng tỉnh", "Văn phòng Sở"),
    _dept("STP", "Sở Tư pháp"),
    _dept("SDTTG", "Sở Dân tộc và Tôn giáo"),
    _dept("VPUBND", "Văn phòng Ủy ban nhân dân tỉnh", "Phòng Tổng hợp", "Phòng Kinh tế", "Phòng Khoa giáo - Văn xã",
          "Trung tâm Thông tin điện tử"),
    _dept("TTT", "Thanh tra tỉnh", "Văn phòng", "Phòng Nghiệp vụ 1", "Phòng Nghiệp vụ 2", "Phòng Tiếp công dân"),
    _ward("PQUYNHON", "Phường Quy Nhơn"),
    _ward("PQUYNHONNAM", "Phường Quy Nhơn Nam"),
    _ward("PQUYNHONBAC", "Phường Quy Nhơn Bắc"),
    _ward("PANNHON", "Phường An Nhơn"),
    _ward("PHOAINHON", "Phường Hoài Nhơn"),
    _commune("XTUYPHUOC", "Xã Tuy Phước"),
    _commune("XPHUCAT", "Xã Phù Cát"),
    _ward("PPLEIKU", "Phường Pleiku", west=True),
    _ward("PANKHE", "Phường An Khê", west=True),
    _ward("PAYUNPA", "Phường Ayun Pa", west=True),
    _commune("XIAGRAI", "Xã Ia Grai", west=True),
    _commune("XCHUSE", "Xã Chư Sê", west=True),
    UnitSpec("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Gia Lai", UnitKind.MASS_ORGANISATION, _MASS),
    UnitSpec("HLHPN", "Hội Liên hiệp Phụ nữ tỉnh Gia Lai", UnitKind.MASS_ORGANISATION, _MASS),
    UnitSpec("BVDK", "Bệnh viện Đa khoa tỉnh Gia Lai", UnitKind.PUBLIC_SERVICE,
             ("Khoa Hồi sức tích cực - Chống độc", "Khoa Nhi", "Khoa Nội tổng hợp", "Phòng Kế hoạch tổng hợp"),
             west=True),
    UnitSpec("CANGQN", "Công ty Cổ phần Cảng Quy Nhơn", UnitKind.ENTERPRISE,
             ("Phòng Kỹ thuật", "Phòng Kinh doanh", "Đội Cơ giới", "Xí nghiệp Xếp dỡ")),
    UnitSpec("CSCHUSE", "Công ty TNHH MTV Cao su Chư Sê", UnitKind.ENTERPRISE,
             ("Phòng Kỹ thuật", "Nông trường Cao su số 1", "Nhà máy Chế biến mủ cao su", "Phòng Tổ chức - Hành chính"),
             west=True),
    # Departments dissolved by the 2025 reorganisation; their award history belongs to the successor.
    UnitSpec("SKHCN-BD", "Sở Khoa học và Công nghệ tỉnh Bình Định (cũ)", UnitKind.DEPARTMENT,
             valid_from=OLD_SINCE, valid_to=date(2025, 6, 30), successor="SKHCN"),
    UnitSpec("SKHCN-GL", "Sở Khoa học và Công nghệ tỉnh Gia Lai (cũ)", UnitKind.DEPARTMENT,
             valid_from=OLD_SINCE, valid_to=date(2025, 6, 30), successor="SKHCN"),
    UnitSpec("SNV-BD", "Sở Nội vụ tỉnh Bình Định (cũ)", UnitKind.DEPARTMENT,
             valid_from=OLD_SINCE, valid_to=date(2025, 6, 30), successor="SNV"),
    # Information and Communications merged into Science and Technology on 2025-03-01.
    UnitSpec("STTTT-BD", "Sở Thông tin và Truyền thông tỉnh Bình Định (cũ)", UnitKind.DEPARTMENT,
             valid_from=OLD_SINCE, valid_to=date(2025, 2, 28), successor="SKHCN-BD"),
]
UNIT_SPECS = {spec.code: spec for spec in UNITS}
HOME_UNIT = "SKHCN"  # the demo officer's and unit head's unit
CLUSTER_LEAD_UNIT = "STC"  # the demo cluster lead's unit, which leads SKHCN's bloc in both years


@dataclass(frozen=True)
class ClusterSpec:
    name: str
    kind: ClusterKind
    description: str
    members: tuple[str, ...]
    # year -> (lead unit, deputy unit): members elect them yearly, so they may change.
    leadership: dict = field(default_factory=dict)


CLUSTERS = [
    ClusterSpec("Khối thi đua các sở, ngành kinh tế - kỹ thuật và doanh nghiệp", ClusterKind.BLOC,
                "Các sở, ngành khối kinh tế - kỹ thuật và doanh nghiệp nhà nước trên địa bàn tỉnh.",
                ("STC", "SKHCN", "SXD", "SNNMT", "SCT", "CANGQN", "CSCHUSE"),
                {2025: ("STC", "SCT"), 2026: ("STC", "SKHCN")}),
    ClusterSpec("Khối thi đua các cơ quan văn hóa - xã hội, nội chính và đoàn thể", ClusterKind.BLOC,
                "Các sở, ngành văn hóa - xã hội, nội chính, Mặt trận và các đoàn thể tỉnh.",
                ("SNV", "SGDDT", "SYT", "SVHTTDL", "STP", "SDTTG", "VPUBND", "TTT", "MTTQ", "HLHPN", "BVDK"),
                {2025: ("SGDDT", "SYT"), 2026: ("SYT", "SVHTTDL")}),
    ClusterSpec("Cụm thi đua các phường, xã khu vực phía Đông", ClusterKind.CLUSTER,
                "Các phường, xã thuộc địa bàn tỉnh Bình Định cũ.",
                ("PQUYNHON", "PQUYNHONNAM", "PQUYNHONBAC", "PANNHON", "PHOAINHON", "XTUYPHUOC", "XPHUCAT"),
                {2025: ("PQUYNHON", "PANNHON"), 2026: ("PANNHON", "PQUYNHONNAM")}),
    ClusterSpec("Cụm thi đua các phường, xã khu vực phía Tây", ClusterKind.CLUSTER,
                "Các phường, xã thuộc địa bàn tỉnh Gia Lai cũ.",
                ("PPLEIKU", "PANKHE", "PAYUNPA", "XIAGRAI", "XCHUSE"),
                {2025: ("PPLEIKU", "XCHUSE"), 2026: ("PPLEIKU", "PANKHE")}),
]
YEARS = (2025, 2026)


@dataclass(frozen=True)
class UserSpec:
    username: str
    full_name: str
    role: Role
    unit: str | None


def lead_username(unit_code: str) -> str:
    """The cluster-lead account of a lead unit: the named demo user for SKHCN's bloc, else lead.<code>."""
    return "clusterlead" if unit_code == CLUSTER_LEAD_UNIT else f"lead.{unit_code.lower()}"


def cluster_of(unit_code: str, year: int) -> ClusterSpec | None:
    return next((c for c in CLUSTERS if unit_code in c.members and year in c.leadership), None)


def user_specs() -> list[UserSpec]:
    """Every demo account; names come from a fixed seed so they are the same on every run."""
    rng = random.Random(20250701)
    specs = [
        UserSpec("officer", "Trần Thị Mỹ Linh", Role.OFFICER, HOME_UNIT),
        UserSpec("unithead", "Lê Quang Vinh", Role.UNIT_HEAD, HOME_UNIT),
        # The Deputy Director: an emulation officer of the department in their own role, who signs "KT. Giám đốc"
        # under the Director's delegation (app/demo/roles.py).
        UserSpec("phogiamdoc", "Nguyễn Văn Khoa", Role.OFFICER, HOME_UNIT),
        UserSpec("clusterlead", "Phạm Ngọc Sơn", Role.CLUSTER_LEAD, CLUSTER_LEAD_UNIT),
        UserSpec("appraiser", "Võ Thị Thanh Hà", Role.APPRAISER, "SNV"),
        UserSpec("secretary", "Huỳnh Minh Tâm", Role.SECRETARY, "SNV"),
        UserSpec("admin", "Đỗ Hoàng Phúc", Role.ADMIN, None),
    ]
    for spec in UNITS:
        if spec.is_current_top_level:
            code = spec.code.lower()
            specs.append(UserSpec(f"officer.{code}", random_person(rng, spec.west).name, Role.OFFICER, spec.code))
            specs.append(UserSpec(f"head.{code}", random_person(rng, spec.west).name, Role.UNIT_HEAD, spec.code))
    leads = sorted({lead for c in CLUSTERS for lead, _ in c.leadership.values()}, key=[u.code for u in UNITS].index)
    for code in leads:
        if code != CLUSTER_LEAD_UNIT:
            specs.append(UserSpec(lead_username(code), random_person(rng, UNIT_SPECS[code].west).name,
                                  Role.CLUSTER_LEAD, code))
    return specs


def _head_title(spec) -> str:
    """Who heads the unit and so signs its own decisions (DOMAIN.md §10b): a department's Giám đốc, a commune's
    or ward's Chủ tịch (of its People's Committee); other kinds keep the default of their kind."""
    if spec.kind in (UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE):
        return "Chủ tịch"
    return "Giám đốc" if spec.kind is UnitKind.DEPARTMENT and spec.name.startswith("Sở ") else ""


def load_units(tally: Tally) -> dict[str, Unit]:
    existing = {u.code: u for u in db.session.scalars(select(Unit))}
    for spec in UNITS:
        if spec.code in existing:
            tally.present("units")
            continue
        unit = Unit(
            code=spec.code, name=nfc(spec.name), kind=spec.kind, valid_from=spec.valid_from, valid_to=spec.valid_to,
            parent=existing.get(spec.parent) if spec.parent else None,
            successor=existing.get(spec.successor) if spec.successor else None,
            search_key=fold(spec.name), head_title=_head_title(spec),
        )
        db.session.add(unit)
        existing[spec.code] = unit
        tally.created("units")
    db.session.flush()
    return existing


def load_clusters(tally: Tally, units: dict[str, Unit]) -> None:
    clusters = {c.name: c for c in db.session.scalars(select(Cluster))}
    # A unit sits in one cluster a year (unique in the schema): match memberships by (unit, year).
    memberships = set(db.session.execute(select(ClusterMembership.unit_id, ClusterMembership.year)).all())
    leaderships = set(db.session.execute(select(ClusterLeadership.cluster_id, ClusterLeadership.year)).all())
    for spec in CLUSTERS:
        cluster = clusters.get(spec.name)
        if cluster is None:
            cluster = Cluster(name=spec.name, kind=spec.kind, description=spec.description)
            db.session.add(cluster)
            db.session.flush()
            tally.created("clusters")
        else:
            tally.present("clusters")
        for year in YEARS:
            for code in spec.members:
                if (units[code].id, year) in memberships:
                    tally.present("cluster memberships")
                    continue
                db.session.add(ClusterMembership(cluster=cluster, unit=units[code], year=year))
                tally.created("cluster memberships")
            if (cluster.id, year) in leaderships:
                tally.present("cluster leaderships")
                continue
            lead, deputy = spec.leadership[year]
            db.session.add(ClusterLeadership(cluster=cluster, year=year, lead_unit=units[lead],
                                             deputy_unit=units[deputy]))
            tally.created("cluster leaderships")
    db.session.flush()


def load_users(tally: Tally, units: dict[str, Unit]) -> dict[str, User]:
    existing = {u.username: u for u in db.session.scalars(select(User))}
    shared_hash = None
    for spec in user_specs():
        if spec.username in existing:
            tally.present("users")
            continue
        user = User(username=spec.username, full_name=nfc(spec.full_name), role=spec.role,
                    unit=units[spec.unit] if spec.unit else None,
                    email=f"{spec.username}@demo.khenthuong.example", active=True)
        # Hashing is deliberately slow (scrypt); every demo account has the same published
        # password, so one salted hash serves them all and the load stays quick.
        if shared_hash is None:
            user.set_password(DEMO_PASSWORD)
            shared_hash = user.password_hash
        else:
            user.password_hash = shared_hash
        db.session.add(user)
        existing[spec.username] = user
        tally.created("users")
    db.session.flush()
    return existing
