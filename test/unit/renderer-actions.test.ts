import { describe, expect, it } from 'vitest';
import { AUDIT_OUTCOMES, type ConfirmRequirement, type JobProgress } from '../../shared/contract/actions';
import { ActionTarget } from '../../shared/contract/actions';
import { wireToBytes } from '../../shared/value-view';
import { phraseMatches } from '../../renderer/src/views/actions/confirm-words';
import { isFinal, jobFraction } from '../../renderer/src/views/actions/job-words';
import { isNewer } from '../../renderer/src/app/jobs-store';
import { buildTarget, EMPTY_DRAFT, parseBytes, parseKeyLines, parseThrottle } from '../../renderer/src/views/actions/target';
import { parseBounded, parseUrlLines, urlsFromForm } from '../../renderer/src/views/actions/warm-words';
import { actionChoices, EMPTY_FILTER, toQuery } from '../../renderer/src/views/audit/audit-query';
import { AUDIT_OUTCOME_CHOICES } from '../../renderer/src/views/audit/outcomes';

function job(patch: Partial<JobProgress>): JobProgress {
  return {
    jobId: 'j1',
    connectionId: 'c1',
    kind: 'invalidate',
    state: 'running',
    startedAt: 0,
    elapsedMs: 0,
    scanned: 0,
    deleted: 0,
    written: 0,
    skipped: 0,
    failed: 0,
    keysPerSec: 0,
    serverReads: { hits: 0, misses: 0 },
    ...patch,
  };
}

describe('target picker', () => {
  it('takes a line literally, and `base64:` as raw bytes', () => {
    expect(parseBytes('report:[2024]:*')).toEqual({ utf8: 'report:[2024]:*' });
    const raw = parseBytes('base64://4AAQ==');
    expect(typeof raw).not.toBe('string');
    expect([...wireToBytes(raw as Exclude<typeof raw, string>)]).toEqual([0xff, 0xfe, 0x00, 0x01]);
    // Valid UTF-8 given as base64 travels as text: the same bytes either way.
    expect(parseBytes(`base64:${Buffer.from('user:42').toString('base64')}`)).toEqual({ utf8: 'user:42' });
    expect(parseBytes('base64:not base64!')).toMatch(/not valid base64/);
    expect(parseBytes('base64:abc')).toMatch(/not valid base64/); // wrong padding
  });

  it('reads one key per line: blank lines skipped, CRLF trimmed, inner and trailing spaces kept, repeats dropped, bad lines numbered', () => {
    const { keys, errors } = parseKeyLines('user:1\r\n\n  spaced key \nuser:1\nbase64:%%%\nbase64:gA==\n');
    expect(keys).toEqual([{ utf8: 'user:1' }, { utf8: '  spaced key ' }, { base64: 'gA==' }]);
    expect(errors).toEqual([{ line: 5, reason: expect.stringMatching(/base64/) }]);
  });

  it('builds contract-valid targets, with the type filter, and says what is missing', () => {
    const prefix = buildTarget({ ...EMPTY_DRAFT, kind: 'prefix', prefix: 'report:[2024]:', type: 'hash' });
    expect(prefix).toEqual({ target: { kind: 'prefix', prefix: { utf8: 'report:[2024]:' }, type: 'hash' } });
    const pattern = buildTarget({ ...EMPTY_DRAFT, kind: 'pattern', pattern: 'meeting:*:42' });
    expect(pattern).toEqual({ target: { kind: 'pattern', pattern: { utf8: 'meeting:*:42' } } });
    const keys = buildTarget({ ...EMPTY_DRAFT, kind: 'keys', keys: 'a\nb' });
    expect(keys).toEqual({ target: { kind: 'keys', keys: [{ utf8: 'a' }, { utf8: 'b' }] } });
    const all = buildTarget({ ...EMPTY_DRAFT, kind: 'all' });
    for (const built of [prefix, pattern, keys, all]) {
      expect('target' in built && ActionTarget.safeParse(built.target).success).toBe(true);
    }
    expect(buildTarget({ ...EMPTY_DRAFT, kind: 'prefix' })).toHaveProperty('error');
    expect(buildTarget({ ...EMPTY_DRAFT, kind: 'pattern' })).toHaveProperty('error');
    expect(buildTarget({ ...EMPTY_DRAFT, kind: 'keys', keys: '\n \n' })).toHaveProperty('error');
    expect(buildTarget({ ...EMPTY_DRAFT, kind: 'keys', keys: 'ok\nbase64:???' })).toEqual({ error: expect.stringMatching(/^Line 2:/) });
    const tooMany = Array.from({ length: 10_001 }, (_, i) => `k${i}`).join('\n');
    expect(buildTarget({ ...EMPTY_DRAFT, kind: 'keys', keys: tooMany })).toEqual({ error: expect.stringMatching(/10,000/) });
  });

  it('accepts an empty throttle or a whole number in the contract range', () => {
    expect(parseThrottle('')).toBeUndefined();
    expect(parseThrottle(' 500 ')).toBe(500);
    expect(parseThrottle('0')).toMatch(/between/);
    expect(parseThrottle('10000001')).toMatch(/between/);
    expect(parseThrottle('1.5')).toMatch(/whole number/);
  });
});

