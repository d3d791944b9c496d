"""Admin cluster screens: create/edit, members per year (one cluster a unit a year), lead and deputy, copying."""
import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Cluster, ClusterKind, ClusterLeadership, ClusterMembership, Role

HTMX = {"HX-Request": "true", "HX-Target": "cluster-year-panel"}


@pytest.fixture
def admin(make, login):
    return login(make.make_user(Role.ADMIN, username="root"))


def memberships(year=None) -> list[tuple[int, int, int]]:
    db.session.rollback()  # only what the request committed
    query = select(ClusterMembership.cluster_id, ClusterMembership.unit_id, ClusterMembership.year)
    if year is not None:
        query = query.where(ClusterMembership.year == year)
    return sorted(db.session.execute(query).all())


def test_create_and_edit_cluster(admin):
    response = admin.post("/admin/clusters/new", data={"name": "Cụm thi đua số 1", "kind": "cluster",
                                                       "description": "Các sở kinh tế"})
    assert response.status_code == 303
    cluster = db.session.scalar(select(Cluster))
    assert (cluster.name, cluster.kind, cluster.description) == (
        "Cụm thi đua số 1", ClusterKind.CLUSTER, "Các sở kinh tế")
    assert response.headers["Location"].endswith(f"/admin/clusters/{cluster.id}/members")
    response = admin.post(f"/admin/clusters/{cluster.id}/edit", data={"name": "Khối các xã", "kind": "bloc",
                                                                      "description": ""})
    assert response.status_code == 303
    db.session.refresh(cluster)
    assert (cluster.name, cluster.kind) == ("Khối các xã", ClusterKind.BLOC)
    assert "Khối các xã" in admin.get("/admin/clusters/").get_data(as_text=True)


def test_duplicate_cluster_name_is_refused(make, admin):
    make.make_cluster("Cụm thi đua số 1")
    other = make.make_cluster("Cụm thi đua số 2")
    db.session.commit()
    response = admin.post("/admin/clusters/new", data={"name": "Cụm thi đua số 1", "kind": "cluster"})
    assert response.status_code == 422
    assert "A cluster or bloc named Cụm thi đua số 1 already exists." in response.get_data(as_text=True)
    response = admin.post(f"/admin/clusters/{other.id}/edit", data={"name": "Cụm thi đua số 1", "kind": "cluster"})
    assert response.status_code == 422
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Cluster)) == 2
    assert db.session.get(Cluster, other.id).name == "Cụm thi đua số 2"


def test_add_and_remove_members_inline(make, admin):
    cluster = make.make_cluster("Cụm các sở")
    unit = make.make_unit("Sở Công Thương")
    db.session.commit()
    response = admin.post(f"/admin/clusters/{cluster.id}/members/add?year=2026", data={"unit_id": unit.id},
                          headers=HTMX)
    assert response.status_code == 200
    panel = response.get_data(as_text=True)
    assert "Sở Công Thương" in panel and "<html" not in panel
    assert memberships() == [(cluster.id, unit.id, 2026)]
    membership = db.session.scalar(select(ClusterMembership))
    response = admin.post(f"/admin/clusters/{cluster.id}/members/{membership.id}/remove", headers=HTMX)
    assert response.status_code == 200
    assert memberships() == []


def test_a_unit_is_in_one_cluster_a_year(make, admin):
    unit = make.make_unit("Phường Pleiku")
    first = make.make_cluster("Khối phường", members=[unit], year=2026)
    second = make.make_cluster("Khối xã")
    db.session.commit()
    response = admin.post(f"/admin/clusters/{second.id}/members/add?year=2026", data={"unit_id": unit.id},
                          headers=HTMX)
    assert response.status_code == 422
    assert "Phường Pleiku is already in Khối phường in 2026" in response.get_data(as_text=True)
    assert memberships() == [(first.id, unit.id, 2026)]
    # Another year is fine.
    response = admin.post(f"/admin/clusters/{second.id}/members/add?year=2027", data={"unit_id": unit.id})
    assert response.status_code == 303
    assert len(memberships(2027)) == 1


