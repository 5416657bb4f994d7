"""Structured logs: one JSON object per line, for a log collector to read from stdout.

`JsonFormatter` is used by the production settings (Django, the task worker) and by
site/gunicorn.conf.py (gunicorn's error and access logs), so that every process of the site
writes the same shape of line:

    {"time": "2026-11-26T18:40:00.123+00:00", "level": "ERROR", "logger": "django.request",
     "message": "Internal Server Error: /learning/", "method": "GET", "path": "/learning/",
     "status": 500, "exception": "Traceback (most recent call last): ..."}

Fields beyond the first four are added when the record carries them: the request of
``django.request`` and ``django.security`` records (method, path, status), gunicorn's access
atoms (method, path, status, duration, remote address, user agent), the process id, and the
exception with its traceback. No request body, query string, cookie or header other than the
user agent is written: logs must hold no personal data beyond what an access log needs.

Only the standard library is imported here: gunicorn reads this module before Django is set up.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

# gunicorn's access atoms (gunicorn.glogging.Logger.atoms) and the fields they become.
_ACCESS_ATOMS = {
    "m": "method",
    "U": "path",
    "s": "status",
    "B": "bytes",
    "M": "duration_ms",
    "h": "remote_addr",
    "a": "user_agent",
}


class JsonFormatter(logging.Formatter):
    """Format a log record as one line of JSON (UTF-8 text, never split across lines)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
        }
        access = record.name == "gunicorn.access" and isinstance(record.args, dict)
        if access:
            entry["message"] = "request"
            entry.update(self._access_fields(record.args))
        else:
            entry["message"] = record.getMessage()
            entry.update(self._request_fields(record))
        entry["pid"] = record.process
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)

    @staticmethod
    def _request_fields(record: logging.LogRecord) -> dict[str, Any]:
        """Method, path and status of the request a Django record is about (django.request
        logs every 4xx and 5xx response with `request` and `status_code` attached)."""
        fields: dict[str, Any] = {}
        request = getattr(record, "request", None)
        method = getattr(request, "method", None)
        if method is not None:
            fields["method"] = method
            fields["path"] = getattr(request, "path", "")
        status = getattr(record, "status_code", None)
        if status is not None:
            fields["status"] = status
        return fields

    @staticmethod
    def _access_fields(atoms: dict[str, Any]) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        for atom, name in _ACCESS_ATOMS.items():
            value = atoms.get(atom)
            if value in (None, "-"):
                continue
            if name in ("status", "bytes", "duration_ms"):
                try:
                    value = int(value)
                except (TypeError, ValueError):
                    pass
            fields[name] = value
        return fields
