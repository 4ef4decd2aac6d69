/// The dashboard's styles: phone-like lock screens in a responsive grid.
enum DashboardStyle {
    static let css = """
        :root { --bg:#0f1115; --panel:#171a21; --text:#e8eaf0; --muted:#8b93a7; --line:#262b36;
          --lime:#a3e635; --green:#22c55e; --cyan:#06b6d4; --blue:#3b82f6; --purple:#a855f7; --magenta:#d946ef;
          --red:#ef4444; --orange:#f97316; --yellow:#eab308; --gray:#9ca3af; }
        * { box-sizing:border-box; }
        body { margin:0; font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif; background:var(--bg); color:var(--text); }
        .top { display:flex; gap:12px; align-items:baseline; padding:12px 16px; border-bottom:1px solid var(--line); flex-wrap:wrap; }
        .top h1 { font-size:17px; margin:0; }
        .status { color:var(--muted); } .status.live { color:var(--green); }
        .clock { margin-left:auto; color:var(--muted); font-variant-numeric:tabular-nums; }
        main { display:grid; grid-template-columns:1fr 320px; gap:16px; padding:16px; }
        @media (max-width: 820px) { main { grid-template-columns:1fr; padding:8px; } }
        .devices { display:grid; grid-template-columns:repeat(auto-fill,minmax(290px,1fr)); gap:16px; align-content:start; }
        .phone { background:linear-gradient(180deg,#1d2330,#11151d); border:1px solid var(--line); border-radius:28px; padding:14px; min-height:360px; }
        .phone header { display:flex; justify-content:space-between; align-items:center; margin-bottom:8px; }
        .phone .name { font-weight:600; } .phone .meta { color:var(--muted); font-size:12px; }
        .app-badge { background:var(--red); color:white; border-radius:10px; padding:0 7px; font-size:12px; font-weight:600; }
        .app-badge.zero { background:#333a48; color:var(--muted); }
        .offline { opacity:.55; }
        .activity { background:rgba(255,255,255,.06); border-radius:18px; padding:12px; margin:10px 0; border-left:4px solid var(--accent,var(--blue)); }
        .activity.ended { opacity:.6; }
        .activity .title { font-weight:600; cursor:pointer; } .activity .subtitle { color:var(--muted); font-size:12px; }
        .activity .row { display:flex; justify-content:space-between; align-items:center; gap:8px; }
        .kind { font-size:11px; color:var(--muted); text-transform:uppercase; letter-spacing:.04em; }
        .segments { display:flex; gap:4px; margin:8px 0 2px; }
        .segment { flex:1; height:8px; border-radius:4px; background:#333a48; }
        .segment.filled { background:var(--seg,var(--accent,var(--blue))); }
        .bar { height:8px; background:#333a48; border-radius:4px; overflow:hidden; margin:6px 0; }
        .bar > span { display:block; height:100%; background:var(--accent,var(--blue)); }
        .metric-row { display:grid; grid-template-columns:70px 1fr auto; gap:8px; align-items:center; font-size:12px; }
        .stats { display:grid; grid-template-columns:repeat(4,1fr); gap:6px; margin-top:6px; }
        .stat { background:rgba(255,255,255,.05); border-radius:8px; padding:4px 6px; }
        .stat .label { color:var(--muted); font-size:11px; } .stat .value { font-weight:600; }
        .message { margin:6px 0; } .icon { color:var(--accent); font-size:12px; }
        .pill { display:inline-block; border-radius:8px; padding:0 6px; font-size:11px; background:var(--accent,var(--gray)); color:#0b0d12; font-weight:600; }
        .readout { font-size:28px; font-weight:700; font-variant-numeric:tabular-nums; margin:4px 0; }
        .actions { display:flex; gap:6px; flex-wrap:wrap; margin-top:8px; }
        .actions span { border:1px solid var(--line); border-radius:8px; padding:2px 8px; font-size:12px; }
        .pending { margin-top:8px; color:var(--yellow); font-size:12px; display:flex; gap:8px; align-items:center; }
        button { background:#2b3345; color:var(--text); border:1px solid var(--line); border-radius:8px; padding:3px 8px; cursor:pointer; }
        .device-notes { list-style:none; padding:0; margin:8px 0 0; }
        .device-notes li, .notifications li { background:rgba(255,255,255,.06); border-radius:12px; padding:8px 10px; margin:6px 0; }
        .side h2 { font-size:14px; margin:4px 0 8px; }
        .notifications { list-style:none; padding:0; margin:0; }
        .level { font-size:11px; color:var(--muted); }
        .metrics { display:grid; grid-template-columns:1fr auto; gap:4px 12px; margin:0; }
        .metrics dd { margin:0; font-weight:600; }
        .empty { color:var(--muted); font-size:12px; }
        .timeline { position:fixed; inset:5% 5% auto 5%; max-height:90%; overflow:auto; background:var(--panel);
          border:1px solid var(--line); border-radius:16px; padding:12px 16px; box-shadow:0 20px 60px rgba(0,0,0,.5); }
        .timeline header { display:flex; justify-content:space-between; align-items:center; }
        .timeline pre { white-space:pre-wrap; word-break:break-word; background:#0b0d12; padding:8px; border-radius:8px; font-size:12px; }
        """
}
