(() => {
  const params = new URLSearchParams(location.search);
  const token = params.get('access_token') || params.get('token');
  const q = token ? '?access_token=' + encodeURIComponent(token) : '';
  const headers = token ? { Authorization: 'Bearer ' + token } : {};
  const $ = (sel) => document.querySelector(sel);
  const COLORS = new Set(['lime','green','cyan','blue','purple','magenta','red','orange','yellow','gray']);
  const accent = (c) => COLORS.has(c) ? `var(--${c})` : null;
  let state = { devices: [], notifications: [], metrics: [] };
  let skew = 0;
  const now = () => Date.now() + skew;

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) e.setAttribute(k, v);
    for (const c of children) {
      if (c === '' || c === null || c === undefined) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }
  const fmt = (v) => typeof v === 'number'
    ? (Number.isInteger(v) ? String(v) : v.toFixed(2).replace(/0+$/, '').replace(/\.$/, ''))
    : String(v ?? '');
  const clock = (seconds) => {
    seconds = Math.max(0, Math.floor(seconds));
    const h = Math.floor(seconds / 3600), m = Math.floor(seconds % 3600 / 60), s = seconds % 60;
    const p = (n) => String(n).padStart(2, '0');
    return (h ? h + ':' + p(m) : String(m)) + ':' + p(s);
  };

  const bodies = {
    segmented_progress(cs) {
      const n = Math.max(1, cs.number_of_steps || 1), cur = cs.current_step || 0;
      const segs = el('div', { class: 'segments', 'data-steps': n, 'data-current': cur });
      for (let i = 1; i <= n; i++) {
        const seg = el('span', { class: 'segment' + (i <= cur ? ' filled' : '') + (i === cur ? ' current' : '') });
        const color = i === cur && cs.step_color ? cs.step_color : (cs.step_colors || [])[i - 1];
        if (i <= cur && accent(color)) seg.style.setProperty('--seg', accent(color));
        segs.append(seg);
      }
      return el('div', {}, segs, el('div', { class: 'meta step-text' }, `Step ${cur} of ${n}`));
    },
    progress(cs) {
      const byPercent = typeof cs.percentage === 'number';
      const pct = byPercent ? cs.percentage : (cs.upper_limit ? cs.value / cs.upper_limit * 100 : 0);
      const text = byPercent ? fmt(cs.percentage) + '%' : `${fmt(cs.value)} / ${fmt(cs.upper_limit)}`;
      return el('div', {}, el('div', { class: 'bar' }, el('span', { style: `width:${Math.max(0, Math.min(100, pct))}%` })),
        el('div', { class: 'progress-text' }, text));
    },
    metrics(cs) {
      const items = cs.metrics || [];
      const max = Math.max(100, ...items.map((m) => typeof m.value === 'number' ? m.value : 0));
      return el('div', { class: 'metric-list' }, ...items.map((m) => {
        const width = typeof m.value === 'number' ? Math.min(100, m.value / (m.unit === '%' ? 100 : max) * 100) : 100;
        const c = accent(m.color);
        const bar = el('div', { class: 'bar' }, el('span', { style: `width:${width}%` + (c ? `;background:${c}` : '') }));
        return el('div', { class: 'metric-row' }, el('span', { class: 'label' }, m.label), bar,
          el('span', { class: 'value' }, fmt(m.value) + (m.unit || '')));
      }));
    },
    stats(cs) {
      return el('div', { class: 'stats' }, ...(cs.metrics || []).slice(0, 8).map((m) => el('div', { class: 'stat' },
        el('div', { class: 'label' }, m.label), el('div', { class: 'value' }, fmt(m.value) + (m.unit || '')))));
    },
    alert(cs) {
      return el('div', {}, cs.icon ? el('div', { class: 'icon' }, '◉ ' + cs.icon.symbol) : '', el('div', { class: 'message' }, cs.message || ''));
    },
    timer(cs, a) {
      // The window every device received: a countdown to ends_at, or a stopwatch from started_at.
      const w = a.timer || { started_at: a.created_at, ends_at: null, paused_at: a.ended_at };
      return el('div', { class: 'readout timer-readout', 'data-started': w.started_at, 'data-ends': w.ends_at || '',
        'data-paused-at': w.paused_at || '', 'data-running': w.paused_at ? '0' : '1' }, '0:00');
    },
    value(cs) {
      return el('div', { class: 'readout value-readout' }, typeof cs.value === 'number' ? fmt(cs.value) : String(cs.value ?? ''));
    },
  };

  function activityCard(d, a) {
    const cs = a.content_state || {};
    const card = el('div', { class: 'activity ' + a.status, 'data-activity-id': a.id, 'data-type': a.type, 'data-status': a.status });
    if (accent(cs.color)) card.style.setProperty('--accent', accent(cs.color));
    const title = el('div', { class: 'title', title: 'Show the timeline' }, cs.title || '');
    title.addEventListener('click', () => showTimeline(a.id));
    card.append(el('div', { class: 'row' }, title, el('span', { class: 'kind' }, a.type.replace('_', ' ') + (a.stream_key ? ' · ' + a.stream_key : ''))));
    if (cs.subtitle) card.append(el('div', { class: 'subtitle' }, cs.subtitle));
    // A device draws what it received: nothing yet while even the start waits for its token.
    if (!a.content_state) card.append(el('div', { class: 'subtitle not-received' }, 'nothing received yet'));
    else if (bodies[a.type]) card.append(bodies[a.type](cs, a));
    if (cs.icon && a.type !== 'alert') card.append(el('div', { class: 'icon' }, '◉ ' + cs.icon.symbol));
    if (cs.badge) card.append(el('span', { class: 'pill', style: accent(cs.badge.color) ? `background:${accent(cs.badge.color)}` : null }, cs.badge.title));
    // The buttons as the phone draws them; pressing one is a tap (POST /_mock/taps).
    const buttons = [['action', a.action], ['secondary_action', a.secondary_action]].filter(([, b]) => b);
    if (buttons.length) card.append(el('div', { class: 'actions' }, ...buttons.map(([name, b]) =>
      tapButton(d, b, { activity_id: a.id, button: name }))));
    card.append(...tapOutcome(d, (t) => t.activity_id === a.id, 'activity:' + a.id));
    if (a.status === 'ended') card.append(el('div', { class: 'ended-note', 'data-dismiss-at': a.dismiss_at || '' }, 'Ended'));
    if (a.token_state === 'pending' && (a.status === 'active' || a.queued > 0)) {
      const button = el('button', { type: 'button', class: 'register' }, 'Register token');
      button.addEventListener('click', () => register(d.id, a.id, button));
      card.append(el('div', { class: 'pending', 'data-queued': a.queued },
        a.queued ? `${a.queued} update${a.queued === 1 ? '' : 's'} pending · token not registered` : 'token not registered yet', button));
    }
    if (a.stream_key && (a.stream_paused || a.status === 'active')) {
      const verb = a.stream_paused ? 'resume' : 'pause';
      const button = el('button', { type: 'button', class: 'stream-' + verb }, a.stream_paused ? 'Resume stream' : 'Pause stream');
      button.addEventListener('click', () => streamControl(d.account, a.stream_key, verb, button));
      card.append(el('div', { class: 'stream-control' }, a.stream_paused ? 'stream paused ' : '', button));
    }
    return card;
  }

  // A notification; on a phone (`d`), with its actions and its redirection as buttons to tap.
  function notification(n, d) {
    const p = n.payload || {};
    const item = el('li', { class: 'notification', 'data-notification-id': n.id, 'data-revision': n.revision },
      el('div', { class: 'row' }, el('strong', { class: 'note-title' }, p.title || ''), ' ',
        el('span', { class: 'level', title: 'interruption level' }, (p.interruption_level || 'active') + (n.revision > 1 ? ` · replaced ×${n.revision - 1}` : ''))),
      p.subtitle ? el('div', { class: 'subtitle' }, p.subtitle) : '', p.message ? el('div', { class: 'note-message' }, p.message) : '');
    if (!d) return item;
    const buttons = (p.actions || []).map((b, i) => tapButton(d, b, { notification_id: n.id, action_index: i }));
    if (p.redirection) buttons.unshift(tapButton(d, { title: 'Open', type: 'open_url', url: p.redirection }, { notification_id: n.id }, 'open'));
    if (buttons.length) item.append(el('div', { class: 'actions' }, ...buttons));
    item.append(...tapOutcome(d, (t) => t.notification_id === n.id, 'notification:' + n.id));
    return item;
  }

  // Refusals of a tap (4xx) are shown beside the thing tapped until the next tap of it.
  const tapErrors = new Map();

  function tapButton(d, b, target, extraClass) {
    const button = el('button', { type: 'button', class: 'tap' + (extraClass ? ' ' + extraClass : ''), 'data-kind': b.type,
      title: `${b.type === 'webhook' ? (b.method || 'POST') + ' ' : 'open '}${b.url}` }, b.title);
    button.addEventListener('click', () => tap(Object.assign({ device_id: d.id }, target), button));
    return button;
  }

  // The newest tap of this thing on this phone, and what came of it (updated live as the delivery ends).
  function tapOutcome(d, matches, key) {
    const error = tapErrors.get(d.id + '|' + key);
    if (error) return [el('div', { class: 'tap-outcome', 'data-state': 'refused' }, error)];
    const t = (d.taps || []).find(matches);
    return t ? [el('div', { class: 'tap-outcome', 'data-state': t.state || t.kind, 'data-tap-id': t.tap_id }, t.outcome)] : [];
  }

  async function tap(body, button) {
    button.disabled = true;
    const key = body.device_id + '|' + (body.activity_id ? 'activity:' + body.activity_id : 'notification:' + body.notification_id);
    tapErrors.delete(key);
    const r = await fetch('/_mock/taps', { method: 'POST', headers: Object.assign({ 'Content-Type': 'application/json' }, headers),
      body: JSON.stringify(body) });
    button.disabled = false;
    if (!r.ok) {
      const e = await r.json().catch(() => ({}));
      tapErrors.set(key, `refused (${r.status}): ${e.message || e.error || ''}`);
      render(state);
    }
  }

  function device(d) {
    const phone = el('article', { class: 'phone' + (d.online && d.registered ? '' : ' offline'), 'data-device-id': d.id });
    phone.append(el('header', {},
      el('div', {}, el('div', { class: 'name' }, d.name),
        el('div', { class: 'meta' }, `${d.user} · ${d.account} · ${d.channels.join(', ') || 'no channels'} · token ${d.token}`)),
      el('span', { class: 'app-badge' + (d.badge ? '' : ' zero'), 'data-badge': d.badge, title: 'App icon badge' }, String(d.badge))));
    const visible = d.activities.filter((a) => a.status === 'active' || !(a.dismiss_at && Date.parse(a.dismiss_at) <= now()));
    if (!visible.length) phone.append(el('p', { class: 'empty' }, 'No Live Activities'));
    visible.forEach((a) => phone.append(activityCard(d, a)));
    const notes = state.notifications.filter((n) => n.devices.includes(d.id)).slice(0, 5);
    if (notes.length) phone.append(el('ul', { class: 'device-notes' }, ...notes.map((n) => notification(n, d))));
    return phone;
  }

  function render(next) {
    state = next;
    skew = Date.parse(next.now) - Date.now();
    $('#devices').replaceChildren(...next.devices.map(device));
    if (next.devices_omitted > 0) $('#devices').append(el('div', { class: 'omitted' },
      `${next.devices_omitted} more device${next.devices_omitted === 1 ? '' : 's'} not shown: see /_mock/devices`));
    const notes = $('#notifications');
    notes.replaceChildren(...next.notifications.map((n) => notification(n)));
    if (!next.notifications.length) notes.append(el('li', { class: 'empty' }, 'None yet.'));
    const metrics = $('#metrics');
    metrics.replaceChildren();
    next.metrics.forEach((m) => metrics.append(el('dt', {}, `${m.name || m.key} (${m.account})`),
      el('dd', { 'data-metric': m.key }, m.value === null ? '—' : fmt(m.value))));
    tick();
  }

  // Redraws the running clocks only; data arrives through Server-Sent Events, never polling.
  function tick() {
    const t = now();
    document.querySelectorAll('.timer-readout').forEach((r) => {
      const at = r.dataset.pausedAt ? Date.parse(r.dataset.pausedAt) : t;
      r.textContent = r.dataset.ends ? clock(Math.max(0, Date.parse(r.dataset.ends) - at) / 1000)
        : clock((at - Date.parse(r.dataset.started)) / 1000);
    });
    document.querySelectorAll('.ended-note').forEach((n) => {
      const at = n.dataset.dismissAt ? Date.parse(n.dataset.dismissAt) : null;
      n.textContent = at && at > t ? `Ended · dismissed in ${clock((at - t) / 1000)}` : 'Ended';
    });
    $('#clock').textContent = new Date(t).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
  }
  setInterval(tick, 1000);

  async function register(deviceId, activityId, button) {
    button.disabled = true;
    const r = await fetch(`/_mock/devices/${encodeURIComponent(deviceId)}/tokens/${encodeURIComponent(activityId)}`, { method: 'POST', headers });
    if (!r.ok) { button.disabled = false; button.textContent = 'Failed: ' + r.status; }
  }

  async function streamControl(account, key, verb, button) {
    button.disabled = true;
    const r = await fetch(`/_mock/streams/${encodeURIComponent(key)}/${verb}`,
      { method: 'POST', headers, body: JSON.stringify({ account }) });
    if (!r.ok) { button.disabled = false; button.textContent = 'Failed: ' + r.status; }
  }

  async function showTimeline(id) {
    const r = await fetch(`/_mock/activities/${encodeURIComponent(id)}`, { headers });
    if (!r.ok) return;
    const a = await r.json();
    $('#timeline-title').textContent = `${a.content_state.title} · ${a.type} · ${a.status}`;
    const list = $('#timeline-updates');
    list.replaceChildren(...a.updates.map((u) => el('li', { 'data-seq': u.seq },
      el('div', {}, `#${u.seq} ${u.kind} · ${u.created_at} · notified ${u.devices_notified}, queued ${u.devices_queued}`),
      el('pre', {}, JSON.stringify(u.payload, null, 2)))));
    list.append(el('li', {}, el('strong', {}, 'Devices'), ...a.devices.map((d) => el('div', {},
      `${d.device_id}: token ${d.token_state}; received ${d.received.join(', ') || '—'}; queued ${d.queued.join(', ') || '—'}`))));
    $('#timeline').hidden = false;
  }
  $('#timeline-close').addEventListener('click', () => { $('#timeline').hidden = true; });

  // First paint: the page carries the state it was served with, drawn before the stream connects.
  const initial = document.getElementById('initial-state');
  if (initial) render(JSON.parse(initial.textContent));
  const events = new EventSource('/_mock/events' + q);
  events.addEventListener('state', (e) => {
    $('#status').textContent = 'live';
    $('#status').className = 'status live';
    render(JSON.parse(e.data));
  });
  events.onerror = () => { $('#status').textContent = 'reconnecting…'; $('#status').className = 'status'; };
})();
