// docs/openapi.yaml must describe exactly the routes of src/api/routes.c:
// the same (method, path) pairs, the same declared query parameters with
// the same bounds, and the same public/authenticated split. The spec is
// also checked for well-formedness and internal consistency ($refs resolve,
// path parameters are declared, every error response names its codes).
//
// No YAML library is installed, so this file parses the subset of YAML that
// docs/openapi.yaml is written in and refuses anything outside it with the
// line number: block mappings and sequences indented by two spaces per
// level, one-line flow collections ([a, b] and {k: v}), quoted and plain
// one-line scalars, and literal (|, |-) block scalars. No tabs,
// anchors, aliases, tags, multi-line plain scalars or trailing spaces. If the
// spec ever needs more YAML than that, add a real parser instead.
//
// It reads files only; it starts no server.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (rel) => readFileSync(path.join(root, rel), 'utf8');

const SPEC_FILE = 'docs/openapi.yaml';
const ROUTES_FILE = 'src/api/routes.c';
const LIMITS_FILE = 'src/core/core.h';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const ID_MAX = 2 ** 53;

// ---- the YAML subset ----

class YamlError extends Error {
  constructor(lineNo, msg) {
    super(`${SPEC_FILE}:${lineNo}: ${msg}`);
  }
}

const KEY_RE = /^(?:'((?:[^']|'')*)'|"((?:[^"\\]|\\.)*)"|([^\s'"#[\]{},:&*!|>%@`?-][^:]*?))[ ]*:(?:[ ]+(.*))?$/;
const BLOCK_RE = /^\|([-+]?)$/;

function isBlankOrComment(text) {
  const t = text.trim();
  return t === '' || t.startsWith('#');
}

function typedPlain(s, lineNo) {
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(s) && !/^-[0-9]/.test(s))
    throw new YamlError(lineNo, `plain scalar starts with an indicator, quote it: ${s}`);
  if (s.includes(': ') || s.includes(' #') || s.endsWith(':'))
    throw new YamlError(lineNo, `plain scalar with ': ', ' #' or a final ':' is ambiguous, quote it: ${s}`);
  if (s === 'null' || s === '~') return null;
  if (s === 'true') return true;
  if (s === 'false') return false;
  if (/^[-+]?[0-9]+$/.test(s)) return Number(s);
  if (/^[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/.test(s)) return Number(s);
  if (/^(True|TRUE|False|FALSE|Null|NULL|yes|no|Yes|No|on|off|On|Off)$/.test(s))
    throw new YamlError(lineNo, `'${s}' reads differently in YAML 1.1 and 1.2, quote it`);
  return s;
}

function singleQuoted(s, lineNo) {
  const m = /^'((?:[^']|'')*)'$/.exec(s);
  if (!m) throw new YamlError(lineNo, `bad single-quoted scalar: ${s}`);
  return m[1].replace(/''/g, "'");
}

function doubleQuoted(s, lineNo) {
  try {
    const v = JSON.parse(s);
    if (typeof v === 'string') return v;
  } catch {
    // fall through
  }
  throw new YamlError(lineNo, `bad double-quoted scalar: ${s}`);
}

