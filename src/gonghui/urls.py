from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("gonghui.core.urls")),
    path("", include("gonghui.orgs.urls")),
    path("", include("gonghui.members.urls")),
    path("", include("gonghui.finance.urls")),
    path("", include("gonghui.congress.urls")),
    path("", include("gonghui.plans.urls")),
    path("", include("gonghui.care.urls")),
    path("", include("gonghui.activities.urls")),
    path("", include("gonghui.rights.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "gonghui.core.views.permission_denied"
handler404 = "gonghui.core.views.not_found"
