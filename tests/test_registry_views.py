"""The registry on screen (issue 8): search, a person's and a collective's page, the forms recording facts,
the sổ khen thưởng export and the personal ID (CCCD) — scoping, permissions, validation and history."""
from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.extensions import db
from app.models import (
    PERSONAL_ID_ENABLED,
    CampaignKind,
    CollectiveKind,
    Discipline,
    Initiative,
    PerformanceRating,
    Person,
    Rating,
    RegistryEntry,
    RegistryEvent,
    RegistrySource,
    Role,
    Scope,
    Setting,
)
from tests.factories import make_registry_entry, signed_in_client


@pytest.fixture
def world(make):
    """Two departments (the first with a sub-unit), people and entries in each, and users."""
    science = make.make_unit("Sở Khoa học và Công nghệ")
    lab = make.make_unit("Trung tâm Ứng dụng", parent=science)
    health = make.make_unit("Sở Y tế")
    bk = make.make_award("bang_khen_tinh", "Bằng khen của Chủ tịch UBND tỉnh", for_collective=True)
    cstd = make.make_award("cstd_co_so", "Chiến sĩ thi đua cơ sở", for_collective=False)
    hong = make.make_person("Nguyễn Thị Hồng", science)
    dung = make.make_person("Đặng Văn Dũng", lab, birth_year=1975)
    lan = make.make_person("Trần Thị Lan", health)
    team = make.make_collective("Phòng Kế hoạch – Tài chính", science)
    entries = {
        "hong23": make_registry_entry(cstd, 2023, person=hong),
        "hong24": make_registry_entry(bk, 2024, person=hong, campaign_kind=CampaignKind.THEMATIC),
        "dung22": make_registry_entry(cstd, 2022, person=dung, source=RegistrySource.IMPORTED),
        "lan24": make_registry_entry(cstd, 2024, person=lan),
        "team24": make_registry_entry(bk, 2024, collective=team),
    }
    users = {
        "officer": make.make_actor(Role.OFFICER, science),
        "head": make.make_actor(Role.UNIT_HEAD, science),
        "health_officer": make.make_actor(Role.OFFICER, health),
        "appraiser": make.make_actor(Role.APPRAISER),
        "admin": make.make_actor(Role.ADMIN),
    }
    db.session.commit()
    return {"science": science, "lab": lab, "health": health, "bk": bk, "cstd": cstd, "hong": hong, "dung": dung,
            "lan": lan, "team": team, "entries": entries, "users": users}


def as_user(app, world, name):
    return signed_in_client(app, world["users"][name])


def rows(html: str) -> str:
    return html.split('id="registry-rows"', 1)[1].split("</tbody>", 1)[0]


# --- search -----------------------------------------------------------------------------------------

def test_search_by_a_name_without_accents(app, world):
    client = as_user(app, world, "appraiser")
    body = client.get("/registry/?q=dang van").get_data(as_text=True)
    assert "Đặng Văn Dũng" in rows(body) and "Nguyễn Thị Hồng" not in rows(body)
    # Part of a name, any case, and the collective's name too.
    body = client.get("/registry/?q=KE HOACH").get_data(as_text=True)
    assert "Phòng Kế hoạch – Tài chính" in rows(body) and "Dũng" not in rows(body)


def test_filters_unit_award_years_campaign_kind_and_kind(app, world):
    client = as_user(app, world, "appraiser")
    units = rows(client.get(f"/registry/?unit={world['science'].id}").get_data(as_text=True))
    # The unit's sub-unit is included; the other department is not.
    assert "Đặng Văn Dũng" in units and "Nguyễn Thị Hồng" in units and "Trần Thị Lan" not in units
    award = rows(client.get(f"/registry/?award={world['cstd'].id}&year_from=2023").get_data(as_text=True))
    assert award.count("<tr>") == 2 and "Dũng" not in award
    thematic = rows(client.get("/registry/?campaign_kind=thematic").get_data(as_text=True))
    assert thematic.count("<tr>") == 1 and "Bằng khen" in thematic
    collectives = rows(client.get("/registry/?kind=collective").get_data(as_text=True))
    assert collectives.count("<tr>") == 1 and "Phòng Kế hoạch" in collectives
    years = rows(client.get("/registry/?year_from=2022&year_to=2022").get_data(as_text=True))
    assert years.count("<tr>") == 1 and "Dũng" in years
    # Nonsense in the query string is ignored, never a 500.
    assert client.get("/registry/?year_from=abc&unit=-1&kind=x&campaign_kind=zz&page=0").status_code == 200


