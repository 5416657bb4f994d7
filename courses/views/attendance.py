"""(being written: placeholder views so the URLconf loads)"""

from django.http import Http404


def sheet(request, **kwargs):
    raise Http404


def all_present(request, **kwargs):
    raise Http404


def export(request, **kwargs):
    raise Http404


def signin_sheet(request, **kwargs):
    raise Http404


def checkin_screen(request, **kwargs):
    raise Http404


def checkin_code(request, **kwargs):
    raise Http404
