"""The lists as XLSX (dossiers, inbox, decisions): the page's filters and scope, every row, the bound,
the print layout, formula-looking text escaped."""
from datetime import date, datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook

from app import list_exports
from app.extensions import db
from app.models import Role
from app.models.states import State
from tests.factories import signed_in_client

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def read(response):
    assert response.status_code == 200, response.status_code
    assert response.mimetype == XLSX
    return load_workbook(BytesIO(response.get_data())).active


def body(sheet) -> list[tuple]:
    return [row for row in sheet.iter_rows(min_row=list_exports.HEADER_ROW + 1, values_only=True)]


@pytest.fixture
def world(make):
    a, b = make.make_unit("Sở Khoa học và Công nghệ"), make.make_unit("Sở Y tế")
    award, other_award = make.make_award(name="Bằng khen tỉnh"), make.make_award(name="Chiến sĩ thi đua")
    campaign = make.make_campaign(2025, name="Thi đua 2025")
    dossiers = {
        "hong": make.make_dossier(a, award=award, campaign=campaign, name="Nguyễn Thị Hồng", state=State.SUBMITTED),
        "formula": make.make_dossier(a, award=other_award, campaign=campaign, name="=HYPERLINK(\"x\")"),
        "lan": make.make_dossier(b, award=award, campaign=campaign, name="Trần Thị Lan", state=State.SUBMITTED),
    }
    people = {
        "officer_a": make.make_actor(Role.OFFICER, a),
        "appraiser": make.make_actor(Role.APPRAISER, make.make_unit("Sở Nội vụ")),
    }
    db.session.commit()
    return {"a": a, "b": b, "award": award, "dossiers": dossiers, "people": people}


def client_of(app, world, who):
    return signed_in_client(app, world["people"][who])


def test_dossier_export_keeps_the_filters_and_every_page(app, world):
    app.config["PAGE_SIZE"], saved = 1, app.config["PAGE_SIZE"]
    try:
        sheet = read(client_of(app, world, "appraiser").get(
            f"/dossiers/export.xlsx?award={world['award'].id}&sort=name&page=2"))
    finally:
        app.config["PAGE_SIZE"] = saved
    header = [cell.value for cell in sheet[list_exports.HEADER_ROW]]
    assert header[:3] == ["No.", "Nominee", "Kind"]
    names = [row[1] for row in body(sheet)]
    assert names == ["Nguyễn Thị Hồng", "Trần Thị Lan"]  # both pages, sorted by name, the filter kept
    updated = body(sheet)[0][-1]
    assert isinstance(updated, datetime)


def test_dossier_export_is_scoped_and_escapes_formulas(app, world):
    names = [row[1] for row in body(read(client_of(app, world, "officer_a").get("/dossiers/export.xlsx")))]
    assert "Trần Thị Lan" not in names  # another unit's dossier
    assert "'=HYPERLINK(\"x\")" in names and "Nguyễn Thị Hồng" in names


def test_export_is_ready_to_print(app, world):
    sheet = read(client_of(app, world, "appraiser").get("/dossiers/export.xlsx"))
    assert sheet.freeze_panes == f"A{list_exports.HEADER_ROW + 1}"
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == f"${list_exports.HEADER_ROW}:${list_exports.HEADER_ROW}"
    assert sheet[f"B{list_exports.HEADER_ROW + 1}"].font.name == "Times New Roman"
    assert sheet[f"B{list_exports.HEADER_ROW}"].font.bold
    assert sheet.column_dimensions["B"].width == 30


def test_export_refuses_above_the_bound(app, world, monkeypatch):
    monkeypatch.setattr(list_exports, "MAX_ROWS", 1)
    client = client_of(app, world, "appraiser")
    response = client.get(f"/dossiers/export.xlsx?award={world['award'].id}")
    assert response.status_code == 303 and f"award={world['award'].id}" in response.headers["Location"]
    followed = client.get(f"/dossiers/export.xlsx?award={world['award'].id}", follow_redirects=True)
    assert "narrow the filters" in followed.get_data(as_text=True)
    assert client.get("/dossiers/export.xlsx?q=lan").status_code == 200


def test_the_list_offers_the_export_with_its_filters(app, world):
    client = client_of(app, world, "appraiser")
    html = client.get(f"/dossiers/?award={world['award'].id}", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert f"/dossiers/export.xlsx?award={world['award'].id}" in html


def test_inbox_export_holds_the_inbox_only(app, world, make):
    head_a = make.make_actor(Role.UNIT_HEAD, world["a"])
    make.make_dossier(world["a"], award=world["award"], name="Lê Văn Chờ", state=State.UNIT_REVIEW,
                      stage_due_on=date(2026, 1, 5))
    make.make_dossier(world["b"], award=world["award"], name="Phạm Đơn Vị Khác", state=State.UNIT_REVIEW)
    db.session.commit()
    client = signed_in_client(app, head_a)
    html = client.get("/inbox").get_data(as_text=True)
    assert "/inbox/export.xlsx" in html
    rows = body(read(client.get("/inbox/export.xlsx")))
    assert [row[1] for row in rows] == ["Lê Văn Chờ"]
    assert rows[0][6] == datetime(2026, 1, 5)  # a date cell, not text
    # A stage this inbox does not hold is ignored, as on the page: the whole inbox.
    assert len(body(read(client.get("/inbox/export.xlsx?state=appraisal")))) == 1


def test_decision_register_export(app, world, make):
    make.make_decision(world["award"], number=7, year=2026)
    db.session.commit()
    rows = body(read(client_of(app, world, "appraiser").get("/decisions/export.xlsx")))
    assert len(rows) == 1 and rows[0][0] == 1 and isinstance(rows[0][2], datetime)
    assert client_of(app, world, "officer_a").get("/decisions/export.xlsx").status_code == 403
