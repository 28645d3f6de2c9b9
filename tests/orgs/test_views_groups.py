"""Union groups (工会小组): creating them on the union page (htmx), editing, archiving."""

import pytest

from gonghui.core.models import AuditEntry
from gonghui.orgs.models import Member, MemberStatus, UnionGroup

CREATE_URL = "/unions/school/groups/new/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def text(response) -> str:
    return response.content.decode()


def test_htmx_create_returns_groups_fragment(world, client_for):
    wu = world.members["吴老师"]
    entries = AuditEntry.objects.count()
    response = client_for(world.chair).post(CREATE_URL, {"name": "英语组", "leader": wu.pk}, **HTMX)
    assert response.status_code == 200
    names = [t.name for t in response.templates]
    assert names[0] == "orgs/_groups.html"
    assert "base.html" not in names
    fragment = text(response)
    assert "<html" not in fragment
    assert fragment.lstrip().startswith('<div id="groups">')
    # The new group is in the refreshed list, beside the old ones, with its leader.
    group = UnionGroup.objects.get(union=world.school, name="英语组")
    assert f'href="/groups/{group.pk}/">英语组</a></td><td>吴老师</td>' in fragment
    assert "语文组" in fragment
    assert "已新建小组「英语组」。" in fragment
    # The form comes back empty for the next group.
    assert 'value="英语组"' not in fragment
    assert AuditEntry.objects.count() == entries + 1
    assert AuditEntry.objects.order_by("-id").first().action == "group.create"


def test_htmx_create_with_error_returns_fragment_with_form_open(world, client_for):
    count = UnionGroup.objects.count()
    response = client_for(world.chair).post(CREATE_URL, {"name": "语文组"}, **HTMX)
    assert response.status_code == 200
    fragment = text(response)
    assert "<html" not in fragment
    assert "本工会已有同名的工会小组，请换一个名称。" in fragment
    assert '<details class="mb-2" open>' in fragment
    assert UnionGroup.objects.count() == count


def test_plain_post_redirects_to_union_page(world, client_for):
    response = client_for(world.chair).post(CREATE_URL, {"name": "英语组"}, follow=True)
    assert response.redirect_chain == [("/unions/school/", 302)]
    page = text(response)
    assert "<html" in page
    assert "已新建小组「英语组」。" in page
    assert UnionGroup.objects.filter(union=world.school, name="英语组").exists()


def test_create_page_without_htmx_is_a_full_form(world, client_for):
    response = client_for(world.chair).get(CREATE_URL)
    assert response.status_code == 200
    page = text(response)
    assert "<html" in page
    assert "在「第一中学工会」新建工会小组" in page


def test_same_name_allowed_in_another_union(world, client_for):
    response = client_for(world.outsider).post(
        "/unions/hospital/groups/new/", {"name": "语文组"}, **HTMX
    )
    assert response.status_code == 200
    assert UnionGroup.objects.filter(union=world.hospital, name="语文组").exists()


def test_leader_from_another_union_is_refused(world, client_for):
    nurse = world.members["郑护士"]
    entries = AuditEntry.objects.count()
    response = client_for(world.chair).post(
        CREATE_URL, {"name": "英语组", "leader": nurse.pk}, **HTMX
    )
    assert response.status_code == 200
    assert "请从本工会的在册会员中选择" in text(response)
    assert not UnionGroup.objects.filter(name="英语组").exists()
    assert AuditEntry.objects.count() == entries


def test_leader_who_left_is_refused(world, client_for):
    wu = world.members["吴老师"]
    Member.objects.filter(pk=wu.pk).update(status=MemberStatus.LEFT)
    response = client_for(world.chair).post(
        CREATE_URL, {"name": "英语组", "leader": wu.pk}, follow=True
    )
    assert response.status_code == 200
    assert "请从本工会的在册会员中选择" in text(response)
    assert not UnionGroup.objects.filter(name="英语组").exists()


def test_group_in_federation_is_refused(world, client_for):
    response = client_for(world.fed_admin).post("/unions/fed/groups/new/", {"name": "机关组"})
    assert response.status_code == 200
    assert "工会小组只能设在基层工会内。" in text(response)
    assert not UnionGroup.objects.filter(union=world.fed).exists()


