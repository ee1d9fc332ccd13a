// The Soundstage dashboard: reads the JSON API of the server it came from, draws with Chart.js.
// Every chart and table follows the filters (date range and source). body[data-state] is
// "ready" once the shown page has its data, and body[data-refreshes] counts finished refreshes,
// so scripts (and the browser test) can tell when the numbers on screen are current.
'use strict';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const COLORS = ['#1f6feb', '#f79009', '#12b76a', '#9e77ed', '#f04438', '#0ba5ec', '#ee46bc', '#667085', '#84cc16', '#a16207'];
const charts = {};
let summary = [];
let refreshing = 0;

const $ = (id) => document.getElementById(id);
const format = new Intl.NumberFormat('en-US');

function filters() {
  const params = new URLSearchParams();
  if ($('filter-from').value) params.set('from', $('filter-from').value);
  if ($('filter-to').value) params.set('to', $('filter-to').value);
  params.set('source', $('filter-source').value);
  return params;
}

async function api(name, extra) {
  const params = filters();
  for (const [key, value] of new URLSearchParams(extra || '')) params.set(key, value);
  const response = await fetch(`/api/${name}?${params}`, { credentials: 'same-origin' });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || `${name}: HTTP ${response.status}`);
  return body.rows;
}

async function plain(name, extra) {
  const response = await fetch(`/api/${name}${extra ? '?' + extra : ''}`, { credentials: 'same-origin' });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || `${name}: HTTP ${response.status}`);
  return body.rows;
}

// Days (or weeks) without plays are not rows of the answer: put them back as zeros, so the time
// axis is even. Long spans are left as they are (a point per day of years adds nothing).
function fillPeriods(rows, grain) {
  if (rows.length < 2) return rows;
  const step = grain === 'week' ? 7 : 1;
  const day = 86400000;
  const first = Date.parse(rows[0].period);
  const last = Date.parse(rows[rows.length - 1].period);
  if ((last - first) / day / step > 3000) return rows;
  const byPeriod = new Map(rows.map((row) => [row.period, row]));
  const filled = [];
  for (let t = first; t <= last; t += step * day) {
    const period = new Date(t).toISOString().slice(0, 10);
    filled.push(byPeriod.get(period) || { period, plays: 0, active_users: 0, sessions: 0, hours_listened: 0 });
  }
  return filled;
}

function chart(id, type, labels, datasets, options) {
  const data = { labels, datasets: datasets.map((set, i) => ({
    backgroundColor: type === 'doughnut' ? COLORS : COLORS[i % COLORS.length],
    borderColor: type === 'doughnut' ? '#fff' : COLORS[i % COLORS.length],
    pointRadius: labels.length > 60 ? 0 : 2,
    ...set })) };
  if (charts[id]) {
    charts[id].data = data;
    charts[id].update();
    return;
  }
  charts[id] = new Chart($(id), {
    type, data,
    options: { animation: false, responsive: true, maintainAspectRatio: true,
      plugins: { legend: { display: type === 'doughnut' || datasets.length > 1 } }, ...(options || {}) },
  });
}

function table(id, rows, columns) {
  const element = $(id);
  element.replaceChildren();
  const head = element.createTHead().insertRow();
  for (const column of columns) {
    const th = document.createElement('th');
    th.textContent = column.title;
    if (column.number) th.className = 'number';
    head.appendChild(th);
  }
  const body = element.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const column of columns) {
      const td = tr.insertCell();
      const value = row[column.key];
      td.textContent = value === null || value === undefined ? '' : column.number ? format.format(value) : String(value);
      td.dataset.column = column.key;
      if (column.number) td.classList.add('number');
      if (column.raw) td.classList.add('raw');
      if (column.key === 'status') td.classList.add(`status-${value}`);
    }
  }
  if (rows.length === 0) {
    body.insertRow().insertCell().textContent = 'nothing in this range';
  }
}

function heatmap(rows) {
  const element = $('heatmap');
  element.replaceChildren();
  const plays = new Map(rows.map((row) => [`${row.weekday}/${row.hour}`, row.plays]));
  const most = Math.max(1, ...rows.map((row) => row.plays));
  const head = element.createTHead().insertRow();
  head.appendChild(document.createElement('th'));
  for (let hour = 0; hour < 24; hour++) {
    const th = document.createElement('th');
    th.textContent = hour;
    head.appendChild(th);
  }
  const body = element.createTBody();
  WEEKDAYS.forEach((name, weekday) => {
    const tr = body.insertRow();
    const th = document.createElement('th');
    th.textContent = name;
    tr.appendChild(th);
    for (let hour = 0; hour < 24; hour++) {
      const td = tr.insertCell();
      const value = plays.get(`${weekday}/${hour}`) || 0;
      td.textContent = value ? format.format(value) : '';
      td.title = `${name} ${hour}:00 - ${format.format(value)} plays`;
      td.dataset.weekday = weekday;
      td.dataset.hour = hour;
      td.dataset.plays = value;
      const strength = 0.08 + 0.92 * value / most;
      td.style.backgroundColor = `rgba(31, 111, 235, ${strength})`;
      td.style.color = strength > 0.5 ? '#fff' : '#1d2330';
    }
  });
}

