from django.urls import path

from . import views

app_name = "pledges"

urlpatterns = [
    path("campaigns/", views.CampaignListView.as_view(), name="campaign_list"),
    path("campaigns/add/", views.CampaignAddView.as_view(), name="campaign_add"),
    path("campaigns/<int:pk>/", views.CampaignDetailView.as_view(), name="campaign"),
    path("", views.PledgeListView.as_view(), name="pledge_list"),
    path("<int:pk>/", views.PledgeDetailView.as_view(), name="pledge"),
    path("<int:pk>/sign/", views.PledgeSignView.as_view(), name="pledge_sign"),
    path("<int:pk>/return/", views.PledgeReturnView.as_view(), name="pledge_return"),
    path("<int:pk>/scan/", views.PledgeScanView.as_view(), name="pledge_scan"),
    path("meetings/", views.MeetingListView.as_view(), name="meeting_list"),
    path("meetings/add/", views.MeetingEditView.as_view(), name="meeting_add"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting"),
    path("meetings/<int:pk>/edit/", views.MeetingEditView.as_view(), name="meeting_edit"),
    path("meetings/<int:pk>/delete/", views.MeetingDeleteView.as_view(), name="meeting_delete"),
    path("meetings/<int:pk>/minutes/", views.MeetingMinutesView.as_view(), name="meeting_minutes"),
    path("meetings/<int:pk>/decisions/add/", views.DecisionAddView.as_view(), name="decision_add"),
    path("decisions/", views.DecisionListView.as_view(), name="decision_list"),
    path("decisions/<int:pk>/done/", views.DecisionDoneView.as_view(), name="decision_done"),
    path("decisions/<int:pk>/reopen/", views.DecisionReopenView.as_view(), name="decision_reopen"),
]
