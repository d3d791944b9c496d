"""The seed rules of the award catalogue (DOMAIN.md §9), once per decree: Nghị định 98/2023/NĐ-CP until
30/6/2025 and Nghị định 152/2025/NĐ-CP from 1/7/2025. Where both decrees keep the Law's standard the rows
are the same but for their dates and legal basis, so a later change is an edit of one decree's rows.

``seed_rules()`` adds the rule set of each catalogue award that has none of that decree yet (matched by
award and rule set), so rules an administrator has since edited are left as they are. It flushes and never
commits: the demo loader and ``flask eligibility seed`` commit.

Rules beyond DOMAIN §9 (Huân chương hạng Nhì and Nhất, the collective forms of the central awards) are kept
to the structure the Law gives (the previous award, then five years of ratings); an appraiser should
review them and add the article references before relying on them.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from app.eligibility.rules import read_params
from app.extensions import db
from app.models import Award, EligibilityRule, NomineeKind, RuleKind


@dataclass(frozen=True)
class Decree:
    rule_set: str
    valid_from: date
    valid_to: date | None
    text: str


ND_98 = Decree("Nghị định 98/2023/NĐ-CP", date(2024, 1, 1), date(2025, 6, 30),
               "Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ")
ND_152 = Decree("Nghị định 152/2025/NĐ-CP", date(2025, 7, 1), None,
                "Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ")
DECREES = (ND_98, ND_152)
LAW = "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"

# Forms of commendation: one achievement earns one of them (Luật Thi đua, khen thưởng, nguyên tắc khen thưởng).
FORMS = ["giay_khen", "bang_khen_tinh", "bang_khen_ttg", "huan_chuong_ld_3", "huan_chuong_ld_2", "huan_chuong_ld_1"]

IND, COL = NomineeKind.INDIVIDUAL, NomineeKind.COLLECTIVE


@dataclass(frozen=True)
class Seed:
    kind: RuleKind
    params: dict[str, Any]
    nominee_kind: NomineeKind | None = None
    alternative: str = ""


def _after(previous: str, **params) -> dict[str, Any]:
    return {"after": [previous], "window": 5, **params}


GOOD = ["htxs", "htt"]  # hoàn thành tốt nhiệm vụ trở lên

# award code -> its own rules (the rules every award shares are added by ``_shared``).
SPECIFIC: dict[str, list[Seed]] = {
    "cstd_toan_quoc": [
        Seed(RuleKind.CONSECUTIVE, {"count": 2, "titles": ["cstd_tinh"], "cycle": 3}, IND),
        Seed(RuleKind.INITIATIVES, {"count": 1, "scope": "national", "years": 6}, IND),
    ],
    "cstd_tinh": [
        Seed(RuleKind.CONSECUTIVE, {"count": 3, "titles": ["cstd_co_so"]}, IND),
        Seed(RuleKind.INITIATIVES, {"count": 1, "scope": "province", "years": 3}, IND),
    ],
    "cstd_co_so": [
        Seed(RuleKind.CONSECUTIVE, {"count": 1, "ratings": GOOD}, IND),
        Seed(RuleKind.INITIATIVES, {"count": 1, "scope": "unit", "years": 1}, IND),
    ],
    "lao_dong_tien_tien": [Seed(RuleKind.CONSECUTIVE, {"count": 1, "ratings": GOOD}, IND)],
    "bang_khen_tinh": [
        Seed(RuleKind.CONSECUTIVE, {"count": 2, "titles": ["cstd_co_so"]}, IND, "a"),
        Seed(RuleKind.CONSECUTIVE, {"count": 2, "ratings": ["htxs"]}, IND, "b"),
        Seed(RuleKind.INITIATIVES, {"count": 2, "scope": "unit", "years": 2}, IND, "b"),
        Seed(RuleKind.CONSECUTIVE, {"count": 2, "ratings": ["htxs"]}, COL),
    ],
    "bang_khen_ttg": [
        Seed(RuleKind.WINDOW_COUNT, _after("bang_khen_tinh", count=5, ratings=GOOD), IND),
        Seed(RuleKind.WINDOW_COUNT, _after("bang_khen_tinh", count=3, titles=["cstd_co_so"]), IND),
        Seed(RuleKind.WINDOW_COUNT, _after("bang_khen_tinh", count=5, ratings=["htxs"]), COL),
    ],
    "huan_chuong_ld_3": [
        Seed(RuleKind.WINDOW_COUNT, _after("bang_khen_ttg", count=5, ratings=GOOD), IND),
        Seed(RuleKind.WINDOW_COUNT, _after("bang_khen_ttg", count=1, ratings=["htxs"]), IND),
        Seed(RuleKind.WINDOW_COUNT, _after("bang_khen_ttg", count=3, titles=["cstd_co_so"]), IND),
        Seed(RuleKind.WINDOW_COUNT, _after("bang_khen_ttg", count=5, ratings=["htxs"]), COL),
    ],
    "huan_chuong_ld_2": [
        Seed(RuleKind.WINDOW_COUNT, _after("huan_chuong_ld_3", count=5, ratings=GOOD), IND),
        Seed(RuleKind.WINDOW_COUNT, _after("huan_chuong_ld_3", count=5, ratings=["htxs"]), COL),
    ],
    "huan_chuong_ld_1": [
        Seed(RuleKind.WINDOW_COUNT, _after("huan_chuong_ld_2", count=5, ratings=GOOD), IND),
        Seed(RuleKind.WINDOW_COUNT, _after("huan_chuong_ld_2", count=5, ratings=["htxs"]), COL),
    ],
    "co_thi_dua_cp": [Seed(RuleKind.CONSECUTIVE, {"count": 1, "titles": ["co_thi_dua_tinh"]}, COL)],
    # A unit that did not register for the movement in the year is not proposed for a flag (issue 11).
    "co_thi_dua_tinh": [Seed(RuleKind.CLUSTER_RANK, {"max_rank": 1}, COL), Seed(RuleKind.REGISTERED, {}, COL)],
    "tt_ldxs": [
        Seed(RuleKind.CONSECUTIVE, {"count": 1, "ratings": ["htxs"]}, COL),
        Seed(RuleKind.MEMBER_SHARE, {"min_share": {"completed": 1, "ldtt": 0.7}, "min_count": {"cstd_co_so": 1}}, COL),
    ],
    "tt_ldtt": [
        Seed(RuleKind.CONSECUTIVE, {"count": 1, "ratings": GOOD}, COL),
        Seed(RuleKind.MEMBER_SHARE, {"over_share": {"ldtt": 0.5}}, COL),
    ],
    "giay_khen": [],
}


def _shared(code: str) -> list[Seed]:
    rules = [Seed(RuleKind.NO_DUPLICATE, {})]
    if code in FORMS:
        rules.append(Seed(RuleKind.ONE_FORM_PER_YEAR, {"forms": FORMS}))
    rules.append(Seed(RuleKind.NO_DISCIPLINE, {"statuses": ["under_review", "disciplined"]}))
    return rules


def seed_rows(award: Award, decree: Decree) -> list[EligibilityRule]:
    """The seed rule rows of one award under one decree (not added to the session)."""
    basis = f"{LAW} (tiêu chuẩn {award.name}); {decree.text}"
    seeds = SPECIFIC.get(award.code, []) + _shared(award.code)
    rows = []
    for order, seed in enumerate(seeds, start=1):
        read_params(seed.kind, seed.params)  # a typo in the table above fails here, not in an appraisal
        rows.append(EligibilityRule(
            award=award, kind=seed.kind, params=seed.params, nominee_kind=seed.nominee_kind,
            alternative=seed.alternative, valid_from=decree.valid_from, valid_to=decree.valid_to,
            rule_set=decree.rule_set, legal_basis=basis, sort_order=order * 10))
    return rows


@dataclass
class SeedResult:
    created: int = 0  # rule rows added
    present: int = 0  # rule rows found for award × decree pairs that already had rules
    missing: tuple[str, ...] = ()  # seeded award codes the catalogue does not have


def seed_rules(awards: Mapping[str, Award] | None = None) -> SeedResult:
    """Add each catalogue award's seed rules for every decree it has no rules of yet; flush, no commit."""
    if awards is None:
        awards = {a.code: a for a in db.session.scalars(select(Award))}
    existing: dict[tuple[int, str], int] = {}
    for award_id, rule_set in db.session.execute(select(EligibilityRule.award_id, EligibilityRule.rule_set)):
        existing[(award_id, rule_set)] = existing.get((award_id, rule_set), 0) + 1
    result = SeedResult(missing=tuple(code for code in SPECIFIC if code not in awards))
    for code, award in awards.items():
        if code not in SPECIFIC:
            continue  # an award of the province's own: its rules are the administrator's to add
        for decree in DECREES:
            found = existing.get((award.id, decree.rule_set), 0)
            if found:
                result.present += found
                continue
            rows = seed_rows(award, decree)
            db.session.add_all(rows)
            result.created += len(rows)
    db.session.flush()
    return result
