"""The eligibility engine as pure code over facts: every rule kind as a table of cases, the parameter checks,
and how verdicts combine (alternatives, nominee kinds, the rule set chosen by the proposal's date).

No database: the rules are written here as ``RuleSpec`` values (tests/test_eligibility_seed.py runs the
seeded rules from the database)."""
from datetime import date

import pytest

from app.eligibility.engine import Catalogue, RuleSpec, evaluate, worst
from app.eligibility.facts import (
    AwardFact,
    Case,
    ClusterRankFact,
    DisciplineFact,
    History,
    InitiativeFact,
    MembersFact,
    Nominee,
    ProposalFact,
    RatingFact,
    Use,
)
from app.eligibility.rules import KINDS, ParamsError, read_params
from app.models import CampaignKind, DisciplineStatus, NomineeKind, Rating, RuleKind, Scope, Verdict

K = RuleKind
V = Verdict
THEMATIC, AD_HOC = CampaignKind.THEMATIC, CampaignKind.AD_HOC
NAMES = {
    "cstd_co_so": "Chiến sĩ thi đua cơ sở", "cstd_tinh": "Chiến sĩ thi đua cấp tỉnh",
    "bang_khen_tinh": "Bằng khen tỉnh", "bang_khen_ttg": "Bằng khen TTg", "giay_khen": "Giấy khen",
    "tt_ldxs": "Tập thể lao động xuất sắc", "co_thi_dua_tinh": "Cờ thi đua tỉnh",
    "huan_chuong_ld_3": "Huân chương Lao động hạng Ba", "proposed": "Danh hiệu được đề nghị",
}
CATALOGUE = Catalogue(names=NAMES)


# --- helpers: facts in a line ------------------------------------------------------------------------------

def got(award: str, year: int, kind: CampaignKind = CampaignKind.YEARLY, decision: str = "") -> AwardFact:
    return AwardFact(award, year, kind, decision)


def rated(year: int, rating: str) -> RatingFact:
    return RatingFact(year, Rating(rating))


def idea(code: str, year: int, scope: str = "unit", used_for: tuple[str, int] | None = None) -> InitiativeFact:
    return InitiativeFact(code, year, Scope(scope), Use(*used_for) if used_for else None)


def members(year: int, total: int, completed: int, ldtt: int, cstd: int) -> MembersFact:
    return MembersFact(year, total, completed, ldtt, cstd)


def pending(award: str, year: int, kind: CampaignKind = CampaignKind.YEARLY) -> ProposalFact:
    return ProposalFact(award, year, kind)


def discipline(status: str, since: str, until: str | None = None) -> DisciplineFact:
    end = date.fromisoformat(until) if until else None
    return DisciplineFact(DisciplineStatus(status), date.fromisoformat(since), end)


def make_case(facts=(), award="proposed", year=2025, nominee=NomineeKind.INDIVIDUAL, day=None,
              campaign_kind=CampaignKind.YEARLY) -> Case:
    buckets: dict[type, list] = {}
    for fact in facts:
        buckets.setdefault(type(fact), []).append(fact)
    history = History(
        awards=tuple(buckets.get(AwardFact, [])), ratings=tuple(buckets.get(RatingFact, [])),
        initiatives=tuple(buckets.get(InitiativeFact, [])), disciplines=tuple(buckets.get(DisciplineFact, [])),
        cluster_ranks=tuple(buckets.get(ClusterRankFact, [])), members=tuple(buckets.get(MembersFact, [])),
        pending=tuple(buckets.get(ProposalFact, [])))
    return Case(Nominee(nominee), ProposalFact(award, year, campaign_kind, day), history)


def judge(kind: RuleKind, params: dict, facts=(), **case_kw):
    """(verdict, reason) of one rule on one case."""
    case = make_case(facts, **case_kw)
    result = evaluate(case, [RuleSpec(case.proposal.award, kind, params)], CATALOGUE)
    assert len(result.outcomes) == 1
    return result.verdict, result.reasons[0]


def check_table(kind, params, facts, case_kw, verdict, *fragments):
    found, reason = judge(kind, params, facts, **case_kw)
    assert found is verdict, reason
    for fragment in fragments:
        assert fragment in reason, reason


# --- consecutive years (and cycles) of a title or a rating ----------------------------------------------------

