"""The seeded rules of both decrees, read from the database: seeding is idempotent and leaves edits alone,
every award of the catalogue has rules under each decree, DOMAIN §9's standards judge as the domain says,
and the rule set changes on 1/7/2025."""
from datetime import date

import pytest
from sqlalchemy import func, select

from app.demo import catalogue as demo_catalogue
from app.demo.tally import Tally
from app.eligibility.case_file import parse_case
from app.eligibility.rules import read_params
from app.eligibility.seed import DECREES, SPECIFIC, seed_rules
from app.eligibility.store import RuleBook
from app.extensions import db
from app.models import Award, EligibilityRule, RuleKind

ND98, ND152 = "Nghị định 98/2023/NĐ-CP", "Nghị định 152/2025/NĐ-CP"


@pytest.fixture
def awards():
    tally = Tally()
    types = demo_catalogue.load_attachment_types(tally)
    return demo_catalogue.load_awards(tally, types)


@pytest.fixture
def seeded(awards):
    seed_rules(awards)
    db.session.commit()
    return awards


def check(case: dict):
    book = RuleBook.load()
    return book.evaluate(parse_case(case, book.catalogue.names))


def person(*history, award, year=2025, **proposal):
    return {"nominee": {"kind": "individual", "name": "Nguyễn Văn An"}, "history": list(history),
            "proposal": {"award": award, "year": year, **proposal}}


def collective(*history, award, year=2025):
    return {"nominee": {"kind": "collective", "name": "Phòng Kế hoạch"}, "history": list(history),
            "proposal": {"award": award, "year": year}}


def test_every_catalogue_award_gets_rules_under_both_decrees(seeded):
    assert set(seeded) == set(SPECIFIC)  # the demo catalogue and the seed table name the same awards
    pairs = set(db.session.execute(select(Award.code, EligibilityRule.rule_set).join(EligibilityRule.award)))
    assert pairs == {(code, decree.rule_set) for code in SPECIFIC for decree in DECREES}
    for rule in db.session.scalars(select(EligibilityRule)):
        read_params(rule.kind, rule.params, seeded)  # valid against the real catalogue
        assert rule.legal_basis.startswith("Luật Thi đua, khen thưởng")
        assert (rule.rule_set == ND98) == (rule.valid_to == date(2025, 6, 30))
        assert rule.valid_from == (date(2024, 1, 1) if rule.rule_set == ND98 else date(2025, 7, 1))
    # Every award holds the rules every proposal is subject to.
    for code in SPECIFIC:
        kinds = set(db.session.scalars(select(EligibilityRule.kind).join(EligibilityRule.award)
                                       .where(Award.code == code)))
        assert {RuleKind.NO_DUPLICATE, RuleKind.NO_DISCIPLINE} <= kinds, code


def test_seeding_again_adds_nothing_and_keeps_edits(seeded):
    rule = db.session.scalar(select(EligibilityRule).join(EligibilityRule.award).where(
        Award.code == "cstd_tinh", EligibilityRule.kind == RuleKind.CONSECUTIVE, EligibilityRule.rule_set == ND152))
    rule.params = {"count": 4, "titles": ["cstd_co_so"]}
    db.session.commit()
    total = db.session.scalar(select(func.count()).select_from(EligibilityRule))
    again = seed_rules()
    assert (again.created, again.present) == (0, total)
    db.session.commit()
    assert db.session.get(EligibilityRule, rule.id).params["count"] == 4


def test_an_award_missing_from_the_catalogue_is_reported(awards):
    db.session.delete(awards["tt_ldtt"])
    db.session.flush()
    result = seed_rules()
    assert result.missing == ("tt_ldtt",)
    assert result.created > 0


# --- DOMAIN §9, through the seeded rules ---------------------------------------------------------------------

CSTD = [{"year": y, "award": "cstd_co_so"} for y in (2024, 2025)]


def test_bang_khen_tinh_by_two_chien_si_thi_dua_co_so(seeded):
    result = check(person(*CSTD, award="bang_khen_tinh"))
    assert result.verdict.value == "eligible", result.reasons
    assert result.rule_set == f"bang_khen_tinh · {ND152}"


def test_bang_khen_tinh_by_two_excellent_years_and_two_initiatives(seeded):
    history = [{"year": 2024, "rating": "htxs"}, {"year": 2025, "rating": "htxs"},
               {"initiative": "SK-01", "year": 2024, "scope": "unit"},
               {"initiative": "SK-02", "year": 2025, "scope": "unit"}]
    assert check(person(*history, award="bang_khen_tinh")).verdict.value == "eligible"
    # The second initiative already earned a Chiến sĩ thi đua cơ sở: one initiative, one title.
    history[3] = dict(history[3], used_for={"award": "cstd_co_so", "year": 2025})
    result = check(person(*history, award="bang_khen_tinh"))
    assert result.verdict.value == "not_eligible"
    assert any("SK-02 đã dùng cho Chiến sĩ thi đua cơ sở năm 2025" in r for r in result.reasons)