def test_lead_and_deputy_are_members_and_different(make, admin):
    a, b, outsider = make.make_unit("Sở A"), make.make_unit("Sở B"), make.make_unit("Sở Ngoài")
    cluster = make.make_cluster("Cụm 1", members=[a, b], year=2026)
    db.session.commit()
    url = f"/admin/clusters/{cluster.id}/leadership?year=2026"

    response = admin.post(url, data={"lead_unit_id": outsider.id, "deputy_unit_id": ""}, headers=HTMX)
    assert response.status_code == 422
    assert "Choose a unit that is a member of this cluster in 2026." in response.get_data(as_text=True)
    response = admin.post(url, data={"lead_unit_id": a.id, "deputy_unit_id": a.id}, headers=HTMX)
    assert response.status_code == 422
    assert "The deputy must be a different unit from the lead." in response.get_data(as_text=True)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(ClusterLeadership)) == 0

    response = admin.post(url, data={"lead_unit_id": a.id, "deputy_unit_id": b.id}, headers=HTMX)
    assert response.status_code == 200
    leadership = db.session.scalar(select(ClusterLeadership))
    assert (leadership.year, leadership.lead_unit_id, leadership.deputy_unit_id) == (2026, a.id, b.id)
    page = admin.get("/admin/clusters/?year=2026").get_data(as_text=True)
    assert "Sở A" in page and "Sở B" in page


def test_removing_the_lead_is_refused_until_leadership_changes(make, admin):
    a, b = make.make_unit("Sở A"), make.make_unit("Sở B")
    cluster = make.make_cluster("Cụm 1", members=[a, b], year=2026, lead=a, deputy=b)
    db.session.commit()
    membership = db.session.scalar(select(ClusterMembership).where(ClusterMembership.unit_id == a.id))
    response = admin.post(f"/admin/clusters/{cluster.id}/members/{membership.id}/remove", headers=HTMX)
    assert response.status_code == 409
    assert "Sở A is the lead for 2026" in response.get_data(as_text=True)
    assert len(memberships(2026)) == 2


def test_copy_members_from_previous_year(make, admin):
    a, b, c = make.make_unit("Sở A"), make.make_unit("Sở B"), make.make_unit("Sở C")
    cluster = make.make_cluster("Cụm 1", members=[a, b, c], year=2025)
    make.make_cluster("Cụm 2", members=[c], year=2026)
    db.session.commit()
    page = admin.get(f"/admin/clusters/{cluster.id}/members?year=2026").get_data(as_text=True)
    assert "Copy the 3 members of 2025" in page
    response = admin.post(f"/admin/clusters/{cluster.id}/members/copy?year=2026", headers=HTMX)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "2 members copied from 2025" in text and "Sở C" in text
    assert {u for cl, u, _ in memberships(2026) if cl == cluster.id} == {a.id, b.id}


def test_year_page_shows_members_of_that_year_only(make, admin):
    a, b = make.make_unit("Sở Năm 2025"), make.make_unit("Sở Năm 2026")
    cluster = make.make_cluster("Cụm 1", members=[a], year=2025)
    db.session.add(ClusterMembership(cluster=cluster, unit=b, year=2026))
    db.session.commit()
    page = admin.get(f"/admin/clusters/{cluster.id}/members?year=2026").get_data(as_text=True)
    rows = page.split('id="member-rows"')[1].split("</tbody>")[0]
    assert "Sở Năm 2026" in rows and "Sở Năm 2025" not in rows


def test_a_unit_that_no_longer_exists_cannot_join(make, admin):
    from datetime import date

    gone = make.make_unit("Sở cũ", valid_from=date(2010, 1, 1), valid_to=date(2025, 6, 30))
    cluster = make.make_cluster("Cụm 1")
    db.session.commit()
    response = admin.post(f"/admin/clusters/{cluster.id}/members/add?year=2026", data={"unit_id": gone.id},
                          headers=HTMX)
    assert response.status_code == 422
    assert "Sở cũ does not exist in 2026" in response.get_data(as_text=True)
    assert memberships() == []
