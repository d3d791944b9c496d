"""The demo dossiers as plain specs, drawn from a fixed seed: the same 65 on every run and database."""
import random
from dataclasses import dataclass, replace
from typing import Any

from app.demo.catalogue import AWARDS, CAMPAIGN_2025, CAMPAIGN_2026, CAMPAIGN_AD_HOC
from app.demo.org import HOME_UNIT, UNIT_SPECS, UNITS, UnitSpec, cluster_of
from app.demo.people import achievement, household_address, lower_first, position_in, random_person
from app.models import AwardLevel, Gender, NomineeKind, UnitKind
from app.nominations.operations import nominee_key
from app.text import nfc

SEED = 2025_2030

# Where each demo dossier stops. "returned_head" was sent back by its unit head, "returned_supplement"
# by the appraiser asking for a supplement; the others are the states of the same name. Two more
# targets are set after the draw (see _settle_bloc_flags): "returned_lead" (sent back by the cluster
# lead) and "withdrawn_lead" (then withdrawn by its unit); and the dossiers of _decided_specs are
# "decided": approved, then awarded by a decision the loader issues through the decisions module.
TARGET_PLAN = [
    ("draft", 14), ("unit_review", 10), ("returned_head", 2), ("returned_supplement", 2), ("cluster_review", 4),
    ("submitted", 8), ("appraisal", 7), ("public_notice", 2), ("council_review", 5), ("approved", 3),
    ("proposed_to_central", 1), ("awarded", 2),
]
TOTAL = sum(count for _, count in TARGET_PLAN)
# Targets only a central award reaches (public notice, proposal to central level, central decision).
CENTRAL_ONLY = {"public_notice", "proposed_to_central", "awarded"}
# Stages a unit-level award shares with the others; past them it goes to the unit's own council.
BEFORE_UNIT_APPROVAL = {"draft", "unit_review", "returned_head"}
LATE = {"returned_supplement", "cluster_review", "public_notice", "council_review", "approved",
        "proposed_to_central", "awarded"}

# Relative frequency of each award among the other dossiers.
AWARD_WEIGHTS = {
    "bang_khen_tinh": 8, "cstd_co_so": 5, "giay_khen": 4, "cstd_tinh": 2, "tt_ldxs": 2, "bang_khen_ttg": 2,
    "co_thi_dua_tinh": 1, "huan_chuong_ld_3": 1,
}
AWARD_ROWS = {row["code"]: row for row in AWARDS}

_COLLECTIVE_DESCRIPTION = {
    UnitKind.DEPARTMENT: "Cơ quan chuyên môn thuộc UBND tỉnh",
    UnitKind.WARD: "Đơn vị hành chính cấp xã",
    UnitKind.COMMUNE: "Đơn vị hành chính cấp xã",
    UnitKind.MASS_ORGANISATION: "Tổ chức chính trị - xã hội",
    UnitKind.PUBLIC_SERVICE: "Đơn vị sự nghiệp công lập",
    UnitKind.ENTERPRISE: "Doanh nghiệp",
}


@dataclass(frozen=True)
class DossierSpec:
    unit: str
    campaign: str
    award: str
    kind: NomineeKind
    name: str
    gender: Gender | None
    birth_year: int | None
    position: str
    nominee_unit: str
    summary: str
    target: str
    reworked: bool = False  # returned once by the unit head and resubmitted before going on

    @property
    def key(self) -> str:
        return nominee_key(self.kind, self.name, self.birth_year)


def _allowed(award_code: str, kind: NomineeKind) -> bool:
    return AWARD_ROWS[award_code][f"for_{kind.value}"]


def _sub_unit_code(unit: UnitSpec, division: str) -> str:
    """A division that is a sub-unit row of its own (SKHCN's) is the nominee's unit; others belong to the unit."""
    return next((s.code for s in UNITS if s.parent == unit.code and s.name == division), unit.code)


