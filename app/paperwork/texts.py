"""The fixed wording of the process documents that differs between provinces: who the Sở Nội vụ's
letters come from and who signs them, their symbols, Nơi nhận lists and standard sentences.

Each is a setting (``app.models.settings.Setting``, key ``documents.<name>``) an administrator edits; the
values below are only what a new database prints until then (as app/decisions/texts.py does for the
decision). An office may also rewrite the surrounding text in its own Word template (app/doctemplates).
Lists are one item a line in the setting.
"""
from flask import current_app
from flask_babel import lazy_gettext as _l

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
    return Setting.get_text("documents.province_organ", default("documents.province_organ")()).strip()


def recipients(key: str) -> list[str]:
    return ["- " + line.lstrip("- ") for line in lines(key)]


# What the administrator's screen of document texts (app/document_texts.py) shows for each: label,
# description, and how many lines it may have (more than one: a list, one item a line).
DECLARED: dict[str, tuple[object, object, int]] = {
    "documents.province_organ": (_l("Provincial documents: parent organ line"),
                                 _l("First line of the header of Sở Nội vụ's and the council's documents."), 1),
    "documents.snv.org_name": (_l("Sở Nội vụ's documents: issuing organ"),
                               _l("Second line of the header, in capitals."), 1),
    "documents.snv.symbol": (_l("Sở Nội vụ's documents: symbol"),
                             _l("The organ's part of the symbols: TB-…, BC-…, …-TĐKT."), 1),
    "documents.snv.signer_title": (_l("Sở Nội vụ's documents: signer's title lines"),
                                   _l("One line each, e.g. “KT. GIÁM ĐỐC” then “PHÓ GIÁM ĐỐC”."), 3),
    "documents.snv.signer_name": (_l("Sở Nội vụ's documents: signer's name"),
                                  _l("Printed under the signature; leave the default to write it by hand."), 1),
    "documents.snv.recipients": (_l("Sở Nội vụ's documents: recipients (Nơi nhận)"),
                                 _l("One recipient a line."), 20),
    "documents.council.org_name": (_l("Council minutes: issuing body"), _l("Second line of the header."), 1),
    "documents.council.symbol": (_l("Council minutes: symbol"), _l("After the minutes' number."), 1),
    "documents.council.subject": (_l("Council minutes: subject"), _l("Under the title BIÊN BẢN."), 1),
    "documents.council.conclusion": (_l("Council minutes: default conclusion"),
                                     _l("Printed when the secretary writes no conclusion."), 5),
    "documents.council.closing": (_l("Council minutes: closing sentence"), _l("Ends with “./.”."), 1),
    "documents.public_notice.how_to_comment": (_l("Public notice: how to send a comment"),
                                               _l("The paragraph after the list of nominees."), 3),
    "documents.unit.addressee": (_l("Unit's Tờ trình: addressee"), _l("The “Kính gửi” line."), 1),
    "documents.unit.legal_bases": (_l("Unit's Tờ trình: legal bases"), _l("One “Căn cứ …;” a line."), 10),
    "documents.unit.recipients": (_l("Unit's Tờ trình: recipients (Nơi nhận)"), _l("One recipient a line."), 20),
    "documents.unit.signer_title.department": (_l("Unit's Tờ trình: signer of a department"),
                                               _l("One line each."), 3),
    "documents.unit.signer_title.local": (_l("Unit's Tờ trình: signer of a commune or ward"),
                                          _l("One line each."), 3),
    "documents.unit.signer_title.other": (_l("Unit's Tờ trình: signer of another unit"), _l("One line each."), 3),
}


def default(key: str):
    """The default of a declared text (the parent organ's depends on the province: a function)."""
    if key == "documents.province_organ":
        return lambda: f"UBND TỈNH {province().upper()}"
    return DEFAULTS[key]
