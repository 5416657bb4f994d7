"""(being written: placeholder views so the URLconf loads)"""

from django.http import Http404


def register(request, **kwargs):
    raise Http404


def cancel(request, **kwargs):
    raise Http404


def check_in(request, **kwargs):
    raise Http404