def test_results_as_htmx_partial_and_next_page_without_a_count(app, world, make, monkeypatch):
    from app.registry import search

    monkeypatch.setattr(search, "PER_PAGE", 2)
    monkeypatch.setattr(search.search, "__defaults__", (2,))
    client = as_user(app, world, "appraiser")
    partial = client.get("/registry/", headers={"HX-Request": "true", "HX-Target": "registry-results"})
    html = partial.get_data(as_text=True)
    assert "<nav" in html and "registry-filters" not in html and 'rel="next"' in html
    assert html.count("<tr>") == 2 + 1  # header row + 2 entries
    last = client.get("/registry/?page=3").get_data(as_text=True)
    assert 'rel="next"' not in last and 'rel="prev"' in last and rows(last).count("<tr>") == 1
    assert partial.headers["Vary"] and "HX-Request" in partial.headers["Vary"]


def test_an_officer_sees_its_unit_tree_only(app, world):
    client = as_user(app, world, "officer")
    body = rows(client.get("/registry/").get_data(as_text=True))
    assert "Nguyễn Thị Hồng" in body and "Đặng Văn Dũng" in body and "Phòng Kế hoạch" in body
    assert "Trần Thị Lan" not in body
    # The unit filter offers its own tree only.
    page = client.get("/registry/").get_data(as_text=True)
    assert "Trung tâm Ứng dụng" in page and "Sở Y tế" not in page.split('id="f-unit"', 1)[1].split("</select>")[0]
    assert client.get(f"/registry/people/{world['lan'].id}").status_code == 404
    assert client.get(f"/registry/people/{world['dung'].id}").status_code == 200


def test_province_and_administrator_read_everything(app, world):
    for name in ("appraiser", "admin"):
        client = as_user(app, world, name)
        body = rows(client.get("/registry/").get_data(as_text=True))
        assert body.count("<tr>") == 5, name
        assert client.get(f"/registry/people/{world['lan'].id}").status_code == 200
    assert 'id="nav-registry"' in as_user(app, world, "admin").get("/registry/").get_data(as_text=True)


def test_search_runs_the_same_statements_for_more_rows(app, world, make, count_queries):
    client = as_user(app, world, "officer")
    client.get("/registry/?q=nguyen")
    db.session.commit()  # the test's session forgets the user, as the many-rows request below will
    with count_queries() as few:
        client.get("/registry/?q=nguyen")
    for year in range(2000, 2020):
        make_registry_entry(world["cstd"], year, person=world["hong"])
    db.session.commit()
    with count_queries() as many:
        client.get("/registry/?q=nguyen")
    assert few.count == many.count


# --- a person's and a collective's page -------------------------------------------------------------

def test_person_page_shows_details_timeline_ratings_initiatives_discipline_and_history(app, world, make):
    hong = world["hong"]
    db.session.add_all([
        PerformanceRating(person=hong, year=2024, rating=Rating.HTXS),
        Initiative(person=hong, title="Số hoá hồ sơ", year=2024, scope=Scope.PROVINCE, document="QĐ 12/QĐ-SKHCN",
                   used_for_award=world["cstd"], used_for_year=2024),
    ])
    db.session.commit()
    body = as_user(app, world, "officer").get(f"/registry/people/{hong.id}").get_data(as_text=True)
    timeline = body.split('id="person-timeline"', 1)[1]
    assert timeline.index('data-year="2024"') < timeline.index('data-year="2023"')
    assert "Excellent completion of duties" in timeline and "Thematic" in timeline
    assert "Số hoá hồ sơ" in body and "QĐ 12/QĐ-SKHCN" in body and "Province-wide" in body
    # A unit head reads it but gets no editing buttons.
    head = as_user(app, world, "head").get(f"/registry/people/{hong.id}").get_data(as_text=True)
    assert 'id="person-actions"' not in head and 'id="person-actions"' in body


def test_person_page_statements_do_not_grow_with_history(app, world, make, count_queries):
    client = as_user(app, world, "officer")
    url = f"/registry/people/{world['hong'].id}"
    client.get(url)
    db.session.commit()
    with count_queries() as short:
        client.get(url)
    officer = world["users"]["officer"]
    from app.registry import operations
    for year in range(2000, 2015):
        make_registry_entry(world["cstd"], year, person=world["hong"])
        operations.set_rating(officer, world["hong"], year, Rating.HT)
    db.session.commit()
    with count_queries() as long:
        assert client.get(url).status_code == 200
    assert short.count == long.count