def _authority(unit: UnitSpec) -> str:
    """How a unit is named as the body something belongs to ("UBND xã Phù Cát", "Sở Y tế")."""
    if unit.kind in (UnitKind.WARD, UnitKind.COMMUNE):
        return f"UBND {lower_first(unit.name)}"
    return unit.name


def _division_of(division: str, unit: UnitSpec) -> str:
    """A division's full name: "Phòng Nghiệp vụ Dược, Sở Y tế", "Văn phòng HĐND và UBND xã Phù Cát"."""
    if division.endswith("UBND"):
        return f"{division} {lower_first(unit.name)}"
    return f"{division}, {_authority(unit)}"


class _Planner:
    def __init__(self):
        self.rng = random.Random(SEED)
        self.specs: list[DossierSpec] = []
        self.taken: set[tuple[str, str, str]] = set()  # (campaign, award, nominee key): the one-form rule

    def add(self, spec: DossierSpec) -> bool:
        triple = (spec.campaign, spec.award, spec.key)
        if triple in self.taken:
            return False
        self.taken.add(triple)
        self.specs.append(spec)
        return True

    def pick_award(self, target: str, campaign: str) -> str:
        rng = self.rng
        if target == "cluster_review":
            return "co_thi_dua_tinh" if rng.random() < 0.75 else "co_thi_dua_cp"
        if target in CENTRAL_ONLY:
            return rng.choice(("bang_khen_ttg", "bang_khen_ttg", "huan_chuong_ld_3"))
        if campaign == CAMPAIGN_AD_HOC:
            return rng.choice(("bang_khen_tinh", "giay_khen"))
        codes = list(AWARD_WEIGHTS)
        return rng.choices(codes, weights=[AWARD_WEIGHTS[c] for c in codes])[0]

    def pick_campaign(self, unit: UnitSpec, target: str, ad_hoc_left: int) -> str:
        rng = self.rng
        local = unit.kind in (UnitKind.WARD, UnitKind.COMMUNE)
        early = target in {"draft", "unit_review", "submitted", "appraisal"}
        if local and ad_hoc_left and early and rng.random() < 0.4:
            return CAMPAIGN_AD_HOC
        if target in LATE:
            return CAMPAIGN_2025
        if target == "draft":
            return CAMPAIGN_2026 if rng.random() < 0.75 else CAMPAIGN_2025
        return rng.choice((CAMPAIGN_2025, CAMPAIGN_2026))

    def pick_kind(self, unit: UnitSpec, award: str) -> NomineeKind:
        rng = self.rng
        local = unit.kind in (UnitKind.WARD, UnitKind.COMMUNE)
        if local and _allowed(award, NomineeKind.HOUSEHOLD) and rng.random() < 0.3:
            return NomineeKind.HOUSEHOLD
        if not _allowed(award, NomineeKind.INDIVIDUAL):
            return NomineeKind.COLLECTIVE
        if not _allowed(award, NomineeKind.COLLECTIVE) or rng.random() < 0.65:
            return NomineeKind.INDIVIDUAL
        return NomineeKind.COLLECTIVE

    def nominee(self, unit: UnitSpec, award: str, kind: NomineeKind) -> dict:
        rng = self.rng
        if kind is NomineeKind.INDIVIDUAL:
            person = random_person(rng, unit.west)
            division = rng.choice(unit.divisions)
            central = AWARD_ROWS[award]["level"].value == "central"
            birth_year = rng.randint(1966, 1980) if central else rng.randint(1970, 1996)
            return dict(name=person.name, gender=person.gender, birth_year=birth_year,
                        position=position_in(rng, division), nominee_unit=_sub_unit_code(unit, division))
        if kind is NomineeKind.HOUSEHOLD:
            head = random_person(rng, unit.west)
            title = "ông" if head.gender is Gender.MALE else "bà"
            return dict(name=f"Hộ gia đình {title} {head.name}", gender=None, birth_year=None,
                        position=household_address(rng, unit.name, unit.kind is UnitKind.WARD),
                        nominee_unit=unit.code)
        # The flags go to the unit as a whole; other collective awards often to one of its divisions.
        if award in ("co_thi_dua_tinh", "co_thi_dua_cp") or rng.random() < 0.4:
            return dict(name=unit.name, gender=None, birth_year=None,
                        position=_COLLECTIVE_DESCRIPTION[unit.kind], nominee_unit=unit.code)
        division = rng.choice(unit.divisions)
        return dict(name=_division_of(division, unit), gender=None, birth_year=None,
                    position=f"Trực thuộc {_authority(unit)}", nominee_unit=_sub_unit_code(unit, division))

    def spec(self, unit: UnitSpec, target: str, ad_hoc_left: int) -> DossierSpec:
        campaign = self.pick_campaign(unit, target, ad_hoc_left)
        award = self.pick_award(target, campaign)
        if target not in BEFORE_UNIT_APPROVAL and AWARD_ROWS[award]["level"] is AwardLevel.UNIT:
            # A unit-level award never reaches Home Affairs: it waits in the unit's own council instead, or is
            # approved there (decided after the draw, which stays that of earlier demo versions).
            target = "approved" if target == "approved" else "council_review"
        kind = self.pick_kind(unit, award)
        year = 2026 if campaign == CAMPAIGN_2026 else 2025
        nominee = self.nominee(unit, award, kind)
        summary = achievement(self.rng, kind.value, year, campaign == CAMPAIGN_AD_HOC)
        reworked = target not in ("draft", "unit_review", "returned_head") and self.rng.random() < 0.2
        fields: dict[str, Any] = {k: nfc(v) if isinstance(v, str) else v for k, v in nominee.items()}
        return DossierSpec(unit=unit.code, campaign=campaign, award=award, kind=kind, summary=summary,
                           target=target, reworked=reworked, **fields)


