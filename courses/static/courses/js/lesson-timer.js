/* Marks a lesson as complete after the learner has spent its seconds on it.
 *
 * Counts only the seconds the tab is visible, then posts the page's signed token to the
 * completion endpoint with source=time. The server checks the token and its own clock, so
 * this script can only ask, never decide. Without JavaScript the "Mark as complete" button
 * does the same job.
 */
(function () {
    "use strict";

    var root = document.querySelector("[data-lesson-timer]");
    if (!root || !window.fetch) {
        return;
    }
    var needed = parseInt(root.getAttribute("data-seconds"), 10);
    var form = root.querySelector("[data-lesson-complete-form]");
    if (!form || !(needed > 0)) {
        return;
    }
    var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
    var status = root.querySelector("[data-lesson-status]");
    var done = root.querySelector("[data-lesson-done]");
    var visibleSeconds = 0;
    var sent = false;

    function showProgress(percent) {
        var bar = document.querySelector(".lms-lesson-layout__side .lms-progress__bar");
        var text = document.querySelector(".lms-lesson-layout__side .lms-progress__text");
        if (bar && typeof percent === "number") {
            bar.value = percent;
            bar.textContent = percent + "%";
            if (text) {
                text.textContent = text.textContent.replace(/\d+/, String(percent));
            }
        }
    }

    function markDone() {
        form.hidden = true;
        var hint = form.nextElementSibling;
        if (hint && hint.classList.contains("lms-hint")) {
            hint.hidden = true;
        }
        if (done) {
            done.hidden = false;
            if (status) {
                status.textContent = root.getAttribute("data-done-message");
            }
        }
        var current = document.querySelector(".lms-outline [data-current-lesson]");
        if (current) {
            current.classList.add("lms-outline__item--done");
            var marker = current.querySelector(".lms-outline__marker");
            if (marker) {
                marker.textContent = "\u2713";
            }
        }
    }

    function complete() {
        sent = true;
        window.clearInterval(timer);
        var body = new FormData();
        body.append("csrfmiddlewaretoken", csrf ? csrf.value : "");
        body.append("source", "time");
        body.append("token", root.getAttribute("data-token"));
        window
            .fetch(root.getAttribute("data-url"), {
                method: "POST",
                body: body,
                credentials: "same-origin",
                headers: { "X-Requested-With": "XMLHttpRequest" },
            })
            .then(function (response) {
                if (!response.ok) {
                    return null;
                }
                markDone();
                return response.json().then(function (data) {
                    showProgress(data.progress_percent);
                });
            })
            .catch(function () {
                /* Offline or refused: the button still works. */
            });
    }

    var timer = window.setInterval(function () {
        if (sent || document.visibilityState !== "visible") {
            return;
        }
        visibleSeconds += 1;
        if (visibleSeconds >= needed) {
            complete();
        }
    }, 1000);
})();