// A one-line flow collection or scalar inside one.
function parseFlow(s, lineNo) {
  let i = 0;
  const ws = () => {
    while (s[i] === ' ') i++;
  };
  const scalar = () => {
    ws();
    if (s[i] === "'") {
      let j = i + 1;
      for (;;) {
        if (j >= s.length) throw new YamlError(lineNo, `unterminated quote in ${s}`);
        if (s[j] === "'" && s[j + 1] === "'") j += 2;
        else if (s[j] === "'") break;
        else j++;
      }
      const v = singleQuoted(s.slice(i, j + 1), lineNo);
      i = j + 1;
      return v;
    }
    if (s[i] === '"') {
      let j = i + 1;
      while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
      if (j >= s.length) throw new YamlError(lineNo, `unterminated quote in ${s}`);
      const v = doubleQuoted(s.slice(i, j + 1), lineNo);
      i = j + 1;
      return v;
    }
    const m = /^[^,[\]{}:]*(?::(?! )[^,[\]{}:]*)*/.exec(s.slice(i));
    const text = m[0].trim();
    if (!text) throw new YamlError(lineNo, `empty entry in flow collection: ${s}`);
    i += m[0].length;
    return typedPlain(text, lineNo);
  };
  const value = () => {
    ws();
    if (s[i] === '[') {
      i++;
      const out = [];
      ws();
      if (s[i] === ']') {
        i++;
        return out;
      }
      for (;;) {
        out.push(value());
        ws();
        if (s[i] === ',') i++;
        else if (s[i] === ']') {
          i++;
          return out;
        } else throw new YamlError(lineNo, `expected , or ] in ${s}`);
      }
    }
    if (s[i] === '{') {
      i++;
      const out = {};
      ws();
      if (s[i] === '}') {
        i++;
        return out;
      }
      for (;;) {
        const k = scalar();
        ws();
        if (s[i] !== ':') throw new YamlError(lineNo, `expected : in ${s}`);
        i++;
        if (Object.hasOwn(out, k)) throw new YamlError(lineNo, `duplicate key ${k}`);
        out[k] = value();
        ws();
        if (s[i] === ',') i++;
        else if (s[i] === '}') {
          i++;
          return out;
        } else throw new YamlError(lineNo, `expected , or } in ${s}`);
      }
    }
    return scalar();
  };
  const v = value();
  ws();
  if (i !== s.length) throw new YamlError(lineNo, `trailing text after flow value: ${s}`);
  return v;
}

function parseInline(s, lineNo) {
  if (s.startsWith("'")) return singleQuoted(s, lineNo);
  if (s.startsWith('"')) return doubleQuoted(s, lineNo);
  if (s.startsWith('[') || s.startsWith('{')) return parseFlow(s, lineNo);
  return typedPlain(s, lineNo);
}

