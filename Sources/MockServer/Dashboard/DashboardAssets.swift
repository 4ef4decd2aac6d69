import APIModel

/// The dashboard page: HTML with the styles and the script inlined, so it is one request and
/// needs no network. The three are files of their own in `Resources/`, edited as what they are.
enum DashboardAssets {
    /// Where the page served gets the state of that moment (`<script type="application/json">`).
    static let initialStateMarker = "{{state}}"

    /// The tab's icon (a phone with a Live Activity), served at `/favicon.ico` so a browser's
    /// automatic request finds something instead of a 404.
    static let favicon = Array(
        """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect x="7" y="2" width="18" height="28" rx="4" fill="#1c1c1e"/>\
        <rect x="9" y="12" width="14" height="6" rx="2" fill="#30d158"/></svg>
        """.utf8)

    /// The page (`Resources/dashboard.html`) with its styles (`dashboard.css`) and script
    /// (`dashboard.js`) inlined: compiled into the binary as bytes, put together once.
    static let page: String = String(decoding: PackageResources.dashboard_html, as: UTF8.self)
        .replacing("{{style}}", with: String(decoding: PackageResources.dashboard_css, as: UTF8.self))
        .replacing("{{script}}", with: String(decoding: PackageResources.dashboard_js, as: UTF8.self))

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
