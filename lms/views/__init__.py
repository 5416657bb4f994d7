"""Public views of `lms`: the account pages (`accounts`) and static pages (`pages`).

Views stay thin: they validate a form and call one function of `lms.services`.
"""