def test_collective_page_and_its_scope(app, world):
    team = world["team"]
    body = as_user(app, world, "officer").get(f"/registry/collectives/{team.id}").get_data(as_text=True)
    assert "Phòng Kế hoạch – Tài chính" in body and "Bằng khen" in body
    assert as_user(app, world, "health_officer").get(f"/registry/collectives/{team.id}").status_code == 404


def test_person_page_lists_only_dossiers_the_user_may_see(app, world, make):
    dossier = make.make_dossier(world["science"])
    dossier.nominee_person = world["hong"]
    db.session.commit()
    body = as_user(app, world, "officer").get(f"/registry/people/{world['hong'].id}").get_data(as_text=True)
    assert f"/dossiers/{dossier.id}" in body
    # A draft never left the unit: the province reads the record but not the draft.
    body = as_user(app, world, "appraiser").get(f"/registry/people/{world['hong'].id}").get_data(as_text=True)
    assert f"/dossiers/{dossier.id}" not in body


# --- forms ------------------------------------------------------------------------------------------

def history(person) -> list[RegistryEvent]:
    return list(db.session.scalars(select(RegistryEvent).where(RegistryEvent.person_id == person.id)
                                   .order_by(RegistryEvent.id)))


def test_record_a_rating_then_change_it(app, world):
    client = as_user(app, world, "officer")
    hong = world["hong"]
    url = f"/registry/people/{hong.id}/ratings/new"
    assert client.get(url).status_code == 200
    assert client.post(url, data={"year": "2024", "rating": "htt"}).status_code == 303
    assert client.post(url, data={"year": "2024", "rating": "htxs"}).status_code == 303
    ratings = db.session.scalars(select(PerformanceRating).where(PerformanceRating.person_id == hong.id)).all()
    assert [(r.year, r.rating.value) for r in ratings] == [(2024, "htxs")]
    lines = history(hong)
    assert [line.action for line in lines] == ["rating_recorded", "rating_changed"]
    assert lines[1].detail == {"year": 2024, "old": "htt", "new": "htxs"}
    assert lines[1].actor_id == world["users"]["officer"].id


