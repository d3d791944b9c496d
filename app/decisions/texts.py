"""Standard wording printed in decisions and proposal letters (Vietnamese administrative style)."""

ACHIEVEMENT = "đã có thành tích xuất sắc trong phong trào thi đua “{movement}” {period}"
# Điều 2 already states the total and its words; this names only where the money comes from.
MONEY_SOURCE = "Kinh phí khen thưởng chi từ Quỹ thi đua, khen thưởng của tỉnh theo quy định hiện hành"
EXECUTORS = (
    "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, "
    "Giám đốc Sở Tài chính, Thủ trưởng các cơ quan, đơn vị có liên quan và các tập thể, cá nhân có tên tại "
    "Điều 1 chịu trách nhiệm thi hành Quyết định này"
)
RECIPIENTS = ["Như Điều 3;", "Chủ tịch, các Phó Chủ tịch UBND tỉnh;", "Sở Nội vụ;", "Lưu: VT, NV."]
DEFAULT_SUBJECT = "Về việc tặng {award}"
PROPOSAL_SUBJECT = "Về việc đề nghị tặng {award}"
