// Student privacy while writing: the guard's dry run as the person types
// (POST /guard/check, debounced, never on first load), and what it or a
// refused publish found, shown under the editor: the text with the matches
// marked, and each match quoted with the guideline it touches. Offsets from
// the server are UTF-8 byte offsets; they are converted here. The review
// pages (held posts) mark a held text the same way (MarkedText, FindingList).
// Photos: the check covers the attached images too (their captions, and
// media consent); a finding with an image_id is shown next to that photo
// (PhotoFindings), the text's own findings under the editor. "Think before
// you post" findings (professional language) are warnings like the others.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, request } from '../api';
import type { GuardCheck, GuardFinding, Id } from '../types';
import { FieldError } from './common';

/** An attached image as the guard sees it: its caption and the author's word on students. */
export interface CheckedImage {
  id: Id;
  alt: string | null;
  shows_students: boolean;
}

/** What a check (or a refused publish) found, with the text and images it was about. */
export interface PrivacyResult {
  outcome: 'allow' | 'warn' | 'hold' | 'block';
  findings: GuardFinding[];
  body: string;
  /** imagesKey() of the images checked ('' for none). */
  key: string;
  /** Each checked image's caption, by id: a caption finding's offsets are into it. */
  captions: Record<number, string>;
}

const CHECK_DELAY_MS = 600;
/** After a 429 the checks pause (silently) until this time (ms since epoch). */
let quietUntil = 0;

/** Stands for the images' ids, order, captions and students flags: a change means a new check. */
export function imagesKey(images: CheckedImage[]): string {
  return images.length ? JSON.stringify(images.map((i) => [i.id, i.alt || '', i.shows_students])) : '';
}

function captionsOf(images: CheckedImage[]): Record<number, string> {
  const out: Record<number, string> = {};
  for (const i of images) out[i.id] = i.alt || '';
  return out;
}

/** The findings of a 422 student_privacy / confirmation_required refusal, or null. */
export function refusalOf(e: unknown, body: string, images: CheckedImage[] = []): PrivacyResult | null {
  if (!(e instanceof ApiError) || (e.code !== 'student_privacy' && e.code !== 'confirmation_required')) return null;
  const findings = (e.findings || []).filter(isFinding);
  return {
    outcome: e.code === 'student_privacy' ? 'block' : 'warn',
    findings,
    body,
    key: imagesKey(images),
    captions: captionsOf(images),
  };
}

function isFinding(f: unknown): f is GuardFinding {
  const o = f as GuardFinding;
  return !!o && typeof o === 'object' && typeof o.start === 'number' && typeof o.end === 'number';
}

/** A finding in the post's text (not in a caption, not about a photo). */
export function onText(f: GuardFinding): boolean {
  return !f.image_id;
}

/** The findings about one image (in its caption, or its media consent). */
export function findingsFor(findings: GuardFinding[], imageId: Id): GuardFinding[] {
  return findings.filter((f) => f.image_id === imageId);
}

const LANGUAGE_RULES = new Set(['profanity', 'slur', 'harassment', 'threat']);

/** A "think before you post" rule: professional language, not student information. */
export function isLanguage(f: GuardFinding): boolean {
  return LANGUAGE_RULES.has(f.rule);
}

/**
 * Checks `body` (with `images`) for group `groupId` CHECK_DELAY_MS after the
 * last change, only once `typed` (the person typed or attached since the page
 * loaded) and only when the body is not blank. Returns the latest result
 * (null: nothing to show).
 */
