"""Driving the member picker (core.widgets.SearchPicker) in a browser test, robustly."""

from urllib.parse import quote

from playwright.sync_api import expect


def pick(page, scope, query: str, option: str, chosen: int, *, purpose: str, method="GET"):
    """Type ``query`` into the picker inside ``scope``, wait for this search's own answer
    (an earlier list may still be on screen; a ``secret`` purpose asks by POST with ``q``
    alone in the body), choose ``option`` and wait for the ``chosen``-th chip before
    anything else: the page's own order, not a race with it."""

    def answer(response) -> bool:
        request = response.request
        if f"/members/pick/?for={purpose}" not in response.url or request.method != method:
            return False
        if method == "POST":
            return request.post_data == f"q={quote(query)}"
        return f"q={quote(query)}" in response.url

    box = scope.get_by_role("combobox")
    expect(box).to_be_visible()
    # htmx, at the end of the body, binds the box only once the document is parsed: a
    # page just reached by a click may show the box before (a loaded machine took 10 s
    # to fetch the script), and text typed then asks nothing.
    page.wait_for_load_state()
    with page.expect_response(answer):
        box.fill(query)
    scope.get_by_role("option", name=option).click()
    expect(scope.locator("[data-picker-chip]")).to_have_count(chosen)
