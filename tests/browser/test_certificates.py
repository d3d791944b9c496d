"""Certificates in a real browser: the administrator moves a field and opens the test print; the secretary
prints a decision's certificates from its page, watches the job and downloads one PDF of a page per honouree."""
import io

import pypdf
import pytest
from playwright.sync_api import expect

from tests.test_certificates import Printing

pytestmark = pytest.mark.browser


def test_layout_test_print_then_the_decisions_certificates(page, log_in, make, app, snapshot):
    printing = Printing(make, app)
    log_in(page, printing.admin)
    page.goto("/admin/")
    page.locator("#admin-certificate-layouts").click()
    page.locator("#layout-table a", has_text=printing.layout.name).click()
    page.fill("#field_name-y_mm", "250")  # past the bottom of A4 landscape: refused in place
    page.locator("#layout-form button[type=submit]").click()
    expect(page.locator("#row-name .invalid-feedback")).to_be_visible()
    page.fill("#field_name-y_mm", "88,5")
    page.locator("#layout-form button[type=submit]").click()
    expect(page.locator("#field_name-y_mm")).to_have_value("88,5")
    snapshot(page, "certificate-layout")
    response = page.request.get(page.locator("#test-print").get_attribute("href"))
    assert response.ok and "name (50; 88.5 mm)" in pypdf.PdfReader(io.BytesIO(response.body())).pages[0].extract_text()

    page.context.clear_cookies()
    log_in(page, printing.secretary)
    page.goto(f"/decisions/{printing.decision.id}")
    expect(page.locator("#layout_id")).to_have_value(str(printing.layout.id))
    page.locator("#print-certificates button[type=submit]").click()
    expect(page.locator(".job-status")).to_be_visible()
    link = page.locator(".job-progress a", has_text="Chung-nhan-7-2026.pdf")
    expect(link).to_be_visible()
    snapshot(page, "certificate-job")
    with page.expect_download() as download_info:
        link.click()
    with open(download_info.value.path(), "rb") as file:
        reader = pypdf.PdfReader(io.BytesIO(file.read()))
    assert len(reader.pages) == 3
    assert "Rơ Châm H'Luyn" in "".join(p.extract_text() for p in reader.pages)
