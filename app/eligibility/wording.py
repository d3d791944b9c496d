"""The Vietnamese words the engine's reasons are written with (reasons are Vietnamese whatever the
interface language: they are read by appraisers and copied into appraisal opinions)."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from app.models import CampaignKind, DisciplineStatus, NomineeKind, Rating, Scope

RATING = {
    Rating.HTXS: "Hoàn thành xuất sắc nhiệm vụ",
    Rating.HTT: "Hoàn thành tốt nhiệm vụ",
    Rating.HT: "Hoàn thành nhiệm vụ",
    Rating.KHT: "Không hoàn thành nhiệm vụ",
}
SCOPE = {Scope.UNIT: "cơ sở", Scope.PROVINCE: "toàn tỉnh", Scope.NATIONAL: "toàn quốc"}
CAMPAIGN = {
    CampaignKind.YEARLY: "hằng năm",
    CampaignKind.MID_TERM: "sơ kết",
    CampaignKind.FINAL: "tổng kết",
    CampaignKind.THEMATIC: "chuyên đề",
    CampaignKind.AD_HOC: "đột xuất",
}
NOMINEE = {NomineeKind.INDIVIDUAL: "cá nhân", NomineeKind.COLLECTIVE: "tập thể", NomineeKind.HOUSEHOLD: "hộ gia đình"}
DISCIPLINE = {DisciplineStatus.UNDER_REVIEW: "Đang bị xem xét kỷ luật",
              DisciplineStatus.DISCIPLINED: "Đang chịu hình thức kỷ luật"}
MEMBER_FIELD = {"completed": "hoàn thành nhiệm vụ", "ldtt": "đạt Lao động tiên tiến",
                "cstd_co_so": "đạt Chiến sĩ thi đua cơ sở"}

# The documents a missing fact is proved by.
DOC_RATING = "kết quả đánh giá, xếp loại"
DOC_INITIATIVE = "Xác nhận sáng kiến / đề tài"
DOC_MEMBERS = "báo cáo thành tích Mẫu 02"
DOC_CLUSTER = "biên bản họp cụm, khối thi đua"


def day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def year_span(first: int, last: int) -> str:
    return str(last) if first == last else f"{first}–{last}"


def years(values: Iterable[int]) -> str:
    return ", ".join(str(y) for y in sorted(set(values)))


def ratings(values: Iterable[Rating]) -> str:
    """"Hoàn thành tốt nhiệm vụ trở lên" for a best-first run of ratings, else each named."""
    chosen = sorted(set(values), key=list(Rating).index)
    order = list(Rating)
    if len(chosen) > 1 and chosen == order[:len(chosen)]:
        return f"{RATING[chosen[-1]]} trở lên"
    return " hoặc ".join(RATING[r] for r in chosen)


def percent(value: float) -> str:
    text = f"{value * 100:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"


def one_of(names: Iterable[str]) -> str:
    return " hoặc ".join(names)
