"""Demo content for the reference site, in Vietnamese, written for this project.

Each module holds one step; `seed_demo` runs them in order. Every step is idempotent: it looks
things up by a stable key (a unit code, a username, a slug) and creates only what is missing,
so a second run changes nothing.
"""
