"""URLs and form data of the learner's quiz pages, for the tests."""

from django.urls import reverse


def start_url(quiz) -> str:
    return reverse("quizzes:start", args=[quiz.pk])


def take_url(attempt) -> str:
    return reverse("quizzes:take", args=[attempt.pk])


def save_url(attempt) -> str:
    return reverse("quizzes:save", args=[attempt.pk])


def submit_url(attempt) -> str:
    return reverse("quizzes:submit", args=[attempt.pk])


def result_url(attempt) -> str:
    return reverse("quizzes:result", args=[attempt.pk])


def form_data(attempt, right: int | None = None) -> dict[str, list[str]]:
    """The take page's form as a browser posts it: every question answered, the first `right`
    correctly (all when None), the others wrongly."""
    data: dict[str, list[str]] = {}
    for i, item in enumerate(attempt.snapshot):
        good = right is None or i < right
        if item["kind"] == "short_answer":
            data[f"q-{item['id']}"] = [item["accepted"][0] if good else "sai"]
            continue
        wanted = [c["id"] for c in item["choices"] if c["correct"] == good]
        if item["kind"] != "multiple" or not good:
            wanted = wanted[:1]
        data[f"q-{item['id']}"] = ["", *map(str, wanted)]
    return data


def answers(attempt, right: int | None = None) -> dict[str, list]:
    """The answers of `form_data()` as the services take them."""
    return {
        key.removeprefix("q-"): [value for value in values if value]
        for key, values in form_data(attempt, right).items()
    }
