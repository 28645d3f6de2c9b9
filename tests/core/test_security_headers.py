"""Headers on pages with personal data: a Content-Security-Policy everywhere, and no copy
kept in a browser's or a proxy's cache of anything a signed-in user sees or downloads."""

from django.urls import reverse

from gonghui.core.security import POLICY


def test_a_signed_in_page_is_never_stored(world, client_for):
    response = client_for(world.chair).get(reverse("members:member_list", args=["school"]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["Content-Security-Policy"] == POLICY
    assert "frame-ancestors 'none'" in POLICY and "object-src 'none'" in POLICY


def test_a_download_is_never_stored(world, client_for):
    response = client_for(world.chair).get(reverse("members:member_export", args=["school"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]


def test_the_login_page_has_the_policy(client):
    response = client.get("/login/")
    assert response["Content-Security-Policy"] == POLICY
