"""Synthetic decisions for previews, tests and the benchmark: realistic Gia Lai data, no database.

The same seed gives the same document, so a preview can be compared before and after a template edit.
"""
import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from app.documents.decision import DecisionDocument, Honoree
from app.documents.money import bonus_amount

BASE_SALARY = 2_340_000  # VND per month since 2024-07-01 (DOMAIN.md §4)
SIGNED_ON = date(2027, 1, 5)

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
          "Dương", "Đinh", "Lý", "Rơ Châm", "Ksor", "Siu", "Rah Lan", "Kpă", "Nay")
MIDDLE = ("Văn", "Thị", "Hữu", "Minh", "Thanh", "Ngọc", "Quốc", "Thị Thu", "Đức", "Xuân", "Hoài")
GIVEN = ("An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hạnh", "Hiếu", "Hồng", "Hùng", "Hương", "Khánh",
         "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phúc", "Phương", "Quân", "Sơn", "Tâm", "Thảo",
         "Trang", "Tuấn", "Vy", "H'Luyn", "Blik", "H'Nơ")
POSITIONS = ("Chuyên viên Văn phòng", "Trưởng phòng Tổ chức cán bộ", "Phó Trưởng phòng Kế hoạch - Tài chính",
             "Giáo viên Trường Tiểu học Nguyễn Du", "Hiệu trưởng Trường THCS Lê Lợi", "Bác sĩ Trạm Y tế",
             "Kế toán Văn phòng", "Công chức Văn hóa - Xã hội")
AGENCIES = ("Sở Nội vụ", "Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Tài chính", "Sở Nông nghiệp và Môi trường",
            "Ủy ban nhân dân phường Quy Nhơn", "Ủy ban nhân dân phường Pleiku", "Ủy ban nhân dân xã Ia Grai",
            "Ủy ban nhân dân xã Chư Sê", "Ủy ban nhân dân đặc khu Nhơn Châu")
SUB_UNITS = ("Văn phòng", "Phòng Tổ chức cán bộ", "Phòng Kế hoạch - Tài chính", "Trạm Y tế",
             "Trường Tiểu học Nguyễn Du", "Trường THCS Lê Lợi", "Phòng Văn hóa - Xã hội")

LEGAL_BASES = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết một số điều "
    "của Luật Thi đua, khen thưởng;",
    "Căn cứ Quy chế công tác thi đua, khen thưởng trên địa bàn tỉnh Gia Lai;",
]


@dataclass(frozen=True)
class SampleTexts:
    """What differs between the sample decision and the sample proposal."""

    symbol: str
    subject: str
    award_name: str
    proposal_line: str
    money_source_text: str
    recipients: tuple[str, ...]
    coefficients: tuple[Decimal, Decimal]  # collective, individual


DECISION_TEXTS = SampleTexts(
    symbol="QĐ-UBND",
    subject="Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
    award_name="Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
    proposal_line="Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV ngày 02 tháng 01 năm 2027.",
    money_source_text="Kinh phí khen thưởng chi từ Quỹ Thi đua, khen thưởng của tỉnh năm 2027",
    recipients=("Như Điều 3;", "Chủ tịch, các PCT UBND tỉnh;", "Sở Nội vụ;", "Lưu: VT, NV."),
    coefficients=(Decimal("3.0"), Decimal("1.5")),  # bang_khen_tinh
)
PROPOSAL_TEXTS = SampleTexts(
    symbol="TTr-UBND",
    subject="Về việc đề nghị tặng Bằng khen của Thủ tướng Chính phủ",
    award_name="Bằng khen của Thủ tướng Chính phủ",
    proposal_line="Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 46/TTr-SNV ngày 02 tháng 01 năm 2027,",
    money_source_text="",
    recipients=("Như trên;", "Bộ Nội vụ;", "Chủ tịch, các PCT UBND tỉnh;", "Lưu: VT, NV."),
    coefficients=(Decimal("7.0"), Decimal("3.5")),  # bang_khen_ttg
)


def synthetic_honorees(count: int, coefficients: tuple[Decimal, Decimal], seed: int = 2027) -> list[Honoree]:
    """``count`` honorees, one in five a collective, the rest individuals."""
    rng = random.Random(seed)
    collective_amount, individual_amount = (bonus_amount(c, BASE_SALARY) for c in coefficients)
    honorees = []
    for index in range(count):
        agency = rng.choice(AGENCIES)
        if index % 5 == 4:
            honorees.append(Honoree("collective", f"{rng.choice(SUB_UNITS)}", agency, collective_amount))
        else:
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            position = f"{rng.choice(POSITIONS)}, {agency}"
            honorees.append(Honoree("individual", name, position, individual_amount))
    return honorees


def sample_document(honorees: int, kind: Literal["decision", "proposal"] = "decision",
                    signer_mode: Literal["chairman", "deputy"] = "chairman", seed: int = 2027) -> DecisionDocument:
    """A complete decision (or proposal) numbered 125 of 2027 with ``honorees`` synthetic lines."""
    texts = DECISION_TEXTS if kind == "decision" else PROPOSAL_TEXTS
    return DecisionDocument(
        kind=kind, number=125, year=SIGNED_ON.year, province="Gia Lai", place="Gia Lai", signed_on=SIGNED_ON,
        legal_bases=list(LEGAL_BASES),
        achievement_text="đã có thành tích xuất sắc trong phong trào thi đua yêu nước năm 2026",
        executors_text=(
            "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở "
            "Nội vụ, Thủ trưởng các cơ quan, đơn vị có liên quan và các tập thể, cá nhân có tên tại Điều 1 "
            "chịu trách nhiệm thi hành Quyết định này"
        ),
        signer_mode=signer_mode,
        signer_name="Trần Văn Minh" if signer_mode == "chairman" else "Lê Thị Hồng Nhung",  # fictional
        honorees=synthetic_honorees(honorees, texts.coefficients, seed),
        symbol=texts.symbol, subject=texts.subject, award_name=texts.award_name, proposal_line=texts.proposal_line,
        money_source_text=texts.money_source_text, recipients=list(texts.recipients),
    )