CSTD2 = {"count": 2, "titles": ["cstd_co_so"]}
CONSECUTIVE = [
    ("two titles in a row", CSTD2, [got("cstd_co_so", 2024), got("cstd_co_so", 2025)], {},
     V.ELIGIBLE, ["2 năm liên tục Chiến sĩ thi đua cơ sở (2024–2025): đạt"]),
    ("the decisions are named", CSTD2, [got("cstd_co_so", 2024, decision="QĐ số 7/QĐ-SKHCN"),
                                        got("cstd_co_so", 2025)], {},
     V.ELIGIBLE, ["2024: QĐ số 7/QĐ-SKHCN"]),
    ("streak broken: the year's rating is named", {"count": 3, "titles": ["cstd_co_so"]},
     [got("cstd_co_so", 2023), rated(2024, "ht"), got("cstd_co_so", 2025)], {},
     V.NOT_ELIGIBLE, ["Thiếu năm 2024: chỉ Hoàn thành nhiệm vụ"]),
    ("streak broken in a year known from another award", CSTD2,
     [got("giay_khen", 2024), got("cstd_co_so", 2025)], {},
     V.NOT_ELIGIBLE, ["Thiếu năm 2024: không có Chiến sĩ thi đua cơ sở"]),
    ("a year the history does not know", CSTD2, [got("cstd_co_so", 2025)], {},
     V.NEEDS_EVIDENCE, ["chưa có dữ liệu năm 2024", "quyết định công nhận Chiến sĩ thi đua cơ sở"]),
    ("a short year beats an unknown one", {"count": 3, "titles": ["cstd_co_so"]},
     [rated(2024, "htt"), got("cstd_co_so", 2025)], {},
     V.NOT_ELIGIBLE, ["Thiếu năm 2024: chỉ Hoàn thành tốt nhiệm vụ", "chưa có dữ liệu năm 2023"]),
    ("the proposal's own year counts, not a later one", CSTD2,
     [got("cstd_co_so", 2025), got("cstd_co_so", 2026), rated(2024, "htxs")], {},
     V.NOT_ELIGIBLE, ["Thiếu năm 2024: chỉ Hoàn thành xuất sắc nhiệm vụ"]),
    ("last_year_offset ends the streak earlier", dict(CSTD2, last_year_offset=1),
     [got("cstd_co_so", 2023), got("cstd_co_so", 2024)], {},
     V.ELIGIBLE, ["(2023–2024)"]),
    ("excellent ratings in a row", {"count": 2, "ratings": ["htxs"]}, [rated(2024, "htxs"), rated(2025, "htxs")], {},
     V.ELIGIBLE, ["2 năm liên tục Hoàn thành xuất sắc nhiệm vụ (2024–2025): đạt"]),
    ("a good year breaks an excellent streak", {"count": 2, "ratings": ["htxs"]},
     [rated(2024, "htxs"), rated(2025, "htt")], {},
     V.NOT_ELIGIBLE, ["Thiếu năm 2025: chỉ Hoàn thành tốt nhiệm vụ"]),
    ("good or better for five years", {"count": 5, "ratings": ["htxs", "htt"]},
     [rated(y, "htt") for y in range(2021, 2026)], {},
     V.ELIGIBLE, ["5 năm liên tục Hoàn thành tốt nhiệm vụ trở lên (2021–2025)"]),
    ("a missing rating", {"count": 2, "ratings": ["htxs"]}, [rated(2025, "htxs"), got("cstd_co_so", 2024)], {},
     V.NEEDS_EVIDENCE, ["chưa có dữ liệu năm 2024 (kết quả đánh giá, xếp loại)"]),
    # Chiến sĩ thi đua cấp tỉnh is considered every 3 years: two in a row are 3 years apart.
    ("cycle: consecutive cycles", {"count": 2, "titles": ["cstd_tinh"], "cycle": 3},
     [got("cstd_tinh", 2022), got("cstd_tinh", 2025)], {},
     V.ELIGIBLE, ["2 lần liên tục Chiến sĩ thi đua cấp tỉnh, mỗi lần cách 3 năm (2022, 2025): đạt"]),
    ("cycle: two years apart is not a cycle", {"count": 2, "titles": ["cstd_tinh"], "cycle": 3},
     [got("cstd_tinh", 2023), got("cstd_tinh", 2025), rated(2022, "htxs")], {},
     V.NOT_ELIGIBLE, ["Thiếu năm 2022"]),
    ("cycle: the last cycle must be the proposal's", {"count": 2, "titles": ["cstd_tinh"], "cycle": 3},
     [got("cstd_tinh", 2019), got("cstd_tinh", 2022), rated(2025, "htxs")], {},
     V.NOT_ELIGIBLE, ["(2022, 2025)", "Thiếu năm 2025"]),
    ("thematic titles do not count toward a streak", {"count": 2, "titles": ["bang_khen_tinh"]},
     [got("bang_khen_tinh", 2024), got("bang_khen_tinh", 2025, THEMATIC)], {},
     V.NOT_ELIGIBLE, ["Thiếu năm 2025: Bằng khen tỉnh năm 2025 là khen chuyên đề, không tính"]),
    ("nor ad hoc ones", {"count": 2, "titles": ["bang_khen_tinh"]},
     [got("bang_khen_tinh", 2024, AD_HOC), got("bang_khen_tinh", 2025)], {},
     V.NOT_ELIGIBLE, ["khen đột xuất, không tính"]),
    ("unless the rule says so", {"count": 2, "titles": ["bang_khen_tinh"],
                                 "campaign_kinds": ["yearly", "thematic"]},
     [got("bang_khen_tinh", 2024), got("bang_khen_tinh", 2025, THEMATIC)], {},
     V.ELIGIBLE, ["đạt"]),
    ("final reviews count like yearly ones", CSTD2,
     [got("cstd_co_so", 2024, CampaignKind.FINAL), got("cstd_co_so", 2025)], {}, V.ELIGIBLE, []),
]


