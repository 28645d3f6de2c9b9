"""The roles page of a union: granting and revoking roles, opening accounts for members."""

import pytest

from gonghui.core.models import AuditEntry, Role, RoleGrant, User
from gonghui.orgs.models import Member
from tests.conftest import PASSWORD

ROLES_URL = "/unions/school/roles/"


def active(user, role, **where):
    return RoleGrant.objects.active().filter(user=user, role=role, **where)


def last_entry() -> AuditEntry:
    return AuditEntry.objects.order_by("-id").first()


def page_text(response) -> str:
    return response.content.decode()


def test_chair_sees_grants_of_the_union(world, client_for):
    response = client_for(world.chair).get(ROLES_URL)
    assert response.status_code == 200
    text = page_text(response)
    for username in ("chair", "committee", "treasurer", "auditor", "group_leader", "member"):
        assert f"<td>{username}</td>" in text
    # The hospital's chair is not listed on the school's page.
    assert "<td>outsider</td>" not in text
    # The form offers the roles of a grassroots union, not higher ones.
    assert "工会主席" in text
    assert "上级工会管理员" not in text


def test_federation_roles_page_offers_federation_admin_only(world, client_for):
    response = client_for(world.fed_admin).get("/unions/fed/roles/")
    assert response.status_code == 200
    choices = [
        label for value, label in response.context["grant_form"].fields["role"].choices if value
    ]
    assert choices == ["上级工会管理员"]


def test_chair_grants_treasurer_by_username(world, client_for):
    entries = AuditEntry.objects.count()
    response = client_for(world.chair).post(
        ROLES_URL, {"form": "grant", "login": "nobody", "role": Role.TREASURER}, follow=True
    )
    assert response.redirect_chain == [(ROLES_URL, 302)]
    assert "已为「nobody」授予角色" in page_text(response)
    grant = active(world.nobody, Role.TREASURER).get()
    assert grant.union == world.school
    assert grant.granted_by == world.chair
    assert AuditEntry.objects.count() == entries + 1
    entry = last_entry()
    assert (entry.action, entry.actor, entry.union) == ("role.grant", world.chair, world.school)
    assert entry.object_id == str(grant.pk)


def test_granted_role_takes_effect(world, client_for, client):
    client_for(world.chair).post(
        ROLES_URL, {"form": "grant", "login": "nobody", "role": Role.TREASURER}
    )
    client.logout()
    client.force_login(world.nobody)
    assert client.get("/unions/school/").status_code == 200


def test_chair_grants_by_mobile(world, client_for):
    User.objects.filter(pk=world.nobody.pk).update(mobile="13912345678")
    response = client_for(world.chair).post(
        ROLES_URL, {"form": "grant", "login": "13912345678", "role": Role.AUDITOR}
    )
    assert response.status_code == 302
    assert active(world.nobody, Role.AUDITOR, union=world.school).exists()


def test_unknown_account_is_refused(world, client_for):
    entries = AuditEntry.objects.count()
    response = client_for(world.chair).post(
        ROLES_URL, {"form": "grant", "login": "no-such-user", "role": Role.TREASURER}
    )
    assert response.status_code == 200
    assert "找不到这个账号，请先在下方新建账号。" in page_text(response)
    assert AuditEntry.objects.count() == entries


def test_group_leader_needs_a_group(world, client_for):
    grants = RoleGrant.objects.count()
    entries = AuditEntry.objects.count()
    response = client_for(world.chair).post(
        ROLES_URL, {"form": "grant", "login": "nobody", "role": Role.GROUP_LEADER}
    )
    assert response.status_code == 200
    assert "授予小组长角色时必须选择工会小组。" in page_text(response)
    assert RoleGrant.objects.count() == grants
    assert AuditEntry.objects.count() == entries


def test_group_leader_with_group(world, client_for):
    response = client_for(world.chair).post(
        ROLES_URL,
        {"form": "grant", "login": "nobody", "role": Role.GROUP_LEADER, "group": world.maths.pk},
    )
    assert response.status_code == 302
    grant = active(world.nobody, Role.GROUP_LEADER).get()
    assert (grant.union, grant.group) == (world.school, world.maths)
    assert last_entry().action == "role.grant"


