"""Synthetic load-test data (`manage.py generate_load_data`): course content, learners'
activity and certificates, written in bulk. See the command's docstring."""
