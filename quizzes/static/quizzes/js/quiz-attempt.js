/* An attempt in progress: autosaves the answers and counts down the time left.
 *
 * Answers are posted to the save endpoint (the form's own fields, CSRF token included) when
 * they change and every 20 seconds while something is unsaved, and once more when the page
 * is left. The time left comes from the server's deadline: the page renders it, each save
 * reply corrects it. When it runs out the form is submitted. The server grades and keeps
 * its own clock (with a short grace), so this script can only help, never decide. Without
 * JavaScript the "Submit answers" button does the same job.
 */
(function () {
    "use strict";

    var form = document.querySelector("[data-quiz-form]");
    if (!form || !window.fetch || !window.FormData) {
        return;
    }
    var saveUrl = form.getAttribute("data-save-url");
    var bar = document.querySelector("[data-quiz-bar]");
    var status = document.querySelector("[data-quiz-status]");
    var clock = document.querySelector("[data-quiz-clock]");
    var AUTOSAVE_MS = 20000;
    var TYPING_MS = 1500;
    var WARNING_SECONDS = 60;

    var dirty = false;
    var saving = false;
    var again = false;
    var submitting = false;
    var warned = false;
    var typingTimer = null;
    var deadline = null;

    function message(name) {
        return form.getAttribute("data-" + name + "-message") || "";
    }

    function say(text, isError) {
        if (!status) {
            return;
        }
        status.textContent = text;
        status.classList.toggle("lms-take__saved--error", Boolean(isError));
    }

    function timeOfDay() {
        var now = new Date();
        var minutes = String(now.getMinutes()).padStart(2, "0");
        return now.getHours() + ":" + minutes;
    }

    function setRemaining(seconds) {
        if (typeof seconds === "number" && clock) {
            deadline = Date.now() + seconds * 1000;
        }
    }

    function save() {
        if (submitting) {
            return;
        }
        if (saving) {
            again = true;
            return;
        }
        saving = true;
        dirty = false;
        say(message("saving"));
        window
            .fetch(saveUrl, {
                method: "POST",
                body: new FormData(form),
                credentials: "same-origin",
                headers: { "X-Requested-With": "XMLHttpRequest" },
            })
            .then(function (response) {
                return response.json().then(function (data) {
                    return { ok: response.ok, status: response.status, data: data };
                });
            })
            .then(function (reply) {
                if (reply.status === 409 && reply.data.result_url) {
                    submitting = true;
                    window.location.assign(reply.data.result_url);
                    return;
                }
                if (!reply.ok) {
                    dirty = true;
                    say(reply.data.error || message("error"), true);
                    return;
                }
                setRemaining(reply.data.remaining_seconds);
                if (reply.data.saved === false) {
                    say(reply.data.error || message("error"), true);  // the time is up
                    return;
                }
                say(message("saved") + " " + timeOfDay());
            })
            .catch(function () {
                dirty = true;
                say(message("error"), true);
            })
            .then(function () {
                saving = false;
                if (again) {
                    again = false;
                    save();
                }
            });
    }

    form.addEventListener("change", function () {
        dirty = true;
        window.clearTimeout(typingTimer);
        save();
    });

    form.addEventListener("input", function (event) {
        if (event.target.type !== "text") {
            return;
        }
        dirty = true;
        window.clearTimeout(typingTimer);
        typingTimer = window.setTimeout(save, TYPING_MS);
    });

    form.addEventListener("submit", function () {
        submitting = true;
        var button = form.querySelector("button[type=submit]");
        if (button) {
            // One click, one submission (the server grades once anyway).
            window.setTimeout(function () {
                button.disabled = true;
            }, 0);
        }
    });

    window.setInterval(function () {
        if (dirty) {
            save();
        }
    }, AUTOSAVE_MS);

    // Leaving the page (closing the tab, a lost battery warning): send what is unsaved.
    window.addEventListener("pagehide", function () {
        if (dirty && !submitting && navigator.sendBeacon) {
            navigator.sendBeacon(saveUrl, new FormData(form));
        }
    });

    function format(seconds) {
        var hours = Math.floor(seconds / 3600);
        var minutes = Math.floor((seconds % 3600) / 60);
        var rest = seconds % 60;
        var mm = String(minutes).padStart(2, "0");
        var ss = String(rest).padStart(2, "0");
        return hours ? hours + ":" + mm + ":" + ss : mm + ":" + ss;
    }

    function tick() {
        var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
        clock.textContent = format(left);
        if (left <= WARNING_SECONDS && !warned) {
            warned = true;
            if (bar) {
                bar.classList.add("lms-take__bar--warning");
            }
            if (left > 0) {
                say(message("warning"));
            }
        }
        if (left <= 0 && !submitting) {
            submitting = true;
            say(message("time-up"));
            form.submit();
        }
    }

    var remaining = form.getAttribute("data-remaining");
    if (clock && remaining !== null) {
        setRemaining(parseInt(remaining, 10));
        tick();
        window.setInterval(tick, 1000);
    }
})();