const pages = {
  async overview(stale) {
    const grain = $('activity-grain').value;
    const [overview, days, songs, artists, gender, level, location, changes, hours] = await Promise.all([
      api('overview'), api('activity', `grain=${grain}`), api('top-songs', 'limit=10'), api('top-artists', 'limit=10'),
      api('segments', 'by=gender'), api('segments', 'by=level'), api('segments', 'by=location&limit=10'),
      api('level-changes'), api('heatmap')]);
    if (stale()) return;
    const activity = fillPeriods(days, grain);
    const totals = overview[0];
    $('kpi-plays').textContent = format.format(totals.plays);
    $('kpi-listeners').textContent = format.format(totals.listeners);
    $('kpi-sessions').textContent = format.format(totals.sessions);
    $('kpi-hours').textContent = format.format(totals.hours_listened);
    chart('chart-activity', 'line', activity.map((row) => row.period), [
      { label: 'plays', data: activity.map((row) => row.plays), yAxisID: 'y' },
      { label: 'active users', data: activity.map((row) => row.active_users), yAxisID: 'users' }],
      { scales: { y: { position: 'left', beginAtZero: true }, users: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false } } } });
    table('table-top-songs', songs, [
      { key: 'song_title', title: 'Song' }, { key: 'artist_name', title: 'Artist' },
      { key: 'plays', title: 'Plays', number: true }, { key: 'hours_listened', title: 'Hours', number: true }]);
    table('table-top-artists', artists, [
      { key: 'artist_name', title: 'Artist' }, { key: 'plays', title: 'Plays', number: true },
      { key: 'songs', title: 'Songs', number: true }, { key: 'hours_listened', title: 'Hours', number: true }]);
    chart('chart-gender', 'doughnut', gender.map((row) => row.value), [{ label: 'plays', data: gender.map((row) => row.plays) }]);
    chart('chart-level', 'doughnut', level.map((row) => row.value), [{ label: 'plays', data: level.map((row) => row.plays) }]);
    chart('chart-location', 'bar', location.map((row) => row.value), [{ label: 'plays', data: location.map((row) => row.plays) }],
      { indexAxis: 'y' });
    chart('chart-level-changes', 'bar', changes.map((row) => row.week), [
      { label: 'free to paid', data: changes.map((row) => row.upgrades) },
      { label: 'paid to free', data: changes.map((row) => row.downgrades) }]);
    heatmap(hours);
  },
  async listening(stale) {
    const [weekRows, skips, platforms, firsts] = await Promise.all([
      api('activity', 'grain=week'), api('skip-rate'), api('platforms'), api('first-plays')]);
    if (stale()) return;
    const weeks = fillPeriods(weekRows, 'week');
    chart('chart-time-listened', 'bar', weeks.map((row) => row.period), [{ label: 'hours listened', data: weeks.map((row) => row.hours_listened) }]);
    chart('chart-skip-rate', 'line', skips.map((row) => row.month), [{ label: 'skip rate', data: skips.map((row) => row.skip_rate) }],
      { scales: { y: { beginAtZero: true, max: 1 } } });
    chart('chart-platforms', 'doughnut', platforms.map((row) => row.platform), [{ label: 'hours', data: platforms.map((row) => row.hours_listened) }]);
    table('table-platforms', platforms, [
      { key: 'platform', title: 'Platform' }, { key: 'plays', title: 'Plays', number: true },
      { key: 'listeners', title: 'Listeners', number: true }, { key: 'hours_listened', title: 'Hours', number: true },
      { key: 'share', title: 'Share', number: true }]);
    chart('chart-first-plays', 'bar', firsts.map((row) => row.month), [
      { label: 'first plays', data: firsts.map((row) => row.first_plays) },
      { label: 'plays', data: firsts.map((row) => row.plays) }]);
  },
  async pipeline(stale) {
    const [runs, tasks, checks, quarantine, rejected] = await Promise.all([
      plain('runs', 'limit=20'), plain('tasks'), plain('checks'), plain('quarantine'), plain('rejected', 'limit=20')]);
    if (stale()) return;
    table('table-runs', runs, [
      { key: 'run_id', title: 'Run' }, { key: 'command', title: 'Command' }, { key: 'status', title: 'Status' },
      { key: 'started_at', title: 'Started (UTC)' }, { key: 'finished_at', title: 'Finished (UTC)' }, { key: 'detail', title: 'Detail' }]);
    table('table-tasks', tasks, [
      { key: 'task', title: 'Task' }, { key: 'attempt', title: 'Try', number: true }, { key: 'status', title: 'Status' },
      { key: 'rows_in', title: 'Rows in', number: true }, { key: 'rows_out', title: 'Rows out', number: true }, { key: 'detail', title: 'Detail' }]);
    table('table-checks', checks, [
      { key: 'name', title: 'Check' }, { key: 'status', title: 'Status' }, { key: 'blocking', title: 'Blocking' },
      { key: 'failures', title: 'Failures', number: true }, { key: 'detail', title: 'Detail' }]);
    table('table-quarantine', quarantine, [
      { key: 'kind', title: 'Kind' }, { key: 'reason', title: 'Reason' },
      { key: 'rows', title: 'Rows', number: true }, { key: 'files', title: 'Files', number: true }]);
    table('table-rejected', rejected, [
      { key: 'path', title: 'File' }, { key: 'line_no', title: 'Line', number: true },
      { key: 'reason', title: 'Reason' }, { key: 'raw', title: 'Raw text', raw: true }]);
  },
};

