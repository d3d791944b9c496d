"""Only administrators reach the admin screens: every admin URL answers 403 to every other role."""
import pytest

from app.models import Role

# Every admin route, with ids that need not exist: the role check runs before the view looks anything up.
ADMIN_URLS = [
    ("GET", "/admin/"),
    ("GET", "/admin/units/"),
    ("GET", "/admin/units/new"),
    ("POST", "/admin/units/new"),
    ("GET", "/admin/units/1/edit"),
    ("POST", "/admin/units/1/edit"),
    ("POST", "/admin/units/1/delete"),
    ("GET", "/admin/clusters/"),
    ("GET", "/admin/clusters/new"),
    ("POST", "/admin/clusters/new"),
    ("GET", "/admin/clusters/1/edit"),
    ("POST", "/admin/clusters/1/edit"),
    ("GET", "/admin/clusters/1/members"),
    ("POST", "/admin/clusters/1/members/add"),
    ("POST", "/admin/clusters/1/members/1/remove"),
    ("POST", "/admin/clusters/1/members/copy"),
    ("POST", "/admin/clusters/1/leadership"),
    ("GET", "/admin/users/"),
    ("GET", "/admin/users/new"),
    ("POST", "/admin/users/new"),
    ("GET", "/admin/users/1/edit"),
    ("POST", "/admin/users/1/edit"),
    ("POST", "/admin/users/1/logout-everywhere"),
    ("POST", "/admin/users/1/assignments"),
    ("POST", "/admin/users/1/assignments/1/end"),
    ("GET", "/admin/awards/"),
    ("GET", "/admin/awards/new"),
    ("POST", "/admin/awards/new"),
    ("GET", "/admin/awards/1/edit"),
    ("POST", "/admin/awards/1/edit"),
    ("GET", "/admin/attachment-types/"),
    ("GET", "/admin/attachment-types/new"),
    ("POST", "/admin/attachment-types/new"),
    ("GET", "/admin/attachment-types/1/edit"),
    ("POST", "/admin/attachment-types/1/edit"),
    ("GET", "/admin/campaigns/"),
    ("GET", "/admin/campaign-kinds/"),
    ("GET", "/admin/campaign-kinds/yearly"),
    ("POST", "/admin/campaign-kinds/yearly"),
    ("GET", "/admin/campaigns/new"),
    ("POST", "/admin/campaigns/new"),
    ("GET", "/admin/campaigns/1/edit"),
    ("POST", "/admin/campaigns/1/edit"),
    ("GET", "/admin/movements/new"),
    ("POST", "/admin/movements/new"),
    ("GET", "/admin/movements/1/edit"),
    ("POST", "/admin/movements/1/edit"),
    ("GET", "/admin/salary-bases/"),
    ("GET", "/admin/salary-bases/new"),
    ("POST", "/admin/salary-bases/new"),
    ("GET", "/admin/salary-bases/1/edit"),
    ("POST", "/admin/salary-bases/1/edit"),
    ("POST", "/admin/salary-bases/1/delete"),
    ("GET", "/admin/legal-bases/"),
    ("GET", "/admin/legal-bases/new"),
    ("POST", "/admin/legal-bases/new"),
    ("GET", "/admin/legal-bases/1/edit"),
    ("POST", "/admin/legal-bases/1/edit"),
    ("GET", "/admin/signers/"),
    ("GET", "/admin/signers/new"),
    ("POST", "/admin/signers/new"),
    ("GET", "/admin/signers/1/edit"),
    ("POST", "/admin/signers/1/edit"),
    ("GET", "/admin/stage-deadlines"),
    ("POST", "/admin/stage-deadlines"),
    ("GET", "/admin/working-days/"),
    ("POST", "/admin/working-days/new"),
    ("POST", "/admin/working-days/1/delete"),
    ("GET", "/admin/eligibility-rules/"),
    ("GET", "/admin/eligibility-rules/1/edit"),
    ("POST", "/admin/eligibility-rules/1/edit"),
    ("GET", "/admin/document-templates/"),
    ("GET", "/admin/document-templates/decision/"),
    ("POST", "/admin/document-templates/decision/upload"),
    ("GET", "/admin/document-templates/decision/download"),
    ("GET", "/admin/document-templates/decision/builtin"),
    ("GET", "/admin/document-templates/decision/versions/1/download"),
    ("GET", "/admin/document-templates/decision/versions/1/preview"),
    ("POST", "/admin/document-templates/decision/versions/1/activate"),
    ("POST", "/admin/document-templates/decision/use-builtin"),
    ("GET", "/admin/registry-settings"),
    ("POST", "/admin/registry-settings"),
    ("GET", "/admin/certificate-layouts/"),
    ("GET", "/admin/certificate-layouts/new"),
    ("POST", "/admin/certificate-layouts/new"),
    ("GET", "/admin/certificate-layouts/1/edit"),
    ("POST", "/admin/certificate-layouts/1/edit"),
    ("POST", "/admin/certificate-layouts/1/delete"),
    ("GET", "/admin/certificate-layouts/1/test-print.pdf"),
    ("GET", "/admin/document-texts"),
    ("POST", "/admin/document-texts"),
]

