"""Sở KH&CN's digital-transformation index (issue 11): the template, the import checked as a job (unknown
units, duplicate rows, bad numbers, too many rows, too big a file: refused with row numbers, nothing written),
who may import, and the index as evidence on a nominee's dossier and beside a unit in cluster scoring."""
import dataclasses
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from app.extensions import db
from app.models import NomineeKind, Role, Setting, UnitKind
from app.models.movement_plans import DigitalTransformationScore
from app.models.settings import DX_ASSESSOR_UNIT_CODE
from app.movements import dx_index
from tests import bombs, factories

HEADER = ["Mã đơn vị", "Tên đơn vị", "Năm", "Điểm", "Mức", "Ghi chú"]


def xlsx(rows, header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def scores() -> int:
    return db.session.scalar(select(func.count()).select_from(DigitalTransformationScore))


@pytest.fixture
def assessor():
    return factories.make_user(Role.OFFICER, unit=factories.make_unit("Sở Khoa học và Công nghệ", code="SKHCN"))


@pytest.fixture
def enterprises():
    return [factories.make_unit(f"Công ty {n}", kind=UnitKind.ENTERPRISE, code=f"DN{n}") for n in range(1, 4)]


def upload(client, content: bytes, name: str = "chi-so.xlsx"):
    return client.post("/movements/dx-index", data={"file": (io.BytesIO(content), name)},
                       content_type="multipart/form-data")


def test_template_has_the_layout_and_an_instructions_sheet(app, assessor, enterprises):
    client = factories.signed_in_client(app, assessor)
    response = client.get("/movements/dx-index/template.xlsx")
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Dữ liệu", "Hướng dẫn"]
    assert [c.value for c in book["Dữ liệu"][1]] == HEADER
    guide = [row for row in book["Hướng dẫn"].iter_rows(values_only=True)]
    assert any(row[0] == "DN1" and row[1] == "Công ty 1" for row in guide)
    assert any(row[0] == "D" and row[1] == "Điểm" for row in guide)


def test_a_good_file_is_checked_then_imported_on_confirmation(app, assessor, enterprises):
    client = factories.signed_in_client(app, assessor)
    db.session.add(DigitalTransformationScore(unit_id=enterprises[0].id, year=2025, score=Decimal(100), level=1))
    db.session.commit()
    response = upload(client, xlsx([["DN1", "Công ty 1", 2025, 512.5, 3, "đánh giá lại"],
                                    ["dn2", "Công ty 2", "2025", "430,25", "2", None],
                                    ["DN3", None, 2026, 700, 4, ""]]))
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "3 rows checked, no error." in page and "1 of them replaces" in page
    assert scores() == 1  # nothing written before the confirmation
    job_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    confirmed = client.post(f"/movements/dx-index/import/{job_id}/confirm")
    assert confirmed.status_code == 303
    db.session.expire_all()
    got = {(s.unit.code, s.year): (s.score, s.level, s.note)
           for s in db.session.scalars(select(DigitalTransformationScore))}
    assert got == {("DN1", 2025): (Decimal("512.50"), 3, "đánh giá lại"), ("DN2", 2025): (Decimal("430.25"), 2, ""),
                   ("DN3", 2026): (Decimal("700.00"), 4, "")}
    # Confirming twice writes nothing more.
    again = client.post(f"/movements/dx-index/import/{job_id}/confirm", follow_redirects=True)
    assert "imported already" in again.get_data(as_text=True) and scores() == 3


def _refused_rows(client, content) -> str:
    response = upload(client, content)
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Nothing can be imported." in page
    return page


def test_unknown_units_and_duplicate_rows_are_refused_with_row_numbers(app, assessor, enterprises):
    client = factories.signed_in_client(app, assessor)
    page = _refused_rows(client, xlsx([["DN1", "", 2025, 500, 3, ""], ["KHONGCO", "", 2025, 100, 1, ""],
                                       ["DN1", "", 2025, 510, 3, ""], ["DN2", "", 2025, 1200, 9, ""],
                                       ["DN3", "", "năm nay", 10, 1, ""]]))
    assert "unknown unit code KHONGCO" in page
    assert "DN1, 2025 is already on row 2" in page
    assert "the score must be a number from 0 to 1000" in page
    assert "the level must be a whole number from 0 to 6" in page
    assert "the year must be a whole number" in page
    assert "<td>3</td>" in page and "<td>4</td>" in page and "<td>5</td>" in page and "<td>6</td>" in page
    assert 'id="dx-confirm"' not in page and scores() == 0


def test_too_many_rows_and_too_big_files_are_refused(app, assessor, enterprises, monkeypatch):
    client = factories.signed_in_client(app, assessor)
    monkeypatch.setattr(dx_index, "MAX_ROWS", 3)
    response = upload(client, xlsx([["DN1", "", 2020 + n, 10, 1, ""] for n in range(4)]))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Too many rows (at most 3)." in page and scores() == 0
    # A small bound, so that the test client keeps the body in memory (it spools a large one to a file it
    # never closes); the view reads one byte past the bound and stops.
    monkeypatch.setattr(dx_index, "LIMITS", dataclasses.replace(dx_index.LIMITS, max_file_bytes=4096))
    response = upload(client, b"PK\x03\x04" + b"0" * 5000)
    assert response.status_code == 422 and "The file is larger than" in response.get_data(as_text=True)
    monkeypatch.undo()
    response = upload(client, bombs.empty_rows_bomb(64 * bombs.CHUNK))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert scores() == 0 and ("Failed" in page or "Nothing can be imported" in page)


def test_who_may_import(app, enterprises):
    allowed = [factories.make_user(Role.APPRAISER), factories.make_user(Role.ADMIN),
               factories.make_user(Role.UNIT_HEAD, unit=factories.make_unit("Sở KH&CN", code="SKHCN"))]
    refused = [factories.make_user(Role.OFFICER), factories.make_user(Role.SECRETARY),
               factories.make_user(Role.CLUSTER_LEAD, unit=db.session.scalar(
                   select(factories.Unit).where(factories.Unit.code == "SKHCN")))]
    for user in allowed:
        assert factories.signed_in_client(app, user).get("/movements/dx-index").status_code == 200, user
    for user in refused:
        client = factories.signed_in_client(app, user)
        assert client.get("/movements/dx-index").status_code == 403, user
        assert upload(client, xlsx([["DN1", "", 2025, 1, 1, ""]])).status_code == 403
    # The assessing unit is a setting: another unit's officer once the administrator names it.
    officer = refused[0]
    db.session.add(Setting(key=DX_ASSESSOR_UNIT_CODE, value=officer.unit.code))
    db.session.commit()
    assert factories.signed_in_client(app, officer).get("/movements/dx-index").status_code == 200


def test_the_index_is_evidence_on_an_enterprise_s_dossier(app, enterprises):
    enterprise = enterprises[0]
    db.session.add(DigitalTransformationScore(unit_id=enterprise.id, year=2025, score=Decimal("612.5"), level=4))
    officer = factories.make_user(Role.OFFICER, unit=enterprise)
    dossier = factories.make_dossier(enterprise, kind=NomineeKind.COLLECTIVE, name=enterprise.name,
                                     nominee_unit_id=enterprise.id, created_by=officer,
                                     campaign=factories.make_campaign(2025))
    db.session.commit()
    html = factories.signed_in_client(app, officer).get(f"/dossiers/{dossier.id}").get_data(as_text=True)
    assert 'id="dx-evidence"' in html and "612,5" in html and "2025" in html


def test_the_index_stands_beside_the_unit_on_the_scoreboard(app, make):
    from app.models import ScoringStatus

    people = make.make_scoring_people()
    scoring = make.make_scoring(people.cluster, 2025, status=ScoringStatus.OPEN)
    for unit in (people.a, people.b):
        make.set_scores(scoring, unit, {"1.1": 20, "1.2": 20, "2.1": 30})
    db.session.add(DigitalTransformationScore(unit_id=people.a.id, year=2025, score=Decimal("455"), level=3))
    db.session.add(DigitalTransformationScore(unit_id=people.a.id, year=2026, score=Decimal("900"), level=6))
    db.session.commit()
    html = make.signed_in_client(app, people.lead_user).get(f"/scoring/{scoring.id}/scoreboard").get_data(
        as_text=True)
    row_a = html.split(f'<tr data-unit="{people.a.id}">')[1].split("</tr>")[0]
    row_b = html.split(f'<tr data-unit="{people.b.id}">')[1].split("</tr>")[0]
    assert "DX index 2025: 455, level 3" in row_a and "900" not in row_a  # the round's year, not a later one
    assert "DX index" not in row_b


def test_the_administrator_names_the_assessing_unit(app, enterprises):
    admin = factories.make_user(Role.ADMIN)
    officer = factories.make_user(Role.OFFICER, unit=enterprises[1])
    client = factories.signed_in_client(app, admin)
    assert 'id="dx-assessor"' in client.get("/movements/dx-index").get_data(as_text=True)
    assert client.post("/movements/dx-index/assessor", data={"unit_code": "NOPE"}).status_code == 303
    assert Setting.get_text(DX_ASSESSOR_UNIT_CODE, "SKHCN") == "SKHCN"
    assert client.post("/movements/dx-index/assessor", data={"unit_code": "DN2"}).status_code == 303
    assert Setting.get_text(DX_ASSESSOR_UNIT_CODE) == "DN2"
    assert factories.signed_in_client(app, officer).get("/movements/dx-index").status_code == 200
    appraiser = factories.signed_in_client(app, factories.make_user(Role.APPRAISER))
    assert appraiser.post("/movements/dx-index/assessor", data={"unit_code": "DN3"}).status_code == 403
    assert 'id="dx-assessor"' not in appraiser.get("/movements/dx-index").get_data(as_text=True)