@pytest.mark.parametrize("name,params,facts,case_kw,verdict,fragments", CONSECUTIVE, ids=[c[0] for c in CONSECUTIVE])
def test_consecutive(name, params, facts, case_kw, verdict, fragments):
    check_table(K.CONSECUTIVE, params, facts, case_kw, verdict, *fragments)


# --- titles or ratings within a window after a previous award -----------------------------------------------

AFTER_BK = {"after": ["bang_khen_tinh"], "window": 5, "count": 3, "titles": ["cstd_co_so"]}
CSTD_YEARS = [got("cstd_co_so", y) for y in (2021, 2023, 2025)]
WINDOW = [
    ("three titles in the five years after", AFTER_BK, [got("bang_khen_tinh", 2019), *CSTD_YEARS], {},
     V.ELIGIBLE, ["Sau Bằng khen tỉnh năm 2019: ít nhất 3 lần Chiến sĩ thi đua cơ sở trong 5 năm 2021–2025",
                  "đạt 3 lần (2021, 2023, 2025)"]),
    ("the latest previous award counts", AFTER_BK, [got("bang_khen_tinh", 2015), got("bang_khen_tinh", 2022),
                                                    *CSTD_YEARS], {},
     V.NOT_ELIGIBLE, ["Sau Bằng khen tỉnh năm 2022: mới 3 năm đến năm 2025, cần đủ 5 năm (xét từ năm 2027)"]),
    ("no previous award", AFTER_BK, CSTD_YEARS, {},
     V.NOT_ELIGIBLE, ["Cần có Bằng khen tỉnh trước năm 2025", "chưa có Bằng khen tỉnh"]),
    ("a thematic previous award does not open the window", AFTER_BK,
     [got("bang_khen_tinh", 2019, THEMATIC), *CSTD_YEARS], {},
     V.NOT_ELIGIBLE, ["Bằng khen tỉnh năm 2019 là khen chuyên đề, không tính"]),
    ("too few titles in known years", AFTER_BK,
     [got("bang_khen_tinh", 2019), got("cstd_co_so", 2021), got("cstd_co_so", 2023),
      *[rated(y, "htt") for y in (2022, 2024, 2025)]], {},
     V.NOT_ELIGIBLE, ["chỉ có 2 lần (2021, 2023)"]),
    ("the missing title may be in a year not known", AFTER_BK,
     [got("bang_khen_tinh", 2019), got("cstd_co_so", 2021), got("cstd_co_so", 2023), rated(2022, "htt")], {},
     V.NEEDS_EVIDENCE, ["mới có 2 lần (2021, 2023)", "chưa có dữ liệu năm 2024, 2025"]),
    ("thematic titles inside the window do not count", AFTER_BK,
     [got("bang_khen_tinh", 2019), got("cstd_co_so", 2021), got("cstd_co_so", 2023),
      got("cstd_co_so", 2025, THEMATIC), *[rated(y, "htt") for y in (2022, 2024)]], {},
     V.NOT_ELIGIBLE, ["chỉ có 2 lần"]),
    ("an excellent year after a central award", {"after": ["bang_khen_ttg"], "window": 5, "count": 1,
                                                 "ratings": ["htxs"]},
     [got("bang_khen_ttg", 2020), *[rated(y, "htt") for y in range(2021, 2025)], rated(2025, "htxs")], {},
     V.ELIGIBLE, ["đạt 1 lần (2025)"]),
    ("no excellent year", {"after": ["bang_khen_ttg"], "window": 5, "count": 1, "ratings": ["htxs"]},
     [got("bang_khen_ttg", 2020), *[rated(y, "htt") for y in range(2021, 2026)]], {},
     V.NOT_ELIGIBLE, ["chỉ có chưa lần nào"]),
]