def _fixed_specs() -> list[DossierSpec]:
    """Named dossiers the demo script and the search example rely on."""
    skhcn, sxd = UNIT_SPECS[HOME_UNIT], UNIT_SPECS["SXD"]
    flag = ("Dẫn đầu Khối thi đua các sở, ngành kinh tế - kỹ thuật năm 2025; hoàn thành xuất sắc nhiệm vụ; "
            "100% thủ tục hành chính được cung cấp dịch vụ công trực tuyến toàn trình.")
    return [
        DossierSpec(HOME_UNIT, CAMPAIGN_2025, "co_thi_dua_tinh", NomineeKind.COLLECTIVE, skhcn.name, None, None,
                    _COLLECTIVE_DESCRIPTION[skhcn.kind], HOME_UNIT, flag, "cluster_review"),
        DossierSpec("SXD", CAMPAIGN_2025, "co_thi_dua_tinh", NomineeKind.COLLECTIVE, sxd.name, None, None,
                    _COLLECTIVE_DESCRIPTION[sxd.kind], "SXD", flag.replace("Dẫn đầu", "Hoàn thành tốt"),
                    "cluster_review"),
        DossierSpec(HOME_UNIT, CAMPAIGN_2025, "bang_khen_tinh", NomineeKind.INDIVIDUAL, "Nguyễn Thị Hồng",
                    Gender.FEMALE, 1982, "Trưởng phòng Quản lý khoa học", "SKHCN-QLKH",
                    "Hai năm liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở; chủ trì sáng kiến “Số hóa quy trình "
                    "xét chọn nhiệm vụ khoa học và công nghệ cấp tỉnh”.", "council_review"),
        DossierSpec(HOME_UNIT, CAMPAIGN_2026, "cstd_co_so", NomineeKind.INDIVIDUAL, "Đặng Thị Hồng",
                    Gender.FEMALE, 1988, "Chuyên viên Phòng Chuyển đổi số", "SKHCN-CDS",
                    "Hoàn thành xuất sắc nhiệm vụ năm 2026; tác giả sáng kiến “Nền tảng dữ liệu mở về khoa học "
                    "và công nghệ của tỉnh”.", "draft"),
    ]


