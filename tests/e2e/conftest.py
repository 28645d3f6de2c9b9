"""Browser tests: Playwright (Python, sync API) driving Debian's Chromium against
pytest-django's live server.

The live server runs in a thread of this process and shares the test database, so these
tests use a transactional database (the ``world`` rows must be committed to be seen by the
server thread). ``make test`` installs /usr/bin/chromium; without it the tests are
skipped with the reason, never silently passed.
"""

import re
import threading
from pathlib import Path

import pytest
from django.db import connection
from playwright.sync_api import expect

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the item so the page fixture can tell, in its
    # teardown, whether the test failed and a screenshot is worth saving.
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def results_dir(pytestconfig) -> Path:
    path = pytestconfig.rootpath / "test-results"
    path.mkdir(exist_ok=True)
    return path


# Scope: the tests/e2e package, not the whole session. Playwright's sync API keeps its
# asyncio loop registered as this thread's running loop from start to stop, and Django
# refuses ORM calls while a loop runs (SynchronousOnlyOperation). Stopping Playwright when
# the package is done keeps tests of other folders that run later in the same process
# (or on the same xdist worker) out of that state; pytest starts it again if e2e tests
# come back. Meanwhile DJANGO_ALLOW_ASYNC_UNSAFE tells Django the ORM calls are safe: the
# loop is Playwright's and our ORM calls are plain blocking code between browser calls.
# The variable is set only while the loop lives, so it never leaks into other tests
# (a subprocess `gonghui check --deploy` rightly fails on it, async.E001).
@pytest.fixture(scope="package")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(
            "浏览器测试需要 /usr/bin/chromium（apt-get install -y chromium fonts-noto-cjk；"
            "make test 会自动安装）"
        )
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as mp, sync_playwright() as pw:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def e2e_world(transactional_db, live_server, world):
    """The conftest ``world`` committed to the database the live server reads.

    ``transactional_db`` makes this test commit what it writes and flush the database when
    it ends (so the server thread sees the rows). The first such test on a worker finds
    the session's world still committed; the later ones find the database flushed, and
    ``world`` builds the world again, committed, for them."""
    return world


def _wait_for_server(live_server) -> None:
    """Wait until the live server thread has finished every request: each connection is
    served by a thread of its own (``ThreadingMixIn``), alive until the browser, whose
    contexts are closed by now, has hung up and the response is closed (database connection
    released). Bounded, so a stuck request fails its own test."""
    httpd = live_server.thread.httpd
    handlers = [
        t
        for t in threading.enumerate()
        if getattr(t, "_target", None) == httpd.process_request_thread
    ]
    for thread in handlers:
        thread.join(timeout=60)
    stuck = [t for t in handlers if t.is_alive()]
    assert not stuck, f"测试结束时服务器仍有 {len(stuck)} 个请求未完成"


class _BrowserRequests:
    """The requests a browser context has sent and not yet seen answered."""

    def __init__(self, context):
        self.pending = 0
        context.on("request", self._sent)
        context.on("requestfinished", self._done)
        context.on("requestfailed", self._done)

    def _sent(self, request):
        self.pending += 1

    def _done(self, request):
        self.pending -= 1


def _settle(context, page, requests: _BrowserRequests) -> None:
    """Stop the page from sending anything new, then wait for what it sent to be answered.
    Playwright delivers the events while it waits, so the loop ends when the last answer
    arrives (bounded, in case the page crashed)."""
    context.route("**/*", lambda route: route.abort())
    for _ in range(1000):
        if requests.pending <= 0 or page.is_closed():
            return
        page.wait_for_timeout(10)


def settled(page) -> None:
    """Wait until every request ``page`` has sent is answered. On SQLite the test database
    is in memory, and the live server's threads use the test's own connection: a test that
    reads or writes while the server is still answering the page (the notice badge htmx
    asks for after a page loads) finds "database table is locked". So a test touches the
    database only once its pages have settled. Bounded, in case the page crashed."""
    requests = page.gonghui_requests
    for _ in range(1000):
        if requests.pending <= 0 or page.is_closed():
            return
        page.wait_for_timeout(10)


def _safe_name(nodeid: str) -> str:
    return re.sub(r"[^\w.-]+", "_", nodeid.split("::", 1)[-1]).strip("_")


@pytest.fixture
def new_page(transactional_db, browser, live_server, request, results_dir):
    """new_page(viewport=..., name=...) -> a page in a fresh browser context.

    Every page opened this way is screenshotted into test-results/ if the test fails. At
    teardown (before ``transactional_db`` flushes the database: it is set up first, so torn
    down last) each page stops sending and its requests are waited for, in the browser and
    in the server thread."""
    contexts = []
    refused: list[str] = []

    def make(viewport=DESKTOP, name=""):
        context = browser.new_context(
            base_url=live_server.url,
            viewport=viewport,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
        )
        context.set_default_timeout(10_000)
        requests = _BrowserRequests(context)
        page = context.new_page()
        page.gonghui_requests = requests  # for settled(page)
        # Chromium reports each resource or inline code the Content-Security-Policy blocks
        # (core.security) as a console error: no page may trip it.
        page.on(
            "console",
            lambda msg: "Content Security Policy" in msg.text and refused.append(msg.text),
        )
        contexts.append((name, context, page, requests))
        return page

    def after_the_pages(execute, sql, params, many, context):
        # On SQLite the live server answers on the test's own in-memory connection: the
        # test's query waits until its pages have no request in flight (``settled``).
        if threading.current_thread() is test_thread:
            for _name, _context, page, _requests in contexts:
                settled(page)
        return execute(sql, params, many, context)

    test_thread = threading.current_thread()
    if connection.vendor == "sqlite":
        with connection.execute_wrapper(after_the_pages):
            yield make
    else:
        yield make

    report = getattr(request.node, "rep_call", None)
    failed = report is not None and report.failed
    for i, (name, context, page, requests) in enumerate(contexts):
        if failed:
            suffix = f"-{name or i}" if len(contexts) > 1 else ""
            try:
                page.screenshot(
                    path=str(results_dir / f"{_safe_name(request.node.nodeid)}{suffix}.png"),
                    full_page=True,
                )
            except Exception as exc:  # the page may have crashed; report, don't mask
                print(f"截图失败：{exc}")
        _settle(context, page, requests)
        context.close()
    # The page's own requests are answered; the server may still be closing them.
    _wait_for_server(live_server)
    assert not refused, f"内容安全策略拦截了页面的内容：{refused}"


@pytest.fixture
def page(new_page):
    """A desktop-sized page in a fresh context (no cookies shared between tests)."""
    return new_page()


@pytest.fixture
def login():
    """login(page, username) signs in through the real login form."""
    from tests.conftest import PASSWORD

    def do(page, username, password=PASSWORD):
        page.goto("/login/")
        page.get_by_label("用户名或手机号").fill(username)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录").click()
        page.wait_for_load_state()
        # Signed in, the page asks for its notice badge once loaded: wait for the answer
        # (the placeholder asking for it is swapped out), so the test may use the database.
        if page.locator("#notice-link").count():
            expect(page.locator("#notice-link [hx-get]")).to_have_count(0)
        settled(page)
        return page

    return do