@pytest.mark.parametrize("name,params,facts,case_kw,verdict,fragments", WINDOW, ids=[c[0] for c in WINDOW])
def test_window_count(name, params, facts, case_kw, verdict, fragments):
    check_table(K.WINDOW_COUNT, params, facts, case_kw, verdict, *fragments)


# --- initiatives by scope, each used once ---------------------------------------------------------------------

PROVINCE_3Y = {"count": 1, "scope": "province", "years": 3}
INITIATIVES = [
    ("one province-wide initiative", PROVINCE_3Y, [idea("SK-01", 2024, "province")], {},
     V.ELIGIBLE, ["Ít nhất 1 sáng kiến có phạm vi ảnh hưởng toàn tỉnh trở lên trong 2023–2025", "đạt (SK-01)"]),
    ("a national one counts for the province", PROVINCE_3Y, [idea("SK-01", 2025, "national")], {}, V.ELIGIBLE, []),
    ("a unit-wide one does not", PROVINCE_3Y, [idea("SK-01", 2025, "unit")], {},
     V.NOT_ELIGIBLE, ["có 0/1", "SK-01 chỉ có phạm vi cơ sở", "cần Xác nhận sáng kiến / đề tài"]),
    ("an initiative already used for another title does not count", {"count": 2, "years": 2},
     [idea("SK-01", 2024, used_for=("cstd_co_so", 2024)), idea("SK-02", 2025)], {},
     V.NOT_ELIGIBLE, ["có 1/2 (SK-02)", "SK-01 đã dùng cho Chiến sĩ thi đua cơ sở năm 2024"]),
    ("used for this very proposal, it counts", {"count": 1},
     [idea("SK-01", 2025, used_for=("proposed", 2025))], {}, V.ELIGIBLE, ["đạt (SK-01)"]),
    ("used for the same award another year, it does not", {"count": 1},
     [idea("SK-01", 2025, used_for=("proposed", 2024))], {}, V.NOT_ELIGIBLE, ["đã dùng cho"]),
    ("outside the years looked at", PROVINCE_3Y, [idea("SK-01", 2022, "province")], {},
     V.NOT_ELIGIBLE, ["có 0/1"]),
    ("none at all", {"count": 2, "years": 2}, [], {}, V.NOT_ELIGIBLE, ["có 0/2; cần Xác nhận sáng kiến / đề tài"]),
]


@pytest.mark.parametrize("name,params,facts,case_kw,verdict,fragments", INITIATIVES, ids=[c[0] for c in INITIATIVES])
def test_initiatives(name, params, facts, case_kw, verdict, fragments):
    check_table(K.INITIATIVES, params, facts, case_kw, verdict, *fragments)


# --- shares of a collective's members ---------------------------------------------------------------------------

TT_LDXS = {"min_share": {"completed": 1, "ldtt": 0.7}, "min_count": {"cstd_co_so": 1}}
COLLECTIVE = {"nominee": NomineeKind.COLLECTIVE}
SHARES = [
    ("exactly 70 % Lao động tiên tiến", TT_LDXS, [members(2025, 40, 40, 28, 1)], COLLECTIVE,
     V.ELIGIBLE, ["40/40 hoàn thành nhiệm vụ (100%, cần từ 100%)", "28/40 đạt Lao động tiên tiến (70%, cần từ 70%)",
                  "1 cá nhân đạt Chiến sĩ thi đua cơ sở (cần ít nhất 1)"]),
    ("one member did not complete the tasks", TT_LDXS, [members(2025, 40, 39, 30, 1)], COLLECTIVE,
     V.NOT_ELIGIBLE, ["không đạt: 39/40 hoàn thành nhiệm vụ (97,5%, cần từ 100%)"]),
    ("under 70 %", TT_LDXS, [members(2025, 40, 40, 27, 1)], COLLECTIVE,
     V.NOT_ELIGIBLE, ["27/40 đạt Lao động tiên tiến (67,5%, cần từ 70%)"]),
    ("no Chiến sĩ thi đua cơ sở", TT_LDXS, [members(2025, 40, 40, 35, 0)], COLLECTIVE,
     V.NOT_ELIGIBLE, ["0 cá nhân đạt Chiến sĩ thi đua cơ sở (cần ít nhất 1)"]),
    ("only last year's figures", TT_LDXS, [members(2024, 40, 40, 35, 2)], COLLECTIVE,
     V.NEEDS_EVIDENCE, ["chưa có số liệu năm 2025 (báo cáo thành tích Mẫu 02)"]),
    ("more than half: exactly half is not", {"over_share": {"ldtt": 0.5}}, [members(2025, 20, 20, 10, 0)],
     COLLECTIVE, V.NOT_ELIGIBLE, ["cần trên 50%"]),
    ("more than half", {"over_share": {"ldtt": 0.5}}, [members(2025, 20, 20, 11, 0)], COLLECTIVE, V.ELIGIBLE, []),
    ("an individual has no members", TT_LDXS, [], {}, V.ELIGIBLE, ["không áp dụng"]),
]


