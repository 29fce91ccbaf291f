/* global vis */
// Runs in the evidence page (page.ts inlines it after vis-network and the
// data). No request leaves the page: everything it shows is in the data.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('evidence-data').textContent);
  var PALETTE = [
    '#4e79a7',
    '#f28e2b',
    '#e15759',
    '#76b7b2',
    '#59a14f',
    '#edc948',
    '#b07aa1',
    '#ff9da7',
    '#9c755f',
    '#bab0ac',
    '#86bcb6',
    '#d37295',
    '#8cd17d',
    '#b6992d',
    '#499894',
    '#f1ce63',
    '#a0cbe8',
    '#ffbe7d',
    '#d4a6c8',
    '#79706e',
    '#fabfd2',
    '#e9a0a0',
    '#2f6f9f',
    '#a4c639',
  ];

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else if (k === 'className') node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      node.appendChild(c);
    });
    return node;
  }

  function show(value) {
    if (value === undefined || value === null) return '';
    if (Array.isArray(value)) return value.map(show).join(', ');
    if (typeof value === 'number' && value > 1e12 && value < 4e12) {
      return new Date(value).toISOString().slice(0, 16).replace('T', ' ');
    }
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value);
  }

  // ---- graph data ----
  var types = {};
  data.graph.nodes.forEach(function (n) {
    types[n.type] = types[n.type] || { count: 0, vendor: n.vendor };
    types[n.type].count++;
  });
  var typeNames = Object.keys(types).sort(function (a, b) {
    return types[a].vendor.localeCompare(types[b].vendor) || a.localeCompare(b);
  });
  var colorOf = {};
  typeNames.forEach(function (t, i) {
    colorOf[t] = PALETTE[i % PALETTE.length];
  });
  var neighbours = {};
  data.graph.edges.forEach(function (e) {
    (neighbours[e.from] = neighbours[e.from] || []).push(e.to);
    (neighbours[e.to] = neighbours[e.to] || []).push(e.from);
  });
  var nodeById = {};
  data.graph.nodes.forEach(function (n) {
    nodeById[n.id] = n;
  });

  var nodes = new vis.DataSet(
    data.graph.nodes.map(function (n) {
      var color = colorOf[n.type];
      return {
        id: n.id,
        label: n.label,
        title: n.placeholder
          ? 'Mapped target not in this collection: ' + n.placeholder
          : n.type + ': ' + n.label,
        shape: 'box',
        color: n.placeholder
          ? { background: '#ffffff', border: '#555555' }
          : { background: color, border: '#00000055' },
        shapeProperties: n.placeholder ? { borderDashes: [5, 4] } : {},
        font: { size: 16, color: n.placeholder ? '#333' : '#111' },
        hidden: false,
      };
    }),
  );
  var edges = new vis.DataSet(
    data.graph.edges.map(function (e, i) {
      return {
        id: 'e' + i,
        from: e.from,
        to: e.to,
        label: e.label,
        arrows: 'to',
        font: { size: 11, color: '#555', strokeWidth: 3, align: 'middle' },
        color: { color: '#9aa3b2' },
      };
    }),
  );
  var network = new vis.Network(
    document.getElementById('graph'),
    { nodes: nodes, edges: edges },
    {
      physics: {
        solver: 'forceAtlas2Based',
        forceAtlas2Based: { gravitationalConstant: -120, springLength: 140 },
        stabilization: { iterations: 300 },
      },
      edges: { smooth: false },
      interaction: { hover: true, tooltipDelay: 150 },
    },
  );

  // ---- filters ----
  var state = { vendor: 'all', types: {}, focus: null };
  typeNames.forEach(function (t) {
    state.types[t] = true;
  });
  var status = document.getElementById('graph-status');

  function apply(fit) {
    var visible = {};
    if (state.focus) {
      state.focus.forEach(function (id) {
        visible[id] = true;
        (neighbours[id] || []).forEach(function (n) {
          visible[n] = true;
        });
      });
    }
    var shown = 0;
    nodes.update(
      data.graph.nodes.map(function (n) {
        var ok = state.focus
          ? visible[n.id]
          : (state.vendor === 'all' || n.vendor === state.vendor) &&
            state.types[n.type];
        if (ok) shown++;
        return { id: n.id, hidden: !ok };
      }),
    );
    status.textContent = state.focus
      ? 'Neighbourhood of ' +
        state.focus
          .map(function (id) {
            return nodeById[id] ? nodeById[id].label : id;
          })
          .join(', ') +
        ' (' +
        shown +
        ' nodes)'
      : 'Showing ' + shown + ' of ' + data.graph.nodes.length + ' nodes';
    if (fit) {
      var ids = data.graph.nodes
        .filter(function (n) {
          return !nodes.get(n.id).hidden;
        })
        .map(function (n) {
          return n.id;
        });
      network.fit({ nodes: ids, animation: false });
      // Never zoom out so far that labels become unreadable: pan instead.
      if (network.getScale() < 0.75) {
        network.moveTo({
          position: network.getViewPosition(),
          scale: 0.75,
          animation: false,
        });
      }
    }
  }

  function focus(keys) {
    state.focus = keys.filter(function (k) {
      return nodeById[k];
    });
    apply(true);
    network.selectNodes(state.focus);
  }

  var vendorSelect = document.getElementById('vendor');
  ['all', 'Bitbucket', 'CircleCI', 'mapped target'].forEach(function (v) {
    vendorSelect.appendChild(
      el('option', { value: v, text: v === 'all' ? 'All vendors' : v }),
    );
  });
  vendorSelect.addEventListener('change', function () {
    state.vendor = vendorSelect.value;
    state.focus = null;
    apply(true);
  });
  document.getElementById('show-all').addEventListener('click', function () {
    state.focus = null;
    state.vendor = 'all';
    document.getElementById('search').value = '';
    vendorSelect.value = 'all';
    typeNames.forEach(function (t) {
      state.types[t] = true;
    });
    document.querySelectorAll('#legend input').forEach(function (i) {
      i.checked = true;
    });
    apply(true);
  });
  document.getElementById('search').addEventListener('input', function (e) {
    var text = e.target.value.trim().toLowerCase();
    if (!text) {
      state.focus = null;
      apply(true);
      return;
    }
    var hits = data.graph.nodes
      .filter(function (n) {
        return n.label.toLowerCase().indexOf(text) >= 0;
      })
      .map(function (n) {
        return n.id;
      });
    if (hits.length > 0) focus(hits.slice(0, 12));
    else status.textContent = 'No node named like "' + text + '"';
  });

  // ---- legend ----
  var legend = document.getElementById('legend');
  legend.appendChild(el('h3', { text: 'Types (click to filter)' }));
  typeNames.forEach(function (t) {
    var box = el('input', { type: 'checkbox' });
    box.checked = true;
    box.addEventListener('change', function () {
      state.types[t] = box.checked;
      state.focus = null;
      apply(false);
    });
    var isPlaceholder = types[t].vendor === 'mapped target';
    legend.appendChild(
      el('label', { title: t }, [
        box,
        el('span', {
          className: 'swatch' + (isPlaceholder ? ' placeholder' : ''),
          style: 'background:' + colorOf[t],
        }),
        el('span', { text: t }),
        el('span', { className: 'n', text: String(types[t].count) }),
      ]),
    );
  });
  legend.appendChild(el('h3', { text: 'Dashed boxes' }));
  legend.appendChild(
    el('p', {
      text:
        'A dashed box is a mapped target that is not in this collection: ' +
        'the integration asks JupiterOne to link, for example, a Bitbucket ' +
        'user to the Person whose bitbucketNickname matches, or a CircleCI ' +
        'project to the CodeRepo at its URL. Those entities come from other ' +
        'integrations (HR, identity provider, GitHub). Until one exists ' +
        'JupiterOne creates nothing (skipTargetCreation), so the link is ' +
        'absent and the user counts as "not mapped to an employee".',
    }),
  );
  legend.appendChild(el('h3', { text: 'Edges' }));
  legend.appendChild(
    el('p', {
      text: 'Arrows point from source to target; the label is the relationship class (HAS, APPROVED, IS, ...).',
    }),
  );

  // ---- answers ----
  var answers = document.getElementById('answers');
  var totalRows = 0;
  data.themes.forEach(function (theme) {
    answers.appendChild(el('h2', { text: theme.theme }));
    theme.questions.forEach(function (q) {
      var count = q.queries.reduce(function (n, x) {
        return n + x.rows.length;
      }, 0);
      totalRows += count;
      var bad = q.queries.some(function (x) {
        return x.resultsAre === 'BAD' && x.rows.length > 0;
      });
      var details = el('details', { id: q.id });
      if (count > 0) details.open = true;
      details.appendChild(
        el('summary', {}, [
          el('span', {
            className: 'count' + (bad ? ' bad' : ''),
            text: String(count),
          }),
          document.createTextNode(q.title),
        ]),
      );
      q.queries.forEach(function (query) {
        var box = el('div', { className: 'query' });
        if (q.queries.length > 1 || query.name) {
          box.appendChild(
            el('div', {
              className: 'query-name',
              text: (query.name || 'Query') + ' (' + query.resultsAre + ')',
            }),
          );
        }
        if (query.rows.length === 0) {
          box.appendChild(el('div', { className: 'none', text: 'No rows.' }));
        } else {
          var columns = query.columns.filter(function (c) {
            return !/webLink$/.test(c);
          });
          var head = el(
            'tr',
            {},
            [el('th', { text: '' })].concat(
              columns.map(function (c) {
                return el('th', { text: c });
              }),
            ),
          );
          var table = el('table', {}, [head]);
          query.rows.forEach(function (row, i) {
            var link = el('a', {
              href: '#graph',
              className: 'focus',
              text: 'graph',
            });
            link.addEventListener('click', function (event) {
              event.preventDefault();
              focus(query.keys[i]);
            });
            table.appendChild(
              el(
                'tr',
                {},
                [el('td', {}, [link])].concat(
                  columns.map(function (c) {
                    return el('td', { text: show(row[c]) });
                  }),
                ),
              ),
            );
          });
          box.appendChild(table);
        }
        details.appendChild(box);
      });
      answers.appendChild(details);
    });
  });
  document.getElementById('summary').textContent =
    data.graph.nodes.length +
    ' nodes, ' +
    data.graph.edges.length +
    ' edges, ' +
    totalRows +
    ' answer rows, from ' +
    data.source +
    ' (' +
    data.generatedOn.slice(0, 16).replace('T', ' ') +
    ' UTC)';

  network.once('stabilizationIterationsDone', function () {
    network.setOptions({ physics: false });
    apply(true);
    document.body.setAttribute('data-ready', 'true');
  });
  apply(false);
})();
