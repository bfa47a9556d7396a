// Student privacy while writing: the guard's dry run as the person types
// (POST /guard/check, debounced, never on first load), and what it or a
// refused publish found, shown under the editor: the text with the matches
// marked, and each match quoted with the guideline it touches. Offsets from
// the server are UTF-8 byte offsets; they are converted here.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, request } from '../api';
import type { GuardCheck, GuardFinding } from '../types';

/** What a check (or a refused publish) found, with the text it was about. */
export interface PrivacyResult {
  outcome: 'allow' | 'warn' | 'block';
  findings: GuardFinding[];
  body: string;
}

const CHECK_DELAY_MS = 600;
/** After a 429 the checks pause (silently) until this time (ms since epoch). */
let quietUntil = 0;

/** The findings of a 422 student_privacy / confirmation_required refusal, or null. */
export function refusalOf(e: unknown, body: string): PrivacyResult | null {
  if (!(e instanceof ApiError) || (e.code !== 'student_privacy' && e.code !== 'confirmation_required')) return null;
  const findings = (e.findings || []).filter(isFinding);
  return { outcome: e.code === 'student_privacy' ? 'block' : 'warn', findings, body };
}

function isFinding(f: unknown): f is GuardFinding {
  const o = f as GuardFinding;
  return !!o && typeof o === 'object' && typeof o.start === 'number' && typeof o.end === 'number';
}

/**
 * Checks `body` for group `groupId` CHECK_DELAY_MS after the last change,
 * only once `typed` (the person typed since the page loaded) and only when
 * the body is not blank. Returns the latest result (null: nothing to show).
 */
export function usePrivacyCheck(body: string, groupId: string, typed: boolean): PrivacyResult | null {
  const [result, setResult] = useState<PrivacyResult | null>(null);
  useEffect(() => {
    if (!typed || !groupId) return;
    if (!body.trim()) {
      setResult(null);
      return;
    }
    const ctl = new AbortController();
    const t = window.setTimeout(() => {
      if (Date.now() < quietUntil) return;
      request<GuardCheck>('POST', '/guard/check', { body, group_id: Number(groupId) }, { signal: ctl.signal })
        .then((r) => setResult({ outcome: r.outcome, findings: (r.findings || []).filter(isFinding), body }))
        .catch((e) => {
          if (e instanceof ApiError && e.status === 429) quietUntil = Date.now() + (e.retryAfter ?? 60) * 1000;
          // Otherwise silent too: publishing checks again and says what it found.
        });
    }, CHECK_DELAY_MS);
    return () => {
      window.clearTimeout(t);
      ctl.abort();
    };
  }, [body, groupId, typed]);
  return result;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

interface Span {
  start: number;
  end: number;
}

/** The findings' spans, byte offsets sorted and merged where they overlap. */
function spans(bytes: Uint8Array, findings: GuardFinding[]): Span[] {
  const s = findings
    .map((f) => ({ start: Math.max(0, Math.min(f.start, bytes.length)), end: Math.max(0, Math.min(f.end, bytes.length)) }))
    .filter((x) => x.end > x.start)
    .sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const x of s) {
    const last = out[out.length - 1];
    if (last && x.start <= last.end) last.end = Math.max(last.end, x.end);
    else out.push({ ...x });
  }
  return out;
}

/** The text of a finding, quoted from the body it was found in. */
export function matchedText(body: string, f: GuardFinding): string {
  const bytes = enc.encode(body);
  return dec.decode(bytes.subarray(Math.max(0, f.start), Math.min(f.end, bytes.length))).trim();
}

/** The body with the findings marked. */
function Marked(props: { body: string; findings: GuardFinding[] }) {
  const bytes = enc.encode(props.body);
  const parts: ComponentChildren[] = [];
  let at = 0;
  spans(bytes, props.findings).forEach((s, i) => {
    if (s.start > at) parts.push(dec.decode(bytes.subarray(at, s.start)));
    parts.push(<mark key={i}>{dec.decode(bytes.subarray(s.start, s.end))}</mark>);
    at = s.end;
  });
  if (at < bytes.length) parts.push(dec.decode(bytes.subarray(at)));
  return <p class="privacy-mirror">{parts}</p>;
}

function summary(r: PrivacyResult): string {
  return r.outcome === 'block'
    ? 'This can’t be posted in this group as it is: the marked text looks like student information. Please remove it before posting.'
    : 'Please check the marked text: it may be student information. Posting it here will ask you for a reason.';
}

/**
 * What the guard found, under the editor. `region` is always rendered
 * (a polite live region), so that findings are announced as they appear.
 */
export function PrivacyFindings(props: { id: string; result: PrivacyResult | null; refused?: boolean }) {
  const r = props.result;
  const show = !!r && r.findings.length > 0 && r.outcome !== 'allow';
  return (
    <div id={props.id} class={show ? 'privacy-check' : 'privacy-check is-empty'} aria-live="polite">
      {show && r && (
        <>
          {/* After a refused publish the server's own sentence stands above (the text's error). */}
          {!props.refused && <p class="privacy-summary">{summary(r)}</p>}
          <Marked body={r.body} findings={r.findings} />
          <ul class="privacy-findings" aria-label="What to check">
            {r.findings.map((f, i) => (
              <li key={i}>
                <span class="privacy-match">“{matchedText(r.body, f)}”</span>: {f.explanation}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
