// Renders the report embedded as JSON in #report-data with Apache ECharts (inlined above). Each chart is a div
// with data-chart="NAME"; echarts.getInstanceByDom(div) reads it back.
(function () {
  'use strict';
  var report = JSON.parse(document.getElementById('report-data').textContent);
  var sweep = report.sweep;
  var maximize = sweep.goal === 'maximize';
  var metric = sweep.metric;
  var STATE_COLORS = {COMPLETE: '#2f7ed8', PRUNED: '#999999', FAILED: '#d62728', RUNNING: '#ff7f0e',
    PENDING: '#cccccc', INTERRUPTED: '#8c564b'};
  var MARK_SYMBOLS = {'pruned': 'triangle', 'early-stopped': 'diamond', 'failed': 'pin', 'retried': 'circle',
    'out-of-memory': 'rect', 'heartbeat-killed': 'arrow', 'interrupted': 'roundRect'};
  var OUTCOME_COLORS = {'complete': '#2f7ed8', 'pruned': '#999999', 'failed': '#d62728', 'retried': '#ff7f0e',
    'out-of-memory': '#9467bd', 'heartbeat-killed': '#e377c2', 'running': '#17becf', 'interrupted': '#8c564b'};

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function num(v) {
    if (v === null || v === undefined) { return '-'; }
    var a = Math.abs(v);
    return a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(3) : v.toFixed(4);
  }
  function value(v) {
    if (typeof v !== 'number') { return String(v); }
    if (Number.isInteger(v)) { return String(v); }
    return String(Number(v.toPrecision(4)));
  }
  function note(id, text) { document.getElementById(id).appendChild(el('p', {'class': 'note'}, text)); }
  function chart(container, name, option, cls) {
    var div = el('div', {'class': 'chart' + (cls ? ' ' + cls : ''), 'data-chart': name});
    container.appendChild(div);
    var c = echarts.init(div, null, {renderer: 'canvas'});
    option.animation = false;
    c.setOption(option);
    return c;
  }
  function section(id) { return document.getElementById(id); }

  document.title = 'sweep report: ' + sweep.name;
  document.getElementById('title').textContent = 'sweep ' + sweep.name;
  var counts = Object.keys(sweep.search_trials).filter(function (k) { return sweep.search_trials[k] > 0; })
    .map(function (k) { return sweep.search_trials[k] + ' ' + k; }).join(', ');
  document.getElementById('summary').textContent = sweep.state + (sweep.reason ? ' (' + sweep.reason + ')' : '')
    + ' \u00b7 ' + metric + ' (' + sweep.goal + ') \u00b7 search trials: ' + (counts || 'none')
    + ' \u00b7 spec ' + sweep.spec_file + ' \u00b7 report of ' + report.generated_at;

  var byLabel = {};
  report.trials.forEach(function (t) { byLabel[t.label] = t; });

  // Optimization history: each trial's value and the best so far.
  if (report.history.length) {
    chart(section('history'), 'history', {
      tooltip: {trigger: 'item'},
      legend: {data: [metric, 'best so far']},
      xAxis: {type: 'value', name: 'trial', minInterval: 1},
      yAxis: {type: 'value', name: metric, scale: true},
      series: [
        {name: metric, type: 'scatter', symbolSize: 7,
          data: report.history.map(function (h) {
            return {value: [h.trial, h.value], name: h.label, itemStyle: {color: STATE_COLORS[h.state]}};
          })},
        {name: 'best so far', type: 'line', step: 'end', showSymbol: false, color: '#d62728',
          data: report.history.map(function (h) { return [h.trial, h.best]; })}
      ]
    });
  } else {
    note('history', 'No trial has finished with a value yet.');
  }

  // Learning curves: a line per trial; marks at each trial's last epoch.
  var withCurve = report.trials.filter(function (t) { return t.curve.length > 0; });
  if (withCurve.length) {
    var series = withCurve.map(function (t) {
      var dash = t.state === 'PRUNED' ? 'dashed' : t.state === 'FAILED' ? 'dotted' : 'solid';
      return {name: t.label, type: 'line', showSymbol: false, z: t.phase === 'retrain' ? 3 : 2,
        color: t.phase === 'retrain' ? '#000000' : STATE_COLORS[t.shown_state],
        lineStyle: {type: dash, width: t.phase === 'retrain' ? 3 : 1, opacity: t.phase === 'retrain' ? 1 : 0.7},
        data: t.curve};
    });
    var marked = [];
    Object.keys(MARK_SYMBOLS).forEach(function (mark) {
      var points = withCurve.filter(function (t) { return t.marks.indexOf(mark) >= 0; }).map(function (t) {
        var last = t.curve[t.curve.length - 1];
        return {value: [last[0], last[1]], name: t.label};
      });
      if (points.length) {
        marked.push(mark);
        series.push({name: mark, type: 'scatter', symbol: MARK_SYMBOLS[mark], symbolSize: 11, z: 4,
          color: OUTCOME_COLORS[mark] || '#555', data: points});
      }
    });
    chart(section('curves'), 'curves', {
      tooltip: {trigger: 'item', formatter: function (p) { return p.seriesName + (p.name ? ' ' + p.name : '')
        + ': epoch ' + p.value[0] + ', ' + num(p.value[1]); }},
      legend: {data: marked},
      xAxis: {type: 'value', name: 'epoch', minInterval: 1},
      yAxis: {type: 'value', name: metric, scale: true},
      series: series
    });
  } else {
    note('curves', 'No trial has reported an epoch yet.');
  }

  // The retrain beside the search trial it retrains.
  var retrain = report.trials.filter(function (t) { return t.phase === 'retrain'; }).pop();
  if (retrain && retrain.source && byLabel[retrain.source]) {
    var source = byLabel[retrain.source];
    chart(section('retrain'), 'retrain', {
      tooltip: {trigger: 'axis'},
      legend: {data: ['search trial ' + source.label, 'retrain']},
      xAxis: {type: 'value', name: 'epoch', minInterval: 1},
      yAxis: {type: 'value', name: metric, scale: true},
      series: [
        {name: 'search trial ' + source.label, type: 'line', color: '#7fb2e5', lineStyle: {width: 6},
          data: source.curve},
        {name: 'retrain', type: 'line', color: '#000000', lineStyle: {width: 2}, data: retrain.curve}
      ]
    }, 'small');
  } else {
    note('retrain', 'No retrain.');
  }

  // Parallel coordinates and slices of the searched parameters against the metric.
  var finished = report.history.map(function (h) { return byLabel[h.label]; });
  function axisValue(p, t) {
    var v = t.params[p.name];
    return p.scale === 'category' ? value(v) : v;
  }
  if (report.parameters.length && finished.length) {
    var axes = report.parameters.map(function (p, i) {
      var a = {dim: i, name: p.name};
      if (p.scale === 'category') { a.type = 'category'; a.data = p.categories; }
      else if (p.scale === 'log') { a.type = 'log'; a.min = p.min; a.max = p.max; }
      else { a.type = 'value'; a.min = p.min; a.max = p.max; }
      if (p.scale !== 'category') { a.axisLabel = {formatter: value}; }
      return a;
    });
    axes.push({dim: report.parameters.length, name: metric, type: 'value', scale: true});
    chart(section('parallel'), 'parallel', {
      parallel: {left: 60, right: 100, top: 40, bottom: 30},
      parallelAxis: axes,
      visualMap: {type: 'continuous', dimension: report.parameters.length, show: true, right: 0, top: 'middle',
        min: Math.min.apply(null, report.history.map(function (h) { return h.value; })),
        max: Math.max.apply(null, report.history.map(function (h) { return h.value; })),
        inRange: {color: maximize ? ['#d94e5d', '#eac736', '#50a3ba'] : ['#50a3ba', '#eac736', '#d94e5d']}},
      series: [{name: 'trials', type: 'parallel', lineStyle: {width: 1, opacity: 0.6},
        data: finished.map(function (t) {
          return report.parameters.map(function (p) { return axisValue(p, t); }).concat([t.best_value]);
        })}]
    });
    var slices = el('div', {'class': 'slices'});
    section('slices').appendChild(slices);
    report.parameters.forEach(function (p) {
      var x = p.scale === 'category' ? {type: 'category', data: p.categories, name: p.name}
        : {type: p.scale === 'log' ? 'log' : 'value', name: p.name, scale: true, axisLabel: {formatter: value}};
      chart(slices, 'slice:' + p.name, {
        title: {text: p.name, left: 'center', textStyle: {fontSize: 13}},
        tooltip: {trigger: 'item'},
        xAxis: x, yAxis: {type: 'value', name: metric, scale: true},
        series: [{name: p.name, type: 'scatter', symbolSize: 6,
          data: finished.map(function (t) {
            return {value: [axisValue(p, t), t.best_value], name: t.label,
              itemStyle: {color: STATE_COLORS[t.state]}};
          })}]
      });
    });
  } else {
    note('parallel', 'No searched parameter, or no finished trial.');
  }

  // Parameter importance (drawn when computed).
  if (report.importance.length) {
    var imp = report.importance.slice().reverse();
    chart(section('importance'), 'importance', {
      tooltip: {trigger: 'item'},
      grid: {left: 180},
      xAxis: {type: 'value', name: 'importance', max: 1},
      yAxis: {type: 'category', data: imp.map(function (i) { return i.parameter; })},
      series: [{name: 'importance', type: 'bar', data: imp.map(function (i) { return i.importance; })}]
    }, 'small');
  } else {
    note('importance', 'Parameter importance has not been computed for this sweep.');
  }

  // Timeline: each attempt on its device slot.
  var lanes = report.timeline.lanes;
  if (lanes.length) {
    var outcomes = [];
    lanes.forEach(function (l) { l.spans.forEach(function (s) {
      if (outcomes.indexOf(s.outcome) < 0) { outcomes.push(s.outcome); }
    }); });
    var bars = outcomes.map(function (outcome) {
      var data = [];
      lanes.forEach(function (l, i) { l.spans.forEach(function (s) {
        if (s.outcome === outcome) {
          var why = s.note || (byLabel[s.trial] || {}).reason;
          data.push({value: [i, Date.parse(s.start), Date.parse(s.end)], name: s.trial + ' attempt ' + s.attempt
            + (why ? ': ' + why : '')});
        }
      }); });
      return {name: outcome, type: 'custom', color: OUTCOME_COLORS[outcome] || '#555', encode: {x: [1, 2], y: 0},
        renderItem: function (params, api) {
          var start = api.coord([api.value(1), api.value(0)]);
          var end = api.coord([api.value(2), api.value(0)]);
          var h = api.size([0, 1])[1] * 0.6;
          var rect = echarts.graphic.clipRectByRect(
            {x: start[0], y: start[1] - h / 2, width: Math.max(1, end[0] - start[0]), height: h},
            {x: params.coordSys.x, y: params.coordSys.y, width: params.coordSys.width,
              height: params.coordSys.height});
          return rect && {type: 'rect', shape: rect, style: api.style()};
        },
        data: data};
    });
    chart(section('timeline'), 'timeline', {
      tooltip: {trigger: 'item', formatter: function (p) { return p.seriesName + ': ' + p.name; }},
      legend: {data: outcomes},
      grid: {left: 140},
      xAxis: {type: 'time'},
      yAxis: {type: 'category', inverse: true, data: lanes.map(function (l) {
        return l.name + ' (' + Math.round(l.utilisation * 100) + '%)';
      })},
      series: bars
    }, 'small');
  } else {
    note('timeline', 'No attempt has started.');
  }

  // The trials table, sortable by any column.
  var names = [];
  report.trials.forEach(function (t) { Object.keys(t.params).forEach(function (k) {
    if (names.indexOf(k) < 0) { names.push(k); }
  }); });
  var columns = [
    ['trial', function (t) { return t.phase === 'retrain' ? 1e9 : t.number; }, function (t) {
      return t.label + (t.source ? ' (of ' + t.source + ')' : ''); }],
    ['state', function (t) { return t.shown_state; }],
    ['epochs', function (t) { return t.last_epoch || 0; }, function (t) { return (t.last_epoch || 0) + '/' + t.epochs; }],
    ['best ' + metric, function (t) { return t.best_value; }, function (t) { return num(t.best_value); }],
    ['at', function (t) { return t.best_epoch; }],
    ['attempts', function (t) { return t.attempts; }],
    ['marks', function (t) { return t.marks.slice().sort().join(' '); }]
  ].concat(names.map(function (n) {
    return [n, function (t) { return t.params[n]; }, function (t) { return t.params[n] === undefined ? '' : value(t.params[n]); }];
  })).concat([['reason', function (t) { return t.reason || ''; }]]);
  var table = el('table', {'class': 'sortable', id: 'trials-table'});
  var head = el('tr');
  columns.forEach(function (c) { head.appendChild(el('th', {}, c[0])); });
  table.appendChild(el('thead')).appendChild(head);
  var body = table.appendChild(el('tbody'));
  function fill(rows) {
    body.textContent = '';
    rows.forEach(function (t) {
      var tr = el('tr', {'class': t.shown_state + (t.phase === 'retrain' ? ' retrain' : '')});
      columns.forEach(function (c) {
        var v = c[1](t);
        tr.appendChild(el('td', typeof v === 'number' ? {'class': 'num'} : {}, c[2] ? c[2](t) : (v === null || v === undefined ? '-' : v)));
      });
      body.appendChild(tr);
    });
  }
  fill(report.trials);
  head.childNodes.forEach(function (th, i) {
    th.addEventListener('click', function () {
      var desc = th.classList.contains('asc');
      head.childNodes.forEach(function (h) { h.classList.remove('asc', 'desc'); });
      th.classList.add(desc ? 'desc' : 'asc');
      var key = columns[i][1];
      fill(report.trials.slice().sort(function (a, b) {
        var x = key(a), y = key(b);
        if (x === y) { return 0; }
        if (x === null || x === undefined) { return 1; }
        if (y === null || y === undefined) { return -1; }
        return (x < y ? -1 : 1) * (desc ? -1 : 1);
      }));
    });
  });
  var wrap = el('div', {'class': 'table-wrap'});
  wrap.appendChild(table);
  section('trials').appendChild(wrap);

  function pairs(id, rows) {
    var t = el('table', {id: id + '-table'});
    rows.forEach(function (r) {
      var tr = el('tr');
      tr.appendChild(el('th', {}, r[0]));
      tr.appendChild(el('td', {}, r[1] === null || r[1] === undefined ? '-' : r[1]));
      t.appendChild(tr);
    });
    section(id).appendChild(t);
  }
  var d = report.data;
  if (d) {
    var rows = [['source', d.source], ['local copy', d.path], ['rows read', d.items], ['rows kept', d.lines],
      ['bad rows', d.bad_rows]];
    Object.keys(d.bad_rows_by_reason).forEach(function (r) { rows.push(['  ' + r, d.bad_rows_by_reason[r]]); });
    rows.push(['hash', d.hash], ['taken', d.at]);
    pairs('data', rows);
  } else {
    note('data', 'This sweep\'s task records no data snapshot.');
  }
  var p = report.provenance;
  if (p) {
    var prow = [['trial', p.trial], ['spec hash', p.spec_hash], ['seed', p.seed], ['data hash', p.data_hash],
      ['git commit', p.git_commit], ['sweep', p.sweep_version], ['java', p.java_version], ['os', p.os]];
    Object.keys(p.libraries).forEach(function (k) { prow.push([k, p.libraries[k]]); });
    pairs('provenance', prow);
  } else {
    note('provenance', 'No trial has reported its runtime yet.');
  }
  if (report.promotions.length) {
    var pt = el('table', {id: 'promotions-table'});
    var ph = el('tr');
    ['at', 'trial', 'decision', metric, 'production had', 'version', 'why'].forEach(function (h) {
      ph.appendChild(el('th', {}, h));
    });
    pt.appendChild(ph);
    report.promotions.forEach(function (r) {
      var tr = el('tr');
      [r.at, r.trial, r.promoted ? 'promoted' : 'refused', num(r.value), num(r.previous_value), r.version || '-',
        r.message].forEach(function (v) { tr.appendChild(el('td', {}, v)); });
      pt.appendChild(tr);
    });
    section('promotions').appendChild(pt);
  } else {
    note('promotions', 'Never promoted, nor refused.');
  }
  window.addEventListener('resize', function () {
    document.querySelectorAll('[data-chart]').forEach(function (div) { echarts.getInstanceByDom(div).resize(); });
  });
  document.body.setAttribute('data-rendered', 'true');
}());
