"""Demo personal-data requests: one learner has asked for their data to be erased, so that the
site administrator finds a request waiting under Organisation → Erasure requests."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from lms.models import ErasureRequest
from lms.privacy.services import request_erasure

REQUESTER = "hocvien07"
REASON = "Tôi đã nghỉ hưu từ tháng 11, không còn tham gia chương trình bồi dưỡng của tỉnh."


def seed_privacy_requests() -> None:
    """The demo erasure request, once (a decided or pending request is left as it is)."""
    user = get_user_model().objects.filter(username=REQUESTER).first()
    if user is None or ErasureRequest.objects.filter(user=user).exists():
        return
    request_erasure(user=user, reason=REASON)