describe('confirmation', () => {
  const prod: ConfirmRequirement = { kind: 'type', phrase: 'Prod cache', env: 'prod', connectionName: 'Prod cache' };
  const dev: ConfirmRequirement = { kind: 'click', phrase: 'confirm', env: 'dev', connectionName: 'Local' };
  it('needs the exact, case-sensitive phrase on prod, and nothing on dev', () => {
    expect(phraseMatches(prod, '')).toBe(false);
    expect(phraseMatches(prod, 'prod cache')).toBe(false);
    expect(phraseMatches(prod, 'Prod cache ')).toBe(false);
    expect(phraseMatches(prod, 'Prod cache')).toBe(true);
    expect(phraseMatches(dev, '')).toBe(true);
  });
});

describe('job progress', () => {
  it('fills the bar from the preview count, never reaching 100 % before the job ends', () => {
    expect(jobFraction(undefined, 10)).toBeNull();
    expect(jobFraction(job({ deleted: 5 }), 10)).toBe(0.5);
    expect(jobFraction(job({ deleted: 12 }), 10)).toBe(0.99);
    expect(jobFraction(job({ deleted: 3 }), 0)).toBeNull(); // nothing tells the size: indeterminate
    expect(jobFraction(job({ state: 'done', deleted: 3 }), 10)).toBe(1);
    // A known total (a file's lines) wins over the expectation.
    expect(jobFraction(job({ kind: 'warm-file', total: 4, written: 1, skipped: 1 }), 100)).toBe(0.5);
    expect(isFinal(job({ state: 'cancelled' }))).toBe(true);
    expect(isFinal(job({}))).toBe(false);
  });

  it('never lets an older running snapshot replace a final result', () => {
    const done = job({ state: 'done', elapsedMs: 50, deleted: 2 });
    expect(isNewer(undefined, job({}))).toBe(true);
    expect(isNewer(job({ elapsedMs: 10 }), job({ elapsedMs: 20 }))).toBe(true);
    expect(isNewer(job({ elapsedMs: 20 }), job({ elapsedMs: 10 }))).toBe(false);
    expect(isNewer(job({ elapsedMs: 20 }), done)).toBe(true);
    expect(isNewer(done, job({ elapsedMs: 60 }))).toBe(false);
  });
});

describe('warm forms', () => {
  it('takes http(s) URLs one per line, skipping blanks and comments, numbering the bad ones', () => {
    const r = parseUrlLines('http://localhost:8080/api/v1/courses\n\n# popular\nftp://x/y\nnot a url\nhttps://app/api/v1/instructors');
    expect(r.urls).toEqual(['http://localhost:8080/api/v1/courses', 'https://app/api/v1/instructors']);
    expect(r.errors.map((e) => e.line)).toEqual([4, 5]);
  });

  it('checks concurrency and timeout against the contract', () => {
    expect(parseBounded('4', 1, 64, 'Concurrency')).toBe(4);
    expect(parseBounded('65', 1, 64, 'Concurrency')).toMatch(/between 1 and 64/);
    expect(urlsFromForm({ urls: 'http://a/x', concurrency: '2', timeoutMs: '5000' })).toEqual({ urls: ['http://a/x'], concurrency: 2, timeoutMs: 5000 });
    expect(urlsFromForm({ urls: '', concurrency: '2', timeoutMs: '5000' })).toMatch(/at least one URL/);
    expect(urlsFromForm({ urls: 'http://a/x', concurrency: '2', timeoutMs: '50' })).toMatch(/timeout/);
  });
});

describe('audit filters', () => {
  it('scope this connection by default; empty fields are left out', () => {
    expect(toQuery(EMPTY_FILTER, 'c1')).toEqual({ connectionId: 'c1', limit: 500 });
    expect(toQuery({ action: 'invalidate', outcome: 'refused', text: '  meeting ', allConnections: true }, 'c1')).toEqual({ action: 'invalidate', outcome: 'refused', text: 'meeting', limit: 500 });
  });

  it('offers the known actions and any other the log holds', () => {
    expect(actionChoices(['invalidate', 'ttl-set', 'ttl-set'])).toEqual(['invalidate', 'undo', 'flushdb', 'flushall', 'flush', 'warm-file', 'warm-urls', 'warm', 'ttl-set']);
  });

  it('lists exactly the contract outcomes (the renderer keeps its own copy: it may not import zod code)', () => {
    expect([...AUDIT_OUTCOME_CHOICES]).toEqual([...AUDIT_OUTCOMES]);
  });
});