@pytest.mark.parametrize("name,params,facts,case_kw,verdict,fragments", SHARES, ids=[c[0] for c in SHARES])
def test_member_share(name, params, facts, case_kw, verdict, fragments):
    check_table(K.MEMBER_SHARE, params, facts, case_kw, verdict, *fragments)


# --- leading a locked cluster ranking -------------------------------------------------------------------------

CLUSTER = [
    ("first in a locked ranking", {"max_rank": 1}, [ClusterRankFact(2025, 1, True, "Khối các sở")], COLLECTIVE,
     V.ELIGIBLE, ["Dẫn đầu cụm, khối thi đua năm 2025 (bảng xếp hạng đã khóa): xếp thứ 1, đạt"]),
    ("second", {"max_rank": 1}, [ClusterRankFact(2025, 2, True)], COLLECTIVE, V.NOT_ELIGIBLE, ["xếp thứ 2."]),
    ("second is enough for a runner-up rule", {"max_rank": 3}, [ClusterRankFact(2025, 2, True)], COLLECTIVE,
     V.ELIGIBLE, ["Xếp hạng từ 1 đến 3"]),
    ("first but not locked", {"max_rank": 1}, [ClusterRankFact(2025, 1, False, "Cụm phía Tây")], COLLECTIVE,
     V.NEEDS_EVIDENCE, ["bảng xếp hạng Cụm phía Tây chưa khóa (đang xếp thứ 1)"]),
    ("first last year only", {"max_rank": 1}, [ClusterRankFact(2024, 1, True)], COLLECTIVE,
     V.NEEDS_EVIDENCE, ["chưa có kết quả xếp hạng (biên bản họp cụm, khối thi đua)"]),
]


@pytest.mark.parametrize("name,params,facts,case_kw,verdict,fragments", CLUSTER, ids=[c[0] for c in CLUSTER])
def test_cluster_rank(name, params, facts, case_kw, verdict, fragments):
    check_table(K.CLUSTER_RANK, params, facts, case_kw, verdict, *fragments)


# --- one proposal per nominee × award × campaign; one form per achievement and year ----------------------------

BK = {"award": "bang_khen_tinh"}
DUPLICATE = [
    ("another pending proposal of the same award and year", [pending("bang_khen_tinh", 2025)], BK,
     V.NOT_ELIGIBLE, ["đã có hồ sơ khác đề nghị Bằng khen tỉnh năm 2025 đang được xét"]),
    ("already awarded for that year", [got("bang_khen_tinh", 2025, decision="QĐ số 125/QĐ-UBND")], BK,
     V.NOT_ELIGIBLE, ["đã được tặng Bằng khen tỉnh năm 2025 (2025: QĐ số 125/QĐ-UBND)"]),
    ("the same award for another year", [pending("bang_khen_tinh", 2024), got("bang_khen_tinh", 2023)], BK,
     V.ELIGIBLE, ["không có hồ sơ hay quyết định trùng"]),
    ("the same award in another campaign (thematic)", [pending("bang_khen_tinh", 2025, THEMATIC)], BK,
     V.ELIGIBLE, []),
    ("a thematic proposal beside a thematic award", [got("bang_khen_tinh", 2025, THEMATIC)],
     dict(BK, campaign_kind=THEMATIC), V.NOT_ELIGIBLE, ["chuyên đề"]),
]


@pytest.mark.parametrize("name,facts,case_kw,verdict,fragments", DUPLICATE, ids=[c[0] for c in DUPLICATE])
def test_no_duplicate(name, facts, case_kw, verdict, fragments):
    check_table(K.NO_DUPLICATE, {}, facts, case_kw, verdict, *fragments)


