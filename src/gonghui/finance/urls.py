from .views import aid, budget, dues, home, review, rules, statements, vouchers

app_name = "finance"

urlpatterns = [
    *home.urlpatterns,
    *dues.urlpatterns,
    *vouchers.urlpatterns,
    *rules.urlpatterns,
    *budget.urlpatterns,
    *review.urlpatterns,
    *statements.urlpatterns,
    *aid.urlpatterns,
]