function currentPage() {
  const name = location.hash.replace('#', '');
  return pages[name] ? name : 'overview';
}

function updateCsvLinks() {
  for (const link of document.querySelectorAll('a.csv')) {
    const params = link.hasAttribute('data-plain') ? new URLSearchParams() : filters();
    for (const [key, value] of new URLSearchParams(link.dataset.extra || '')) params.set(key, value);
    // The grain the chart beside it shows (per day or per week).
    if (link.dataset.grain) params.set('grain', $(link.dataset.grain).value);
    params.set('format', 'csv');
    link.href = `/api/${link.dataset.csv}?${params}`;
  }
}

async function refresh() {
  const ticket = ++refreshing;
  const name = currentPage();
  document.body.dataset.state = 'loading';
  for (const link of document.querySelectorAll('nav a')) link.classList.toggle('active', link.dataset.page === name);
  for (const section of document.querySelectorAll('.page')) section.hidden = section.id !== `page-${name}`;
  updateCsvLinks();
  const section = $(`page-${name}`);
  try {
    // A newer refresh (the filters changed again) may finish first: this one then draws nothing.
    await pages[name](() => ticket !== refreshing);
    if (ticket === refreshing) {
      $('error').hidden = true;
      section.classList.remove('stale');
    }
  } catch (error) {
    if (ticket !== refreshing) return;
    $('error').textContent = `Could not load the data: ${error.message}`;
    $('error').hidden = false;
    // What is drawn is of the last filters that loaded, not of these: greyed out, not passed off as theirs.
    section.classList.add('stale');
  }
  if (ticket === refreshing) {
    document.body.dataset.state = 'ready';
    document.body.dataset.refreshes = String(Number(document.body.dataset.refreshes) + 1);
  }
}

function resetRange() {
  const chosen = $('filter-source').value;
  const rows = summary.filter((row) => chosen === 'all' || row.source === chosen);
  $('filter-from').value = rows.length ? rows.map((row) => row.first_day).sort()[0] : '';
  $('filter-to').value = rows.length ? rows.map((row) => row.last_day).sort().at(-1) : '';
}

// The sources and the days they cover, read again for "All days": runs since the page loaded may
// have added days (and a source), which a range and a list kept from the page's load left out.
async function loadSummary() {
  try {
    summary = await plain('summary');
  } catch (error) {
    $('error').textContent = `Could not load the data: ${error.message}`;
    $('error').hidden = false;
  }
  const listed = new Set([...$('filter-source').options].map((option) => option.value));
  for (const row of summary) {
    if (listed.has(row.source)) continue;
    const option = document.createElement('option');
    option.value = row.source;
    option.textContent = row.source.charAt(0).toUpperCase() + row.source.slice(1);
    $('filter-source').appendChild(option);
  }
}

async function start() {
  await loadSummary();
  resetRange();
  $('filter-from').addEventListener('change', refresh);
  $('filter-to').addEventListener('change', refresh);
  $('filter-source').addEventListener('change', refresh);
  $('activity-grain').addEventListener('change', refresh);
  $('filter-reset').addEventListener('click', async () => { await loadSummary(); resetRange(); refresh(); });
  window.addEventListener('hashchange', refresh);
  window.soundstage = { charts };
  await refresh();
}

document.addEventListener('DOMContentLoaded', start);