def test_group_of_another_union_is_refused(world, client_for):
    response = client_for(world.chair).post(
        ROLES_URL,
        {"form": "grant", "login": "nobody", "role": Role.GROUP_LEADER, "group": world.ward.pk},
    )
    assert response.status_code == 200
    assert "选择一个有效的选项" in page_text(response)
    assert not active(world.nobody, Role.GROUP_LEADER).exists()


def test_duplicate_grant_shows_message(world, client_for):
    entries = AuditEntry.objects.count()
    response = client_for(world.chair).post(
        ROLES_URL, {"form": "grant", "login": "treasurer", "role": Role.TREASURER}
    )
    assert response.status_code == 200
    assert "已经拥有这个角色" in page_text(response)
    assert active(world.treasurer, Role.TREASURER).count() == 1
    assert AuditEntry.objects.count() == entries


def test_chair_cannot_grant_federation_admin(world, client_for):
    response = client_for(world.chair).post(
        ROLES_URL, {"form": "grant", "login": "nobody", "role": Role.FEDERATION_ADMIN}
    )
    assert response.status_code == 200
    assert "选择一个有效的选项" in page_text(response)
    assert not RoleGrant.objects.filter(user=world.nobody).exists()


def test_open_account_linked_to_member(world, client_for, client):
    wu = world.members["吴老师"]
    last_id = last_entry().pk
    response = client_for(world.chair).post(
        ROLES_URL,
        {
            "form": "account",
            "username": "wu-laoshi",
            "full_name": "吴老师",
            "mobile": "13700001111",
            "password": "a-long-password",
            "member": wu.pk,
        },
        follow=True,
    )
    assert response.redirect_chain == [(ROLES_URL, 302)]
    assert "已新建账号「wu-laoshi」" in page_text(response)
    user = User.objects.get(username="wu-laoshi")
    assert (user.full_name, user.mobile) == ("吴老师", "13700001111")
    assert Member.objects.get(pk=wu.pk).user == user
    assert active(user, Role.MEMBER, union=world.school).exists()
    actions = list(
        AuditEntry.objects.filter(id__gt=last_id).order_by("id").values_list("action", "actor")
    )
    assert actions == [
        ("user.create", world.chair.pk),
        ("member.link_user", world.chair.pk),
        ("role.grant", world.chair.pk),
    ]
    # The new account logs in with its mobile number; the password is the chair's choice,
    # so it is replaced first; then it sees its own record.
    client.logout()
    response = client.post("/login/", {"username": "13700001111", "password": "a-long-password"})
    assert response.status_code == 302
    assert client.get("/me/").url == "/me/password/"
    new = "wu-laoshi-own-2026"
    changed = client.post(
        "/me/password/",
        {"old_password": "a-long-password", "new_password1": new, "new_password2": new},
    )
    assert changed.status_code == 302
    me = client.get("/me/")
    assert me.status_code == 200
    assert "吴老师" in page_text(me)