export function parseYaml(text) {
  if (text.includes('\r')) throw new YamlError(1, 'carriage returns are not allowed');
  if (!text.endsWith('\n')) throw new YamlError(1, 'the file must end with a newline');
  const raw = text.slice(0, -1).split('\n');
  const lines = raw.map((t, k) => {
    const no = k + 1;
    if (t.includes('\t')) throw new YamlError(no, 'tab character');
    if (/ +$/.test(t)) throw new YamlError(no, 'trailing spaces');
    const indent = t.length - t.trimStart().length;
    return { no, indent, text: t.trimStart(), raw: t };
  });
  let i = 0;
  const skip = () => {
    while (i < lines.length && isBlankOrComment(lines[i].raw)) i++;
  };
  const structural = (ln) => {
    if (ln.indent % 2) throw new YamlError(ln.no, `indentation of ${ln.indent} is not a multiple of 2`);
    if (/^(&|\*|!|%|---|\.\.\.)/.test(ln.text))
      throw new YamlError(ln.no, 'anchors, aliases, tags, directives and document markers are not used here');
  };

  function blockScalar(chomp, parentIndent) {
    const body = [];
    let contentIndent = -1;
    while (i < lines.length) {
      const ln = lines[i];
      if (ln.raw.trim() === '') {
        body.push('');
        i++;
        continue;
      }
      if (ln.indent <= parentIndent) break;
      if (contentIndent < 0) contentIndent = ln.indent;
      if (ln.indent < contentIndent) throw new YamlError(ln.no, 'block scalar line indented less than its first line');
      body.push(ln.raw.slice(contentIndent));
      i++;
    }
    // Trailing blank lines belong to the block only for '+' chomping; give them back.
    while (body.length && body[body.length - 1] === '') {
      body.pop();
      i--;
    }
    if (contentIndent < 0) throw new YamlError(lines[Math.max(0, i - 1)].no, 'empty block scalar');
    const s = body.join('\n');
    return chomp === '-' ? s : s + '\n'; // '+' (keep trailing blank lines) is not used here
  }

  function value(rest, indent, lineNo) {
    if (rest === undefined || rest === '') {
      skip();
      if (i < lines.length && lines[i].indent > indent) {
        if (lines[i].indent !== indent + 2)
          throw new YamlError(lines[i].no, `expected indentation ${indent + 2}, found ${lines[i].indent}`);
        return node(indent + 2);
      }
      if (i < lines.length && lines[i].indent === indent && lines[i].text.startsWith('- '))
        throw new YamlError(lines[i].no, 'indent a sequence by two spaces under its key');
      return null;
    }
    const b = BLOCK_RE.exec(rest);
    if (b) return blockScalar(b[1], indent);
    if (rest.startsWith('&') || rest.startsWith('*') || rest.startsWith('!'))
      throw new YamlError(lineNo, 'anchors, aliases and tags are not used here');
    return parseInline(rest, lineNo);
  }

  function entry(content, indent, obj, ln) {
    const m = KEY_RE.exec(content);
    if (!m) throw new YamlError(ln.no, `not a 'key: value' line: ${content}`);
    const key = m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2] !== undefined ? doubleQuoted(`"${m[2]}"`, ln.no) : m[3];
    if (Object.hasOwn(obj, key)) throw new YamlError(ln.no, `duplicate key '${key}'`);
    i++;
    obj[key] = value(m[4], indent, ln.no);
  }

  function mapping(indent, obj = {}) {
    for (;;) {
      skip();
      if (i >= lines.length) return obj;
      const ln = lines[i];
      if (ln.indent < indent) return obj;
      structural(ln);
      if (ln.indent > indent) throw new YamlError(ln.no, `unexpected indentation ${ln.indent} (expected ${indent})`);
      if (ln.text === '-' || ln.text.startsWith('- ')) throw new YamlError(ln.no, 'sequence item inside a mapping');
      entry(ln.text, indent, obj, ln);
    }
  }

  function sequence(indent) {
    const out = [];
    for (;;) {
      skip();
      if (i >= lines.length) return out;
      const ln = lines[i];
      if (ln.indent < indent) return out;
      structural(ln);
      if (ln.indent > indent) throw new YamlError(ln.no, `unexpected indentation ${ln.indent} (expected ${indent})`);
      if (!ln.text.startsWith('- ')) throw new YamlError(ln.no, 'mapping entry inside a sequence');
      const content = ln.text.slice(2);
      if (content.startsWith(' ')) throw new YamlError(ln.no, 'one space after a sequence dash');
      // '- key: value' opens a mapping; a quoted or flow item is a value
      if (!/^['"[{]/.test(content) && KEY_RE.test(content)) {
        const obj = {};
        entry(content, indent + 2, obj, ln);
        out.push(mapping(indent + 2, obj));
      } else {
        i++;
        out.push(parseInline(content, ln.no));
      }
    }
  }

  function node(indent) {
    skip();
    const ln = lines[i];
    structural(ln);
    return ln.text === '-' || ln.text.startsWith('- ') ? sequence(indent) : mapping(indent);
  }

  skip();
  if (i >= lines.length) throw new YamlError(1, 'empty document');
  if (lines[i].indent !== 0) throw new YamlError(lines[i].no, 'the document must start at column 0');
  const doc = node(0);
  skip();
  if (i < lines.length) throw new YamlError(lines[i].no, 'text after the document');
  return doc;
}

// ---- the route table ----