NON_ADMIN_ROLES = [role for role in Role if role is not Role.ADMIN]


def test_the_list_covers_every_admin_route(app):
    """A new admin route must be added above, so the 403 matrix keeps covering everything."""
    routed = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("admin."):
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                routed.add((method, rule.rule))
    listed = set()
    for method, url in ADMIN_URLS:
        adapter = app.url_map.bind("localhost")
        endpoint, _ = adapter.match(url, method=method)
        rule = next(r for r in app.url_map.iter_rules(endpoint) if method in r.methods)
        listed.add((method, rule.rule))
    assert routed == listed


@pytest.mark.parametrize("role", NON_ADMIN_ROLES, ids=lambda r: r.value)
def test_non_admin_roles_get_403_everywhere(make, login, role):
    client = login(make.make_user(role))
    for method, url in ADMIN_URLS:
        response = client.open(url, method=method, data={})
        assert response.status_code == 403, (method, url, response.status_code)


@pytest.mark.parametrize("method,url", [("GET", "/admin/"), ("GET", "/admin/users/"), ("POST", "/admin/units/new")])
def test_anonymous_is_sent_to_login(client, method, url):
    response = client.open(url, method=method)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_admin_sees_the_index_with_every_section(make, login):
    client = login(make.make_user(Role.ADMIN))
    page = client.get("/admin/").get_data(as_text=True)
    for href in ("/admin/units/", "/admin/clusters/", "/admin/users/", "/admin/awards/",
                 "/admin/attachment-types/", "/admin/campaigns/"):
        assert f'href="{href}"' in page


def test_every_admin_page_renders_for_an_admin(make, login):
    from app.extensions import db
    from app.models import Movement

    admin = make.make_user(Role.ADMIN)
    unit = make.make_unit("Sở Tài chính")
    sub = make.make_unit("Phòng Ngân sách", parent=unit)
    cluster = make.make_cluster(members=[unit, sub], year=2026, lead=unit, deputy=sub)
    award = make.make_award(required=[make.make_attachment_type()])
    campaign = make.make_campaign(2026)
    movement = db.session.scalar(db.select(Movement))
    attachment_type = award.required_attachment_types[0]
    client = login(admin)
    urls = ["/admin/", "/admin/units/", "/admin/units/?q=tai+chinh", "/admin/units/new", f"/admin/units/{unit.id}/edit",
            "/admin/clusters/", "/admin/clusters/new", f"/admin/clusters/{cluster.id}/edit",
            f"/admin/clusters/{cluster.id}/members?year=2026", f"/admin/clusters/{cluster.id}/members?year=2027",
            "/admin/users/", "/admin/users/?role=admin&active=yes", "/admin/users/new", f"/admin/users/{admin.id}/edit",
            "/admin/awards/", "/admin/awards/new", f"/admin/awards/{award.id}/edit",
            "/admin/attachment-types/", "/admin/attachment-types/new",
            f"/admin/attachment-types/{attachment_type.id}/edit",
            "/admin/campaigns/", "/admin/campaigns/new", f"/admin/campaigns/{campaign.id}/edit",
            "/admin/movements/new", f"/admin/movements/{movement.id}/edit"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    assert client.get("/admin/units/999999/edit").status_code == 404
    assert client.get(f"/admin/clusters/{cluster.id}/members?year=1200").status_code == 404


def test_admin_forms_need_the_csrf_token(make, login, request):
    from tests.conftest import csrf_token_from

    client = login(make.make_user(Role.ADMIN))
    request.getfixturevalue("csrf_enabled")  # after logging in, which posts without a token
    data = {"name": "Cụm thi đua số 9", "kind": "cluster", "description": ""}
    assert client.post("/admin/clusters/new", data=data).status_code == 400
    token = csrf_token_from(client.get("/admin/clusters/new").get_data(as_text=True))
    assert client.post("/admin/clusters/new", data=dict(data, csrf_token=token)).status_code == 303
