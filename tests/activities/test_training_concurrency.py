"""Two courses of one union issuing their certificates at the same moment: every number
once, in one run (the union row is locked before the year's last number is read). Only
PostgreSQL runs the two truly at once; on SQLite the IMMEDIATE transactions queue them at
BEGIN (tests/activities/test_training_services.py numbers two courses one after another)."""

import threading

import pytest
from django.db import connection

from gonghui.activities import queries_training, services_training
from gonghui.activities.models_training import TrainingCertificate

from .support import signup
from .support_training import DAY, START, attend, make_course
from .test_concurrency import at_once

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]


def test_two_courses_issuing_at_once_never_share_a_number(world, monkeypatch):
    courses = []
    for title, names in (("第一期", ("周会员", "李主席")), ("第二期", ("王委员", "吴老师"))):
        course = make_course(world.school, title=title)
        for name in names:
            signup(world, course, name)
            attend(world, course, name, [1, 2, 3])
        courses.append(course)
    real = queries_training.grid
    both = threading.Barrier(2)

    def both_read_first(*args, **kwargs):
        # both have found their trainees before either takes a number
        found = real(*args, **kwargs)
        both.wait(timeout=10)
        return found

    monkeypatch.setattr(queries_training, "grid", both_read_first)
    after = START + 4 * DAY
    outcomes = at_once(
        {
            c.title: (
                lambda c=c: services_training.training_certificates_issue(
                    actor=world.chair, activity=c, now=after
                )
            )
            for c in courses
        }
    )
    assert all(isinstance(o, list) and len(o) == 2 for o in outcomes.values()), outcomes
    seqs = sorted(TrainingCertificate.objects.values_list("seq", flat=True))
    assert seqs == [1, 2, 3, 4]