function limits() {
  const out = {};
  for (const m of read(LIMITS_FILE).matchAll(/^#define\s+(LIMIT_\w+)\s+(\d+)/gm)) out[m[1]] = Number(m[2]);
  return out;
}

function routeTable() {
  const src = read(ROUTES_FILE).replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const lim = limits();
  const num = (tok) => {
    if (/^-?\d+$/.test(tok)) return Number(tok);
    if (Object.hasOwn(lim, tok)) return lim[tok];
    throw new Error(`${ROUTES_FILE}: unknown bound ${tok} (not a number nor a LIMIT_ of ${LIMITS_FILE})`);
  };
  const v1 = /#define\s+V1\s+"([^"]*)"/.exec(src);
  assert.ok(v1, `${ROUTES_FILE} defines V1`);

  const params = {};
  for (const m of src.matchAll(/static\s+const\s+struct\s+http_param\s+(\w+)\s*\[\]\s*=\s*\{([\s\S]*?)\};/g)) {
    const rows = [...m[2].matchAll(/\{\s*"(\w+)"\s*,\s*(PARAM_\w+)\s*,\s*(-?\w+)\s*,\s*(-?\w+)\s*\}/g)];
    assert.equal(rows.length, (m[2].match(/\{/g) || []).length, `every row of ${m[1]}[] is understood`);
    params[m[1]] = rows.map((r) => ({ name: r[1], type: r[2], min: num(r[3]), max: num(r[4]) }));
  }

  const table = /const\s+struct\s+http_route\s+api_routes\s*\[\]\s*=\s*\{([\s\S]*?)\n\};/.exec(src);
  assert.ok(table, `${ROUTES_FILE} has the api_routes[] table`);
  const rowRe =
    /\{\s*HTTP_(GET|POST|PUT|PATCH|DELETE)\s*,\s*(V1\s+)?"([^"]+)"\s*,\s*(\w+)\s*,\s*([^,{}]+?)\s*,\s*(?:NULL\s*,\s*0|PARAMS\((\w+)\))\s*\}/g;
  const routes = [];
  for (const m of table[1].matchAll(rowRe)) {
    const pattern = (m[2] ? v1[1] : '') + m[3];
    if (m[6] && !params[m[6]]) throw new Error(`${ROUTES_FILE}: PARAMS(${m[6]}) names no http_param array`);
    routes.push({
      method: m[1].toLowerCase(),
      pattern,
      path: pattern.replace(/\{(\w+):\w+\}/g, '{$1}'),
      handler: m[4],
      public: /\bAPI_PUBLIC\b/.test(m[5]),
      upload: /\bHTTP_ROUTE_UPLOAD\b/.test(m[5]),
      params: m[6] ? params[m[6]] : [],
    });
  }
  const rowsInTable = (table[1].match(/\{\s*HTTP_/g) || []).length;
  assert.equal(routes.length, rowsInTable, `every row of api_routes[] is understood (${routes.length} of ${rowsInTable})`);
  assert.ok(routes.length > 0, 'the route table is not empty');
  return routes;
}

// ---- the spec ----

const specText = read(SPEC_FILE);
let spec;
let specError;
try {
  spec = parseYaml(specText);
} catch (e) {
  specError = e;
}

function resolve(node, seen = new Set()) {
  if (!node || typeof node !== 'object' || typeof node.$ref !== 'string') return node;
  const ref = node.$ref;
  assert.ok(ref.startsWith('#/'), `only local $refs are used: ${ref}`);
  assert.ok(!seen.has(ref), `$ref cycle through ${ref}`);
  seen.add(ref);
  let cur = spec;
  for (const part of ref.slice(2).split('/')) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    assert.ok(cur && typeof cur === 'object' && Object.hasOwn(cur, key), `$ref ${ref} resolves`);
    cur = cur[key];
  }
  return resolve(cur, seen);
}

function operations() {
  const out = [];
  for (const [p, item] of Object.entries(spec.paths ?? {})) {
    for (const [m, op] of Object.entries(item)) {
      if (METHODS.includes(m)) out.push({ path: p, method: m, op, item });
    }
  }
  return out;
}

function paramsOf({ item, op }) {
  return [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => resolve(p));
}

const key = (method, p) => `${method.toUpperCase()} ${p}`;

// ---- the tests ----

test('docs/openapi.yaml is well-formed (within the YAML subset it is written in)', () => {
  if (specError) throw specError;
  assert.equal(typeof spec, 'object');
  assert.match(String(spec.openapi), /^3\.1\.\d+$/, 'openapi: 3.1.x');
  for (const k of ['info', 'paths', 'components']) assert.ok(spec[k] && typeof spec[k] === 'object', `has ${k}`);
  assert.ok(spec.info.title && spec.info.version !== undefined, 'info has a title and a version');
  for (const s of ['securitySchemes', 'schemas', 'responses', 'parameters'])
    assert.ok(spec.components[s], `components.${s}`);
});

test('the parser reads the YAML it claims to (self-check)', () => {
  const doc = parseYaml(
    [
      'a: 1',
      "b: 'it''s: quoted'",
      'c:',
      '  - x',
      '  - k: v',
      '    l: [1, two, "3"]',
      'd: |',
      '  line one',
      '',
      '    indented',
      'e: {x: y, z: [a]}',
      'f: plain text, with commas',
      '',
    ].join('\n'),
  );
  assert.deepEqual(doc, {
    a: 1,
    b: "it's: quoted",
    c: ['x', { k: 'v', l: [1, 'two', '3'] }],
    d: 'line one\n\n  indented\n',
    e: { x: 'y', z: ['a'] },
    f: 'plain text, with commas',
  });
  assert.throws(() => parseYaml('a:\n\tb: 1\n'), /tab/);
  assert.throws(() => parseYaml('a: 1\na: 2\n'), /duplicate key/);
  assert.throws(() => parseYaml('a:\n   b: 1\n'), /indentation/);
  assert.throws(() => parseYaml('a: b: c\n'), /ambiguous|quote/);
  assert.throws(() => parseYaml('a: 1 \n'), /trailing spaces/);
});

test('every route in src/api/routes.c is in docs/openapi.yaml and nothing else is', () => {
  if (specError) throw specError;
  const routes = routeTable();
  const inCode = new Set(routes.map((r) => key(r.method, r.path)));
  assert.equal(inCode.size, routes.length, 'the route table has no duplicate (method, path)');
  const inSpec = new Set(operations().map((o) => key(o.method, o.path)));
  const missing = [...inCode].filter((k) => !inSpec.has(k)).sort();
  const extra = [...inSpec].filter((k) => !inCode.has(k)).sort();
  assert.deepEqual(missing, [], 'routes in src/api/routes.c that docs/openapi.yaml does not describe');
  assert.deepEqual(extra, [], 'operations in docs/openapi.yaml that src/api/routes.c does not serve');
});

test('each route declares the same query parameters, with the same bounds', () => {
  if (specError) throw specError;
  const ops = new Map(operations().map((o) => [key(o.method, o.path), o]));
  for (const r of routeTable()) {
    const o = ops.get(key(r.method, r.path));
    if (!o) continue; // reported by the test above
    const where = key(r.method, r.path);
    const query = paramsOf(o).filter((p) => p.in === 'query');
    assert.deepEqual(
      query.map((p) => p.name).sort(),
      r.params.map((p) => p.name).sort(),
      `${where}: query parameters`,
    );
    for (const p of r.params) {
      const sp = query.find((q) => q.name === p.name);
      assert.notEqual(sp.required, true, `${where}: ?${p.name} is optional`);
      const s = resolve(sp.schema);
      assert.ok(s, `${where}: ?${p.name} has a schema`);
      const w = `${where}: ?${p.name}`;
      switch (p.type) {
        case 'PARAM_INT':
          assert.equal(s.type, 'integer', `${w} is an integer`);
          assert.equal(s.minimum, p.min, `${w} minimum`);
          assert.equal(s.maximum, p.max, `${w} maximum`);
          break;
        case 'PARAM_STRING':
          assert.equal(s.type, 'string', `${w} is a string`);
          assert.equal(s.minLength, p.min, `${w} minLength`);
          assert.equal(s.maxLength, p.max, `${w} maxLength`);
          break;
        case 'PARAM_ID':
          if (s.type === 'integer') {
            assert.equal(s.minimum, 1, `${w} minimum`);
            assert.equal(s.maximum, ID_MAX, `${w} maximum`);
          } else {
            assert.equal(s.type, 'string', `${w} is an id (integer) or an opaque string`);
            assert.equal(s.minLength, 1, `${w} minLength`);
            assert.equal(s.maxLength, 16, `${w} maxLength (an id has at most 16 digits)`);
          }
          break;
        case 'PARAM_BOOL':
          assert.equal(s.type, 'boolean', `${w} is a boolean`);
          break;
        default:
          assert.fail(`${w}: unknown parameter type ${p.type}`);
      }
    }
  }
});

test('public routes need no credentials; the others take a session or a bearer token, with CSRF on writes', () => {
  if (specError) throw specError;
  const ops = new Map(operations().map((o) => [key(o.method, o.path), o]));
  const schemes = spec.components.securitySchemes;
  assert.equal(schemes.session?.in, 'cookie');
  assert.equal(schemes.session?.name, 'staffroom_session');
  assert.equal(schemes.csrf?.in, 'header');
  assert.equal(schemes.csrf?.name, 'X-CSRF-Token');
  assert.equal(schemes.bearer?.type, 'http');
  assert.equal(String(schemes.bearer?.scheme).toLowerCase(), 'bearer');
  for (const r of routeTable()) {
    const o = ops.get(key(r.method, r.path));
    if (!o) continue;
    const where = key(r.method, r.path);
    const sec = o.op.security ?? spec.security;
    if (r.public) {
      assert.deepEqual(sec, [], `${where} is public: security: []`);
      continue;
    }
    assert.ok(Array.isArray(sec) && sec.length > 0, `${where} needs credentials`);
    for (const req of sec)
      for (const name of Object.keys(req)) assert.ok(schemes[name], `${where}: security scheme ${name} exists`);
    assert.ok(sec.some((req) => Object.keys(req).join() === 'bearer'), `${where}: a bearer token alone works`);
    const withSession = sec.filter((req) => 'session' in req);
    assert.ok(withSession.length > 0, `${where}: a session works`);
    for (const req of withSession) {
      if (r.method === 'get') assert.ok(!('csrf' in req), `${where}: a GET needs no CSRF token`);
      else assert.ok('csrf' in req, `${where}: a cookie-authenticated ${r.method.toUpperCase()} needs X-CSRF-Token`);
    }
  }
});

test('the spec is consistent: $refs resolve, path parameters are declared, responses are complete', () => {
  if (specError) throw specError;
  const uploads = new Set(routeTable().filter((r) => r.upload).map((r) => key(r.method, r.path)));
  for (const u of uploads) {
    const o = operations().find((x) => key(x.method, x.path) === u);
    assert.ok(o?.op.requestBody, `${u} is an upload route (HTTP_ROUTE_UPLOAD): its spec describes the body`);
  }
  for (const m of specText.matchAll(/\$ref: '([^']+)'/g)) resolve({ $ref: m[1] });
  const ids = new Set();
  for (const o of operations()) {
    const where = key(o.method, o.path);
    assert.ok(o.op.operationId, `${where} has an operationId`);
    assert.ok(!ids.has(o.op.operationId), `operationId ${o.op.operationId} is unique`);
    ids.add(o.op.operationId);
    assert.ok(o.op.summary, `${where} has a summary`);

    const inTemplate = [...o.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const declared = paramsOf(o).filter((p) => p.in === 'path');
    assert.deepEqual(declared.map((p) => p.name).sort(), inTemplate, `${where}: path parameters`);
    for (const p of declared) assert.equal(p.required, true, `${where}: path parameter ${p.name} is required`);

    const upload = uploads.has(key(o.method, o.path));
    if (o.op.requestBody && upload) {
      // A raw upload (HTTP_ROUTE_UPLOAD): the body is the file itself.
      const types = Object.keys(resolve(o.op.requestBody).content ?? {});
      assert.ok(types.length > 0, `${where}: the upload's body names its types`);
      for (const t of types) assert.match(t, /^(image\/[a-z0-9.+-]+|application\/octet-stream)$/, `${where}: body type ${t}`);
    } else if (o.op.requestBody) {
      const body = resolve(o.op.requestBody);
      const schema = resolve(body.content?.['application/json']?.schema);
      assert.ok(schema, `${where}: the body is JSON with a schema`);
      assert.equal(schema.type, 'object', `${where}: the body is an object`);
      assert.equal(schema.additionalProperties, false, `${where}: the body takes only its declared fields`);
    }

    const responses = o.op.responses ?? {};
    const codes = Object.keys(responses);
    assert.ok(codes.some((c) => /^2\d\d$/.test(c)), `${where} has a success response`);
    if (!(o.op.security && o.op.security.length === 0)) assert.ok(codes.includes('401'), `${where} documents 401`);
    for (const [c, ref] of Object.entries(responses)) {
      assert.ok(/^([1-5]\d\d|default)$/.test(c), `${where}: response key ${c}`);
      const resp = resolve(ref);
      assert.ok(resp.description, `${where} ${c} has a description`);
      if (c === 'default' || Number(c) >= 400) {
        assert.match(resp.description, /`[a-z_]+`/, `${where} ${c}: the description names its problem codes`);
        const schema = resp.content?.['application/problem+json']?.schema;
        assert.ok(schema, `${where} ${c} is application/problem+json`);
        assert.equal(schema.$ref, '#/components/schemas/Problem', `${where} ${c} uses the Problem schema`);
      } else if (c !== '204' && c !== '304') {
        assert.ok(resp.content && Object.keys(resp.content).length > 0, `${where} ${c} has content`);
      }
    }
  }
  const problem = spec.components.schemas.Problem;
  for (const f of ['type', 'title', 'status', 'detail', 'code', 'request_id'])
    assert.ok(problem.required.includes(f) && problem.properties[f], `Problem has ${f}`);
  assert.ok(problem.properties.field, 'Problem has field');
});
