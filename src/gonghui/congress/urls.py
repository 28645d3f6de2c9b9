from .views import elections, evaluation, polls, proposals, sittings, terms
from .views import papers as papers_views

app_name = "congress"

urlpatterns = [
    *terms.urlpatterns,
    *sittings.urlpatterns,
    *proposals.urlpatterns,
    *polls.urlpatterns,
    *evaluation.urlpatterns,
    *elections.urlpatterns,
    *papers_views.urlpatterns,
]