def _decided_specs() -> list[DossierSpec]:
    """Awards the demo carries to a real decision (the province's Bằng khen and title decisions, a unit head's
    Giấy khen), and a unit-level award's own route (DOMAIN.md §10b): the unit's council, then the head."""
    return [
        DossierSpec(HOME_UNIT, CAMPAIGN_2025, "bang_khen_tinh", NomineeKind.COLLECTIVE,
                    "Phòng Chuyển đổi số, Sở Khoa học và Công nghệ", None, None, "Trực thuộc Sở Khoa học và Công nghệ",
                    "SKHCN-CDS", "Hoàn thành xuất sắc nhiệm vụ năm 2025; tham mưu triển khai nền tảng dữ liệu dùng "
                    "chung của tỉnh; 100% văn bản của Sở được ký số và luân chuyển trên môi trường điện tử.",
                    "decided"),
        DossierSpec("PPLEIKU", CAMPAIGN_2025, "bang_khen_tinh", NomineeKind.INDIVIDUAL, "Ksor H'Yên", Gender.FEMALE,
                    1987, "Chuyên viên Phòng Văn hóa - Xã hội", "PPLEIKU",
                    "Hai năm liên tục hoàn thành xuất sắc nhiệm vụ; tác giả sáng kiến “Hướng dẫn song ngữ Việt - "
                    "Jrai sử dụng dịch vụ công trực tuyến”, áp dụng tại 12 tổ dân phố.", "decided"),
        DossierSpec("XPHUCAT", CAMPAIGN_2025, "bang_khen_tinh", NomineeKind.HOUSEHOLD, "Hộ gia đình ông Đỗ Văn Bảy",
                    None, None, "Thôn 4, xã Phù Cát", "XPHUCAT",
                    "Tự nguyện hiến 350 m² đất và tài sản trên đất để mở rộng đường giao thông liên thôn năm 2025.",
                    "decided"),
        DossierSpec("SGDDT", CAMPAIGN_2025, "cstd_tinh", NomineeKind.INDIVIDUAL, "Nguyễn Thị Thanh Tâm",
                    Gender.FEMALE, 1984, "Tổ trưởng chuyên môn, Trường THPT chuyên Lê Quý Đôn", "SGDDT",
                    "Ba năm liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở (2023–2025); sáng kiến “Ngân hàng đề kiểm "
                    "tra trực tuyến môn Vật lý” được công nhận có phạm vi ảnh hưởng toàn tỉnh.", "decided"),
        DossierSpec("SYT", CAMPAIGN_2025, "cstd_tinh", NomineeKind.INDIVIDUAL, "Phan Minh Khoa", Gender.MALE, 1979,
                    "Phó Giám đốc Trung tâm Kiểm soát bệnh tật", "SYT",
                    "Ba năm liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở; chủ trì đề tài “Ứng dụng bản đồ số giám "
                    "sát dịch sốt xuất huyết trên địa bàn tỉnh”, được nghiệm thu và áp dụng toàn tỉnh.", "decided"),
        # A unit-level award's own route (DOMAIN.md §10b): the unit's council, then the head's decision.
        DossierSpec(HOME_UNIT, CAMPAIGN_2026, "giay_khen", NomineeKind.COLLECTIVE, "Phòng Quản lý khoa học",
                    None, None, "Trực thuộc Sở Khoa học và Công nghệ", "SKHCN-QLKH",
                    "Hoàn thành xuất sắc nhiệm vụ năm 2026; tham mưu số hóa toàn bộ hồ sơ nhiệm vụ khoa học và "
                    "công nghệ cấp tỉnh.", "council_review"),
        DossierSpec(HOME_UNIT, CAMPAIGN_2026, "giay_khen", NomineeKind.INDIVIDUAL, "Lê Văn Phúc", Gender.MALE,
                    1990, "Chuyên viên Phòng Chuyển đổi số", "SKHCN-CDS",
                    "Hoàn thành xuất sắc nhiệm vụ năm 2026; xây dựng cổng dữ liệu mở của Sở.", "approved"),
        # The unit head's own decision (Giấy khen of the Giám đốc Sở), in the unit's register.
        DossierSpec(HOME_UNIT, CAMPAIGN_2025, "giay_khen", NomineeKind.INDIVIDUAL, "Võ Thị Mai", Gender.FEMALE,
                    1992, "Chuyên viên Văn phòng Sở", HOME_UNIT,
                    "Hoàn thành xuất sắc nhiệm vụ năm 2025; tổ chức số hóa hồ sơ lưu trữ của Sở.", "decided"),
    ]


