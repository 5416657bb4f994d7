"""Public verification and the learner's downloads; mount with
``path("certificates/", include("certificates.urls"))`` before Wagtail's catch-all (the
verification URL printed on PDFs is `CERTIFICATES_VERIFY_PATH`, ``/certificates/verify/{code}/``).
"""

from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("verify/", views.verify_upload, name="verify_upload"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("<int:pk>/download/", views.download, name="download"),
]