export function usePrivacyCheck(
  body: string,
  groupId: string,
  typed: boolean,
  images: CheckedImage[] = [],
): PrivacyResult | null {
  const [result, setResult] = useState<PrivacyResult | null>(null);
  const key = imagesKey(images);
  useEffect(() => {
    if (!typed || !groupId) return;
    if (!body.trim()) {
      setResult(null);
      return;
    }
    const ctl = new AbortController();
    const captions = captionsOf(images);
    const ids = images.map((i) => i.id);
    const t = window.setTimeout(() => {
      if (Date.now() < quietUntil) return;
      request<GuardCheck>(
        'POST',
        '/guard/check',
        { body, group_id: Number(groupId), ...(ids.length ? { image_ids: ids } : {}) },
        { signal: ctl.signal },
      )
        .then((r) =>
          setResult({ outcome: r.outcome, findings: (r.findings || []).filter(isFinding), body, key, captions }),
        )
        .catch((e) => {
          if (e instanceof ApiError && e.status === 429) quietUntil = Date.now() + (e.retryAfter ?? 60) * 1000;
          // Otherwise silent too: publishing checks again and says what it found.
        });
    }, CHECK_DELAY_MS);
    return () => {
      window.clearTimeout(t);
      ctl.abort();
    };
  }, [body, groupId, typed, key]);
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

/** The body (plain text, as written) with the findings' spans in <mark>. */
export function MarkedText(props: { body: string; findings: GuardFinding[]; id?: string; label?: string }) {
  const bytes = enc.encode(props.body);
  const parts: ComponentChildren[] = [];
  let at = 0;
  spans(bytes, props.findings).forEach((s, i) => {
    if (s.start > at) parts.push(dec.decode(bytes.subarray(at, s.start)));
    parts.push(<mark key={i}>{dec.decode(bytes.subarray(s.start, s.end))}</mark>);
    at = s.end;
  });
  if (at < bytes.length) parts.push(dec.decode(bytes.subarray(at)));
  return (
    <p class="privacy-mirror" id={props.id}>
      {props.label ? <span class="sr-only">{props.label} </span> : null}
      {parts}
    </p>
  );
}

/**
 * Each finding: the matched text quoted, then the guideline it touches (the
 * server's explanation). A finding about a photo as a whole (media consent)
 * has no text to quote.
 */
export function FindingList(props: { body: string; findings: GuardFinding[]; label: string }) {
  return (
    <ul class="privacy-findings" aria-label={props.label}>
      {props.findings.map((f, i) => {
        const quote = matchedText(props.body, f);
        return (
          <li key={i}>
            {quote ? (
              <span class="privacy-match">“{quote}”</span>
            ) : f.rule === 'media_consent' ? (
              <span class="privacy-match">Media consent</span>
            ) : null}
            {quote || f.rule === 'media_consent' ? ': ' : null}
            {f.explanation}
          </li>
        );
      })}
    </ul>
  );
}

/** The findings that decide the outcome (those whose action it is; else all). */
function deciding(r: PrivacyResult): GuardFinding[] {
  const d = r.findings.filter((f) => f.action === r.outcome);
  return d.length ? d : r.findings;
}

function summary(r: PrivacyResult): string {
  const d = deciding(r);
  const language = d.every(isLanguage);
  const media = d.every((f) => f.rule === 'media_consent');
  const someLanguage = d.some(isLanguage);
  switch (r.outcome) {
    case 'block':
      if (language)
        return 'This can’t be posted in this group as it is: the marked text breaks the district’s guidelines on professional language. Please change it before posting.';
      if (media)
        return 'This can’t be posted in this group as it is: a student it names or shows may not appear in photos (no media consent). Remove the photo or the name before posting.';
      return 'This can’t be posted in this group as it is: the marked text looks like student information. Please remove it before posting.';
    case 'hold':
      if (language)
        return 'A monitor will review this before it is published: the marked text may read as unprofessional. Change it to post at once, or post and wait for the review.';
      if (media)
        return 'A monitor will review this before it is published: a photo may show students without a media consent form on file. Remove the photo to post at once, or post and wait for the review.';
      return 'A monitor will review this before it is published: the marked text may be student information. Remove it to post at once, or post and wait for the review.';
    default:
      if (language)
        return 'Think before you post: the marked text may read as unprofessional. Reconsider it; posting it as it is will ask you for a reason.';
      if (media)
        return 'Please check the photos: a media consent form must be on file for each student shown. Posting will ask you for a reason.';
      return someLanguage
        ? 'Please check what is marked: it may be student information, or read as unprofessional. Posting it here will ask you for a reason.'
        : 'Please check the marked text: it may be student information. Posting it here will ask you for a reason.';
  }
}

/** "Check the note under photo 2." / "Check the notes under photos 1 and 3." */
function photoNote(numbers: number[]): string {
  if (numbers.length === 1) return `Check the note under photo ${numbers[0]}.`;
  const last = numbers[numbers.length - 1];
  return `Check the notes under photos ${numbers.slice(0, -1).join(', ')} and ${last}.`;
}

/**
 * What the guard found, under the editor. `region` is always rendered
 * (a polite live region), so that findings are announced as they appear.
 * photos: the attached images' ids in order; findings about them are shown
 * next to each (PhotoFindings), and this region says which to look at.
 */
export function PrivacyFindings(props: { id: string; result: PrivacyResult | null; refused?: boolean; photos?: Id[] }) {
  const r = props.result;
  const show = !!r && r.findings.length > 0 && r.outcome !== 'allow';
  const text = r ? r.findings.filter(onText) : [];
  const photos = (props.photos || [])
    .map((id, i) => (r && findingsFor(r.findings, id).length ? i + 1 : 0))
    .filter((n) => n > 0);
  return (
    <div id={props.id} class={show ? 'privacy-check' : 'privacy-check is-empty'} aria-live="polite">
      {show && r && (
        <>
          {/* After a refused publish the server's own sentence stands above (the text's error). */}
          {!props.refused && <p class="privacy-summary">{summary(r)}</p>}
          {text.length > 0 && (
            <>
              <MarkedText body={r.body} findings={text} />
              <FindingList body={r.body} findings={text} label="What to check" />
            </>
          )}
          {photos.length > 0 && <p class="privacy-photos">{photoNote(photos)}</p>}
        </>
      )}
    </div>
  );
}

/**
 * What the guard found about one photo: its caption with the matches marked
 * (when a finding is in it), then each finding explained. Nothing when
 * there are none.
 */
export function PhotoFindings(props: { id?: string; caption: string; findings: GuardFinding[]; label: string }) {
  if (!props.findings.length) return null;
  const inCaption = props.findings.filter((f) => f.end > f.start);
  return (
    <div class="photo-findings" id={props.id}>
      {inCaption.length > 0 && (
        <MarkedText body={props.caption} findings={inCaption} label="The description, with what to check marked:" />
      )}
      <FindingList body={props.caption} findings={props.findings} label={props.label} />
    </div>
  );
}

/**
 * After a warning (422 confirmation_required): textbox "Reason" (one line,
 * required) and the button that publishes past the warning with it. id is
 * the textbox's; its hint and error are id-hint and id-err.
 */
export function PostAnyway(props: {
  id: string;
  result: PrivacyResult;
  value: string;
  onInput: (v: string) => void;
  error: string | null;
  busy: boolean;
  onConfirm: (e: Event) => void;
}) {
  const hintId = props.id + '-hint';
  const errId = props.id + '-err';
  const language = deciding(props.result).every(isLanguage);
  return (
    <div class="field post-anyway">
      <label for={props.id} class="label">
        Reason
      </label>
      <input
        id={props.id}
        type="text"
        required
        maxLength={500}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={[props.error ? errId : '', hintId].filter(Boolean).join(' ')}
      />
      <p class="hint" id={hintId}>
        {language
          ? 'One line on why this must be posted as it is. It is recorded for the district’s monitors.'
          : "One line on why this must be shared as it is (for example, planning support with the grade team). It is recorded for the district's monitors."}
      </p>
      <FieldError id={errId} message={props.error} />
      <button type="button" class="btn btn-primary" onClick={props.onConfirm} aria-disabled={props.busy ? 'true' : undefined}>
        Post anyway
      </button>
    </div>
  );
}
