"""URL map of the testimony pages (to be mounted under /testimony/)."""

from django.urls import path

from custodiet.testimony import views

app_name = "testimony"

urlpatterns = [
    path("visits/<int:visit_pk>/interviews/", views.visit_interviews, name="visit_interviews"),
    path("visits/<int:visit_pk>/interviews/record/", views.interview_record, name="interview_record"),
    path("interviews/<int:pk>/", views.interview_detail, name="interview_detail"),
    path("interviews/<int:pk>/identity/", views.identity_reveal, name="identity_reveal"),
    path("interviews/<int:pk>/allegations/add/", views.allegation_record, name="allegation_record"),
    path("interviews/<int:pk>/examinations/add/", views.examination_record, name="examination_record"),
    path("interviews/<int:pk>/consent/add/", views.consent_record, name="consent_record"),
    path("interviews/<int:pk>/reprisal-risks/add/", views.reprisal_flag, name="reprisal_flag"),
    path("risks/<int:pk>/follow-ups/add/", views.follow_up_record, name="follow_up_record"),
    path("risks/<int:pk>/close/", views.reprisal_close, name="reprisal_close"),
    path("follow-ups/<int:pk>/done/", views.follow_up_done, name="follow_up_done"),
    path("at-risk/<str:state_code>/", views.at_risk, name="at_risk"),
    path("aggregates/", views.aggregates, name="aggregates"),
]
