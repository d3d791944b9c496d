"""Saved filters: save the list's current filter under a name, apply it (the list's parser reads the stored
query again), rename and delete; only the owner sees or touches them; names checked; CSRF on every POST."""
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Role, SavedFilter
from app.models.saved_filters import NAME_MAX, PER_LIST_MAX
from app.models.states import State
from tests.conftest import csrf_token_from
from tests.factories import signed_in_client


@pytest.fixture
def desk(make, app):
    unit = make.make_unit("Sở Khoa học và Công nghệ")
    award = make.make_award(name="Bằng khen tỉnh")
    make.make_dossier(unit, award=award, name="Nguyễn Thị Hồng", state=State.SUBMITTED)
    owner = make.make_actor(Role.APPRAISER, make.make_unit("Sở Nội vụ"))
    other = make.make_actor(Role.APPRAISER, make.make_unit("Văn phòng UBND"))
    db.session.commit()
    return {"award": award, "owner": owner, "other": other, "client": signed_in_client(app, owner)}


def save(client, name, query, list_key="dossiers"):
    return client.post(f"/saved-filters/{list_key}/save", data={"name": name, "query": query})


def filters(user=None):
    query = select(SavedFilter).order_by(SavedFilter.id)
    if user is not None:
        query = query.where(SavedFilter.user_id == user.id)
    return list(db.session.scalars(query))


def test_save_then_apply_the_filter(desk):
    client, award = desk["client"], desk["award"]
    response = save(client, "  Bằng khen   tỉnh ", f"award={award.id}&state=submitted&page=3&evil=1")
    assert response.status_code == 303
    assert parse_qs(urlsplit(response.headers["Location"]).query) == {"award": [str(award.id)], "state": ["submitted"],
                                                                      "sort": ["-updated"]}
    [saved] = filters(desk["owner"])
    assert saved.name == "Bằng khen tỉnh" and saved.list_key == "dossiers"
    assert "page" not in saved.query and "evil" not in saved.query  # kept as the list's parser reads it
    page = client.get(f"/dossiers/?award={award.id}").get_data(as_text=True)
    assert f"/saved-filters/{saved.id}" in page and "Bằng khen tỉnh" in page  # in the dropdown
    applied = client.get(f"/saved-filters/{saved.id}")
    assert applied.status_code == 303
    assert parse_qs(urlsplit(applied.headers["Location"]).query)["award"] == [str(award.id)]
    assert urlsplit(applied.headers["Location"]).path == "/dossiers/"


def test_a_stored_query_is_read_again_by_the_lists_parser(desk):
    db.session.add(SavedFilter(user_id=desk["owner"].id, list_key="dossiers", name="Sửa tay",
                               query="state=nonsense&award=abc&sort=drop table&q=hong&unit=-1"))
    db.session.commit()
    [saved] = filters(desk["owner"])
    location = desk["client"].get(f"/saved-filters/{saved.id}").headers["Location"]
    assert parse_qs(urlsplit(location).query) == {"q": ["hong"], "sort": ["-updated"]}


def test_inbox_filter(desk, make, app):
    head = make.make_actor(Role.UNIT_HEAD, make.make_unit())
    db.session.commit()
    client = signed_in_client(app, head)
    assert "save-filter-form" in client.get("/inbox?state=unit_review").get_data(as_text=True)
    assert save(client, "Chờ duyệt", "state=unit_review", "inbox").status_code == 303
    assert save(client, "Không phải của tôi", "state=appraisal", "inbox").status_code == 303
    first, second = filters(head)
    assert first.query == "state=unit_review" and second.query == ""  # a stage this inbox does not hold
    assert client.get(f"/saved-filters/{first.id}").headers["Location"].endswith("/inbox?state=unit_review")


