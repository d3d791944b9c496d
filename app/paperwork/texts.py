"""The fixed wording of the process documents that differs between provinces: who the Sở Nội vụ's
letters come from and who signs them, their symbols, Nơi nhận lists and standard sentences.

Each is a setting (``app.models.settings.Setting``, key ``documents.<name>``) an administrator edits; the
values below are only what a new database prints until then (as app/decisions/texts.py does for the
decision). An office may also rewrite the surrounding text in its own Word template (app/doctemplates).
Lists are one item a line in the setting.
"""
from flask import current_app

from app.models.settings import Setting

DEFAULTS: dict[str, str] = {
    # Who issues: the parent organ's line is "UBND TỈNH <PROVINCE>" unless set.
    "documents.snv.org_name": "SỞ NỘI VỤ",
    "documents.snv.symbol": "SNV",
    "documents.snv.signer_title": "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
    "documents.snv.signer_name": "",
    "documents.snv.recipients": "Như trên;\nLưu: VT, TĐKT.",
    "documents.council.org_name": "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
    "documents.council.symbol": "BB-HĐTĐKT",
    "documents.council.subject": "Họp Hội đồng Thi đua - Khen thưởng tỉnh xét đề nghị khen thưởng",
    "documents.council.conclusion": "Giao Sở Nội vụ hoàn thiện hồ sơ, trình cấp có thẩm quyền khen thưởng các tập "
                                    "thể, cá nhân đạt tỷ lệ phiếu tán thành theo quy định.",
    "documents.council.closing": "Biên bản đã được thông qua tại cuộc họp./.",
    "documents.public_notice.how_to_comment": (
        "Ý kiến góp ý gửi về Sở Nội vụ (bộ phận thi đua, khen thưởng) bằng văn bản hoặc gửi trực tiếp tại trang "
        "Thông báo công khai của hệ thống thi đua, khen thưởng trong thời gian công khai."),
    "documents.unit.recipients": "Như trên;\nLưu: VT.",
    "documents.unit.addressee": "Kính gửi: Hội đồng Thi đua - Khen thưởng tỉnh (qua Sở Nội vụ).",
    "documents.unit.legal_bases": "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\n"
                                  "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định "
                                  "chi tiết một số điều của Luật Thi đua, khen thưởng;",
    # The signature lines of a unit's Tờ trình, by the kind of unit.
    "documents.unit.signer_title.department": "GIÁM ĐỐC",
    "documents.unit.signer_title.local": "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
    "documents.unit.signer_title.other": "THỦ TRƯỞNG ĐƠN VỊ",
}


def text(key: str) -> str:
    return Setting.get_text(key, DEFAULTS[key]).strip()


def lines(key: str) -> list[str]:
    return [line.strip() for line in text(key).splitlines() if line.strip()]


def province() -> str:
    return current_app.config["PROVINCE_NAME"]


def province_organ() -> str:
    """The parent organ's line of a provincial body's header: "UBND TỈNH GIA LAI"."""
    return Setting.get_text("documents.province_organ", f"UBND TỈNH {province().upper()}").strip()


def recipients(key: str) -> list[str]:
    return ["- " + line.lstrip("- ") for line in lines(key)]
