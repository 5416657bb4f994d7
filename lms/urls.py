from django.urls import path

app_name = "lms"

urlpatterns: list = [
    # accounts views are added by the accounts work (see lms/views/)
]
