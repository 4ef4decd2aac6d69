/// The dashboard page: HTML with the styles and the script inlined (see DashboardStyle and
/// DashboardScript), so it is one request and needs no network.
enum DashboardAssets {
    static let page = """
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>activitysmith-mock · devices</title>
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
    <script>\(DashboardScript.js)</script>
    </body>
    </html>
    """
}
