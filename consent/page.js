// The page side of package consent: Consent-O-Matic's element finding
// (selector, textFilter, styleFilter, displayFilter, iframeFilter,
// childFilter, parent and target, the :scope root), its matchers, and the
// scans of the generic banner. Go evaluates this function expression with
// one request object and reads {v: value} or {err: message} back.
//
// Elements found are kept in a registry on window and named by a number
// (0 is the document), so that a later request can start from one (the
// root of a foreach) or click it. An element of the main document also
// gets a data-privaudit-ref attribute, so that Go can name it to the DOM
// by a CSS selector.
(function (req) {
  'use strict';
  var KEY = '__privauditConsent';
  var S = window[KEY];
  if (!S || !S.els) {
    S = { els: [null], ids: new WeakMap(), nodetect: new WeakSet() };
    try {
      Object.defineProperty(window, KEY, { value: S, configurable: true });
    } catch (e) {
      window[KEY] = S;
    }
  }

  function ref(el) {
    if (!el || el.nodeType !== 1) return 0;
    var id = S.ids.get(el);
    if (!id) {
      id = S.els.length;
      S.els.push(el);
      S.ids.set(el, id);
    }
    return id;
  }

  function deref(id) {
    return id ? S.els[id] || null : null;
  }

  // selOf returns a selector of el from the document, or '' when el is in
  // a shadow root (document.querySelector cannot reach it).
  function selOf(el, id) {
    try {
      if (el.getRootNode && el.getRootNode() === document) {
        el.setAttribute('data-privaudit-ref', String(id));
        return '[data-privaudit-ref="' + id + '"]';
      }
    } catch (e) {}
    return '';
  }

  var SPACES = /\s{2,}/g;
  function norm(s) {
    return String(s == null ? '' : s).toLowerCase().replace(SPACES, ' ');
  }

  function inFrame() {
    try {
      return window.self !== window.top;
    } catch (e) {
      return true;
    }
  }

  function offsetHeight(el) {
    return el.offsetHeight;
  }

  // findElement is Consent-O-Matic's Tools.findElement: the elements o
  // selects under parent (or the root), filtered.
  function findElement(o, parent, multiple, base) {
    if (o == null) return multiple ? [] : null;
    var cands;
    var root = parent || base || null;
    if (o.selector == null) {
      // A nested DOMSelection ({parent, target}) resolved from the root.
      cands = [];
      find(o, multiple, root).forEach(function (r) {
        if (r.target) cands.push(r.target);
      });
    } else if (String(o.selector).trim() === ':scope') {
      cands = [root || document];
    } else {
      var top = root || document;
      if (top.shadowRoot) top = top.shadowRoot;
      try {
        cands = Array.prototype.slice.call(top.querySelectorAll(o.selector));
      } catch (e) {
        cands = [];
      }
    }
    if (o.textFilter != null) {
      var tf = [].concat(o.textFilter).map(norm);
      cands = cands.filter(function (c) {
        var t = norm(c.textContent);
        return tf.some(function (f) {
          return t.indexOf(f) !== -1;
        });
      });
    }
    var styles = o.styleFilter || o.styleFilters;
    if (styles != null) {
      cands = cands.filter(function (c) {
        if (c.nodeType !== 1) return false;
        var cs = window.getComputedStyle(c);
        return styles.every(function (f) {
          var v = cs[f.option];
          return f.negated ? v !== f.value : v === f.value;
        });
      });
    }
    if (o.displayFilter != null) {
      cands = cands.filter(function (c) {
        if (S.nodetect.has(c)) return !o.displayFilter;
        return o.displayFilter ? offsetHeight(c) !== 0 : offsetHeight(c) === 0;
      });
    }
    if (o.iframeFilter != null) {
      var framed = inFrame();
      cands = cands.filter(function () {
        return o.iframeFilter ? framed : !framed;
      });
    }
    if (o.childFilter != null) {
      var negate = !!(o.childFilterNegate || o.childFilterNegated);
      cands = cands.filter(function (c) {
        var found = find(o.childFilter, false, c)[0].target != null;
        return negate ? !found : found;
      });
    }
    return multiple ? cands : cands[0] || null;
  }

  // find is Consent-O-Matic's Tools.find: [{parent, target}], one entry
  // unless multiple; base is the root (Tools.base), null for the document.
  function find(o, multiple, base) {
    var out = [];
    if (o != null && o.selector != null && o.target == null) o = { target: o };
    if (o == null) o = {};
    if (o.parent != null) {
      var p = findElement(o.parent, null, multiple, base);
      var ps = multiple ? p : p ? [p] : [];
      ps.forEach(function (pp) {
        var t = findElement(o.target, pp, multiple, base);
        if (multiple) {
          t.forEach(function (x) {
            out.push({ parent: pp, target: x });
          });
        } else {
          out.push({ parent: pp, target: t });
        }
      });
    } else {
      var ts = findElement(o.target, null, multiple, base);
      if (multiple) {
        ts.forEach(function (x) {
          out.push({ parent: null, target: x });
        });
      } else {
        out.push({ parent: null, target: ts });
      }
    }
    if (!out.length) out.push({ parent: null, target: null });
    return out;
  }

  function topURL() {
    try {
      return String(window.top.location.href);
    } catch (e) {
      return String(location.href);
    }
  }

  // matches is a Consent-O-Matic matcher; it throws where Consent-O-Matic
  // throws (a checkbox not found, an on/off pair with neither or both).
  function matches(m, base) {
    switch (m.type) {
      case 'css':
        return find(m, false, base)[0].target != null;
      case 'checkbox': {
        var t = find(m, false, base)[0].target;
        if (t == null) throw new Error('no checkbox found');
        return m.negated ? !t.checked : !!t.checked;
      }
      case 'url': {
        var u = topURL();
        var hit = [].concat(m.url).some(function (x) {
          if (m.regexp) {
            try {
              return new RegExp(x).test(u);
            } catch (e) {
              return false;
            }
          }
          return u.indexOf(x) !== -1;
        });
        return m.negated ? !hit : hit;
      }
      case 'onoff': {
        var on = find(m.onMatcher, false, base)[0].target;
        var off = find(m.offMatcher, false, base)[0].target;
        if (on == null && off == null) throw new Error('neither the on nor the off target found');
        if (on != null && off != null) throw new Error('both the on and the off target found');
        return on != null;
      }
    }
    throw new Error('unknown matcher type ' + m.type);
  }

  function all(ms, base) {
    return ms.every(function (m) {
      return matches(m, base);
    });
  }

  // rootOf returns the element a detector's css matchers point at (the
  // showing ones first): the banner, or an element of it.
  function rootOf(d) {
    var ms = d.s.concat(d.p);
    for (var i = 0; i < ms.length; i++) {
      if (ms[i].type !== 'css') continue;
      var t = find(ms[i], false, null)[0].target;
      if (t && t.nodeType === 1) return ref(t);
    }
    return 0;
  }

  // detect answers, for each rule, 0 (absent), [1, 0] (present, not
  // showing) or [2, root] (showing), as Consent-O-Matic's CMP.detect and
  // isShowing: the first detector whose present matchers all match, then
  // its showing matchers.
  function detect(rules) {
    return rules.map(function (r) {
      var det = null;
      try {
        for (var i = 0; i < r.length; i++) {
          if (r[i].p.length && all(r[i].p, null)) {
            det = r[i];
            break;
          }
        }
      } catch (e) {
        return 0;
      }
      if (!det) return 0;
      var showing;
      try {
        showing = all(det.s, null);
      } catch (e) {
        showing = false;
      }
      return showing ? [2, rootOf(det)] : [1, 0];
    });
  }

  function info(el) {
    var id = ref(el);
    return { id: id, sel: selOf(el, id), shown: offsetHeight(el) !== 0 };
  }

  function findOp(q) {
    var rs = find(q.o, !!q.multi, deref(q.base));
    var out = [];
    rs.forEach(function (r) {
      if (r.target != null && r.target.nodeType === 1) out.push(info(r.target));
    });
    return q.multi ? out : out.slice(0, 1);
  }

  function click(q) {
    var el = deref(q.id);
    if (!el) throw new Error('element ' + q.id + ' is gone');
    if (q.tab) {
      el.dispatchEvent(new MouseEvent('click', { ctrlKey: true, shiftKey: true }));
    } else {
      el.click();
    }
    return true;
  }

  // hide is Consent-O-Matic's hider: the element turns transparent but
  // keeps its layout box and its handlers, so that the rule can go on
  // clicking in it; hideFromDetection also makes displayFilter treat it as
  // not displayed.
  function hide(q) {
    var el = deref(q.id);
    if (!el) throw new Error('element ' + q.id + ' is gone');
    if (q.nodetect) S.nodetect.add(el);
    el.style.setProperty('opacity', '0', 'important');
    return true;
  }

  function mouse(type, el, x, y) {
    var ev = document.createEvent('MouseEvents');
    ev.initMouseEvent(type, true, true, window, 0, window.screenX + x, window.screenY + y, x, y,
      false, false, false, false, 0, el);
    el.dispatchEvent(ev);
  }

  // slide is Consent-O-Matic's SlideAction, its events sent at once.
  function slide(q) {
    var base = deref(q.base);
    var t = find(q.o, false, base)[0].target;
    var d = find(q.drag, false, base)[0].target;
    if (t == null || d == null) return false;
    var tb = t.getBoundingClientRect();
    var db = d.getBoundingClientRect();
    var dx = q.axis === 'y' ? 0 : db.left - tb.left;
    var dy = q.axis === 'x' ? 0 : db.top - tb.top;
    var x = tb.left + tb.width / 2;
    var y = tb.top + tb.height / 2;
    mouse('mousedown', t, x, y);
    mouse('mousemove', t, x + dx, y + dy);
    mouse('mouseup', t, x + dx, y + dy);
    return true;
  }

  // The generic banner: buttons and the containers that hold them.

  var BUTTONS = 'button, [role="button"], a, input[type="button"], input[type="submit"]';

  function parentOf(el) {
    if (el.parentElement) return el.parentElement;
    var r = el.getRootNode && el.getRootNode();
    return r && r.host ? r.host : null;
  }

  // deepAll is querySelectorAll that also looks into open shadow roots.
  function deepAll(root, sel) {
    var out = [];
    var roots = [root];
    if (root.shadowRoot) roots.push(root.shadowRoot);
    for (var i = 0; i < roots.length && i < 200; i++) {
      var r = roots[i];
      Array.prototype.push.apply(out, Array.prototype.slice.call(r.querySelectorAll(sel)));
      var hosts = r.querySelectorAll('*');
      for (var j = 0; j < hosts.length; j++) {
        if (hosts[j].shadowRoot) roots.push(hosts[j].shadowRoot);
      }
    }
    return out;
  }

  function shown(el) {
    if (!el || el.nodeType !== 1) return false;
    var r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return false;
    if (el.checkVisibility) {
      return el.checkVisibility({
        opacityProperty: true, visibilityProperty: true, checkOpacity: true, checkVisibilityCSS: true
      });
    }
    var cs = window.getComputedStyle(el);
    return cs.visibility !== 'hidden' && cs.display !== 'none';
  }

  function label(el) {
    var t = el.tagName === 'INPUT' ? el.value : el.innerText || el.textContent;
    t = String(t || '').replace(/\s+/g, ' ').trim();
    if (!t) t = String(el.getAttribute('aria-label') || el.getAttribute('title') || '').trim();
    return t.slice(0, 120);
  }

  function hint(el) {
    var cls = el.getAttribute('class') || '';
    return [el.id, cls, el.getAttribute('data-testid') || '', el.getAttribute('name') || '']
      .join(' ').toLowerCase().slice(0, 200);
  }

  function button(el) {
    var id = ref(el);
    return { id: id, sel: selOf(el, id), label: label(el), hint: hint(el), tag: el.tagName.toLowerCase() };
  }

  function visibleButtons(c) {
    var seen = new Set();
    return deepAll(c, BUTTONS).filter(function (b) {
      if (seen.has(b) || !shown(b)) return false;
      seen.add(b);
      return true;
    });
  }

  // buttons lists the visible buttons of the banner around an element: the
  // element or the nearest ancestor that holds two buttons or more.
  function buttons(q) {
    var el = deref(q.id);
    if (!el) return [];
    var c = el;
    for (var i = 0; c && i < 8; i++) {
      if (c === document.body || c === document.documentElement) break;
      if (visibleButtons(c).length >= 2) break;
      c = parentOf(c);
    }
    if (!c || c === document.body || c === document.documentElement) c = el;
    return visibleButtons(c).slice(0, 40).map(button);
  }

  // scan finds the containers of visible buttons that look like a cookie
  // banner: an ancestor that is fixed or sticky, a dialog, or named by a
  // banner marker, and whose text has one of the words.
  function scan(q) {
    var markers = [];
    (q.markers || []).forEach(function (m) {
      try {
        markers.push(new RegExp(m));
      } catch (e) {}
    });
    var words = q.words || [];
    var memo = new Map();
    function qualifies(c) {
      if (memo.has(c)) return memo.get(c);
      var name = (c.id + ' ' + (c.getAttribute('class') || '')).toLowerCase();
      var marked = markers.some(function (re) {
        return re.test(name);
      });
      var role = c.getAttribute('role');
      var dialog = c.tagName === 'DIALOG' || role === 'dialog' || role === 'alertdialog' ||
        c.getAttribute('aria-modal') === 'true';
      var pos = window.getComputedStyle(c).position;
      var fixed = pos === 'fixed' || pos === 'sticky';
      var v = null;
      if (marked || dialog || fixed) {
        var text = norm(c.innerText || c.textContent).slice(0, 5000);
        if (words.some(function (w) { return text.indexOf(w) !== -1; })) {
          v = { marker: marked, dialog: dialog, fixed: fixed };
        }
      }
      memo.set(c, v);
      return v;
    }
    var groups = new Map();
    var order = [];
    visibleButtons(document).forEach(function (b) {
      var l = label(b);
      if (!l || l.length > 80) return;
      for (var c = parentOf(b); c && c !== document.body && c !== document.documentElement; c = parentOf(c)) {
        if (qualifies(c)) {
          if (!groups.has(c)) {
            groups.set(c, []);
            order.push(c);
          }
          groups.get(c).push(b);
          return;
        }
      }
    });
    return order.slice(0, 20).map(function (c) {
      var f = memo.get(c);
      return {
        id: ref(c), marker: f.marker, dialog: f.dialog, fixed: f.fixed,
        buttons: groups.get(c).slice(0, 40).map(button)
      };
    });
  }

  // toggles sets the checkboxes and switches of a container on or off and
  // returns how many it clicked.
  function toggles(q) {
    var c = deref(q.id);
    if (!c) return 0;
    var n = 0;
    deepAll(c, 'input[type="checkbox"], [role="switch"], [role="checkbox"]').forEach(function (el) {
      if (el.disabled || el.getAttribute('aria-disabled') === 'true') return;
      var on = el.tagName === 'INPUT' ? el.checked : el.getAttribute('aria-checked') === 'true';
      if (on !== !!q.on) {
        el.click();
        n++;
      }
    });
    return n;
  }

  var ops = {
    detect: function (q) { return detect(q.rules); },
    find: findOp,
    match: function (q) { return matches(q.m, deref(q.base)); },
    click: click,
    hide: hide,
    slide: slide,
    buttons: buttons,
    scan: scan,
    toggles: toggles,
    alive: function (q) { return q.ids.map(function (id) { var el = deref(id); return !!(el && el.isConnected && shown(el)); }); }
  };
  try {
    var op = ops[req.op];
    if (!op) throw new Error('unknown request ' + req.op);
    return { v: op(req) };
  } catch (e) {
    return { err: String((e && e.message) || e) };
  }
})
