"""Admin award catalogue and document types: every field editable as data, with server-side checks."""
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AttachmentType, Award, AwardLevel, Role, ThresholdBase


@pytest.fixture
def admin(make, login):
    return login(make.make_user(Role.ADMIN, username="root"))


def award_data(**overrides):
    data = {"code": "bang_khen_tinh", "name": "Bằng khen của Chủ tịch UBND tỉnh", "level": "provincial",
            "decided_by": "Chủ tịch UBND tỉnh", "nominee_kinds": ["individual", "collective", "household"],
            "via_cluster": "y", "coefficient_individual": "1.5", "coefficient_collective": "3.0",
            "coefficient_household": "2.25", "quorum_percent": "66.7", "threshold_percent": "50",
            "threshold_base": "all_members", "public_notice_days": "5", "active": "y", "sort_order": "40"}
    data.update(overrides)
    return data


def award_count() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(Award))


def test_create_award_with_all_fields(make, admin):
    report, minutes = make.make_attachment_type("bao_cao", "Báo cáo thành tích"), make.make_attachment_type("bien_ban")
    db.session.commit()
    response = admin.post("/admin/awards/new", data=award_data(required_types=[str(report.id), str(minutes.id)]))
    assert response.status_code == 303
    award = db.session.scalar(select(Award))
    assert award.code == "bang_khen_tinh" and award.level is AwardLevel.PROVINCIAL
    assert (award.for_individual, award.for_collective, award.for_household, award.via_cluster) == (True,) * 4
    assert (award.coefficient_individual, award.coefficient_collective, award.coefficient_household) == (
        Decimal("1.50"), Decimal("3.00"), Decimal("2.25"))
    assert (award.quorum_ratio, award.approval_threshold) == (Decimal("0.667"), Decimal("0.500"))
    assert award.threshold_base is ThresholdBase.ALL_MEMBERS
    assert (award.public_notice_days, award.active, award.sort_order) == (5, True, 40)
    assert {t.id for t in award.required_attachment_types} == {report.id, minutes.id}
    page = admin.get("/admin/awards/").get_data(as_text=True)
    assert "Bằng khen của Chủ tịch UBND tỉnh" in page and "Báo cáo thành tích" in page and "66.7%" in page


def test_edit_award_shows_percentages_and_saves_changes(make, admin):
    kept, dropped = make.make_attachment_type(), make.make_attachment_type()
    award = make.make_award("co_thi_dua_tinh", "Cờ Thi đua của UBND tỉnh", required=[kept, dropped],
                            approval_threshold=Decimal("0.5"), quorum_ratio=Decimal("0.667"))
    db.session.commit()
    form = admin.get(f"/admin/awards/{award.id}/edit").get_data(as_text=True)
    assert 'value="66.7"' in form and 'value="50.0"' in form
    response = admin.post(f"/admin/awards/{award.id}/edit", data=award_data(
        code="co_thi_dua_tinh", name="Cờ Thi đua của UBND tỉnh", nominee_kinds=["collective"],
        coefficient_individual="1.5", coefficient_collective="8", coefficient_household="",
        threshold_percent="75", threshold_base="present", active="", via_cluster="y",
        required_types=[str(kept.id)]))
    assert response.status_code == 303
    db.session.refresh(award)
    assert (award.for_individual, award.for_collective, award.for_household) == (False, True, False)
    # A coefficient is only kept for a kind of nominee the award is given to.
    assert (award.coefficient_individual, award.coefficient_collective) == (None, Decimal("8.00"))
    assert award.approval_threshold == Decimal("0.750") and award.threshold_base is ThresholdBase.PRESENT
    assert award.active is False
    assert [t.id for t in award.required_attachment_types] == [kept.id]


@pytest.mark.parametrize("overrides,message", [
    ({"nominee_kinds": []}, "Tick at least one kind of nominee."),
    ({"threshold_percent": "0"}, "Enter a number between 1 and 100."),
    ({"threshold_percent": "101"}, "Enter a number between 1 and 100."),
    ({"quorum_percent": "150"}, "Enter a number between 1 and 100."),
    ({"coefficient_individual": "-1"}, "Enter a number between 0 and 9999.99."),
    ({"public_notice_days": "-2"}, "Enter a number between 0 and 365."),
    ({"code": "mã có dấu"}, "Use letters without diacritics"),
], ids=["no-kind", "threshold-0", "threshold-101", "quorum-150", "negative-coefficient", "negative-days", "bad-code"])
def test_bad_award_input_saves_nothing(admin, overrides, message):
    response = admin.post("/admin/awards/new", data=award_data(**overrides))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert award_count() == 0


def test_duplicate_award_code(make, admin):
    make.make_award("giay_khen")
    other = make.make_award("cstd_co_so", name="Chiến sĩ thi đua cơ sở")
    db.session.commit()
    response = admin.post("/admin/awards/new", data=award_data(code="giay_khen"))
    assert response.status_code == 422
    assert "The code giay_khen is already used by another award." in response.get_data(as_text=True)
    response = admin.post(f"/admin/awards/{other.id}/edit", data=award_data(code="giay_khen"))
    assert response.status_code == 422
    assert award_count() == 2
    assert db.session.get(Award, other.id).code == "cstd_co_so"


def test_out_of_range_threshold_on_edit_changes_nothing(make, admin):
    award = make.make_award("giay_khen", approval_threshold=Decimal("0.5"))
    db.session.commit()
    response = admin.post(f"/admin/awards/{award.id}/edit", data=award_data(code="giay_khen", threshold_percent="120",
                                                                            name="Tên mới"))
    assert response.status_code == 422
    db.session.rollback()
    award = db.session.get(Award, award.id)
    assert award.approval_threshold == Decimal("0.5") and award.name != "Tên mới"


def test_create_and_edit_attachment_type(admin):
    response = admin.post("/admin/attachment-types/new", data={
        "code": "bao_cao_thanh_tich", "name": "Báo cáo thành tích", "description": "Có xác nhận của thủ trưởng",
        "sort_order": "10"})
    assert response.status_code == 303
    attachment_type = db.session.scalar(select(AttachmentType))
    assert (attachment_type.name, attachment_type.sort_order) == ("Báo cáo thành tích", 10)
    response = admin.post(f"/admin/attachment-types/{attachment_type.id}/edit", data={
        "code": "bao_cao_thanh_tich", "name": "Báo cáo thành tích (mẫu 01)", "description": "", "sort_order": "5"})
    assert response.status_code == 303
    db.session.refresh(attachment_type)
    assert (attachment_type.name, attachment_type.sort_order) == ("Báo cáo thành tích (mẫu 01)", 5)
    assert "Báo cáo thành tích (mẫu 01)" in admin.get("/admin/attachment-types/").get_data(as_text=True)


def test_duplicate_attachment_type_code(make, admin):
    make.make_attachment_type("bien_ban")
    db.session.commit()
    response = admin.post("/admin/attachment-types/new", data={"code": "bien_ban", "name": "Biên bản",
                                                               "sort_order": "1"})
    assert response.status_code == 422
    assert "The code bien_ban is already used by another document type." in response.get_data(as_text=True)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(AttachmentType)) == 1
