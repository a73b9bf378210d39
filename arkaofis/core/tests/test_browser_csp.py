"""The Content-Security-Policy holds in a real browser: every page we serve renders, and htmx
works, with not one violation reported (Chromium logs each one to the console)."""

from django.contrib.auth.models import User

from arkaofis.core.tests import test_browser
from arkaofis.core.tests.test_browser import _allow_orm_beside_playwright, browser, log_in, store  # noqa: F401
from arkaofis.core.tests.test_security_headers import directives
from arkaofis.orders.tests.factories import make_order

pytestmark = test_browser.pytestmark


def watch_for_csp_violations(page) -> list[str]:
    violations: list[str] = []

    def on_console(message) -> None:
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: violations.append(f"page error: {error}"))
    return violations


def test_the_back_office_pages_and_htmx_run_with_no_csp_violation(browser, live_server, store):  # noqa: F811
    from playwright.sync_api import expect

    order = make_order(("TEA-1", 2))
    page = browser.new_page()
    violations = watch_for_csp_violations(page)
    page.goto(f"{live_server.url}/accounts/login/")
    log_in(page, live_server)

    page.goto(f"{live_server.url}/orders/")
    expect(page.locator("main")).to_contain_text(order.number)
    page.get_by_role("link", name=order.number).first.click()
    expect(page.locator("main h1")).to_contain_text(order.number)

    # htmx: the live product search swaps in the matching rows.
    page.goto(f"{live_server.url}/catalog/products/")
    page.fill("input[name=q]", "mug")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    # htmx on load: the stock hint beside the adjust form.
    page.goto(f"{live_server.url}/inventory/adjust/?sku=TEA-1")
    expect(page.locator("[data-fill-location='IST/A/01']")).to_be_visible()
    page.click("[data-fill-location='IST/A/01']")  # app.js, our own static script
    assert page.input_value("#id_location") == "IST/A/01"

    for path in ("/", "/inventory/valuation/", "/inventory/stock/", "/inventory/moves/", "/channels/settings/"):
        response = page.goto(f"{live_server.url}{path}")
        assert directives(response.headers["content-security-policy"])["script-src"] == ["'self'"]
        assert response.headers["permissions-policy"].startswith("camera=(self), microphone=()")
    assert violations == []


def test_the_admin_and_the_api_docs_run_with_no_csp_violation(browser, live_server, store):  # noqa: F811
    from playwright.sync_api import expect

    User.objects.create_superuser("root", password="a-long-test-password-1")
    page = browser.new_page()
    violations = watch_for_csp_violations(page)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", "a-long-test-password-1")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    for path in ("/admin/catalog/product/", "/admin/catalog/product/add/", "/admin/auth/user/"):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("#content")).to_be_visible()
    response = page.goto(f"{live_server.url}/api/docs")
    assert directives(response.headers["content-security-policy"])["script-src"] == ["'self'"]
    expect(page.locator("#swagger-ui .swagger-ui")).to_be_visible()  # Swagger UI ran
    assert violations == []