@pytest.mark.parametrize("data, message", [
    ({"year": "", "rating": "htt"}, "Enter the year."),
    ({"year": "1899", "rating": "htt"}, "Enter a year between 1900 and"),
    ({"year": str(date.today().year + 1), "rating": "htt"}, "Enter a year between 1900 and"),
    ({"year": "2024", "rating": ""}, "Choose the rating."),
    ({"year": "2024", "rating": "bogus"}, "Not a valid choice"),
])
def test_rating_form_validation(app, world, data, message):
    response = as_user(app, world, "officer").post(f"/registry/people/{world['hong'].id}/ratings/new", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_add_an_entry_from_a_units_own_decision(app, world):
    client = as_user(app, world, "officer")
    hong = world["hong"]
    response = client.post(f"/registry/people/{hong.id}/entries/new", data={
        "award_id": world["cstd"].id, "year": "2025", "campaign_kind": "yearly", "authority": "Giám đốc Sở KH&CN",
        "decision_number": "15/QĐ-SKHCN", "decision_date": "2025-12-20", "source": "unit_decision"})
    assert response.status_code == 303
    entry = db.session.scalar(select(RegistryEntry).where(RegistryEntry.person_id == hong.id,
                                                          RegistryEntry.year == 2025))
    assert (entry.source, entry.decision_number, entry.authority) == (
        RegistrySource.UNIT_DECISION, "15/QĐ-SKHCN", "Giám đốc Sở KH&CN")
    assert history(hong)[-1].detail["award"] == "cstd_co_so"
    # A source of this app's decision cannot be typed in; nor an award missing from the catalogue.
    bad = client.post(f"/registry/people/{hong.id}/entries/new", data={
        "award_id": "999999", "year": "2025", "campaign_kind": "yearly", "authority": "X", "source": "app_decision"})
    assert bad.status_code == 422
    assert "Choose an award from the catalogue." in bad.get_data(as_text=True)


def test_collective_entry(app, world):
    team = world["team"]
    response = as_user(app, world, "officer").post(f"/registry/collectives/{team.id}/entries/new", data={
        "award_id": world["bk"].id, "year": "2025", "campaign_kind": "yearly", "authority": "Chủ tịch UBND tỉnh",
        "source": "imported"})
    assert response.status_code == 303
    assert db.session.scalar(select(RegistryEntry).where(RegistryEntry.collective_id == team.id,
                                                         RegistryEntry.year == 2025)) is not None
    # An individual's title is not offered to a collective.
    refused = as_user(app, world, "officer").post(f"/registry/collectives/{team.id}/entries/new", data={
        "award_id": world["cstd"].id, "year": "2025", "campaign_kind": "yearly", "authority": "X",
        "source": "imported"})
    assert refused.status_code == 422


def test_positions_initiatives_and_discipline(app, world):
    client = as_user(app, world, "appraiser")
    hong = world["hong"]
    assert client.post(f"/registry/people/{hong.id}/positions/new", data={
        "unit_id": world["lab"].id, "position": "Giám đốc Trung tâm", "from_date": "2025-01-01"}).status_code == 303
    db.session.expire_all()
    assert (hong.unit_id, hong.position) == (world["lab"].id, "Giám đốc Trung tâm")
    position = hong.positions[0]
    early = client.post(f"/registry/people/{hong.id}/positions/{position.id}/end", data={"to_date": "2024-01-01"})
    assert early.status_code == 422 and "The end is before the beginning." in early.get_data(as_text=True)
    assert client.post(f"/registry/people/{hong.id}/positions/{position.id}/end",
                       data={"to_date": "2025-06-30"}).status_code == 303
    assert client.post(f"/registry/people/{hong.id}/initiatives/new", data={
        "title": "Chuyển đổi số", "year": "2024", "scope": "province", "document": "QĐ 5",
        "used_for_award_id": world["cstd"].id, "used_for_year": "2024"}).status_code == 303
    half = client.post(f"/registry/people/{hong.id}/initiatives/new", data={
        "title": "Khác", "year": "2024", "scope": "unit", "used_for_award_id": world["cstd"].id})
    assert half.status_code == 422
    assert client.post(f"/registry/people/{hong.id}/discipline/new", data={
        "status": "under_review", "since": "2025-03-01", "note": "Đang xác minh"}).status_code == 303
    reversed_dates = client.post(f"/registry/people/{hong.id}/discipline/new", data={
        "status": "disciplined", "since": "2025-03-01", "until": "2025-01-01"})
    assert reversed_dates.status_code == 422
    assert db.session.scalar(select(Discipline).where(Discipline.person_id == hong.id)).note == "Đang xác minh"
    assert [line.action for line in history(hong)] == ["position_added", "position_ended", "initiative_added",
                                                        "discipline_recorded"]


def test_edit_details_writes_old_and_new(app, world):
    hong = world["hong"]
    client = as_user(app, world, "officer")
    form = client.get(f"/registry/people/{hong.id}/edit").get_data(as_text=True)
    assert "Nguyễn Thị Hồng" in form and "personal_id" not in form  # the province has not enabled CCCD
    response = client.post(f"/registry/people/{hong.id}/edit", data={
        "full_name": "Nguyễn  Thị Hồng Nhung", "gender": "female", "birth_year": "1981", "ethnicity": "Kinh",
        "occupation_group": "staff", "unit_id": world["science"].id, "position": "Chuyên viên chính"})
    assert response.status_code == 303
    db.session.expire_all()
    assert (hong.full_name, hong.search_key, hong.birth_year) == (
        "Nguyễn Thị Hồng Nhung", "nguyen thi hong nhung", 1981)
    changes = history(hong)[-1].detail["changes"]
    assert changes["birth_year"] == [1980, 1981] and changes["full_name"][1] == "Nguyễn Thị Hồng Nhung"
    # A unit outside the officer's tree is refused; a birth year in the future too.
    bad = client.post(f"/registry/people/{hong.id}/edit", data={
        "full_name": "X", "unit_id": world["health"].id, "birth_year": str(date.today().year + 1)})
    assert bad.status_code == 422
    text = bad.get_data(as_text=True)
    assert "Choose one of the listed units." in text or "Enter a year between" in text


@pytest.mark.parametrize("url", ["/edit", "/ratings/new", "/entries/new", "/initiatives/new", "/discipline/new",
                                 "/positions/new"])
def test_a_unit_head_may_not_edit_and_another_unit_gets_404(app, world, url):
    hong = world["hong"]
    assert as_user(app, world, "head").get(f"/registry/people/{hong.id}{url}").status_code == 403
    assert as_user(app, world, "head").post(f"/registry/people/{hong.id}{url}", data={}).status_code == 403
    assert as_user(app, world, "health_officer").get(f"/registry/people/{hong.id}{url}").status_code == 404
    assert as_user(app, world, "admin").post(f"/registry/people/{hong.id}{url}", data={}).status_code == 403


def test_remove_a_fact_entered_by_mistake_but_not_an_app_decision(app, world, make):
    client = as_user(app, world, "officer")
    hong = world["hong"]
    entry = world["entries"]["hong23"]
    assert client.post(f"/registry/people/{hong.id}/entries/{entry.id}/remove").status_code == 303
    assert db.session.get(RegistryEntry, entry.id) is None
    line = history(hong)[-1]
    assert line.action == "fact_removed" and line.detail["kind"] == "entries" and line.detail["year"] == 2023
    decided = make_registry_entry(world["bk"], 2025, person=hong, source=RegistrySource.APP_DECISION)
    db.session.commit()
    refused = client.post(f"/registry/people/{hong.id}/entries/{decided.id}/remove")
    assert refused.status_code == 303
    assert db.session.get(RegistryEntry, decided.id) is not None
    # Another person's fact through this person's URL: 404.
    other = world["entries"]["dung22"]
    assert client.post(f"/registry/people/{hong.id}/entries/{other.id}/remove").status_code == 404
    assert as_user(app, world, "head").post(f"/registry/people/{hong.id}/entries/{other.id}/remove").status_code == 403


def test_forms_need_the_csrf_token(app, world, csrf_enabled):
    client = as_user(app, world, "officer")
    response = client.post(f"/registry/people/{world['hong'].id}/ratings/new", data={"year": "2024", "rating": "ht"})
    assert response.status_code == 400


# --- export -----------------------------------------------------------------------------------------

def read_export(response) -> list[tuple]:
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(BytesIO(response.get_data()), read_only=True)
    return [tuple(row) for row in book.active.iter_rows(values_only=True)]


def test_export_in_the_registry_layout_with_the_filters(app, world):
    client = as_user(app, world, "appraiser")
    table = read_export(client.get(f"/registry/export.xlsx?award={world['cstd'].id}"))
    assert table[0][0].startswith("SỔ KHEN THƯỞNG")
    header = table[3]
    assert header[:3] == ("STT", "Họ tên / Tên tập thể", "Năm sinh") and header[-1] == "Nguồn"
    body = table[4:]
    assert [row[1] for row in body] == ["Trần Thị Lan", "Nguyễn Thị Hồng", "Đặng Văn Dũng"]
    assert body[1][:4] == (2, "Nguyễn Thị Hồng", 1980, "Sở Khoa học và Công nghệ")
    assert body[1][6:] == (2023, "Yearly", "Giám đốc Sở", body[1][9], None, "Unit's own decision")


def test_export_is_scoped_and_escapes_formulas(app, world, make):
    make_registry_entry(world["cstd"], 2020, person=make.make_person("=HYPERLINK(\"x\")", world["science"]))
    db.session.commit()
    table = read_export(as_user(app, world, "officer").get("/registry/export.xlsx"))
    names = [row[1] for row in table[4:]]
    assert "Trần Thị Lan" not in names and "Phòng Kế hoạch – Tài chính" in names
    assert "'=HYPERLINK(\"x\")" in names


def test_export_refuses_too_many_rows(app, world, monkeypatch):
    from app.registry import export

    monkeypatch.setattr(export, "MAX_ROWS", 2)
    response = as_user(app, world, "appraiser").get("/registry/export.xlsx?year_from=2023")
    assert response.status_code == 303 and "year_from=2023" in response.headers["Location"]
    assert as_user(app, world, "appraiser").get("/registry/export.xlsx?q=nguyen").status_code == 200
    followed = as_user(app, world, "appraiser").get("/registry/export.xlsx", follow_redirects=True)
    assert "narrow the filters" in followed.get_data(as_text=True)


# --- personal ID (CCCD) -----------------------------------------------------------------------------

def enable_personal_id(enabled: bool = True) -> None:
    Setting.set_bool(PERSONAL_ID_ENABLED, enabled)
    db.session.commit()


def details(world, **changes) -> dict:
    data = {"full_name": "Nguyễn Thị Hồng", "gender": "female", "birth_year": "1980",
            "unit_id": world["science"].id, "position": "Chuyên viên"}
    data.update(changes)
    return data


def test_personal_id_is_not_stored_while_the_province_has_not_enabled_it(app, world):
    client = as_user(app, world, "officer")
    hong = world["hong"]
    assert client.post(f"/registry/people/{hong.id}/edit", data=details(world, personal_id="001080012345")
                       ).status_code == 303
    db.session.expire_all()
    assert hong.personal_id is None


def test_personal_id_validated_masked_and_never_in_history_or_export(app, world):
    enable_personal_id()
    client = as_user(app, world, "officer")
    hong = world["hong"]
    bad = client.post(f"/registry/people/{hong.id}/edit", data=details(world, personal_id="12345"))
    assert bad.status_code == 422 and "12 digits" in bad.get_data(as_text=True)
    assert client.post(f"/registry/people/{hong.id}/edit", data=details(world, personal_id="001080012345")
                       ).status_code == 303
    db.session.expire_all()
    assert hong.personal_id == "001080012345"
    page = client.get(f"/registry/people/{hong.id}").get_data(as_text=True)
    assert "0********345" in page and "001080012345" not in page
    form = client.get(f"/registry/people/{hong.id}/edit").get_data(as_text=True)
    assert "001080012345" not in form and "0********345" in form
    # Those who may not edit the record do not see even the masked number.
    appraiser_page = as_user(app, world, "head").get(f"/registry/people/{hong.id}").get_data(as_text=True)
    assert "0********345" not in appraiser_page
    line = history(hong)[-1]
    assert "001080012345" not in str(line.detail) and line.detail["changes"]["personal_id"] == "changed"
    exported = as_user(app, world, "appraiser").get("/registry/export.xlsx").get_data()
    table = read_export(as_user(app, world, "appraiser").get("/registry/export.xlsx"))
    assert not any("001080012345" in str(cell) for row in table for cell in row)
    assert b"001080012345" not in exported
    # Kept when left empty; removed on request.
    assert client.post(f"/registry/people/{hong.id}/edit", data=details(world)).status_code == 303
    db.session.expire_all()
    assert hong.personal_id == "001080012345"
    assert client.post(f"/registry/people/{hong.id}/edit", data=details(world, remove_personal_id="y")
                       ).status_code == 303
    db.session.expire_all()
    assert hong.personal_id is None and history(hong)[-1].detail["changes"]["personal_id"] == "removed"


def test_the_administrator_switches_personal_ids(app, world):
    admin = as_user(app, world, "admin")
    assert Setting.get_bool(PERSONAL_ID_ENABLED) is False
    page = admin.get("/admin/registry-settings")
    assert page.status_code == 200
    assert admin.post("/admin/registry-settings", data={"personal_id_enabled": "y"}).status_code == 303
    assert Setting.get_bool(PERSONAL_ID_ENABLED) is True
    assert as_user(app, world, "appraiser").get("/admin/registry-settings").status_code == 403


def test_person_kind_labels_in_search(app, world):
    body = as_user(app, world, "appraiser").get("/registry/?kind=collective").get_data(as_text=True)
    assert str(CollectiveKind.UNIT.label) in body
    assert Person is not None


@pytest.mark.parametrize("few", [0, 500])
def test_name_and_unit_search_alike_for_rare_and_common_names(app, world, monkeypatch, few):
    """A name matching many people is checked entry by entry, a rare one looked up by ids: same results."""
    from app.registry import search

    monkeypatch.setattr(search, "FEW_NOMINEES", few)
    client = as_user(app, world, "officer")
    body = rows(client.get("/registry/?q=thi").get_data(as_text=True))
    assert "Nguyễn Thị Hồng" in body and "Trần Thị Lan" not in body and "Dũng" not in body
    body = rows(client.get(f"/registry/?unit={world['lab'].id}&kind=person").get_data(as_text=True))
    assert body.count("<tr>") == 1 and "Đặng Văn Dũng" in body
    body = rows(client.get("/registry/?q=ke hoach&kind=collective").get_data(as_text=True))
    assert body.count("<tr>") == 1
