"""A starting layout for a certificate form and sample certificates (test prints, samples, benchmark).

The starting boxes fit the common A4 landscape Bằng khen form of a provincial Chairman (the name under
"TẶNG", two lines of position and unit, three of achievement, the decision's reference bottom left,
the place-date line and signature bottom right). Every office measures its own batch of forms and moves
them; these only spare it from typing seven boxes from nothing.
"""
from app.documents.certificate import Certificate, DecisionFacts, FieldBox, Honour, PageLayout, certificate_of
from app.documents.sample import sample_document

# A4 landscape (297 × 210 mm), boxes in mm from the page's top-left corner.
DEFAULT_BOXES: tuple[FieldBox, ...] = (
    FieldBox("name", 50, 86, 197, 22, 1, "center", True),
    FieldBox("position_unit", 40, 101, 217, 14, 2, "center"),
    FieldBox("achievement", 40, 117, 217, 14, 3, "center"),
    FieldBox("decision", 22, 176, 120, 12, 1, "left"),
    FieldBox("place_date", 160, 146, 120, 13, 1, "center"),
    FieldBox("signer_title", 160, 153, 120, 13, 2, "center", True),
    FieldBox("signer_name", 160, 186, 120, 14, 1, "center", True),
)
DEFAULT_SIZE_MM = (297.0, 210.0)


def sample_layout() -> PageLayout:
    return PageLayout(*DEFAULT_SIZE_MM, DEFAULT_BOXES)


def sample_facts() -> DecisionFacts:
    document = sample_document(1)
    return DecisionFacts(reference=f"{document.number}/{document.symbol}", signed_on=document.signed_on,
                         place=document.place, signer_mode=document.signer_mode, signer_name=document.signer_name)


def sample_certificates(count: int, seed: int = 2027) -> list[Certificate]:
    """``count`` certificates of the sample decision (no. 125/QĐ-UBND of 05/01/2027)."""
    document = sample_document(count, seed=seed)
    facts = sample_facts()
    return [certificate_of(Honour(h.name, h.position_unit, document.achievement_text), facts)
            for h in document.honorees]


def sample_payment_list(count: int = 12, seed: int = 2027):
    """The payment list of the sample decision (no. 125/QĐ-UBND): ``count`` honourees, Bằng khen of the Chairman."""
    from app.documents.dates import vn_place_date
    from app.documents.payment_list import PaymentLine, PaymentList
    from app.documents.sample import BASE_SALARY, DECISION_TEXTS

    document = sample_document(count, seed=seed)
    collective, individual = DECISION_TEXTS.coefficients
    return PaymentList(
        issuer_lines=("ỦY BAN NHÂN DÂN TỈNH GIA LAI", "SỞ NỘI VỤ"),
        decision_line=f"(Kèm theo Quyết định số {document.number}/{document.symbol} ngày "
                      f"{document.signed_on:%d/%m/%Y} của Chủ tịch Ủy ban nhân dân tỉnh về việc tặng "
                      f"{document.award_name})",
        base_salary=BASE_SALARY, money_source="Quỹ Thi đua, khen thưởng của tỉnh",
        place_date=vn_place_date(document.place, document.signed_on),
        signer_titles=("NGƯỜI LẬP BIỂU", "KẾ TOÁN TRƯỞNG", "THỦ TRƯỞNG ĐƠN VỊ"),
        lines=tuple(PaymentLine(h.name, h.position_unit, document.award_name,
                                collective if h.kind == "collective" else individual, h.amount)
                    for h in document.honorees))