FORMS = {"forms": ["giay_khen", "bang_khen_tinh", "bang_khen_ttg"]}
ONE_FORM = [
    ("a Giấy khen already given for the year", [got("giay_khen", 2025, decision="QĐ số 3/QĐ-SYT")], BK,
     V.NOT_ELIGIBLE, ["đã được tặng Giấy khen năm 2025 (2025: QĐ số 3/QĐ-SYT)"]),
    ("a Bằng khen TTg pending for the same achievement", [pending("bang_khen_ttg", 2025)], BK,
     V.NOT_ELIGIBLE, ["đang có hồ sơ đề nghị Bằng khen TTg cho cùng thành tích"]),
    ("a thematic Giấy khen is another achievement", [got("giay_khen", 2025, THEMATIC)], BK, V.ELIGIBLE, []),
    ("last year's Giấy khen", [got("giay_khen", 2024)], BK, V.ELIGIBLE, ["chưa được tặng hay đề nghị hình thức khác"]),
    ("titles are not forms", [got("giay_khen", 2025)], {"award": "cstd_co_so"}, V.ELIGIBLE, ["không áp dụng"]),
]


@pytest.mark.parametrize("name,facts,case_kw,verdict,fragments", ONE_FORM, ids=[c[0] for c in ONE_FORM])
def test_one_form_per_year(name, facts, case_kw, verdict, fragments):
    check_table(K.ONE_FORM_PER_YEAR, FORMS, facts, case_kw, verdict, *fragments)


# --- discipline puts the proposal on hold ----------------------------------------------------------------------

BOTH = {"statuses": ["under_review", "disciplined"]}
DISCIPLINE = [
    ("under review on the proposal's date", BOTH, [discipline("under_review", "2025-03-01")], {},
     V.HOLD, ["Đang bị xem xét kỷ luật từ 01/03/2025: tạm dừng xét khen thưởng đến khi có kết luận."]),
    ("disciplined until a date after it", BOTH, [discipline("disciplined", "2025-01-10", "2026-01-09")], {},
     V.HOLD, ["Đang chịu hình thức kỷ luật từ 10/01/2025 đến 09/01/2026: tạm dừng xét khen thưởng trong thời "
              "gian chịu kỷ luật."]),
    ("a measure that ended before the proposal", BOTH, [discipline("disciplined", "2024-01-01", "2025-06-30")], {},
     V.ELIGIBLE, ["Không bị kỷ luật hay xem xét kỷ luật vào ngày 31/12/2025"]),
    ("a review that starts after the proposal's date", BOTH, [discipline("under_review", "2025-11-01")],
     {"day": date(2025, 10, 15)}, V.ELIGIBLE, ["15/10/2025"]),
    ("a rule that holds only for measures", {"statuses": ["disciplined"]}, [discipline("under_review", "2025-03-01")],
     {}, V.ELIGIBLE, []),
]


@pytest.mark.parametrize("name,params,facts,case_kw,verdict,fragments", DISCIPLINE, ids=[c[0] for c in DISCIPLINE])
def test_no_discipline(name, params, facts, case_kw, verdict, fragments):
    check_table(K.NO_DISCIPLINE, params, facts, case_kw, verdict, *fragments)


def test_every_rule_kind_has_a_table_above():
    tested = {K.CONSECUTIVE, K.WINDOW_COUNT, K.INITIATIVES, K.MEMBER_SHARE, K.CLUSTER_RANK, K.NO_DUPLICATE,
              K.ONE_FORM_PER_YEAR, K.NO_DISCIPLINE,
              K.REGISTERED}  # its table: tests/test_movement_flag_rule.py
    assert tested == set(RuleKind) == set(KINDS)


# --- combining -------------------------------------------------------------------------------------------------

def test_worst_verdict_wins_hold_then_not_eligible_then_needs_evidence():
    assert worst([V.ELIGIBLE, V.NEEDS_EVIDENCE]) is V.NEEDS_EVIDENCE
    assert worst([V.NEEDS_EVIDENCE, V.NOT_ELIGIBLE, V.ELIGIBLE]) is V.NOT_ELIGIBLE
    assert worst([V.NOT_ELIGIBLE, V.HOLD, V.NEEDS_EVIDENCE]) is V.HOLD
    assert worst([]) is V.ELIGIBLE


def _rules(*specs):
    return [RuleSpec("proposed", kind, params, sort_order=n, alternative=alt, nominee_kind=who)
            for n, (kind, params, alt, who) in enumerate(specs)]


def test_rules_combine_and_give_one_reason_each():
    rules = _rules((K.CONSECUTIVE, CSTD2, "", None), (K.NO_DISCIPLINE, BOTH, "", None),
                   (K.NO_DUPLICATE, {}, "", None))
    case = make_case([got("cstd_co_so", 2024), rated(2025, "ht"), discipline("under_review", "2025-02-01")])
    result = evaluate(case, rules, CATALOGUE)
    assert result.verdict is V.HOLD  # hold beats the streak's not_eligible
    assert [o.verdict for o in result.outcomes] == [V.NOT_ELIGIBLE, V.HOLD, V.ELIGIBLE]
    assert len(result.reasons) == 3


