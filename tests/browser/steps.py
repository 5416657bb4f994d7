"""Steps shared by the browser journeys."""

from playwright.sync_api import expect

from quizzes.models import Attempt


def log_in(page, username: str, full_name: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "Demo@2026")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("banner")).to_contain_text(full_name)


def answer(page, attempt: Attempt, *, right: bool) -> None:
    """Answer every question of the attempt on the page: all right, or all wrong. The test
    reads the answers from the server's snapshot: the page itself never shows them."""
    for item in attempt.snapshot:
        if item["kind"] == "short_answer":
            page.fill(f"#q-{item['id']}", item["accepted"][0] if right else "không biết")
            continue
        wanted = [c for c in item["choices"] if c["correct"] == right]
        for choice in wanted if item["kind"] == "multiple" else wanted[:1]:
            page.locator(f"input[name][value='{choice['id']}']").check()


def take_quiz(page, learner, course_slug: str, *, right: bool, shot: str, screenshot) -> Attempt:
    page.goto(f"/courses/{course_slug}/bai-kiem-tra/")
    page.locator("form[action*='start'] button[type=submit]").click()
    expect(page.locator("form[data-quiz-form]")).to_be_visible()
    attempt = Attempt.objects.filter(user=learner, status="in_progress").get()
    answer(page, attempt, right=right)
    screenshot(shot)
    page.locator("form[data-quiz-form] button[type=submit]").click()
    expect(page).to_have_url(
        f"{page.url.split('/learning/')[0]}/learning/quizzes/attempts/{attempt.pk}/result/"
    )
    attempt.refresh_from_db()
    return attempt
