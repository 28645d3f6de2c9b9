from .views import evaluation, polls, proposals, sittings, terms

app_name = "congress"

urlpatterns = [
    *terms.urlpatterns,
    *sittings.urlpatterns,
    *proposals.urlpatterns,
    *polls.urlpatterns,
    *evaluation.urlpatterns,
]