def test_chien_si_thi_dua_tinh_three_years_and_a_province_wide_initiative(seeded):
    history = [{"year": y, "award": "cstd_co_so"} for y in (2023, 2024, 2025)]
    no_initiative = check(person(*history, award="cstd_tinh"))
    assert no_initiative.verdict.value == "not_eligible"
    result = check(person(*history, {"initiative": "ĐT-7", "year": 2024, "scope": "province"}, award="cstd_tinh"))
    assert result.verdict.value == "eligible", result.reasons


def test_chien_si_thi_dua_toan_quoc_counts_cycles(seeded):
    history = [{"year": 2022, "award": "cstd_tinh"}, {"year": 2025, "award": "cstd_tinh"},
               {"initiative": "ĐT-1", "year": 2024, "scope": "national"}]
    assert check(person(*history, award="cstd_toan_quoc")).verdict.value == "eligible"
    history[0] = {"year": 2023, "award": "cstd_tinh"}
    result = check(person(*history, {"year": 2022, "rating": "htxs"}, award="cstd_toan_quoc"))
    assert result.verdict.value == "not_eligible"
    assert "Thiếu năm 2022" in result.reasons[0]


def test_bang_khen_thu_tuong_after_a_provincial_bang_khen(seeded):
    history = [{"year": 2019, "award": "bang_khen_tinh"},
               *[{"year": y, "rating": "htt"} for y in range(2021, 2026)],
               *[{"year": y, "award": "cstd_co_so"} for y in (2021, 2023, 2025)]]
    assert check(person(*history, award="bang_khen_ttg")).verdict.value == "eligible"
    history[0] = {"year": 2019, "award": "bang_khen_tinh", "campaign_kind": "thematic"}
    assert check(person(*history, award="bang_khen_ttg")).verdict.value == "not_eligible"


def test_huan_chuong_lao_dong_hang_ba_needs_an_excellent_year(seeded):
    history = [{"year": 2020, "award": "bang_khen_ttg"},
               *[{"year": y, "rating": "htt"} for y in range(2021, 2026)],
               *[{"year": y, "award": "cstd_co_so"} for y in (2021, 2022, 2024)]]
    result = check(person(*history, award="huan_chuong_ld_3"))
    assert result.verdict.value == "not_eligible"
    history[5] = {"year": 2025, "rating": "htxs"}
    assert check(person(*history, award="huan_chuong_ld_3")).verdict.value == "eligible"


def test_tap_the_lao_dong_xuat_sac_by_member_shares(seeded):
    history = [{"year": 2025, "rating": "htxs"},
               {"members": {"year": 2025, "total": 40, "completed": 40, "ldtt": 29, "cstd_co_so": 1}}]
    assert check(collective(*history, award="tt_ldxs")).verdict.value == "eligible"
    history[1] = {"members": {"year": 2025, "total": 40, "completed": 40, "ldtt": 27, "cstd_co_so": 1}}
    assert check(collective(*history, award="tt_ldxs")).verdict.value == "not_eligible"
    assert check(person(*history, award="tt_ldxs")).reasons[0] == "Tập thể lao động xuất sắc không tặng cho cá nhân."


def test_co_thi_dua_tinh_needs_the_lead_of_a_locked_ranking(seeded):
    assert check(collective({"cluster_rank": 1, "year": 2025, "locked": True},
                            award="co_thi_dua_tinh")).verdict.value == "eligible"
    assert check(collective({"cluster_rank": 1, "year": 2025, "locked": False},
                            award="co_thi_dua_tinh")).verdict.value == "needs_evidence"


def test_the_decree_changes_on_1_july_2025(seeded):
    """The same history on 30/6/2025 and 1/7/2025: each date is judged by its decree's rules, and an
    administrator's change to the 2025 decree's rules is felt only from 1/7/2025."""
    history = [{"year": 2023, "rating": "htt"}, *CSTD]
    before = check(person(*history, award="bang_khen_tinh", date="2025-06-30"))
    after = check(person(*history, award="bang_khen_tinh", date="2025-07-01"))
    assert before.rule_set == f"bang_khen_tinh · {ND98}" and after.rule_set == f"bang_khen_tinh · {ND152}"
    assert before.verdict.value == after.verdict.value == "eligible"
    rule = db.session.scalar(select(EligibilityRule).join(EligibilityRule.award).where(
        Award.code == "bang_khen_tinh", EligibilityRule.rule_set == ND152, EligibilityRule.alternative == "a"))
    rule.params = {"count": 3, "titles": ["cstd_co_so"]}
    db.session.commit()
    assert check(person(*history, award="bang_khen_tinh", date="2025-06-30")).verdict.value == "eligible"
    changed = check(person(*history, award="bang_khen_tinh", date="2025-07-01"))
    assert changed.verdict.value == "not_eligible"
    assert "Thiếu năm 2023: chỉ Hoàn thành tốt nhiệm vụ" in changed.reasons[0]


def test_the_rule_book_reads_in_four_statements_whatever_the_number_of_cases(seeded, count_queries):
    cases = [parse_case(person(*CSTD, award=code)) for code in ("bang_khen_tinh", "cstd_tinh", "giay_khen")] * 50
    with count_queries() as queries:
        book = RuleBook.load()
        results = [book.evaluate(case) for case in cases]
    assert queries.count == 4  # rules, catalogue, the kinds of campaign counting for merit, movements' years
    assert len(results) == 150
