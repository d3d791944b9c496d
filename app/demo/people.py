"""Deterministic Vietnamese names, positions and achievement texts for the demo data."""
import random
from dataclasses import dataclass

from app.models import Gender

SURNAMES = ["Nguyễn"] * 6 + ["Trần"] * 3 + ["Lê"] * 3 + [
    "Phạm", "Phạm", "Hoàng", "Huỳnh", "Huỳnh", "Phan", "Võ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
    "Dương", "Lý", "Đinh", "Trương", "Đào", "Lương", "Tô",
]
MIDDLE = {
    Gender.FEMALE: ["Thị", "Thị", "Thị", "Thị Thu", "Thị Kim", "Ngọc", "Thị Minh", "Thị Thanh", "Thị Mỹ",
                    "Thị Bích", "Hoài", "Thu"],
    Gender.MALE: ["Văn", "Văn", "Văn", "Đức", "Minh", "Quốc", "Thanh", "Công", "Hữu", "Ngọc", "Xuân", "Đình",
                  "Trọng", "Quang"],
}
GIVEN = {
    Gender.FEMALE: ["Hồng", "Lan", "Hương", "Hạnh", "Trang", "Thảo", "Nhung", "Hoa", "Mai", "Yến", "Loan",
                    "Ngân", "Phương", "Vân", "Dung", "Hà", "Linh", "Thủy", "Diễm", "Oanh", "Nhi", "Quyên"],
    Gender.MALE: ["Hùng", "Dũng", "Tuấn", "Hải", "Nam", "Sơn", "Phong", "Bình", "Khoa", "Tâm", "Đạt", "Long",
                  "Quang", "Thắng", "Trung", "Hiếu", "Lộc", "Tài", "Vinh", "Đức", "Nghĩa", "Phúc"],
}
# Jrai family names, common in the highland (old Gia Lai) communes and wards; women's given names
# there often carry the prefix H'.
HIGHLAND_SURNAMES = ["Siu", "Rơ Mah", "Ksor", "Kpă", "Rah Lan", "Nay", "Rơ Châm", "Puih", "Rơ Ô"]
HIGHLAND_GIVEN = {
    Gender.FEMALE: ["H'Lin", "H'Blơi", "H'Nga", "H'Yên", "H'Mai", "H'Luân", "H'Xuân"],
    Gender.MALE: ["Thuận", "Dũng", "Hiếu", "Blin", "Phước", "Tuấn", "Đức"],
}


@dataclass(frozen=True)
class Person:
    name: str
    gender: Gender


def random_person(rng: random.Random, highland: bool = False) -> Person:
    gender = rng.choice((Gender.FEMALE, Gender.MALE))
    if highland and rng.random() < 0.3:
        return Person(f"{rng.choice(HIGHLAND_SURNAMES)} {rng.choice(HIGHLAND_GIVEN[gender])}", gender)
    return Person(f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}", gender)


# Position templates by the kind of division ({d}: the division, {rest}: it without "Phòng ").
POSITIONS = [
    ("Văn phòng", ["Chuyên viên {d}", "Phó Chánh {d}", "Chánh {d}"]),
    ("Thanh tra", ["Thanh tra viên, {d}", "Phó Chánh {d}"]),
    ("Phòng ", ["Chuyên viên {d}", "Chuyên viên chính {d}", "Phó Trưởng phòng {rest}", "Trưởng phòng {rest}"]),
    ("Ban ", ["Chuyên viên {d}", "Phó Trưởng {d}", "Trưởng {d}"]),
    ("Trường", ["Giáo viên {d}", "Giáo viên {d}", "Tổ trưởng chuyên môn, {d}", "Phó Hiệu trưởng {d}"]),
    ("Khoa", ["Bác sĩ {d}", "Điều dưỡng {d}", "Điều dưỡng trưởng {d}", "Trưởng {d}"]),
    ("Đội", ["Công nhân {d}", "Công nhân kỹ thuật, {d}", "Đội trưởng {d}"]),
    ("Xí nghiệp", ["Công nhân {d}", "Kỹ sư {d}", "Phó Giám đốc {d}"]),
    ("Nông trường", ["Công nhân {d}", "Tổ trưởng sản xuất, {d}", "Giám đốc {d}"]),
    ("Nhà máy", ["Công nhân vận hành, {d}", "Kỹ sư {d}", "Quản đốc {d}"]),
    ("Trung tâm", ["Viên chức {d}", "Viên chức {d}", "Phó Giám đốc {d}", "Giám đốc {d}"]),
    ("Chi cục", ["Công chức {d}", "Công chức {d}", "Phó Chi cục trưởng {d}"]),
    ("Bảo tàng", ["Viên chức {d}", "Phó Giám đốc {d}"]),
]