@pytest.mark.parametrize("role", ["outsider", "member", "treasurer", "group_leader"])
def test_others_cannot_create(role, world, client_for):
    count = UnionGroup.objects.count()
    response = client_for(getattr(world, role)).post(CREATE_URL, {"name": "英语组"}, **HTMX)
    # The outsider is not told the school exists; the others are refused within it.
    assert response.status_code == (404 if role == "outsider" else 403)
    assert UnionGroup.objects.count() == count


# --- group page ---------------------------------------------------------------------------


def test_group_page_lists_current_members(world, client_for):
    Member.objects.filter(pk=world.members["周会员"].pk).update(status=MemberStatus.LEFT)
    response = client_for(world.chair).get(f"/groups/{world.chinese.pk}/")
    names = [m.name for m in response.context["members"]]
    assert sorted(names) == sorted(["李主席", "王委员", "孙组长"])
    assert "吴老师" not in text(response)  # of 数学组


def test_group_leader_sees_own_group_without_buttons(world, client_for):
    response = client_for(world.group_leader).get(f"/groups/{world.chinese.pk}/")
    assert response.status_code == 200
    page = text(response)
    assert "周会员" in page
    assert f"/groups/{world.chinese.pk}/edit/" not in page
    assert "修改历史" not in page


def test_group_leader_refused_other_group(world, client_for):
    response = client_for(world.group_leader).get(f"/groups/{world.maths.pk}/")
    assert response.status_code == 403
    assert "吴老师" not in text(response)


def test_unknown_group_is_404(world, client_for):
    assert client_for(world.chair).get("/groups/999999/").status_code == 404


# --- edit and archive ---------------------------------------------------------------------


def test_chair_renames_group_and_sets_leader(world, client_for):
    leader = world.members["孙组长"]
    response = client_for(world.chair).post(
        f"/groups/{world.chinese.pk}/edit/",
        {"name": "语文教研组", "leader": leader.pk},
        follow=True,
    )
    assert response.redirect_chain == [(f"/groups/{world.chinese.pk}/", 302)]
    assert "已保存。" in text(response)
    group = UnionGroup.objects.get(pk=world.chinese.pk)
    assert (group.name, group.leader) == ("语文教研组", leader)
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry.action == "group.update"
    assert entry.changes["name"] == ["语文组", "语文教研组"]


def test_edit_form_starts_with_current_values(world, client_for):
    form = client_for(world.chair).get(f"/groups/{world.chinese.pk}/edit/").context["form"]
    assert form.initial["name"] == "语文组"


@pytest.mark.parametrize("role", ["outsider", "group_leader", "treasurer"])
def test_others_cannot_edit(role, world, client_for):
    response = client_for(getattr(world, role)).post(
        f"/groups/{world.chinese.pk}/edit/", {"name": "改名"}
    )
    assert response.status_code == (404 if role == "outsider" else 403)
    assert UnionGroup.objects.get(pk=world.chinese.pk).name == "语文组"


def test_archive_group_with_members_is_refused(world, client_for):
    response = client_for(world.chair).post(f"/groups/{world.maths.pk}/archive/", follow=True)
    assert response.redirect_chain == [(f"/groups/{world.maths.pk}/", 302)]
    assert "小组「数学组」仍有 3 名会员，不能归档。" in text(response)
    assert UnionGroup.objects.get(pk=world.maths.pk).archived_at is None


def test_archive_empty_group(world, client_for):
    client = client_for(world.chair)
    client.post(CREATE_URL, {"name": "英语组"})
    group = UnionGroup.objects.get(name="英语组")
    response = client.post(f"/groups/{group.pk}/archive/", follow=True)
    assert response.redirect_chain == [("/unions/school/", 302)]
    assert "小组「英语组」已归档。" in text(response)
    group.refresh_from_db()
    assert group.archived_at is not None
    # An archived group leaves the union page.
    assert "英语组</a>" not in text(client.get("/unions/school/"))


def test_outsider_cannot_archive(world, client_for):
    response = client_for(world.outsider).post(f"/groups/{world.maths.pk}/archive/")
    assert response.status_code == 404
    assert UnionGroup.objects.get(pk=world.maths.pk).archived_at is None