def _settle_bloc_flags(specs: list[DossierSpec]) -> list[DossierSpec]:
    """Keep the demo lead's bloc consistent with its locked 2025 ranking (app/demo/scoring.py).

    The home unit leads the ranking, so the workflow's guard lets only its flag proposal be endorsed.
    The bloc's other 2025 flag proposals were drawn into the cluster stage; the lead has returned them
    instead (the first one waits with its officer, the others were then withdrawn by their units).
    """
    bloc = cluster_of(HOME_UNIT, 2025)
    assert bloc is not None
    settled, returned_one = [], False
    for spec in specs:
        if (spec.award == "co_thi_dua_tinh" and spec.campaign == CAMPAIGN_2025 and spec.unit in bloc.members
                and spec.unit != HOME_UNIT and spec.target == "cluster_review"):
            spec = replace(spec, target="withdrawn_lead" if returned_one else "returned_lead")
            returned_one = True
        settled.append(spec)
    return settled


def _unit_sequence(rng: random.Random, count: int) -> list[UnitSpec]:
    """Nominating units for the drawn dossiers: the home unit about ten times, every other unit at least once."""
    others = [s for s in UNITS if s.is_current_top_level and s.code != HOME_UNIT]
    units = [UNIT_SPECS[HOME_UNIT]] * 8 + others
    units += rng.choices(others, k=count - len(units))
    rng.shuffle(units)
    return units


def dossier_specs() -> list[DossierSpec]:
    planner = _Planner()
    fixed = _fixed_specs()
    for spec in fixed:
        planner.add(spec)
    decided = _decided_specs()
    reserved = {(spec.campaign, spec.award, spec.key) for spec in decided}
    planner.taken |= reserved  # no drawn dossier takes a decided one's nominee
    targets = [target for target, count in TARGET_PLAN for _ in range(count)]
    for spec in fixed:
        targets.remove(spec.target)
    planner.rng.shuffle(targets)
    ad_hoc_left = 4
    for unit, target in zip(_unit_sequence(planner.rng, len(targets)), targets):
        if target == "cluster_review":
            # Put the flag proposals in the demo cluster lead's bloc; the home unit already has its own.
            bloc = cluster_of(HOME_UNIT, 2025)
            assert bloc is not None
            unit = UNIT_SPECS[planner.rng.choice([c for c in bloc.members if c not in (HOME_UNIT, "SXD")])]
        for _attempt in range(50):
            # The same nominee drawn twice for one award and campaign breaks the one-form rule: draw again.
            if planner.add(spec := planner.spec(unit, target, ad_hoc_left)):
                break
        else:
            raise RuntimeError(f"demo plan: no free nominee for {unit.code} / {target}")
        if spec.campaign == CAMPAIGN_AD_HOC:
            ad_hoc_left -= 1
    # Added after the draw so that the drawn dossiers stay those of earlier demo versions.
    planner.taken -= reserved
    for spec in decided:
        if not planner.add(spec):
            raise RuntimeError(f"demo plan: {spec.name} is already proposed for {spec.award}")
    return _settle_bloc_flags(planner.specs)
