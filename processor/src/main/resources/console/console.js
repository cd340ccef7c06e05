// callstream live console: one server-sent event per second from /console/api/stream, drawn with Chart.js.
(function () {
  'use strict';
  const HISTORY = 300; // seconds of throughput kept on the chart
  const OUTCOME_COLOURS = { COMPLETED: '#5ad17a', MISSED: '#ff6b6b', REJECTED: '#f0b35a', BUSY: '#c678dd',
    CANCELLED: '#8a9aab', FAILED: '#e06c75', INTERRUPTED: '#4fb3ff', TIMED_OUT: '#d19a66', UNKNOWN: '#56606b' };
  const $ = (id) => document.getElementById(id);
  Chart.defaults.color = '#8a9aab';
  Chart.defaults.borderColor = '#2a3541';
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;

  const rates = new Chart($('chart-rates'), {
    type: 'line',
    data: { labels: [], datasets: [
      { label: 'events/s', data: [], borderColor: '#4fb3ff', pointRadius: 0, tension: 0.2 },
      { label: 'webhooks/s', data: [], borderColor: '#5ad17a', pointRadius: 0, tension: 0.2 },
      { label: 'dead letters/s', data: [], borderColor: '#ff6b6b', pointRadius: 0, tension: 0.2 }] },
    options: { scales: { y: { beginAtZero: true } } }
  });
  const outcomes = new Chart($('chart-outcomes'), {
    type: 'bar', data: { labels: [], datasets: [] },
    options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } }
  });
  const histogram = (id, colour) => new Chart($(id), {
    type: 'bar', data: { labels: [], datasets: [{ label: 'calls', data: [], backgroundColor: colour }] },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } }
  });
  const ring = histogram('chart-ring', '#f0b35a');
  const talk = histogram('chart-talk', '#4fb3ff');
  window.consoleCharts = { rates, outcomes, ring, talk };

  const seconds = (ms) => ms < 60000 ? (ms / 1000) + ' s' : (ms / 60000) + ' min';
  function bucketLabels(bounds) {
    const labels = [];
    let low = 0;
    for (const b of bounds) { labels.push(seconds(low) + '–' + seconds(b)); low = b; }
    labels.push('≥ ' + seconds(low));
    return labels;
  }
  const time = (ms) => new Date(ms).toISOString().substring(11, 23);
  const fmt = (x) => x >= 100 ? Math.round(x).toLocaleString() : (Math.round(x * 10) / 10).toString();

  function show(m) {
    $('events-rate').textContent = fmt(m.eventsPerSecond);
    $('webhooks-rate').textContent = fmt(m.webhooksPerSecond);
    $('in-flight').textContent = m.inFlight.toLocaleString();
    $('answer-rate').textContent = m.answerRate === null ? '–' : Math.round(m.answerRate * 1000) / 10 + ' %';
    $('dlq-rate').textContent = fmt(m.deadLettersPerSecond);
    $('lag').textContent = m.lag.toLocaleString();

    rates.data.labels.push(time(m.at).substring(0, 8));
    rates.data.datasets[0].data.push(m.eventsPerSecond);
    rates.data.datasets[1].data.push(m.webhooksPerSecond);
    rates.data.datasets[2].data.push(m.deadLettersPerSecond);
    if (rates.data.labels.length > HISTORY) {
      rates.data.labels.shift();
      rates.data.datasets.forEach((d) => d.data.shift());
    }
    rates.update();

    const names = Object.keys(OUTCOME_COLOURS).filter((o) => m.outcomes.some((x) => x.counts[o]));
    outcomes.data.labels = m.outcomes.map((x) => new Date(x.minute * 60000).toISOString().substring(11, 16));
    outcomes.data.datasets = names.map((o) => ({ label: o, backgroundColor: OUTCOME_COLOURS[o],
      data: m.outcomes.map((x) => x.counts[o] || 0) }));
    outcomes.update();

    for (const [chart, h] of [[ring, m.ring], [talk, m.talk]]) {
      chart.data.labels = bucketLabels(h.boundsMs);
      chart.data.datasets[0].data = h.counts;
      chart.update();
    }
    showAlerts(m.alerts);
    $('instances').textContent = 'instances: ' + m.instances.join(', ')
      + (m.missingInstances.length ? ' · not answering: ' + m.missingInstances.join(', ') : '')
      + ' · totals: ' + m.totals.events.toLocaleString() + ' events, ' + m.totals.duplicates.toLocaleString()
      + ' duplicates, ' + m.totals.deadLetters.toLocaleString() + ' dead letters';
  }

  const shown = new Set();
  function showAlerts(alerts) {
    const list = $('alerts');
    if (alerts.length === 0) { return; }
    list.querySelectorAll('.empty').forEach((e) => e.remove());
    for (const a of alerts.slice().reverse()) {
      if (shown.has(a.alertId)) { continue; }
      shown.add(a.alertId);
      const li = document.createElement('li');
      li.className = 'new';
      li.dataset.alertId = a.alertId;
      li.dataset.callId = a.callId;
      const ring = a.ringDurationMs === null ? '' : ' after ' + Math.round(a.ringDurationMs / 1000) + ' s';
      li.innerHTML = '<span class="t"></span> <span class="who"></span> missed <span class="caller"></span>'
        + ' <span class="reason"></span><span class="ring"></span>';
      li.querySelector('.t').textContent = time(a.at).substring(0, 8);
      li.querySelector('.who').textContent = a.calleeId;
      li.querySelector('.caller').textContent = a.callerId ? 'a call from ' + a.callerId : 'a call';
      li.querySelector('.reason').textContent = '(' + a.reason + ')';
      li.querySelector('.ring').textContent = ring;
      li.title = 'call ' + a.callId + ' · app ' + a.sdkAppId + ' · click to look it up';
      li.addEventListener('click', () => { $('lookup-input').value = a.callId; lookup(a.callId); });
      list.prepend(li);
    }
    while (list.children.length > 50) { list.lastChild.remove(); }
  }

  function cell(tr, text, cls) {
    const td = document.createElement('td');
    td.textContent = text === null || text === undefined ? '' : text;
    if (cls) { td.className = cls; }
    tr.appendChild(td);
  }

  async function lookup(callId) {
    $('lookup-status').textContent = 'reading…';
    const r = await fetch('api/call?callId=' + encodeURIComponent(callId));
    const body = await r.json();
    if (!r.ok) { $('lookup-status').textContent = body.error; return; }
    const events = document.querySelector('#timeline tbody');
    events.replaceChildren();
    for (const e of body.events) {
      const tr = document.createElement('tr');
      tr.className = e.duplicate ? 'duplicate' : '';
      tr.dataset.eventId = e.eventId;
      cell(tr, new Date(e.eventTime).toISOString().replace('T', ' ').substring(0, 23));
      cell(tr, e.event); cell(tr, e.userId); cell(tr, e.role); cell(tr, e.family);
      cell(tr, e.eventId.length > 16 ? e.eventId.substring(0, 16) + '…' : e.eventId);
      tr.lastChild.title = e.eventId;
      cell(tr, e.duplicate ? 'duplicate' : '', 'mark');
      events.appendChild(tr);
    }
    const revisions = document.querySelector('#revisions tbody');
    revisions.replaceChildren();
    for (const s of body.revisions) {
      const tr = document.createElement('tr');
      cell(tr, s.revision); cell(tr, s.outcome); cell(tr, s.closedBy);
      cell(tr, s.ringDurationMs === null ? '' : seconds(s.ringDurationMs));
      cell(tr, seconds(s.talkDurationMs)); cell(tr, s.eventCount); cell(tr, s.duplicateCount);
      revisions.appendChild(tr);
    }
    $('lookup-status').textContent = body.events.length + ' events, ' + body.revisions.length + ' revisions ('
      + body.recordsScanned.toLocaleString() + ' records read)';
  }
  $('lookup-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const id = $('lookup-input').value.trim();
    if (id) { lookup(id).catch((e) => { $('lookup-status').textContent = String(e); }); }
  });

  const source = new EventSource('api/stream');
  source.onmessage = (ev) => {
    $('status').textContent = 'live';
    $('status').className = 'status live';
    show(JSON.parse(ev.data));
  };
  source.onerror = () => { $('status').textContent = 'reconnecting…'; $('status').className = 'status down'; };
})();
