"""Admin unit screens: the tree, unaccented search, create/edit with checks, and guarded delete."""
import unicodedata
from datetime import date

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import ClusterMembership, Role, Unit, UnitKind


@pytest.fixture
def admin(make, login):
    user = make.make_user(Role.ADMIN, username="root")
    return login(user)


def unit_data(**overrides):
    data = {"code": "SO_KHCN", "name": "Sở Khoa học và Công nghệ", "kind": "department", "parent_id": "",
            "valid_from": "2025-07-01", "valid_to": "", "successor_id": ""}
    data.update(overrides)
    return data


def unit_count() -> int:
    db.session.rollback()  # see only what the request committed
    return db.session.scalar(select(func.count()).select_from(Unit))


def test_tree_lists_sub_units_indented_under_parents(make, admin):
    parent = make.make_unit("Sở Y tế", code="SYT")
    make.make_unit("Bệnh viện Đa khoa tỉnh", kind=UnitKind.SUB_UNIT, parent=parent, code="BVDK")
    make.make_unit("Ủy ban MTTQ tỉnh", kind=UnitKind.MASS_ORGANISATION, code="MTTQ")
    db.session.commit()
    page = admin.get("/admin/units/").get_data(as_text=True)
    assert page.index("Sở Y tế") < page.index("Bệnh viện Đa khoa tỉnh")
    assert 'data-unit-code="BVDK" data-depth="1"' in page  # indented one level under its parent


def test_search_ignores_diacritics_and_answers_htmx_with_rows_only(make, admin):
    make.make_unit("Phường Đống Đa", kind=UnitKind.WARD, code="P_DONGDA")
    make.make_unit("Sở Tài chính", code="STC")
    db.session.commit()
    response = admin.get("/admin/units/?q=dong+da", headers={"HX-Request": "true", "HX-Target": "unit-results"})
    fragment = response.get_data(as_text=True)
    assert "Phường Đống Đa" in fragment and "Sở Tài chính" not in fragment
    assert "<html" not in fragment
    assert "Sở Tài chính" in admin.get("/admin/units/?q=stc").get_data(as_text=True)  # by code


def test_create_unit_normalises_name_and_sets_search_key(admin):
    typed = unicodedata.normalize("NFD", "Sở Khoa học và Công nghệ") + "  "  # some keyboards send NFD
    response = admin.post("/admin/units/new", data=unit_data(name=typed))
    assert response.status_code == 303
    unit = db.session.scalar(select(Unit).where(Unit.code == "SO_KHCN"))
    assert unit.name == "Sở Khoa học và Công nghệ"
    assert unit.search_key == "so khoa hoc va cong nghe"
    assert unit.kind is UnitKind.DEPARTMENT and unit.valid_from == date(2025, 7, 1)
    assert "Sở Khoa học và Công nghệ" in admin.get("/admin/units/").get_data(as_text=True)


def test_edit_unit_updates_fields_and_search_key(make, admin):
    unit = make.make_unit("Xã Ia Grai", kind=UnitKind.COMMUNE, code="X_IAGRAI")
    successor = make.make_unit("Xã Ia Grai mới", kind=UnitKind.COMMUNE, code="X_IAGRAI2")
    parent = make.make_unit("UBND tỉnh", code="UBND")
    db.session.commit()
    response = admin.post(f"/admin/units/{unit.id}/edit", data=unit_data(
        code="X_IAGRAI", name="Xã Ia Grai cũ", kind="commune", parent_id=str(parent.id),
        valid_to="2025-06-30", valid_from="2020-01-01", successor_id=str(successor.id)))
    assert response.status_code == 303
    db.session.refresh(unit)
    assert (unit.name, unit.search_key, unit.parent_id, unit.successor_id, unit.valid_to) == (
        "Xã Ia Grai cũ", "xa ia grai cu", parent.id, successor.id, date(2025, 6, 30))
    page = admin.get("/admin/units/").get_data(as_text=True)
    assert "Xã Ia Grai cũ" in page and "ended" in page


