from gonghui.core.admin import register_read_only

from .models import (
    Candidate,
    CheckIn,
    CongressSettings,
    CongressTerm,
    Election,
    Evaluation,
    EvaluationSubject,
    Poll,
    Proposal,
    Representative,
    Sitting,
)

# Ballots, ratings and the voters' marks are deliberately not listed: the admin must not
# become a place to line up who voted with what was voted.
register_read_only(
    CongressSettings,
    CongressTerm,
    Sitting,
    Representative,
    CheckIn,
    Proposal,
    Poll,
    Evaluation,
    EvaluationSubject,
    Election,
    Candidate,
)
