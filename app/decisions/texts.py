"""Standard wording printed in decisions and proposal letters (Vietnamese administrative style).

Texts that differ between provinces (Nơi nhận, where the money comes from, who executes) are read from the
settings table (``app.models.settings.Setting``, key ``documents.<name>``), an administrator's data; the
constants below are the defaults a new database prints. An office may also rewrite them in its own template
(app/doctemplates).
"""
from app.models.settings import Setting

ACHIEVEMENT = "đã có thành tích xuất sắc trong phong trào thi đua “{movement}” {period}"
# Điều 2 already states the total and its words; this names only where the money comes from.
MONEY_SOURCE = "Kinh phí khen thưởng chi từ Quỹ thi đua, khen thưởng của tỉnh theo quy định hiện hành"
EXECUTORS = (
    "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, "
    "Giám đốc Sở Tài chính, Thủ trưởng các cơ quan, đơn vị có liên quan và các tập thể, cá nhân có tên tại "
    "Điều 1 chịu trách nhiệm thi hành Quyết định này"
)
RECIPIENTS = ["Như Điều 3;", "Chủ tịch, các Phó Chủ tịch UBND tỉnh;", "Sở Nội vụ;", "Lưu: VT, NV."]
# A Tờ trình has no articles: its addressee is "như trên"; the Ministry of Home Affairs appraises central awards.
PROPOSAL_RECIPIENTS = ["Như trên;", "Bộ Nội vụ;", "Chủ tịch, các Phó Chủ tịch UBND tỉnh;", "Sở Nội vụ;",
                       "Lưu: VT, NV."]
DEFAULT_SUBJECT = "Về việc tặng {award}"
PROPOSAL_SUBJECT = "Về việc đề nghị tặng {award}"

MONEY_SOURCE_KEY = "documents.money_source"
EXECUTORS_KEY = "documents.executors"
RECIPIENTS_KEYS = {"decision": "documents.recipients.decision", "proposal": "documents.recipients.proposal"}


def money_source() -> str:
    return Setting.get_text(MONEY_SOURCE_KEY, MONEY_SOURCE)


def executors() -> str:
    return Setting.get_text(EXECUTORS_KEY, EXECUTORS)


def recipients(kind: str) -> list[str]:
    """The Nơi nhận lines of a decision or a proposal, one a line in the setting."""
    default = PROPOSAL_RECIPIENTS if kind == "proposal" else RECIPIENTS
    stored = Setting.get_text(RECIPIENTS_KEYS[kind], "")
    lines = [line.strip() for line in stored.splitlines() if line.strip()]
    return lines or list(default)
