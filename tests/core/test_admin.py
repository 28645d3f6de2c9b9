"""The Django admin is for inspection only, in every app, and shows no personal numbers."""

import pytest
from django.contrib import admin
from django.urls import reverse

from gonghui.core.models import User

APPS = ("core", "orgs", "members", "finance", "congress", "plans")


@pytest.fixture
def superuser_client(client, world):
    user = User.objects.create_superuser(username="root", password="x-very-long-passphrase")
    client.force_login(user)
    return client


def test_every_app_lists_its_models_read_only(superuser_client):
    registered = {model._meta.app_label for model in admin.site._registry}
    assert set(APPS) <= registered
    for model in admin.site._registry:
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert superuser_client.get(changelist).status_code == 200, changelist
        add = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
        assert superuser_client.get(add).status_code == 403, add


def test_a_member_in_the_admin_shows_no_id_number_or_mobile(superuser_client, world):
    member = world.members["周会员"]
    page = superuser_client.get(reverse("admin:orgs_member_change", args=[member.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert member.name in body
    assert member.id_number not in body
    assert member.mobile not in body


def test_ballots_are_not_in_the_admin():
    names = {model.__name__ for model in admin.site._registry}
    assert not names & {"Ballot", "BallotMark", "EvaluationBallot", "ElectionBallot"}