def test_one_whole_alternative_is_enough():
    rules = _rules((K.CONSECUTIVE, CSTD2, "a", None), (K.CONSECUTIVE, {"count": 2, "ratings": ["htxs"]}, "b", None),
                   (K.INITIATIVES, {"count": 2, "years": 2}, "b", None), (K.NO_DUPLICATE, {}, "", None))
    by_b = [rated(2024, "htxs"), rated(2025, "htxs"), idea("SK-1", 2024), idea("SK-2", 2025)]
    result = evaluate(make_case(by_b), rules, CATALOGUE)
    assert result.verdict is V.ELIGIBLE
    assert result.reasons[0].startswith("Trường hợp a: ") and result.outcomes[0].verdict is V.NOT_ELIGIBLE
    assert result.reasons[1].startswith("Trường hợp b: ")
    # Half of way b is not a way: the best way decides, here needs_evidence (a year unknown in way a).
    half_b = [rated(2024, "htxs"), rated(2025, "htxs"), idea("SK-1", 2024), got("cstd_co_so", 2025)]
    assert evaluate(make_case(half_b), rules, CATALOGUE).verdict is V.NOT_ELIGIBLE
    unknown_a = [got("cstd_co_so", 2025)]
    assert evaluate(make_case(unknown_a), rules, CATALOGUE).verdict is V.NEEDS_EVIDENCE


def test_rules_for_another_kind_of_nominee_are_left_out():
    rules = _rules((K.CONSECUTIVE, CSTD2, "", NomineeKind.INDIVIDUAL),
                   (K.CONSECUTIVE, {"count": 2, "ratings": ["htxs"]}, "", NomineeKind.COLLECTIVE))
    collective = make_case([rated(2024, "htxs"), rated(2025, "htxs")], nominee=NomineeKind.COLLECTIVE)
    result = evaluate(collective, rules, CATALOGUE)
    assert result.verdict is V.ELIGIBLE and len(result.outcomes) == 1


def test_an_award_not_given_to_the_nominee_kind_is_not_eligible():
    catalogue = Catalogue(names=NAMES, nominee_kinds={"tt_ldxs": frozenset({NomineeKind.COLLECTIVE})})
    result = evaluate(make_case(award="tt_ldxs"), [RuleSpec("tt_ldxs", K.NO_DUPLICATE)], catalogue)
    assert result.verdict is V.NOT_ELIGIBLE
    assert result.reasons[0] == "Tập thể lao động xuất sắc không tặng cho cá nhân."


def test_no_rule_in_force_is_not_a_pass():
    rules = [RuleSpec("proposed", K.NO_DUPLICATE, valid_from=date(2026, 1, 1), rule_set="Quy định mới")]
    result = evaluate(make_case(), rules, CATALOGUE)
    assert result.verdict is V.NEEDS_EVIDENCE
    assert result.rule_set == "proposed"
    assert "Chưa có tiêu chuẩn nào của Danh hiệu được đề nghị áp dụng ngày 31/12/2025" in result.reasons[0]


def test_the_rule_set_is_chosen_by_the_proposal_date():
    """Nghị định 98/2023 until 30/6/2025, Nghị định 152/2025 from 1/7/2025: each decree's rules only."""
    old = RuleSpec("proposed", K.CONSECUTIVE, {"count": 2, "titles": ["cstd_co_so"]}, date(2024, 1, 1),
                   date(2025, 6, 30), "Nghị định 98/2023/NĐ-CP")
    new = RuleSpec("proposed", K.CONSECUTIVE, {"count": 3, "titles": ["cstd_co_so"]}, date(2025, 7, 1), None,
                   "Nghị định 152/2025/NĐ-CP")
    facts = [rated(2023, "htt"), got("cstd_co_so", 2024), got("cstd_co_so", 2025)]
    before = evaluate(make_case(facts, day=date(2025, 6, 30)), [old, new], CATALOGUE)
    after = evaluate(make_case(facts, day=date(2025, 7, 1)), [old, new], CATALOGUE)
    assert (before.rule_set, before.verdict) == ("proposed · Nghị định 98/2023/NĐ-CP", V.ELIGIBLE)
    assert (after.rule_set, after.verdict) == ("proposed · Nghị định 152/2025/NĐ-CP", V.NOT_ELIGIBLE)
    # Without a date, a proposal for a year is judged on 31 December of that year.
    assert evaluate(make_case(facts, year=2025), [old, new], CATALOGUE).rule_set.endswith("152/2025/NĐ-CP")
    assert evaluate(make_case(facts, year=2024), [old, new], CATALOGUE).rule_set.endswith("98/2023/NĐ-CP")


