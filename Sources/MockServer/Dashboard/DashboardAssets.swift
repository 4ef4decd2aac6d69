import APIModel

/// The dashboard page: HTML with the styles and the script inlined (see DashboardStyle and
/// DashboardScript), so it is one request and needs no network.
enum DashboardAssets {
    /// Where the page served gets the state of that moment (`<script type="application/json">`).
    static let initialStateMarker = "<!--initial-state-->"

    /// The tab's icon (a phone with a Live Activity), served at `/favicon.ico` so a browser's
    /// automatic request finds something instead of a 404.
    static let favicon = Array(
        """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect x="7" y="2" width="18" height="28" rx="4" fill="#1c1c1e"/>\
        <rect x="9" y="12" width="14" height="6" rx="2" fill="#30d158"/></svg>
        """.utf8)

    static let page = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>activitysmith-mock · devices</title>
        <link rel="icon" href="/favicon.ico" type="image/svg+xml">
        <style>\(DashboardStyle.css)</style>
        </head>
        <body>
        <header class="top">
          <h1>activitysmith-mock</h1>
          <span id="status" class="status">connecting…</span>
          <span id="clock" class="clock"></span>
        </header>
        <main>
          <section id="devices" class="devices" aria-label="Simulated devices"></section>
          <aside class="side">
            <section><h2>Push notifications</h2><ol id="notifications" class="notifications"></ol></section>
            <section><h2>Widget metrics</h2><dl id="metrics" class="metrics"></dl></section>
          </aside>
        </main>
        <section id="timeline" class="timeline" hidden>
          <header><h2 id="timeline-title">Timeline</h2><button id="timeline-close" type="button">Close</button></header>
          <ol id="timeline-updates"></ol>
        </section>
        \(initialStateMarker)<script>\(DashboardScript.js)</script>
        </body>
        </html>
        """

    /// The page with `state` inlined at the marker. `</` is written `<\/` (the same JSON) so no
    /// string in the state can close the script element.
    static func page(state: JSONValue) -> [UInt8] {
        var out = Array(pageHead.utf8)
        out.append(contentsOf: #"<script id="initial-state" type="application/json">"#.utf8)
        out.append(contentsOf: JSONWriter.string(state).replacing("</", with: #"<\/"#).utf8)
        out.append(contentsOf: "</script>".utf8)
        out.append(contentsOf: pageTail.utf8)
        return out
    }

    private static let pageParts = page.split(separator: initialStateMarker, omittingEmptySubsequences: false)
    private static let pageHead = String(pageParts[0])
    private static let pageTail = String(pageParts[1])
}
