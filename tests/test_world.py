"""The session's world (tests/conftest.py): each test gets its own copy of the objects."""

from gonghui.core import scoping
from gonghui.orgs.models import Union
from tests import conftest


def test_each_test_gets_its_own_copy_of_the_world(world):
    built = conftest._session_world
    assert world.school is not built.school and world.chair is not built.chair
    assert world.members["李主席"] is not built.members["李主席"]
    scoping.grants(world.chair)
    world.school.name = "改名了"
    assert "_gonghui_grants" not in built.chair.__dict__
    assert built.school.name == "第一中学工会"


def test_the_world_is_in_the_database_as_built(world):
    assert Union.objects.get(code="school").name == world.school.name == "第一中学工会"
    assert set(Union.objects.values_list("code", flat=True)) == {"fed", "school", "hospital"}
    assert world.chair.check_password(conftest.PASSWORD)


def test_empty_db_is_a_fresh_site(empty_db):
    assert not Union.objects.exists()
