from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("", views.NoticeListView.as_view(), name="notice_list"),
    path("add/", views.NoticeEditView.as_view(), name="notice_add"),
    path("<int:pk>/", views.NoticeDetailView.as_view(), name="notice"),
    path("<int:pk>/edit/", views.NoticeEditView.as_view(), name="notice_edit"),
    path("<int:pk>/delete/", views.NoticeDeleteView.as_view(), name="notice_delete"),
    path("<int:pk>/send/", views.NoticeSendView.as_view(), name="notice_send"),
    path("<int:pk>/remind/", views.NoticeRemindView.as_view(), name="notice_remind"),
    path("<int:pk>/add-schools/", views.NoticeAddSchoolsView.as_view(), name="notice_add_schools"),
    path("<int:pk>/receipts/", views.NoticeReceiptListView.as_view(), name="notice_receipts"),
    path("<int:pk>/replies.zip", views.RepliesZipView.as_view(), name="notice_replies_zip"),
    path("<int:pk>/attachments/<int:attachment>/", views.NoticeAttachmentView.as_view(), name="notice_attachment"),
    path("inbox/", views.InboxView.as_view(), name="inbox"),
    path("receipts/", views.ReceiptListView.as_view(), name="receipt_list"),
    path("receipts/<int:pk>/", views.ReceiptDetailView.as_view(), name="receipt"),
    path("receipts/<int:pk>/acknowledge/", views.AcknowledgeView.as_view(), name="receipt_acknowledge"),
    path("receipts/<int:pk>/reply/", views.ReplyView.as_view(), name="receipt_reply"),
    path("receipts/<int:pk>/accept/", views.AcceptView.as_view(), name="receipt_accept"),
    path("receipts/<int:pk>/reopen/", views.ReopenView.as_view(), name="receipt_reopen"),
    path("reply-attachments/<int:pk>/", views.ReplyAttachmentView.as_view(), name="reply_attachment"),
]
