"""Admin movements and campaigns: create/edit, unique names, year ranges."""
from datetime import date

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Campaign, CampaignKind, Movement, Role


@pytest.fixture
def admin(make, login):
    return login(make.make_user(Role.ADMIN, username="root"))


MOVEMENT = "Thi đua đổi mới sáng tạo và chuyển đổi số"


def count(model) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(model))


def make_movement(name=MOVEMENT, start=2025, end=2030) -> Movement:
    movement = Movement(name=name, start_year=start, end_year=end)
    db.session.add(movement)
    db.session.commit()
    return movement


def test_create_and_edit_movement(admin):
    response = admin.post("/admin/movements/new", data={"name": MOVEMENT, "description": "", "start_year": "2025",
                                                        "end_year": "2030"})
    assert response.status_code == 303
    movement = db.session.scalar(select(Movement))
    assert (movement.name, movement.start_year, movement.end_year) == (MOVEMENT, 2025, 2030)
    response = admin.post(f"/admin/movements/{movement.id}/edit", data={
        "name": MOVEMENT, "description": "Giai đoạn 2025–2030", "start_year": "2025", "end_year": "2031"})
    assert response.status_code == 303
    db.session.refresh(movement)
    assert (movement.description, movement.end_year) == ("Giai đoạn 2025–2030", 2031)
    assert MOVEMENT in admin.get("/admin/campaigns/").get_data(as_text=True)


@pytest.mark.parametrize("data,message", [
    ({"name": MOVEMENT, "start_year": "2025", "end_year": "2030"}, f"A movement named {MOVEMENT} already exists."),
    ({"name": "Phong trào khác", "start_year": "2030", "end_year": "2025"},
     "The last year cannot be before the first year."),
    ({"name": "", "start_year": "2025", "end_year": "2030"}, "Enter the name."),
], ids=["duplicate", "years-reversed", "no-name"])
def test_bad_movement_input(admin, data, message):
    make_movement()
    response = admin.post("/admin/movements/new", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count(Movement) == 1


def test_create_and_edit_campaign(admin):
    movement = make_movement()
    response = admin.post("/admin/campaigns/new", data={
        "name": "Tổng kết năm 2025", "year": "2025", "kind": "yearly", "movement_id": str(movement.id),
        "submission_deadline": "2025-11-30", "is_open": "y"})
    assert response.status_code == 303
    campaign = db.session.scalar(select(Campaign))
    assert (campaign.name, campaign.year, campaign.kind, campaign.movement_id, campaign.submission_deadline,
            campaign.is_open) == ("Tổng kết năm 2025", 2025, CampaignKind.YEARLY, movement.id, date(2025, 11, 30), True)
    response = admin.post(f"/admin/campaigns/{campaign.id}/edit", data={
        "name": "Sơ kết giữa kỳ", "year": "2027", "kind": "mid_term", "movement_id": str(movement.id),
        "submission_deadline": "", "is_open": ""})
    assert response.status_code == 303
    db.session.refresh(campaign)
    assert (campaign.name, campaign.kind, campaign.submission_deadline, campaign.is_open) == (
        "Sơ kết giữa kỳ", CampaignKind.MID_TERM, None, False)
    page = admin.get("/admin/campaigns/").get_data(as_text=True)
    assert "Sơ kết giữa kỳ" in page and "Mid-term review" in page


@pytest.mark.parametrize("overrides,message", [
    ({"name": "Đợt 2025"}, "A campaign named Đợt 2025 already exists."),
    ({"year": "1900"}, "Enter a number between 1945 and 2200."),
    ({"year": "2040"}, "The movement runs from 2025 to 2030"),
    ({"submission_deadline": "31/11/2025"}, "31/11/2025 is not a real date"),
], ids=["duplicate", "year-range", "outside-movement", "bad-date"])
def test_bad_campaign_input(make, admin, overrides, message):
    movement = make_movement()
    make.make_campaign(2025, name="Đợt 2025", movement=movement)
    db.session.commit()
    data = {"name": "Đợt mới", "year": "2026", "kind": "yearly", "movement_id": str(movement.id),
            "submission_deadline": "", "is_open": "y"}
    data.update(overrides)
    response = admin.post("/admin/campaigns/new", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count(Campaign) == 1