def test_a_rule_with_broken_parameters_says_so_instead_of_guessing():
    result = evaluate(make_case(), [RuleSpec("proposed", K.CONSECUTIVE, {"count": "two"})], CATALOGUE)
    assert result.verdict is V.NEEDS_EVIDENCE
    assert "tham số sai" in result.reasons[0]


def test_as_json_is_the_cli_shape():
    result = evaluate(make_case(), [RuleSpec("proposed", K.NO_DUPLICATE, rule_set="X")], CATALOGUE)
    assert result.as_json() == {"verdict": "eligible", "rule": "proposed · X", "reasons": result.reasons}


# --- parameters are checked per kind ----------------------------------------------------------------------------

@pytest.mark.parametrize("kind", list(RuleKind), ids=lambda k: k.value)
def test_each_kind_reads_its_own_example(kind):
    read_params(kind, KINDS[kind].example, NAMES.keys() | {"giay_khen", "bang_khen_ttg"})


BAD_PARAMS = [
    (K.CONSECUTIVE, [], "must be a JSON object"),
    (K.CONSECUTIVE, {"count": 0, "titles": ["cstd_co_so"]}, "count: enter a whole number from 1 to 30"),
    (K.CONSECUTIVE, {"count": True, "titles": ["cstd_co_so"]}, "count: enter a whole number"),
    (K.CONSECUTIVE, {"count": 2}, "Give either titles"),
    (K.CONSECUTIVE, {"count": 2, "titles": ["cstd_co_so"], "ratings": ["htxs"]}, "Give either titles"),
    (K.CONSECUTIVE, {"count": 2, "titles": ["no_such_award"]}, "no_such_award is not an award code"),
    (K.CONSECUTIVE, {"count": 2, "titles": []}, "titles: give a list of award codes"),
    (K.CONSECUTIVE, {"count": 2, "ratings": ["excellent"]}, "ratings: give a list of values among htxs"),
    (K.CONSECUTIVE, {"count": 2, "titles": ["cstd_co_so"], "cycle": 0}, "cycle: enter a whole number from 1"),
    (K.CONSECUTIVE, {"count": 2, "titles": ["cstd_co_so"], "campaign_kinds": ["yearly", "weekly"]},
     "campaign_kinds: give a list of values"),
    (K.CONSECUTIVE, {"count": 2, "titles": ["cstd_co_so"], "years": 2}, "Unknown parameter years"),
    (K.WINDOW_COUNT, {"window": 5, "count": 3, "titles": ["cstd_co_so"]}, "after: give a list"),
    (K.WINDOW_COUNT, {"after": ["bang_khen_tinh"], "window": 3, "count": 5, "titles": ["cstd_co_so"]},
     "count: at most the window"),
    (K.INITIATIVES, {"count": 1, "scope": "world"}, "scope: choose one of unit, province, national"),
    (K.INITIATIVES, {"count": 21}, "count: enter a whole number from 1 to 20"),
    (K.MEMBER_SHARE, {}, "Give at least one of"),
    (K.MEMBER_SHARE, {"min_share": {"ldtt": 70}}, "min_share.ldtt: a share is a number from 0 to 1"),
    (K.MEMBER_SHARE, {"min_share": {"women": 0.5}}, "min_share: an object whose keys are among"),
    (K.MEMBER_SHARE, {"min_count": {"cstd_co_so": -1}}, "min_count.cstd_co_so: enter a whole number"),
    (K.CLUSTER_RANK, {"max_rank": 0}, "max_rank: enter a whole number from 1 to 20"),
    (K.NO_DUPLICATE, {"award": "x"}, "Unknown parameter award"),
    (K.ONE_FORM_PER_YEAR, {}, "forms: give a list of award codes"),
    (K.NO_DISCIPLINE, {"statuses": []}, "statuses: give a list of values among under_review, disciplined"),
]


@pytest.mark.parametrize("kind,params,message", BAD_PARAMS, ids=[f"{k.value}-{m[:20]}" for k, _, m in BAD_PARAMS])
def test_bad_parameters_are_refused_with_a_message(kind, params, message):
    with pytest.raises(ParamsError) as refused:
        read_params(kind, params, NAMES.keys())
    assert message in str(refused.value)


def test_the_engine_imports_only_models_and_extensions():
    """Pure code over facts: the registry and the screens build on it, never the other way round."""
    from tools.import_graph import dependencies

    assert dependencies()["eligibility"] <= {"models", "extensions"}
