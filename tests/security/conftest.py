"""Fixtures of the access, CSRF, GET-safety and quiz tampering tests (defined in
`access_scene`, so that the test modules of this folder that need none of them stay apart)."""

from tests.security.access_scene import client_for, each_case, scene  # noqa: F401
