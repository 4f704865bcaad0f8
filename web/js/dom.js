// Tiny DOM helpers: h('tag.class', {attrs}, ...children). Text is always set as text, never as
// HTML, so API data cannot inject markup.

export function h(tag, attrs, ...children) {
  const [name, ...classes] = tag.split('.');
  const el = document.createElement(name || 'div');
  if (classes.length) el.className = classes.join(' ');
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    children.unshift(attrs);
    attrs = null;
  }
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className += (el.className ? ' ' : '') + v;
    else if (k === 'value') el.value = v;
    else if (k === 'checked') el.checked = !!v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); return el; }

let idSeq = 0;
export function uid(prefix = 'f') { return `${prefix}-${++idSeq}`; }

// A labelled form field. opts: {name, label, type, value, hint, required, options:[[v,text]],
// multiline (a <textarea>; a number gives its rows), autocomplete, attrs}. Returns the wrapper;
// the control is wrapper.control.
export function field(opts) {
  const id = (opts.attrs && opts.attrs.id) || uid(opts.name);
  const hintId = opts.hint ? id + '-hint' : null;
  const errId = id + '-err';
  let control;
  if (opts.options) {
    control = h('select', { id, name: opts.name, required: opts.required, ...(opts.attrs || {}) },
      opts.options.map(([v, text]) => h('option', { value: v, selected: v === opts.value }, text)));
  } else if (opts.multiline) {
    control = h('textarea', {
      id, name: opts.name, rows: typeof opts.multiline === 'number' ? opts.multiline : 3,
      required: opts.required, autocomplete: opts.autocomplete || 'off', ...(opts.attrs || {}),
    });
    control.value = opts.value ?? '';
  } else {
    control = h('input', {
      id, name: opts.name, type: opts.type || 'text', value: opts.value ?? '',
      required: opts.required, autocomplete: opts.autocomplete || 'off', ...(opts.attrs || {}),
    });
  }
  control.setAttribute('aria-describedby', [hintId, errId].filter(Boolean).join(' '));
  const wrap = h('div.field',
    h('label', { for: id }, opts.label),
    control,
    hintId ? h('p.hint', { id: hintId }, opts.hint) : null,
    h('p.field-error', { id: errId, hidden: true }));
  wrap.control = control;
  return wrap;
}

// Marks one named field of a form as invalid with a message (or clears all when name is null).
export function setFieldError(form, name, message) {
  for (const w of form.querySelectorAll('.field')) {
    const c = w.querySelector('input,select,textarea');
    const err = w.querySelector('.field-error');
    if (!c || !err) continue;
    if (name && c.name === name) {
      c.setAttribute('aria-invalid', 'true');
      err.textContent = message;
      err.hidden = false;
      w.classList.add('invalid');
    } else {
      c.removeAttribute('aria-invalid');
      err.textContent = '';
      err.hidden = true;
      w.classList.remove('invalid');
    }
  }
}

// A status line: role=status for success, role=alert for errors.
export function notice(kind, text) {
  return h(`div.notice.notice-${kind}`, { role: kind === 'error' ? 'alert' : 'status' }, text);
}