def test_rename_and_delete(desk):
    client = desk["client"]
    save(client, "Một", "q=hong")
    save(client, "Hai", "q=lan")
    one, two = filters(desk["owner"])
    assert client.post(f"/saved-filters/{one.id}/rename", data={"name": "Ba"}).status_code == 303
    db.session.expire_all()
    assert db.session.get(SavedFilter, one.id).name == "Ba"
    page = client.get("/saved-filters/manage/dossiers", follow_redirects=True).get_data(as_text=True)
    assert "Ba" in page and "Hai" in page
    followed = client.post(f"/saved-filters/{one.id}/rename", data={"name": "Hai"}, follow_redirects=True)
    assert "already have a filter with this name" in followed.get_data(as_text=True)
    assert client.post(f"/saved-filters/{two.id}/delete").status_code == 303
    assert [f.name for f in filters(desk["owner"])] == ["Ba"]


@pytest.mark.parametrize(("name", "message"), [
    ("", "Give the filter a name."),
    ("   ", "Give the filter a name."),
    ("x" * (NAME_MAX + 1), f"at most {NAME_MAX} characters"),
    # A control character: the cleaning validator's message is a lazy string (the fuzz test found the 500).
    ("Lọc\x08", "control characters"),
])
def test_names_are_checked(desk, name, message):
    followed = save(desk["client"], name, "q=hong")
    assert followed.status_code == 303 and "q=hong" in followed.headers["Location"]
    page = desk["client"].get(followed.headers["Location"]).get_data(as_text=True)
    assert message in page
    assert filters() == []


def test_duplicate_names_and_the_bound(desk, monkeypatch):
    client = desk["client"]
    save(client, "Một", "q=hong")
    followed = save(client, "Một", "q=lan")
    assert "already have a filter with this name" in client.get(followed.headers["Location"]).get_data(as_text=True)
    assert len(filters()) == 1
    # The same name on another list is another filter.
    assert save(client, "Một", "", "inbox").status_code == 303 and len(filters()) == 2
    from app.saved_filters import operations
    monkeypatch.setattr(operations, "PER_LIST_MAX", 1)
    followed = save(client, "Hai", "q=lan")
    assert "delete one first" in client.get(followed.headers["Location"]).get_data(as_text=True)
    assert len(filters()) == 2 and PER_LIST_MAX >= 10


def test_only_the_owner_sees_and_uses_them(desk, app):
    save(desk["client"], "Của tôi", "q=hong")
    [saved] = filters(desk["owner"])
    stranger = signed_in_client(app, desk["other"])
    assert stranger.get(f"/saved-filters/{saved.id}").status_code == 404
    assert stranger.post(f"/saved-filters/{saved.id}/rename", data={"name": "x"}).status_code == 404
    assert stranger.post(f"/saved-filters/{saved.id}/delete").status_code == 404
    assert "Của tôi" not in stranger.get("/dossiers/").get_data(as_text=True)
    assert "Của tôi" not in stranger.get("/saved-filters/manage/dossiers").get_data(as_text=True)
    assert [f.name for f in filters()] == ["Của tôi"]
    assert stranger.post("/saved-filters/nowhere/save", data={"name": "x"}).status_code == 404


def test_posts_need_the_csrf_token(desk, csrf_enabled):
    client = desk["client"]
    assert save(client, "Một", "q=hong").status_code == 400
    assert filters() == []
    token = csrf_token_from(client.get("/dossiers/").get_data(as_text=True))
    assert client.post("/saved-filters/dossiers/save",
                       data={"name": "Một", "query": "q=hong", "csrf_token": token}).status_code == 303
    [saved] = filters()
    assert client.post(f"/saved-filters/{saved.id}/delete").status_code == 400
    assert client.post(f"/saved-filters/{saved.id}/rename", data={"name": "Hai"}).status_code == 400
    assert len(filters()) == 1


def test_registry_search_filter(desk):
    client, award = desk["client"], desk["award"]
    page = client.get(f"/registry/?award={award.id}").get_data(as_text=True)
    assert "/saved-filters/registry/save" in page
    assert save(client, "Sổ", f"award={award.id}&year_from=2020&page=4", "registry").status_code == 303
    [saved] = filters(desk["owner"])
    location = client.get(f"/saved-filters/{saved.id}").headers["Location"]
    assert urlsplit(location).path == "/registry/"
    query = parse_qs(urlsplit(location).query)
    assert query["award"] == [str(award.id)] and query["year_from"] == ["2020"] and "page" not in query
