"""Admin user screens: filtered list with unaccented search, create/edit, and the guards on bad input."""
import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Role, User


@pytest.fixture
def root(make):
    return make.make_user(Role.ADMIN, username="root", full_name="Quản trị viên")


@pytest.fixture
def admin(root, login):
    return login(root)


def user_data(**overrides):
    data = {"username": "nguyenvana", "full_name": "Nguyễn Văn A", "email": "a@gialai.gov.vn",
            "role": "appraiser", "unit_id": "", "active": "y", "password": "mật-khẩu-dài"}
    data.update(overrides)
    return data


def user_count() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(User))


def test_list_filters_and_searches_without_diacritics(make, admin):
    unit = make.make_unit("Sở Tư pháp")
    make.make_user(Role.OFFICER, unit=unit, username="dangthihong", full_name="Đặng Thị Hồng")
    make.make_user(Role.UNIT_HEAD, unit=unit, username="lequang", full_name="Lê Quang", active=False)
    make.make_user(Role.SECRETARY, username="thuky", full_name="Trần Thư Ký")
    db.session.commit()

    def usernames(query: str) -> set[str]:
        html = admin.get("/admin/users/" + query, headers={"HX-Request": "true", "HX-Target": "user-results"}
                         ).get_data(as_text=True)
        assert "<html" not in html
        return {name for name in ("dangthihong", "lequang", "thuky", "root") if f'data-username="{name}"' in html}

    assert usernames("?q=dang+thi") == {"dangthihong"}
    assert usernames("?role=secretary") == {"thuky"}
    assert usernames(f"?unit={unit.id}") == {"dangthihong", "lequang"}
    assert usernames("?active=no") == {"lequang"}
    assert usernames(f"?unit={unit.id}&active=yes") == {"dangthihong"}


def test_create_user_lowercases_username_and_hashes_password(make, admin):
    unit = make.make_unit("Sở Nội vụ")
    db.session.commit()
    response = admin.post("/admin/users/new", data=user_data(username="  NguyenVanA ", role="officer",
                                                              unit_id=str(unit.id)))
    assert response.status_code == 303
    user = db.session.scalar(select(User).where(User.username == "nguyenvana"))
    assert (user.full_name, user.role, user.unit_id, user.active) == ("Nguyễn Văn A", Role.OFFICER, unit.id, True)
    assert user.check_password("mật-khẩu-dài")
    assert "nguyenvana" in admin.get("/admin/users/").get_data(as_text=True)


def test_edit_user_without_password_keeps_it(make, admin):
    user = make.make_user(Role.APPRAISER, username="thamdinh")
    old_hash = user.password_hash
    db.session.commit()
    response = admin.post(f"/admin/users/{user.id}/edit", data=user_data(
        username="thamdinh", full_name="Phạm Thẩm Định", role="secretary", password="", active=""))
    assert response.status_code == 303
    db.session.refresh(user)
    assert (user.full_name, user.role, user.active, user.password_hash) == (
        "Phạm Thẩm Định", Role.SECRETARY, False, old_hash)


def test_edit_user_with_new_password(make, admin):
    user = make.make_user(Role.APPRAISER, username="thamdinh")
    db.session.commit()
    response = admin.post(f"/admin/users/{user.id}/edit", data=user_data(username="thamdinh", password="new-pass-123"))
    assert response.status_code == 303
    db.session.refresh(user)
    assert user.check_password("new-pass-123")


@pytest.mark.parametrize("overrides,message", [
    ({"username": "root"}, "The username root is already taken."),
    ({"role": "officer", "unit_id": ""}, "Unit emulation officer acts for a unit: choose the unit."),
    ({"password": "short"}, "The password needs at least 8 characters."),
    ({"password": ""}, "Enter a password for the new user."),
    ({"username": "Người dùng"}, "Use lowercase letters without diacritics"),
    ({"email": "not-an-email"}, "Enter a valid email address."),
], ids=["duplicate", "officer-without-unit", "short-password", "no-password", "bad-username", "bad-email"])
def test_bad_input_on_create(admin, overrides, message):
    before = user_count()
    response = admin.post("/admin/users/new", data=user_data(**overrides))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert user_count() == before


def test_duplicate_username_on_edit_is_refused(make, admin):
    user = make.make_user(Role.APPRAISER, username="thamdinh")
    db.session.commit()
    response = admin.post(f"/admin/users/{user.id}/edit", data=user_data(username="root", password=""))
    assert response.status_code == 422
    assert "The username root is already taken." in response.get_data(as_text=True)
    db.session.rollback()
    assert db.session.get(User, user.id).username == "thamdinh"


def test_admin_cannot_deactivate_or_demote_themselves(root, admin):
    data = user_data(username="root", full_name="Quản trị viên", role="admin", password="")
    del data["active"]
    response = admin.post(f"/admin/users/{root.id}/edit", data=data)
    assert response.status_code == 422
    assert "You cannot deactivate your own account." in response.get_data(as_text=True)
    response = admin.post(f"/admin/users/{root.id}/edit", data=dict(data, active="y", role="appraiser"))
    assert response.status_code == 422
    assert "You cannot remove the administrator role from your own account." in response.get_data(as_text=True)
    db.session.rollback()
    root = db.session.get(User, root.id)
    assert root.active and root.role is Role.ADMIN


def test_admin_can_deactivate_another_admin(make, admin):
    other = make.make_user(Role.ADMIN, username="admin2")
    db.session.commit()
    response = admin.post(f"/admin/users/{other.id}/edit", data=user_data(
        username="admin2", role="admin", password="", active=""))
    assert response.status_code == 303
    db.session.refresh(other)
    assert other.active is False
