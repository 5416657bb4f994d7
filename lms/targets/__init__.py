"""Training targets and how units stand against them (`models`, `progress`). The models are
imported by `lms.models`."""