def position_in(rng: random.Random, division: str) -> str:
    """A plausible position title in a division ("Trưởng phòng Kế hoạch - Tài chính", "Chánh Văn phòng Sở")."""
    templates = next((t for prefix, t in POSITIONS if division.startswith(prefix)), ["Chuyên viên {d}"])
    return rng.choice(templates).format(d=division, rest=division.removeprefix("Phòng "))


INITIATIVES = [
    "Số hóa quy trình tiếp nhận và trả kết quả thủ tục hành chính",
    "Ứng dụng bản đồ số trong quản lý đất đai",
    "Xây dựng kho dữ liệu dùng chung của cơ quan",
    "Triển khai ký số và luân chuyển văn bản điện tử",
    "Ứng dụng trí tuệ nhân tạo hỗ trợ trả lời phản ánh, kiến nghị của người dân",
    "Làm sạch dữ liệu dân cư phục vụ Đề án 06",
    "Thanh toán không dùng tiền mặt tại cơ sở y tế",
    "Truy xuất nguồn gốc nông sản bằng mã QR",
    "Sổ tay điện tử an toàn lao động",
    "Chuyển đổi số trong quản lý hồ sơ học sinh",
    "Tự động hóa báo cáo thống kê định kỳ",
    "Hệ thống đặt lịch khám bệnh trực tuyến",
]
INDIVIDUAL_ACHIEVEMENTS = [
    "Hoàn thành xuất sắc nhiệm vụ năm {year}; chủ trì sáng kiến “{initiative}” được Hội đồng sáng kiến cơ sở "
    "công nhận, áp dụng hiệu quả tại đơn vị.",
    "Hai năm liên tục hoàn thành xuất sắc nhiệm vụ; tác giả sáng kiến “{initiative}”, giảm 40% thời gian xử lý "
    "hồ sơ.",
    "Tích cực trong phong trào thi đua đổi mới sáng tạo; tham gia sáng kiến “{initiative}”; được đơn vị bình "
    "xét hoàn thành xuất sắc nhiệm vụ năm {year}.",
]
COLLECTIVE_ACHIEVEMENTS = [
    "Hoàn thành xuất sắc nhiệm vụ năm {year}; 100% hồ sơ thủ tục hành chính được tiếp nhận trực tuyến; "
    "triển khai sáng kiến “{initiative}”.",
    "Dẫn đầu phong trào thi đua đổi mới sáng tạo và chuyển đổi số năm {year}; nội bộ đoàn kết, không có "
    "cá nhân vi phạm kỷ luật.",
    "Tập thể tiêu biểu năm {year}: 100% thành viên hoàn thành nhiệm vụ, trên 70% đạt danh hiệu Lao động "
    "tiên tiến, áp dụng sáng kiến “{initiative}”.",
]
HOUSEHOLD_ACHIEVEMENTS = [
    "Tự nguyện hiến {area} m² đất mở rộng đường giao thông nông thôn của thôn.",
    "Đi đầu ứng dụng thương mại điện tử tiêu thụ nông sản; hỗ trợ các hộ trong thôn cài đặt ứng dụng "
    "dịch vụ công trực tuyến.",
    "Đóng góp {money} triệu đồng xây dựng nhà văn hóa và lắp đặt camera an ninh của tổ dân phố.",
]
AD_HOC_ACHIEVEMENTS = [
    "Có thành tích xuất sắc đột xuất trong phòng, chống thiên tai: trực tiếp tham gia cứu hộ, sơ tán "
    "{count} hộ dân khỏi vùng ngập lụt an toàn.",
    "Chủ động huy động nhân lực, phương tiện hỗ trợ nhân dân khắc phục hậu quả mưa lũ, sớm ổn định đời sống.",
]


def achievement(rng: random.Random, kind: str, year: int, ad_hoc: bool) -> str:
    if ad_hoc:
        template = rng.choice(AD_HOC_ACHIEVEMENTS)
    else:
        template = rng.choice({"individual": INDIVIDUAL_ACHIEVEMENTS, "collective": COLLECTIVE_ACHIEVEMENTS,
                               "household": HOUSEHOLD_ACHIEVEMENTS}[kind])
    return template.format(year=year, initiative=rng.choice(INITIATIVES), area=rng.choice((120, 250, 400)),
                           money=rng.choice((50, 80, 120)), count=rng.choice((12, 25, 40)))


def lower_first(name: str) -> str:
    """"Xã Ia Grai" -> "xã Ia Grai", as a place name reads inside a sentence."""
    return name[:1].lower() + name[1:]


def household_address(rng: random.Random, unit_name: str, is_ward: bool) -> str:
    place = lower_first(unit_name)
    hamlet = f"Tổ dân phố {rng.randint(1, 12)}" if is_ward else f"Thôn {rng.randint(1, 9)}"
    return f"{hamlet}, {place}"