def test_duplicate_code_is_a_field_error(make, admin):
    make.make_unit(code="SO_KHCN")
    db.session.commit()
    response = admin.post("/admin/units/new", data=unit_data())
    assert response.status_code == 422
    assert "The code SO_KHCN is already used by another unit." in response.get_data(as_text=True)
    assert unit_count() == 1


def test_valid_to_before_valid_from_is_refused(admin):
    response = admin.post("/admin/units/new", data=unit_data(valid_from="2025-07-01", valid_to="2025-06-30"))
    assert response.status_code == 422
    assert "The end date cannot be before the start date." in response.get_data(as_text=True)
    assert unit_count() == 0


def test_parent_that_would_make_a_cycle_is_refused(make, admin):
    top = make.make_unit("Sở Giáo dục", code="SGD")
    middle = make.make_unit("Trường THPT", kind=UnitKind.SUB_UNIT, parent=top, code="THPT")
    bottom = make.make_unit("Tổ Toán", kind=UnitKind.SUB_UNIT, parent=middle, code="TOTOAN")
    db.session.commit()
    response = admin.post(f"/admin/units/{top.id}/edit", data=unit_data(
        code="SGD", name="Sở Giáo dục", parent_id=str(bottom.id)))
    assert response.status_code == 422
    assert "Tổ Toán is a sub-unit of this unit: choosing it as the parent would make a cycle." in \
        response.get_data(as_text=True)
    db.session.rollback()
    assert db.session.get(Unit, top.id).parent_id is None
    response = admin.post(f"/admin/units/{top.id}/edit", data=unit_data(code="SGD", name="Sở Giáo dục",
                                                                         parent_id=str(top.id)))
    assert response.status_code == 422 and "A unit cannot be its own parent." in response.get_data(as_text=True)


def test_successor_cannot_be_itself(make, admin):
    unit = make.make_unit(code="A1")
    db.session.commit()
    response = admin.post(f"/admin/units/{unit.id}/edit", data=unit_data(code="A1", successor_id=str(unit.id)))
    assert response.status_code == 422
    assert "A unit cannot be its own successor." in response.get_data(as_text=True)
    db.session.rollback()
    assert db.session.get(Unit, unit.id).successor_id is None


def test_missing_fields_are_reported_beside_them(admin):
    response = admin.post("/admin/units/new", data=unit_data(code="", name="", valid_from=""))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    for message in ("Enter a code.", "Enter the name.", "Enter the date the unit starts."):
        assert message in page
    assert unit_count() == 0


def test_delete_unreferenced_unit(make, admin):
    unit = make.make_unit(code="TMP")
    db.session.commit()
    response = admin.post(f"/admin/units/{unit.id}/delete")
    assert response.status_code == 303
    assert unit_count() == 0


@pytest.mark.parametrize("reference", ["user", "sub_unit", "dossier", "cluster"])
def test_delete_referenced_unit_is_refused_with_a_hint(make, admin, reference):
    unit = make.make_unit("Sở Xây dựng", code="SXD")
    if reference == "user":
        make.make_user(Role.OFFICER, unit=unit)
    elif reference == "sub_unit":
        make.make_unit(kind=UnitKind.SUB_UNIT, parent=unit)
    elif reference == "dossier":
        make.make_dossier(unit)
    else:
        make.make_cluster(members=[unit])
    db.session.commit()
    before = unit_count()
    response = admin.post(f"/admin/units/{unit.id}/delete", headers={"HX-Request": "true"})
    assert response.status_code == 409
    text = response.get_data(as_text=True)
    assert "Sở Xây dựng cannot be deleted" in text and "valid to" in text
    assert unit_count() == before
    if reference == "cluster":
        assert db.session.scalar(select(func.count()).select_from(ClusterMembership)) == 1
