/* The check-in screen: shows a new QR code every CHECKIN_CODE_SECONDS.
 *
 * Counts down the seconds the server said the current code has left, then asks the server
 * (data-code-url, JSON) for the code of the new period: its QR code as SVG, its address, the
 * seconds it lives and how many learners have checked in. Outside the check-in window the
 * server answers 409 with the reason, shown instead of the code; the screen keeps asking, so a
 * screen set up early starts by itself when check-in opens. Without JavaScript the page still
 * shows the code of the moment it was loaded (reload to renew it).
 */
(function () {
    "use strict";

    var root = document.querySelector("[data-checkin-screen]");
    if (!root || !window.fetch) {
        return;
    }
    var codeUrl = root.getAttribute("data-code-url");
    var period = parseInt(root.getAttribute("data-period"), 10) || 30;
    var remaining = parseInt(root.getAttribute("data-expires-in"), 10) || period;
    var open = root.querySelector("[data-open]");
    var closed = root.querySelector("[data-closed]");
    var qr = root.querySelector("[data-qr]");
    var url = root.querySelector("[data-url]");
    var code = root.querySelector("[data-code]");
    var countdown = root.querySelector("[data-countdown]");
    var checkedIn = root.querySelector("[data-checked-in]");
    var busy = false;
    var stopped = false;
    var RETRY_SECONDS = 5;

    function showCount(data) {
        if (checkedIn && typeof data.checked_in === "number") {
            checkedIn.textContent = String(data.checked_in);
        }
    }

    function showCode(data) {
        qr.innerHTML = data.svg; // SVG markup the server built from its own address
        url.textContent = data.url;
        code.textContent = data.code;
        code.setAttribute("data-checkin-url", data.url);
        open.hidden = false;
        closed.hidden = true;
        remaining = data.expires_in;
        if (countdown) {
            countdown.textContent = String(remaining);
        }
    }

    function showClosed(message) {
        closed.textContent = message;
        closed.hidden = false;
        open.hidden = true;
    }

    function refresh() {
        if (busy || stopped) {
            return;
        }
        busy = true;
        fetch(codeUrl, {
            credentials: "same-origin",
            cache: "no-store",
            headers: { Accept: "application/json" },
        })
            .then(function (response) {
                var type = response.headers.get("Content-Type") || "";
                if (type.indexOf("application/json") === -1) {
                    // Logged out (a login page came back): show it.
                    window.location.reload();
                    stopped = true;
                    return null;
                }
                return response.json().then(function (data) {
                    showCount(data);
                    if (response.ok) {
                        showCode(data);
                    } else if (response.status === 409) {
                        showClosed(data.error);
                        remaining = period;
                    } else {
                        showClosed(data.error || "");
                        stopped = true;
                    }
                });
            })
            .catch(function () {
                remaining = RETRY_SECONDS; // keep the code on screen and try again soon
            })
            .then(function () {
                busy = false;
            });
    }

    function tick() {
        if (stopped) {
            return;
        }
        remaining -= 1;
        if (remaining <= 0) {
            remaining = RETRY_SECONDS; // until the answer sets the new code's lifetime
            refresh();
        }
        if (countdown) {
            countdown.textContent = String(Math.max(remaining, 0));
        }
    }

    window.setInterval(tick, 1000);
    document.addEventListener("visibilitychange", function () {
        // A tablet that slept missed its renewals: catch up at once.
        if (document.visibilityState === "visible") {
            refresh();
        }
    });
})();
