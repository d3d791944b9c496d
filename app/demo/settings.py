"""Dated workflow settings the decision screen and the inbox read: base salary, signers, legal bases, deadlines.

Rows are matched by their natural key (a salary base by its start date, a signer by name, a legal
basis by start date and print position, a deadline by its stage), so an administrator's later edit
of a text or an amount is kept and never duplicated.
"""
from datetime import date

from sqlalchemy import select

from app.demo.tally import Tally
from app.extensions import db
from app.models import BasisIssuers, LegalBasis, SalaryBase, Signer, SignerMode, StageDeadline, Unit
from app.models.states import State
from app.text import nfc

# Lương cơ sở: Nghị định 24/2023/NĐ-CP from 2023-07-01, Nghị định 73/2024/NĐ-CP from 2024-07-01.
SALARY_BASES = [(date(2023, 7, 1), 1_800_000), (date(2024, 7, 1), 2_340_000)]

# The province's leaders who sign award decisions. Fictional people: the demo must not put words in
# real officials' mouths.
SIGNERS = [
    ("Trần Quốc Khánh", SignerMode.CHAIRMAN),
    ("Lê Thị Thu Hiền", SignerMode.DEPUTY),
    ("Võ Đình Nguyên", SignerMode.DEPUTY),
]
CHAIRMAN, VICE_CHAIRMAN = SIGNERS[0][0], SIGNERS[1][0]

# Print position of each kind of basis: local government law, emulation law, decree, provincial rule.
LOCAL_GOVERNMENT, EMULATION_LAW, DECREE, PROVINCIAL_RULE = 10, 20, 30, 40

# (text, in force from, in force until, print position). The 2015 local government law as amended in
# 2019 (in force 2020-07-01) and Decree 98/2023 gave way on 2025-07-01 to the 2025 law and Decree
# 152/2025 of the two-level local government; the merged province's rule dates from then too.
LEGAL_BASES = [
    ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều "
     "của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;",
     date(2020, 7, 1), date(2025, 6, 30), LOCAL_GOVERNMENT),
    ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
     date(2025, 7, 1), None, LOCAL_GOVERNMENT),
    ("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
     date(2024, 1, 1), None, EMULATION_LAW),
    ("Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số "
     "điều của Luật Thi đua, khen thưởng;",
     date(2024, 1, 1), date(2025, 6, 30), DECREE),
    # First citation of a text carries its date (Nghị định 30/2020).
    ("Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết một số điều "
     "của Luật Thi đua, khen thưởng;",
     date(2025, 7, 1), None, DECREE),
    # A demo citation shaped as the province's gazette prints it; a real office enters its own rule's number.
    ("Căn cứ Quyết định số 36/2025/QĐ-UBND ngày 01 tháng 7 năm 2025 của Ủy ban nhân dân tỉnh Gia Lai ban hành "
     "Quy chế công tác thi đua, khen thưởng trên địa bàn tỉnh;",
     date(2025, 7, 1), None, PROVINCIAL_RULE),
]
# The People's Committee cites the Law on Local Government; a department, its own founding decision instead.
PROVINCE_ONLY = {LOCAL_GOVERNMENT}
UNIT_BASES = {  # unit code -> its own basis, printed in its decisions only (a demo citation)
    "SKHCN": ("Căn cứ Quyết định số 45/2025/QĐ-UBND ngày 01 tháng 7 năm 2025 của Ủy ban nhân dân tỉnh Gia Lai "
              "quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Sở Khoa học và Công nghệ;"),
}
UNIT_BASIS_ORDER = 35  # after the emulation law and its decree, before the province's rule

# Working days a dossier may wait in each stage before the inbox shows it as overdue.
STAGE_DEADLINES = {
    State.UNIT_REVIEW: 5, State.CLUSTER_REVIEW: 10, State.SUBMITTED: 5, State.APPRAISAL: 20, State.RETURNED: 10,
    State.PUBLIC_NOTICE: 15, State.COUNCIL_REVIEW: 15, State.APPROVED: 10,
}


def load_settings(tally: Tally) -> dict[str, Signer]:
    """Add the missing settings rows; returns the demo signers by name."""
    salaries = set(db.session.scalars(select(SalaryBase.effective_from)))
    for effective_from, amount in SALARY_BASES:
        if effective_from in salaries:
            tally.present("salary bases")
            continue
        db.session.add(SalaryBase(effective_from=effective_from, amount=amount))
        tally.created("salary bases")

    signers = {s.name: s for s in db.session.scalars(select(Signer))}
    for name, mode in SIGNERS:
        if nfc(name) in signers:
            tally.present("signers")
            continue
        signers[nfc(name)] = Signer(name=nfc(name), mode=mode, active=True)
        db.session.add(signers[nfc(name)])
        tally.created("signers")

    bases = {(row.effective_from, row.sort_order): row for row in db.session.scalars(select(LegalBasis))}
    for text, effective_from, effective_to, order in LEGAL_BASES:
        if (effective_from, order) in bases:
            row = bases[(effective_from, order)]
            # Earlier demos left blanks ("số …/2025") or an undated decree, which issuing now refuses.
            if "…" in row.text or ("152/2025/NĐ-CP của" in row.text):
                row.text = nfc(text)
            tally.present("legal bases")
            continue
        db.session.add(LegalBasis(text=nfc(text), effective_from=effective_from, effective_to=effective_to,
                                  sort_order=order,
                                  issuers=BasisIssuers.PROVINCE if order in PROVINCE_ONLY else BasisIssuers.ALL))
        tally.created("legal bases")
    for code, text in UNIT_BASES.items():
        unit = db.session.scalar(select(Unit).where(Unit.code == code))
        if unit is None or db.session.scalar(select(LegalBasis.id).where(LegalBasis.unit_id == unit.id)):
            tally.present("legal bases")
            continue
        db.session.add(LegalBasis(text=nfc(text), effective_from=date(2025, 7, 1), sort_order=UNIT_BASIS_ORDER,
                                  issuers=BasisIssuers.UNITS, unit_id=unit.id))
        tally.created("legal bases")

    deadlines = set(db.session.scalars(select(StageDeadline.state)))
    for state, days in STAGE_DEADLINES.items():
        if state in deadlines:
            tally.present("stage deadlines")
            continue
        db.session.add(StageDeadline(state=state, working_days=days))
        tally.created("stage deadlines")
    db.session.flush()
    return signers
