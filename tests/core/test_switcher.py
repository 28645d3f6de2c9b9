"""The navbar's union switcher stays small however many unions a federation reaches."""

from gonghui.core import queries


def codes(response):
    return [u.code for u in response.context["switchable_unions"]]


def test_switcher_lists_every_union_in_a_small_reach(world, client_for):
    response = client_for(world.fed_admin).get("/unions/school/")
    assert codes(response) == ["fed", "school", "hospital"]
    assert not response.context["switcher_more"]


def test_a_large_reach_shows_the_neighbourhood_and_a_way_to_the_rest(
    world, client_for, monkeypatch
):
    monkeypatch.setattr(queries, "SWITCHER_LIMIT", 2)
    client = client_for(world.fed_admin)
    response = client.get("/unions/school/")
    # The grant's root and the current union with its ancestors; the sibling is not listed.
    assert codes(response) == ["fed", "school"]
    assert response.context["switcher_more"]
    assert "其他工会" in response.content.decode()
    assert client.post("/switch/", {"union": ""}).url == "/unions/"
