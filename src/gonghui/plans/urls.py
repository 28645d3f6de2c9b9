from .views import importing, items, plan

app_name = "plans"

urlpatterns = [*importing.urlpatterns, *plan.urlpatterns, *items.urlpatterns]
