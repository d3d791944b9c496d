"""The registry import (issue 8): the XLSX layout and its template, checking with row-numbered errors (all or
nothing), matching to existing records, scoping, permissions, the two jobs (preview, apply) and 50,000 rows."""
import re
import time
from datetime import date
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from app.extensions import db
from app.jobs import runner
from app.models import (
    CampaignKind,
    Collective,
    Gender,
    PerformanceRating,
    Person,
    Rating,
    RegistryEntry,
    RegistryEvent,
    RegistrySource,
    Role,
)
from app.models.jobs import Job, JobStatus
from app.registry import importing
from app.text import fold
from tests.conftest import csrf_token_from
from tests.factories import PASSWORD
from tests.registry_import_data import HEADER, fast_xlsx, generated_rows, person_row, rating_row


def xlsx(rows, header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def collective_row(name="Phòng Kế hoạch", unit="SKHCN", award="tt_ldxs", year=2022, kind="tập thể"):
    return person_row(name, None, unit, award=award, year=year, kind=kind, gender=None, position=None)


@pytest.fixture
def world(make):
    unit = make.make_unit("Sở Khoa học và Công nghệ", code="SKHCN")
    sub = make.make_unit("Phòng Kế hoạch - Tài chính", code="SKHCN-KH", parent=unit)
    other = make.make_unit("Sở Y tế", code="SYT")
    home = make.make_unit("Sở Nội vụ", code="SNV")
    cstd = make.make_award("cstd_co_so", "Chiến sĩ thi đua cơ sở", for_collective=False)
    bkt = make.make_award("bang_khen_tinh", "Bằng khen của Chủ tịch UBND tỉnh")
    ldxs = make.make_award("tt_ldxs", "Tập thể lao động xuất sắc", for_individual=False)
    officer = make.make_user(Role.OFFICER, unit=unit)
    appraiser = make.make_user(Role.APPRAISER, unit=home)
    head = make.make_user(Role.UNIT_HEAD, unit=unit)
    db.session.commit()
    return type("World", (), dict(unit=unit, sub=sub, other=other, cstd=cstd, bkt=bkt, ldxs=ldxs, officer=officer,
                                  appraiser=appraiser, head=head))


def client_for(app, user):
    db.session.commit()
    client = app.test_client()
    assert client.post("/login", data={"username": user.username, "password": PASSWORD}).status_code == 303
    return client


def upload(client, content: bytes, name="so-khen-thuong.xlsx"):
    # Encoded here, in memory: the test client would spool a large body to a temporary file it never closes.
    boundary, body = encode_multipart({"file": FileStorage(BytesIO(content), filename=name)})
    response = client.post("/registry/import", data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    job_id = int(re.search(r"/registry/import/(\d+)$", response.headers["Location"]).group(1))
    db.session.expire_all()
    return job_id


def page(client, job_id, **args) -> str:
    response = client.get(f"/registry/import/{job_id}", query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def confirm(client, job_id):
    response = client.post(f"/registry/import/{job_id}/confirm")
    assert response.status_code == 303
    db.session.expire_all()
    return db.session.get(Job, job_id)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def nothing_imported():
    return count(RegistryEntry) == 0 and count(PerformanceRating) == 0 and count(RegistryEvent) == 0


# --- the good path ------------------------------------------------------------------------------------

def test_a_good_file_is_previewed_then_imported_in_one_batch(app, world, make):
    existing = Person(full_name="Trần Thị Bình", search_key=fold("Trần Thị Bình"), birth_year=1975,
                      unit_id=world.unit.id, gender=Gender.FEMALE, position="", ethnicity="", is_ethnic_minority=False)
    db.session.add(existing)
    client = client_for(app, world.officer)
    content = xlsx([
        person_row("Nguyễn Văn An", 1980, "SKHCN", "cstd_co_so", 2022, decision_date=date(2022, 12, 20)),
        person_row("nguyen van an", 1980, "Sở Khoa học và Công nghệ", "cstd_co_so", 2023),  # same person
        rating_row("Nguyễn Văn An", 1980, "SKHCN", "htxs", 2023),
        person_row("TRẦN THỊ BÌNH", 1975, "SKHCN", "bang_khen_tinh", 2021, campaign_kind="chuyên đề", gender="Nữ"),
        rating_row("Trần Thị Bình", 1975, "SKHCN", "Hoàn thành tốt nhiệm vụ", 2022),
        collective_row("Phòng Kế hoạch", "SKHCN-KH", "tt_ldxs", 2022),
    ])
    job_id = upload(client, content)
    html = page(client, job_id)
    preview = db.session.get(Job, job_id)
    assert preview.status is JobStatus.DONE and preview.user_id == world.officer.id
    summary = preview.result
    assert (summary["rows"], summary["entries"], summary["ratings"]) == (6, 4, 2)
    assert (summary["people_matched"], summary["people_new"], summary["collectives_new"]) == (1, 1, 1)
    assert 'id="import-confirm"' in html and f"#{existing.id}" in html
    assert "matched" in page(client, job_id, status="matched") and nothing_imported()

    done = confirm(client, job_id)
    apply_job = db.session.get(Job, done.next_job_id)
    assert apply_job.status is JobStatus.DONE, apply_job.error
    assert apply_job.result["entries"] == 4 and apply_job.result["people_created"] == 1
    an = db.session.scalars(select(Person).where(Person.search_key == "nguyen van an")).one()
    assert (an.birth_year, an.unit_id, an.gender, an.position) == (1980, world.unit.id, Gender.MALE, "Chuyên viên")
    entries = db.session.scalars(select(RegistryEntry).order_by(RegistryEntry.id)).all()
    assert {e.source for e in entries} == {RegistrySource.IMPORTED}
    assert [(e.person_id, e.award_id, e.year) for e in entries if e.person_id == an.id] == [
        (an.id, world.cstd.id, 2022), (an.id, world.cstd.id, 2023)]
    assert entries[0].decision_date == date(2022, 12, 20) and entries[0].decision_number == "12/QĐ-SKHCN"
    thematic = next(e for e in entries if e.person_id == existing.id)
    assert thematic.campaign_kind is CampaignKind.THEMATIC
    ratings = {(r.person_id, r.year): r.rating for r in db.session.scalars(select(PerformanceRating))}
    assert ratings == {(an.id, 2023): Rating.HTXS, (existing.id, 2022): Rating.HTT}
    collective = db.session.scalars(select(Collective)).one()
    assert collective.unit_id == world.sub.id and collective.name == "Phòng Kế hoạch"
    events = db.session.scalars(select(RegistryEvent)).all()
    assert len(events) == 3  # one line per record touched
    assert len({e.batch for e in events}) == 1 and {e.action for e in events} == {"imported"}
    assert {e.actor_id for e in events} == {world.officer.id}
    line = next(e for e in events if e.person_id == an.id)
    assert line.detail["created"] is True and line.detail["rows"] == [2, 3, 4]
    assert "Imported: 4 awards and titles" in page(client, job_id)


def test_the_template_lists_the_columns_codes_ratings_and_units(app, world):
    response = client_for(app, world.officer).get("/registry/import/template.xlsx")
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.data))
    assert [c.value for c in book["Dữ liệu"][1]] == HEADER
    guide = "\n".join(str(c.value) for row in book["Hướng dẫn"].iter_rows() for c in row if c.value)
    for text in ("cstd_co_so", "tt_ldxs", "htxs", "kht", "chuyên đề", "đột xuất", "SKHCN", "SKHCN-KH"):
        assert text in guide
    assert "SYT" not in guide  # an officer's template lists the units it may import for


# --- bad input: row-numbered errors, nothing imported ---------------------------------------------

BAD_ROWS = [
    ("unknown award", [person_row(award="khong_co")], 2, "Unknown award code “khong_co”"),
    ("unknown rating", [rating_row(rating="gioi")], 2, "Unknown rating “gioi”"),
    ("future year", [person_row(year=date.today().year + 1)], 2, "The year must be a year from 1900"),
    ("year before 1900", [person_row(year=1899)], 2, "The year must be a year from 1900"),
    ("missing year", [person_row(year=None)], 2, "The year must be a year from 1900"),
    ("unknown unit", [person_row(unit="Sở Không Có")], 2, "Unknown unit “Sở Không Có”"),
    ("unit outside the officer's", [person_row(unit="SYT")], 2, "The unit “SYT” is outside your unit"),
    ("duplicate rows", [person_row(), rating_row(), person_row()], 4, "Same as row 3."),
    ("two ratings of a year", [rating_row(rating="htxs"), rating_row(rating="ht")], 3,
     "Row 3 gives this person another rating for 2023."),
    ("missing name", [person_row(name="")], 2, "The name is missing."),
    ("award and rating", [person_row(rating="htxs")], 2, "Give either an award code or a rating, not both."),
    ("neither", [person_row(award=None)], 2, "Give an award code or a rating."),
    ("unknown kind", [person_row(kind="nhóm")], 2, "Say whether the row is for an individual"),
    ("award not for a collective", [collective_row(award="cstd_co_so")], 2,
     "Chiến sĩ thi đua cơ sở is not given to this kind"),
    ("rating of a collective", [collective_row(award=None, name="Phòng A")[:7] + ["htxs"] +
                                collective_row()[8:]], 2, "A rating is for an individual only."),
    ("bad gender", [person_row(gender="X")], 2, "Gender must be"),
    ("bad decision date", [person_row(decision_date="31/02/2022")], 2, "The decision date is not a date"),
]


@pytest.mark.parametrize("case,rows,row_number,message", BAD_ROWS, ids=[c[0] for c in BAD_ROWS])
def test_bad_rows_are_refused_with_their_row_number(app, world, case, rows, row_number, message):
    client = client_for(app, world.officer)
    job_id = upload(client, xlsx([rating_row(name="Lê Văn Cả", year=2020)] + rows))  # a good row first
    html = page(client, job_id)
    errors = db.session.get(Job, job_id).result["errors"]
    assert [row_number + 1, message] in [[row, text[:len(message)]] for row, text in errors], errors
    assert "Nothing can be imported." in html and 'id="import-confirm"' not in html
    assert client.post(f"/registry/import/{job_id}/confirm").status_code == 303
    db.session.expire_all()
    assert db.session.get(Job, job_id).next_job_id is None
    assert nothing_imported() and count(Person) == 0


def test_wrong_columns_are_refused(app, world):
    client = client_for(app, world.officer)
    header = list(HEADER)
    header[2], header[3] = header[3], header[2]
    job_id = upload(client, xlsx([person_row()], header=header))
    errors = db.session.get(Job, job_id).result["errors"]
    assert errors[0][0] == 1 and errors[0][1].startswith("Column C should be “Năm sinh”; the file has “Giới tính”")
    assert nothing_imported()


def test_a_file_that_is_no_workbook_is_refused(app, world):
    client = client_for(app, world.officer)
    job_id = upload(client, b"not a zip at all")
    assert db.session.get(Job, job_id).result["errors"] == [[None, "The file is not an Excel workbook (.xlsx)."]]
    assert "Nothing can be imported." in page(client, job_id)


def test_a_row_already_in_the_registry_and_a_conflicting_rating_are_refused(app, world):
    person = Person(full_name="Nguyễn Văn An", search_key="nguyen van an", birth_year=1980, unit_id=world.unit.id,
                    position="", ethnicity="", is_ethnic_minority=False)
    db.session.add(person)
    db.session.flush()
    db.session.add(RegistryEntry(person=person, award=world.cstd, year=2022, campaign_kind=CampaignKind.YEARLY,
                                 source=RegistrySource.UNIT_DECISION))
    db.session.add(PerformanceRating(person=person, year=2023, rating=Rating.HT))
    db.session.add(PerformanceRating(person=person, year=2021, rating=Rating.HTT))
    client = client_for(app, world.officer)
    job_id = upload(client, xlsx([person_row(year=2022), rating_row(rating="htxs", year=2023),
                                  rating_row(rating="htt", year=2021)]))
    errors = dict(db.session.get(Job, job_id).result["errors"])
    assert errors[2].startswith("Already in the registry: Chiến sĩ thi đua cơ sở 2022 of record #")
    assert errors[3].startswith(f"Record #{person.id} already has another rating for 2023")
    assert errors[4].startswith("Already in the registry: the rating of 2021")
    assert count(RegistryEntry) == 1 and count(PerformanceRating) == 2


def test_a_person_matching_two_records_is_an_error(app, world):
    for _ in range(2):
        db.session.add(Person(full_name="Nguyễn Văn An", search_key="nguyen van an", birth_year=1980,
                              unit_id=world.unit.id, position="", ethnicity="", is_ethnic_minority=False))
    client = client_for(app, world.officer)
    job_id = upload(client, xlsx([person_row()]))
    (row, message), = db.session.get(Job, job_id).result["errors"]
    assert row == 2 and message.startswith("Matches 2 records: #")
    assert "Nguyễn Văn An (1980, Sở Khoa học và Công nghệ)" in message
    assert nothing_imported()


def test_a_namesake_of_another_year_or_unit_is_a_new_person(app, world):
    db.session.add(Person(full_name="Nguyễn Văn An", search_key="nguyen van an", birth_year=1981,
                          unit_id=world.unit.id, position="", ethnicity="", is_ethnic_minority=False))
    client = client_for(app, world.appraiser)
    job_id = upload(client, xlsx([person_row(), person_row(unit="SYT", year=2021)]))
    assert db.session.get(Job, job_id).result["people_new"] == 2
    apply_job = db.session.get(Job, confirm(client, job_id).next_job_id)
    assert apply_job.status is JobStatus.DONE
    assert count(Person) == 3 and count(RegistryEntry) == 2


# --- permissions, scoping, CSRF, pages ------------------------------------------------------------

def test_an_appraiser_imports_for_every_unit_and_an_officer_only_for_its_own(app, world):
    rows = xlsx([person_row(unit="SYT")])
    officer_job = upload(client_for(app, world.officer), rows)
    assert "outside your unit" in db.session.get(Job, officer_job).result["errors"][0][1]
    appraiser_job = upload(client_for(app, world.appraiser), rows)
    assert db.session.get(Job, appraiser_job).result["error_count"] == 0


@pytest.mark.parametrize("role", [Role.UNIT_HEAD, Role.SECRETARY, Role.CLUSTER_LEAD, Role.ADMIN])
def test_other_roles_may_not_import(app, world, make, role):
    user = world.head if role is Role.UNIT_HEAD else make.make_user(role, unit=world.unit)
    client = client_for(app, user)
    assert client.get("/registry/import").status_code == 403
    assert client.get("/registry/import/template.xlsx").status_code == 403
    assert client.post("/registry/import", data={"file": (BytesIO(xlsx([person_row()])), "a.xlsx")},
                       content_type="multipart/form-data").status_code == 403
    assert count(Job) == 0


def test_the_posts_need_the_csrf_token(app, world, monkeypatch):
    client = client_for(app, world.officer)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    content = xlsx([person_row()])
    refused = client.post("/registry/import", data={"file": (BytesIO(content), "a.xlsx")},
                          content_type="multipart/form-data")
    assert refused.status_code == 400 and count(Job) == 0
    token = csrf_token_from(client.get("/registry/import").get_data(as_text=True))
    accepted = client.post("/registry/import", data={"file": (BytesIO(content), "a.xlsx"), "csrf_token": token},
                           content_type="multipart/form-data")
    assert accepted.status_code == 303
    job_id = int(accepted.headers["Location"].rsplit("/", 1)[1])
    assert client.post(f"/registry/import/{job_id}/confirm").status_code == 400
    db.session.expire_all()
    assert db.session.get(Job, job_id).next_job_id is None
    token = csrf_token_from(page(client, job_id))
    assert client.post(f"/registry/import/{job_id}/confirm", data={"csrf_token": token}).status_code == 303
    assert count(RegistryEntry) == 1


def test_the_registry_page_links_to_the_import_for_those_who_may_import(app, world):
    assert 'id="registry-import-link"' in client_for(app, world.officer).get("/registry/").get_data(as_text=True)
    assert 'id="registry-import-link"' in client_for(app, world.appraiser).get("/registry/").get_data(as_text=True)
    assert 'id="registry-import-link"' not in client_for(app, world.head).get("/registry/").get_data(as_text=True)


def test_another_users_import_is_not_found(app, world, make):
    job_id = upload(client_for(app, world.officer), xlsx([person_row()]))
    colleague = make.make_user(Role.OFFICER, unit=world.unit)
    client = client_for(app, colleague)
    assert client.get(f"/registry/import/{job_id}").status_code == 404
    assert client.get(f"/jobs/{job_id}").status_code == 404
    assert client.post(f"/registry/import/{job_id}/confirm").status_code == 404
    assert count(RegistryEntry) == 0


def test_the_page_polls_while_the_check_runs(app, world):
    client = client_for(app, world.officer)
    from app import jobs

    job = jobs.create(importing.KIND_PREVIEW, world.officer, params={"file_name": "a.xlsx"},
                      payload=xlsx([person_row()]))
    db.session.commit()
    html = page(client, job.id)
    assert 'hx-trigger="every 1s"' in html and "follow=1" in html
    jobs.enqueue(job)
    db.session.expire_all()
    response = client.get(f"/jobs/{job.id}/progress?follow=1", headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"] == f"/registry/import/{job.id}"


# --- the apply job: all or nothing, once ------------------------------------------------------------

def test_confirming_twice_applies_once(app, world):
    client = client_for(app, world.officer)
    job_id = upload(client, xlsx([person_row(), rating_row()]))
    first = confirm(client, job_id).next_job_id
    assert confirm(client, job_id).next_job_id == first
    runner.run(first)  # the same apply job handed to a worker again: already done, nothing redone
    assert count(Job) == 2 and count(RegistryEntry) == 1 and count(PerformanceRating) == 1
    assert count(Person) == 1 and count(RegistryEvent) == 1


def test_a_registry_changed_since_the_preview_fails_the_apply_with_its_error(app, world):
    client = client_for(app, world.officer)
    job_id = upload(client, xlsx([person_row(), person_row(name="Phạm Thị Dung", birth=1990)]))
    # Meanwhile someone records Dung's award by hand.
    dung = Person(full_name="Phạm Thị Dung", search_key="pham thi dung", birth_year=1990, unit_id=world.unit.id,
                  position="", ethnicity="", is_ethnic_minority=False)
    db.session.add(dung)
    db.session.add(RegistryEntry(person=dung, award=world.cstd, year=2022, campaign_kind=CampaignKind.YEARLY,
                                 source=RegistrySource.UNIT_DECISION))
    db.session.commit()
    apply_job = db.session.get(Job, confirm(client, job_id).next_job_id)
    assert apply_job.status is JobStatus.FAILED
    assert apply_job.error.startswith("Nothing was imported: the registry changed since the preview and 1 rows")
    assert "row 3: Already in the registry" in apply_job.error
    assert count(RegistryEntry) == 1 and count(Person) == 1 and count(RegistryEvent) == 0
    assert "Nothing was imported" in page(client, job_id)


# --- 50,000 rows -----------------------------------------------------------------------------------

def test_fifty_thousand_rows_import_end_to_end(app, world):
    content = fast_xlsx(generated_rows(50_000, ["SKHCN", "SKHCN-KH", "SYT", "SNV"]))
    client = client_for(app, world.appraiser)
    started = time.monotonic()
    job_id = upload(client, content)
    preview = db.session.get(Job, job_id)
    assert preview.status is JobStatus.DONE and preview.result["error_count"] == 0, preview.result["errors"][:3]
    assert preview.result["rows"] == 50_000 and preview.result["people_new"] == 10_000
    assert "2 / 500" not in page(client, job_id) and "1 / 500" in page(client, job_id)
    apply_job = db.session.get(Job, confirm(client, job_id).next_job_id)
    elapsed = time.monotonic() - started
    assert apply_job.status is JobStatus.DONE, apply_job.error
    assert count(RegistryEntry) == 20_000 and count(PerformanceRating) == 30_000 and count(Person) == 10_000
    assert count(RegistryEvent) == 10_000
    assert elapsed < 120, elapsed