def test_open_account_without_member(world, client_for):
    response = client_for(world.chair).post(
        ROLES_URL,
        {
            "form": "account",
            "username": "helper",
            "full_name": "帮手",
            "password": "a-long-password",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="helper")
    assert user.mobile is None
    assert not RoleGrant.objects.filter(user=user).exists()


def test_open_account_with_taken_username(world, client_for):
    users = User.objects.count()
    response = client_for(world.chair).post(
        ROLES_URL,
        {
            "form": "account",
            "username": "treasurer",
            "full_name": "重名",
            "password": "a-long-password",
        },
    )
    assert response.status_code == 200
    assert "该用户名已被使用，请换一个。" in page_text(response)
    assert User.objects.count() == users


def test_open_account_member_of_another_union_is_refused(world, client_for):
    nurse = world.members["郑护士"]
    response = client_for(world.chair).post(
        ROLES_URL,
        {
            "form": "account",
            "username": "nurse",
            "full_name": "郑护士",
            "password": "a-long-password",
            "member": nurse.pk,
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="nurse").exists()


def test_chair_revokes_a_role(world, client_for):
    grant = active(world.treasurer, Role.TREASURER).get()
    response = client_for(world.chair).post(f"/roles/{grant.pk}/revoke/", follow=True)
    assert response.redirect_chain == [(ROLES_URL, 302)]
    assert "已撤销" in page_text(response)
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    entry = last_entry()
    assert (entry.action, entry.actor, entry.union) == ("role.revoke", world.chair, world.school)
    assert "revoked_at" in entry.changes


def test_revoked_role_loses_access(world, client_for, client):
    grant = active(world.treasurer, Role.TREASURER).get()
    client_for(world.chair).post(f"/roles/{grant.pk}/revoke/")
    client.logout()
    client.force_login(world.treasurer)
    # No grant of theirs reaches the school any more: it is as if it did not exist.
    assert client.get("/unions/school/").status_code == 404


def test_revoke_twice_shows_message(world, client_for):
    grant = active(world.treasurer, Role.TREASURER).get()
    client = client_for(world.chair)
    client.post(f"/roles/{grant.pk}/revoke/")
    entries = AuditEntry.objects.count()
    response = client.post(f"/roles/{grant.pk}/revoke/", follow=True)
    assert "该授权已撤销。" in page_text(response)
    assert AuditEntry.objects.count() == entries


def test_chair_cannot_revoke_own_chair_role(world, client_for):
    grant = active(world.chair, Role.CHAIR).get()
    entries = AuditEntry.objects.count()
    response = client_for(world.chair).post(f"/roles/{grant.pk}/revoke/", follow=True)
    assert response.redirect_chain == [(ROLES_URL, 302)]
    assert "不能撤销自己的管理角色，请由其他管理员办理。" in page_text(response)
    grant.refresh_from_db()
    assert grant.revoked_at is None
    assert AuditEntry.objects.count() == entries


def test_federation_admin_revokes_school_chair(world, client_for):
    grant = active(world.chair, Role.CHAIR).get()
    response = client_for(world.fed_admin).post(f"/roles/{grant.pk}/revoke/")
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is not None


def test_chair_cannot_revoke_in_another_union(world, client_for):
    grant = active(world.outsider, Role.CHAIR).get()
    response = client_for(world.chair).post(f"/roles/{grant.pk}/revoke/")
    assert response.status_code == 404
    grant.refresh_from_db()
    assert grant.revoked_at is None


def test_platform_grant_cannot_be_revoked_on_a_page(world, client_for):
    grant = active(world.platform_admin, Role.PLATFORM_ADMIN).get()
    # Beyond a federation administrator's reach; a platform administrator is told where.
    assert client_for(world.fed_admin).post(f"/roles/{grant.pk}/revoke/").status_code == 404
    response = client_for(world.platform_admin).post(f"/roles/{grant.pk}/revoke/")
    assert response.status_code == 403
    assert "系统后台" in page_text(response)
    grant.refresh_from_db()
    assert grant.revoked_at is None


def test_revoke_by_get_is_not_allowed(world, client_for):
    grant = active(world.treasurer, Role.TREASURER).get()
    assert client_for(world.chair).get(f"/roles/{grant.pk}/revoke/").status_code == 405


@pytest.mark.parametrize("role", ["outsider", "treasurer", "committee", "member"])
def test_others_cannot_grant(role, world, client_for):
    grants = RoleGrant.objects.count()
    entries = AuditEntry.objects.count()
    client = client_for(getattr(world, role))
    refused = 404 if role == "outsider" else 403
    response = client.post(ROLES_URL, {"form": "grant", "login": "nobody", "role": Role.CHAIR})
    assert response.status_code == refused
    response = client.post(
        ROLES_URL,
        {"form": "account", "username": "sneaky", "full_name": "x", "password": PASSWORD},
    )
    assert response.status_code == refused
    assert RoleGrant.objects.count() == grants
    assert AuditEntry.objects.count() == entries
    assert not User.objects.filter(username="sneaky").exists()


def test_grant_form_has_no_preselected_role(world, client_for):
    # A chair who forgets to pick must get an error, not an accidental 工会主席.
    response = client_for(world.chair).post(ROLES_URL, {"form": "grant", "login": "nobody"})
    assert response.status_code == 200
    assert response.context["grant_form"].errors["role"]
    assert not RoleGrant.objects.filter(user__username="nobody").exists()
