"""Who sees and touches which dossier: every dossier URL answers 404 outside the user's scope.

The matrix runs each dossier URL (detail, edit GET/POST, delete, upload, attachment download and
delete) for users of other units, the province roles facing a draft, parent units and cluster leads.
"""
import io
from datetime import UTC, datetime

import pytest

from app.extensions import db
from app.models import Attachment, Dossier, Role
from app.models.states import State
from app.nominations import operations
from tests.factories import PASSWORD

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _client_for(app, user):
    """A fresh test client logged in as ``user`` (several users per test need several clients)."""
    db.session.commit()
    client = app.test_client()
    response = client.post("/login", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    return client


def _attach(make, dossier, actor):
    attachment_type = make.make_attachment_type()
    attachment = operations.add_attachment(actor, dossier, attachment_type, io.BytesIO(PDF_BYTES), "to-trinh.pdf")
    db.session.flush()
    return attachment


# (name, method, url template); {d} is the dossier id, {a} an attachment id of that dossier.
DOSSIER_URLS = [
    ("detail", "GET", "/dossiers/{d}"),
    ("edit-get", "GET", "/dossiers/{d}/edit"),
    ("edit-post", "POST", "/dossiers/{d}/edit"),
    ("delete", "POST", "/dossiers/{d}/delete"),
    ("upload", "POST", "/dossiers/{d}/attachments"),
    ("download", "GET", "/dossiers/{d}/attachments/{a}"),
    ("attachment-delete", "POST", "/dossiers/{d}/attachments/{a}/delete"),
]
URL_IDS = [name for name, _, _ in DOSSIER_URLS]
ATTACHMENT_URLS = [url for url in DOSSIER_URLS if "{a}" in url[2]]
READ_URLS = {"detail", "download"}


def _request(client, method, template, dossier_id, attachment_id):
    url = template.format(d=dossier_id, a=attachment_id)
    if method == "GET":
        response = client.get(url)
        response.get_data()
        response.close()  # a download streams its file: close it like a browser would
        return response
    data = {}
    if "attachments" in url and url.endswith("attachments"):
        data = {"type_id": "1", "file": (io.BytesIO(PDF_BYTES), "x.pdf")}
    elif url.endswith("/edit"):
        data = {"nominee_name": "Tampered", "achievement_summary": "x", "version": "1"}
    return client.post(url, data=data)


def _unchanged(dossier_id: int, name: str, attachment_count: int) -> None:
    db.session.expire_all()
    dossier = db.session.get(Dossier, dossier_id)
    assert dossier is not None and dossier.deleted_at is None, "the dossier was deleted"
    assert dossier.nominee_name == name
    assert len(dossier.attachments) == attachment_count


@pytest.fixture
def world(make):
    """Two unrelated units (A with a sub-unit A1, and B), their people, and the province roles."""
    unit_a = make.make_unit("Sở Khoa học và Công nghệ")
    unit_a1 = make.make_unit("Phòng Quản lý khoa học", parent=unit_a)
    unit_b = make.make_unit("Sở Tài chính")
    people = {
        "officer_a": make.make_user(Role.OFFICER, unit_a),
        "head_a": make.make_user(Role.UNIT_HEAD, unit_a),
        "officer_a1": make.make_user(Role.OFFICER, unit_a1),
        "officer_b": make.make_user(Role.OFFICER, unit_b),
        "head_b": make.make_user(Role.UNIT_HEAD, unit_b),
        "appraiser": make.make_user(Role.APPRAISER),
        "secretary": make.make_user(Role.SECRETARY),
        "admin": make.make_user(Role.ADMIN),
    }
    campaign = make.make_campaign(2025)
    award = make.make_award()
    draft_a = make.make_dossier(unit_a, award=award, campaign=campaign, name="Trần Văn Nháp")
    submitted_a = make.make_dossier(unit_a, award=award, campaign=campaign, name="Lê Thị Đã Gửi",
                                    state=State.SUBMITTED)
    draft_a1 = make.make_dossier(unit_a1, award=award, campaign=campaign, name="Phạm Văn Phòng")
    att_draft = _attach(make, draft_a, people["officer_a"])
    att_submitted = _attach(make, submitted_a, people["officer_a"])
    att_draft_a1 = _attach(make, draft_a1, people["officer_a1"])
    db.session.commit()
    return {
        "units": {"a": unit_a, "a1": unit_a1, "b": unit_b},
        "people": people,
        "draft_a": (draft_a.id, att_draft.id, draft_a.nominee_name),
        "submitted_a": (submitted_a.id, att_submitted.id, submitted_a.nominee_name),
        "draft_a1": (draft_a1.id, att_draft_a1.id, draft_a1.nominee_name),
    }


@pytest.mark.parametrize("name,method,template", DOSSIER_URLS, ids=URL_IDS)
@pytest.mark.parametrize("who", ["officer_b", "head_b"])
@pytest.mark.parametrize("which", ["draft_a", "submitted_a"])
def test_other_unit_gets_404_on_every_dossier_url(app, world, who, which, name, method, template):
    dossier_id, attachment_id, nominee = world[which]
    client = _client_for(app, world["people"][who])
    response = _request(client, method, template, dossier_id, attachment_id)
    assert response.status_code == 404
    _unchanged(dossier_id, nominee, 1)


@pytest.mark.parametrize("name,method,template", DOSSIER_URLS, ids=URL_IDS)
@pytest.mark.parametrize("who", ["appraiser", "secretary", "admin"])
def test_drafts_are_invisible_to_province_roles(app, world, who, name, method, template):
    dossier_id, attachment_id, nominee = world["draft_a"]
    client = _client_for(app, world["people"][who])
    response = _request(client, method, template, dossier_id, attachment_id)
    assert response.status_code == 404
    _unchanged(dossier_id, nominee, 1)


@pytest.mark.parametrize("name,method,template", DOSSIER_URLS, ids=URL_IDS)
@pytest.mark.parametrize("who", ["appraiser", "secretary", "admin"])
def test_submitted_dossier_is_visible_but_read_only_for_province_roles(app, world, who, name, method, template):
    dossier_id, attachment_id, nominee = world["submitted_a"]
    client = _client_for(app, world["people"][who])
    response = _request(client, method, template, dossier_id, attachment_id)
    if name in READ_URLS:
        assert response.status_code == 200
    else:
        # Seen, so not a 404; but drafting belongs to the unit's officers.
        assert response.status_code == 403
    _unchanged(dossier_id, nominee, 1)


def test_submitted_dossier_detail_shows_content_to_appraiser(app, world):
    dossier_id, attachment_id, nominee = world["submitted_a"]
    client = _client_for(app, world["people"]["appraiser"])
    page = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    assert nominee in page
    assert f"/dossiers/{dossier_id}/edit" not in page
    download = client.get(f"/dossiers/{dossier_id}/attachments/{attachment_id}")
    assert download.data == PDF_BYTES
    download.close()


@pytest.mark.parametrize("name,method,template", ATTACHMENT_URLS, ids=[u[0] for u in ATTACHMENT_URLS])
def test_attachment_of_another_dossier_is_404_through_a_visible_dossier(app, world, name, method, template):
    """An attachment id is only valid under its own dossier's URL."""
    own_id, _, own_name = world["draft_a"]
    foreign_id, foreign_attachment, foreign_name = world["submitted_a"]
    client = _client_for(app, world["people"]["officer_a"])
    response = _request(client, method, template, own_id, foreign_attachment)
    assert response.status_code == 404
    _unchanged(foreign_id, foreign_name, 1)
    _unchanged(own_id, own_name, 1)


def test_parent_unit_officer_sees_sub_unit_dossiers(app, world):
    dossier_id, attachment_id, nominee = world["draft_a1"]
    client = _client_for(app, world["people"]["officer_a"])
    assert client.get(f"/dossiers/{dossier_id}").status_code == 200
    download = client.get(f"/dossiers/{dossier_id}/attachments/{attachment_id}")
    assert download.status_code == 200
    download.close()
    listing = client.get("/dossiers/").get_data(as_text=True)
    assert nominee in listing


def test_sub_unit_officer_does_not_see_parent_unit_dossiers(app, world):
    client = _client_for(app, world["people"]["officer_a1"])
    for which in ("draft_a", "submitted_a"):
        dossier_id, _, _ = world[which]
        assert client.get(f"/dossiers/{dossier_id}").status_code == 404
    listing = client.get("/dossiers/").get_data(as_text=True)
    assert world["draft_a1"][2] in listing
    assert world["draft_a"][2] not in listing


@pytest.fixture
def cluster_world(make):
    """A cluster whose members are the same in 2025 and 2026; unit L leads it in 2025 only."""
    lead_unit = make.make_unit("UBND phường Quy Nhơn")
    other_lead = make.make_unit("UBND phường Pleiku")
    member = make.make_unit("UBND xã Ia Grai")
    cluster = make.make_cluster(members=[lead_unit, member, other_lead], year=2025, lead=lead_unit)
    from app.models import ClusterLeadership, ClusterMembership

    for unit in (lead_unit, member, other_lead):
        db.session.add(ClusterMembership(cluster=cluster, unit=unit, year=2026))
    db.session.add(ClusterLeadership(cluster=cluster, year=2026, lead_unit=other_lead))
    award = make.make_award(via_cluster=True)
    c2025, c2026 = make.make_campaign(2025), make.make_campaign(2026)
    submitted_2025 = make.make_dossier(member, award=award, campaign=c2025, name="Hồ Văn Cụm",
                                       state=State.CLUSTER_REVIEW)
    submitted_2026 = make.make_dossier(member, award=award, campaign=c2026, name="Hồ Văn Năm Sau",
                                       state=State.CLUSTER_REVIEW)
    draft_2025 = make.make_dossier(member, award=award, campaign=c2025, name="Hồ Văn Nháp")
    lead = make.make_user(Role.CLUSTER_LEAD, lead_unit)
    db.session.commit()
    return {"lead": lead, "seen": submitted_2025, "next_year": submitted_2026, "draft": draft_2025}


def test_cluster_lead_sees_member_submitted_dossiers_of_led_year(app, cluster_world):
    client = _client_for(app, cluster_world["lead"])
    seen = cluster_world["seen"]
    assert client.get(f"/dossiers/{seen.id}").status_code == 200
    # Seeing is not drafting: the cluster lead may not edit a member unit's dossier.
    assert client.get(f"/dossiers/{seen.id}/edit").status_code == 403
    listing = client.get("/dossiers/").get_data(as_text=True)
    assert "Hồ Văn Cụm" in listing


def test_cluster_lead_of_2025_does_not_see_2026_nor_drafts(app, cluster_world):
    client = _client_for(app, cluster_world["lead"])
    for key in ("next_year", "draft"):
        dossier = cluster_world[key]
        assert client.get(f"/dossiers/{dossier.id}").status_code == 404, key
    listing = client.get("/dossiers/").get_data(as_text=True)
    assert "Hồ Văn Năm Sau" not in listing
    assert "Hồ Văn Nháp" not in listing


@pytest.mark.parametrize("method,template", [
    ("GET", "/dossiers/{d}/edit"), ("POST", "/dossiers/{d}/edit"), ("POST", "/dossiers/{d}/delete"),
    ("POST", "/dossiers/{d}/attachments"), ("POST", "/dossiers/{d}/attachments/{a}/delete"),
])
def test_unit_head_may_read_but_not_draft(app, world, method, template):
    dossier_id, attachment_id, nominee = world["draft_a"]
    client = _client_for(app, world["people"]["head_a"])
    assert client.get(f"/dossiers/{dossier_id}").status_code == 200
    response = _request(client, method, template, dossier_id, attachment_id)
    assert response.status_code == 403
    _unchanged(dossier_id, nominee, 1)


def test_unit_head_sees_no_drafting_buttons(app, world):
    dossier_id, attachment_id, _ = world["draft_a"]
    client = _client_for(app, world["people"]["head_a"])
    page = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    assert f"/dossiers/{dossier_id}/edit" not in page
    assert f"/dossiers/{dossier_id}/delete" not in page
    assert f"/dossiers/{dossier_id}/attachments/{attachment_id}/delete" not in page
    assert 'enctype="multipart/form-data"' not in page
    listing = client.get("/dossiers/").get_data(as_text=True)
    assert "/dossiers/new" not in listing
    assert client.get("/dossiers/new").status_code == 403


def test_officer_sees_drafting_buttons_on_own_draft(app, world):
    dossier_id, attachment_id, _ = world["draft_a"]
    client = _client_for(app, world["people"]["officer_a"])
    page = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    assert f"/dossiers/{dossier_id}/edit" in page
    assert f"/dossiers/{dossier_id}/delete" in page
    assert f"/dossiers/{dossier_id}/attachments/{attachment_id}/delete" in page


def test_officer_deletes_own_draft(app, world):
    dossier_id, _, _ = world["draft_a"]
    client = _client_for(app, world["people"]["officer_a"])
    response = client.post(f"/dossiers/{dossier_id}/delete")
    assert response.status_code == 303
    assert client.get(f"/dossiers/{dossier_id}").status_code == 404  # gone for its officer…
    db.session.expire_all()
    assert db.session.get(Dossier, dossier_id).deleted_at is not None  # …but kept, with its files
    assert db.session.scalar(db.select(db.func.count(Attachment.id)).where(Attachment.dossier_id == dossier_id)) == 1


@pytest.mark.parametrize("state", [State.RETURNED, State.UNIT_REVIEW, State.SUBMITTED])
def test_only_drafts_can_be_deleted(app, make, state):
    unit = make.make_unit()
    officer = make.make_user(Role.OFFICER, unit)
    dossier = make.make_dossier(unit, state=state,
                                submitted_at=datetime(2025, 5, 1, tzinfo=UTC)
                                if state is not State.UNIT_REVIEW else None)
    client = _client_for(app, officer)
    page = client.get(f"/dossiers/{dossier.id}").get_data(as_text=True)
    assert f"/dossiers/{dossier.id}/delete" not in page
    assert client.post(f"/dossiers/{dossier.id}/delete").status_code == 403
    db.session.expire_all()
    assert db.session.get(Dossier, dossier.id).deleted_at is None  # not deleted


def test_returned_dossier_stays_editable_by_its_officer(app, make):
    unit = make.make_unit()
    officer = make.make_user(Role.OFFICER, unit)
    dossier = make.make_dossier(unit, state=State.RETURNED, submitted_at=datetime(2025, 5, 1, tzinfo=UTC))
    client = _client_for(app, officer)
    assert client.get(f"/dossiers/{dossier.id}/edit").status_code == 200


def test_list_shows_only_visible_dossiers(app, world):
    names = {key: world[key][2] for key in ("draft_a", "submitted_a", "draft_a1")}
    expectations = {
        "officer_a": {"draft_a", "submitted_a", "draft_a1"},
        "head_a": {"draft_a", "submitted_a", "draft_a1"},
        "officer_a1": {"draft_a1"},
        "officer_b": set(),
        "appraiser": {"submitted_a"},
        "secretary": {"submitted_a"},
        "admin": {"submitted_a"},
    }
    for who, visible in expectations.items():
        page = _client_for(app, world["people"][who]).get("/dossiers/").get_data(as_text=True)
        for key, nominee in names.items():
            assert (nominee in page) == (key in visible), (who, key)


def test_search_and_unit_filter_cannot_reach_outside_scope(app, world):
    """Asking the list for another unit by filter or name finds nothing rather than leaking it."""
    client = _client_for(app, world["people"]["officer_b"])
    unit_a = world["units"]["a"].id
    page = client.get(f"/dossiers/?unit={unit_a}&q=tran+van+nhap").get_data(as_text=True)
    assert world["draft_a"][2] not in page
    assert "Sở Khoa học và Công nghệ" not in page


def test_home_counts_only_visible_dossiers(app, world):
    page = _client_for(app, world["people"]["appraiser"]).get("/").get_data(as_text=True)
    assert page  # renders; the count widget draws from the same scope
    db.session.expire_all()
    from app.nominations.listing import count_by_state

    counts = count_by_state(world["people"]["appraiser"])
    assert sum(counts.values()) == 1
