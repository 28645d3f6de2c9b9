from django.urls import path

from . import views

app_name = "rights"

urlpatterns = [
    path("unions/<slug:code>/rights/settings/", views.settings_page, name="settings"),
    # --- 集体合同 (views_contracts) ---
    # --- 厂务公开 (views_openness) ---
    # --- 劳动保护 (views_safety) ---
    # --- 劳动争议调解, 女职工 (views_mediation) ---
]
