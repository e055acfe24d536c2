"""Browser tests: Debian's Chromium, driven headless by Playwright, against the live server.

Every test here is marked `browser`. Where no `chromium` is on PATH the tests are
skipped with the reason shown by `pytest -ra`; with REQUIRE_BROWSER=1 (set by
.ci/run after installing Chromium) a missing Chromium fails them instead.

A failing test leaves a screenshot and the HTML of each open page under
test-artifacts/<test name>/ and prints the paths in its report.
"""

import io
import os
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from pytest_django.live_server_helper import LiveServer

# The issue asks for the live server on 127.0.0.1 (pytest-django's default is localhost).
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

CHROMIUM = shutil.which("chromium")
# Without these flags Chromium may wait on network calls (no internet on CI).
# Playwright adds --headless and a fresh temporary profile itself.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="package")
def browser():
    """One headless Chromium for the browser tests (closed after the last one)."""
    if not CHROMIUM:
        reason = (
            "Chromium not found on PATH: browser tests skipped "
            "(install it with scripts/install-browser.sh, i.e. apt-get install chromium)"
        )
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(reason.replace("skipped", "REQUIRED (REQUIRE_BROWSER is set)"))
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; Django would refuse
    # ORM calls made from the tests (SynchronousOnlyOperation) without this. Only
    # while the browser tests run, so the rest of the suite keeps Django's check.
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS, timeout=30_000
            )
            yield chromium
            chromium.close()
    finally:
        if before is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture(scope="package")
def live_server(request):
    """pytest-django's live server, started with the HTTPS redirect off.

    SecurityMiddleware reads SECURE_SSL_REDIRECT once, when the server thread builds
    its handler, so per-test settings come too late: without this Chromium is sent
    to https:// and fails. (Same name, so pytest-django's per-test helper still
    gives each test a transactional database.)
    """
    address = request.config.getvalue("liveserver") or os.environ["DJANGO_LIVE_TEST_SERVER_ADDRESS"]
    with override_settings(SECURE_SSL_REDIRECT=False, SECURE_HSTS_SECONDS=0):
        server = LiveServer(address)
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _plain_http_cookies(settings):
    """The live server speaks plain HTTP: let the session and CSRF cookies through."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


class PageOpener:
    """Opens pages in fresh contexts (own cookies) and remembers them for the artifacts."""

    def __init__(self, browser, base_url):
        self.browser, self.base_url, self.contexts = browser, base_url, []
        self.console = []  # the pages' console messages and uncaught errors

    def __call__(self, viewport=DESKTOP):
        context = self.browser.new_context(viewport=viewport, base_url=self.base_url)
        context.set_default_timeout(10_000)
        self.contexts.append(context)
        page = context.new_page()
        page.on("console", lambda message: self.console.append(f"{message.type}: {message.text}"))
        page.on("pageerror", lambda error: self.console.append(f"uncaught: {error}"))
        return page

    def pages(self):
        return [page for context in self.contexts for page in context.pages]

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def new_page(browser, live_server):
    """`new_page(viewport)` opens a page whose relative URLs go to the live server."""
    opener = PageOpener(browser, live_server.url)
    yield opener
    opener.close()


@pytest.fixture
def page(new_page):
    """A desktop-sized page whose relative URLs go to the live server."""
    return new_page()


@pytest.fixture
def phone_page(new_page):
    """A page on a 360 px wide viewport."""
    return new_page(PHONE)


class SharedDemo:
    """The demo content, loaded once and kept for the tests that only read it.

    Loading it takes about two seconds; most browser tests only look at pages, so
    they share one copy instead of loading and flushing it around every test.
    """

    loaded = False

    @classmethod
    def flush(cls):
        call_command("flush", "--no-input", verbosity=0)
        cls.loaded = False


@pytest.fixture(scope="package")
def _shared_demo_media(tmp_path_factory, django_db_setup, django_db_blocker):
    """Where the shared demo keeps its files; the database is emptied after the package."""
    yield tmp_path_factory.mktemp("shared-demo-media")
    if SharedDemo.loaded:
        with django_db_blocker.unblock():
            SharedDemo.flush()


@pytest.fixture
def demo(request, settings, _shared_demo_media, django_db_blocker):
    """The demo content (what `make run` shows), shared with the other read-only tests.

    For tests that only read: what a test writes stays for the next ones. A test
    that changes content and checks the result takes `fresh_demo` instead.
    """
    settings.MEDIA_ROOT = _shared_demo_media
    with django_db_blocker.unblock():
        if not SharedDemo.loaded:
            call_command("load_demo", stdout=io.StringIO())
            SharedDemo.loaded = True
        yield


@pytest.fixture
def fresh_demo(transactional_db):
    """The demo content loaded for this test alone; the database is emptied after it."""
    call_command("load_demo", stdout=io.StringIO())
    yield
    SharedDemo.loaded = False  # transactional_db flushes next


@pytest.fixture(autouse=True)
def _live_server_helper(request):
    """pytest-django's helper of this name, except for tests of the shared demo.

    The original gives every live-server test a transactional database, flushed
    after it; tests taking `demo` use the shared copy instead, outside a transaction.
    """
    if "live_server" not in request.fixturenames:
        yield
        return
    if "demo" not in request.fixturenames:
        request.getfixturevalue("transactional_db")
        SharedDemo.loaded = False  # flushed after this test
    live_server = request.getfixturevalue("live_server")
    live_server._live_server_modified_settings.enable()
    yield
    live_server._live_server_modified_settings.disable()


def save_artifacts(item):
    """Screenshot and HTML of every page the test has open; returns the saved paths."""
    opener = item.funcargs.get("new_page")
    pages = opener.pages() if isinstance(opener, PageOpener) else []
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", item.nodeid)[-150:]
    saved = []
    for number, page in enumerate(pages, start=1):
        if page.is_closed():
            continue
        folder.mkdir(parents=True, exist_ok=True)
        stem = folder / f"page{number}"
        try:
            page.screenshot(path=f"{stem}.png", full_page=True, timeout=5_000)
            saved.append(f"{stem}.png")
        except Exception as error:  # a crashed page still gets its HTML saved
            saved.append(f"(no screenshot: {error.__class__.__name__})")
        try:
            Path(f"{stem}.html").write_text(f"<!-- {page.url} -->\n{page.content()}")
            saved.append(f"{stem}.html")
        except Exception as error:
            saved.append(f"(no HTML: {error.__class__.__name__})")
    if opener is not None and opener.console:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "console.txt").write_text("\n".join(opener.console) + "\n")
        saved.append(str(folder / "console.txt"))
    return saved


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        saved = save_artifacts(item)
        if saved:
            text = "\n".join(saved)
            report.sections.append(("Browser artifacts (screenshot and HTML)", text))
    return report
