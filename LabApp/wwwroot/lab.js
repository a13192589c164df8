// The lab's few browser helpers, called from .NET through IJSRuntime.
window.lab = {
    // Replaces the address without navigating: Blazor keeps its own entry in history.state, so it is carried over.
    // A write still on its way when the student moved to another page belongs to the page left, not to this one.
    replaceUrl: (url) => {
        if (new URL(url, location.href).pathname === location.pathname)
            history.replaceState(history.state, "", url);
    },
    // The workbook's Print: the browser's own dialog, which also saves as PDF.
    print: () => window.print(),
    // True when the text reached the clipboard; false where there is none (plain http, a denied permission).
    copy: async (text) => {
        try {
            await navigator.clipboard.writeText(text);
            return true;
        } catch {
            return false;
        }
    },
};

// A busy browser (an old laptop, thirty tabs starting on one machine) may read the server's pings late: SignalR's
// client gives up on a server silent for 30 s and shows the reconnect dialog. The lab waits twice that, as the server
// waits 60 s for the browser (Extensions.cs).
Blazor.start({
    circuit: {
        configureSignalR: builder => builder.withServerTimeout(60000),
    },
});
