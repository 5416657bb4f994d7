"""(being written: placeholder views so the URLconf loads)"""

from django.http import Http404


def session_ics(request, **kwargs):
    raise Http404


def feed(request, **kwargs):
    raise Http404


def reset_feed(request, **kwargs):
    raise Http404
