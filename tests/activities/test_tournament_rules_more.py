"""Drawn matches in the standings and the scoring checks, without a database."""

from __future__ import annotations

from gonghui.activities import tournament_rules as rules

FOOTBALL = rules.Scoring(win=3, draw=1, loss=0, walkover=0)


def test_a_draw_scores_draw_points_for_both_sides_and_is_counted():
    results = [
        rules.Result("甲", "乙", None, ((1, 1),)),
        rules.Result("甲", "丙", "甲", ((2, 0),)),
        rules.Result("乙", "丙", None, ((0, 0),)),
    ]
    table = rules.standings(["甲", "乙", "丙"], results, FOOTBALL)
    assert [(r.entry, r.won, r.drawn, r.lost, r.score) for r in table] == [
        ("甲", 1, 1, 0, 4),
        ("乙", 0, 2, 0, 2),
        ("丙", 0, 1, 1, 1),
    ]


def test_level_on_points_after_draws_split_by_the_match_between_them():
    # 乙 and 丙 both 3 points (a win and a loss each vs 甲/丁…); 乙 beat 丙
    results = [
        rules.Result("乙", "丙", "乙", ((1, 0),)),
        rules.Result("丙", "丁", "丙", ((2, 0),)),
        rules.Result("甲", "乙", "甲", ((3, 0),)),
        rules.Result("甲", "丙", None, ((1, 1),)),
        rules.Result("甲", "丁", None, ((2, 2),)),
        rules.Result("乙", "丁", None, ((0, 0),)),
    ]
    table = rules.standings(["甲", "乙", "丙", "丁"], results, FOOTBALL)
    assert [r.entry for r in table][:3] == ["甲", "乙", "丙"]
    assert table[1].score == table[2].score == 4
    assert table[1].tie_note == "相互间比赛积分"


def test_scoring_problems_name_the_field():
    assert rules.scoring_problems(2, 1, 1, 0, False) == {}
    assert rules.scoring_problems(2, 1, 3, 0, False) == {
        "loss_points": "负一场的积分不能高于胜一场。"
    }
    assert "walkover_points" in rules.scoring_problems(2, 1, 1, 2, False)
    # a draw outside loss..win only matters where draws are allowed
    assert rules.scoring_problems(3, 5, 0, 0, False) == {}
    assert "draw_points" in rules.scoring_problems(3, 5, 0, 0, True)


def test_free_place_is_the_first_free_table_from_a_slot_on():
    taken = {(3, 0), (3, 1), (4, 0)}
    assert rules.free_place(taken, 2, 3) == (4, 1)
    assert rules.free_place(taken, 2, 0) == (0, 0)
    assert rules.free_place({(0, 0)}, 1, 0) == (1, 0)
