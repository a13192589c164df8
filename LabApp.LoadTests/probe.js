// Installed in every page of a simulated student before the lab's own scripts. Times input events in the page itself:
// performance.now() at each dispatch, and a MutationObserver that notes when the page first shows each event's result.
window.loadTest = {
    // Dispatches an input event on `element` for each of `values` (`gapMs` apart) and resolves with the milliseconds from
    // each dispatch to the first moment `shows(value)` holds for it or for a later value (a later event's result
    // supersedes an earlier one's), or null for those not shown within `timeoutMs`.
    measure(element, values, gapMs, timeoutMs, shows) {
        return new Promise(resolve => {
            const started = [];
            const times = values.map(() => null);
            let shownUpTo = -1;
            let done = false;
            const finish = () => {
                if (done)
                    return;
                done = true;
                observer.disconnect();
                clearTimeout(limit);
                resolve(times);
            };
            const check = () => {
                for (let i = started.length - 1; i > shownUpTo; i--) {
                    if (!shows(values[i]))
                        continue;
                    const now = performance.now();
                    for (let j = shownUpTo + 1; j <= i; j++)
                        times[j] = now - started[j];
                    shownUpTo = i;
                    break;
                }
                if (shownUpTo === values.length - 1)
                    finish();
            };
            const observer = new MutationObserver(check);
            observer.observe(document.body, { subtree: true, childList: true, characterData: true });
            const limit = setTimeout(finish, timeoutMs);
            const dispatch = i => {
                if (done)
                    return;
                element.value = values[i];
                started.push(performance.now());
                element.dispatchEvent(new Event("input", { bubbles: true }));
                if (i + 1 < values.length)
                    setTimeout(() => dispatch(i + 1), gapMs);
                else
                    element.dispatchEvent(new Event("change", { bubbles: true }));
            };
            dispatch(0);
        });
    },

    // What each page shows for a value, read the way a student reads it.
    headingIs: text => [...document.querySelectorAll("h6")].some(h => h.textContent.trim() === text),
    headingEndsWithNumber: (prefix, number) => [...document.querySelectorAll("h6")].some(h => {
        const text = h.textContent.trim();
        const at = text.lastIndexOf(prefix);
        return at >= 0 && text.slice(at + prefix.length).replace(/\D/g, "") === String(number);
    }),
    textContains: (selector, text) => [...document.querySelectorAll(selector)].some(e => e.textContent.includes(text)),
    chartTickIs: text => [...document.querySelectorAll(".figure-chart g.xtick text")].some(t => t.textContent === text),
};

// Blazor's reconnect UI tells the test of every lost connection, even across the reload a rejected circuit causes.
document.addEventListener("components-reconnect-state-changed", e => window.loadTestReconnect?.(e.detail?.state ?? "unknown"), true);
