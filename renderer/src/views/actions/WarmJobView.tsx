import type { CachescopeApi } from '../../../../shared/contract/api';
import type { HitRateWindow, JobProgress } from '../../../../shared/contract/actions';
import { formatInteger, formatLatency, formatPercent } from '../../../../shared/format';
import { cancelJob, useJob } from '../../app/jobs-store';
import { JobProgressBar } from './JobProgressBar';
import { ItemErrors } from './UndoRun';

/** A running or finished warm-up (file or URLs): its bar, its counters and what each item did. */
export function WarmJobView({ api, jobId, label }: { api: CachescopeApi; jobId: string; label: string }) {
  const job = useJob(api, jobId);
  const urls = job?.kind === 'warm-urls';
  return (
    <div className="act-card" data-testid="warm-job" data-kind={job?.kind ?? ''}>
      <JobProgressBar
        progress={job}
        label={label}
        testId="warm-progress"
        counters={
          urls
            ? [
                { label: 'requested', value: job?.scanned, testId: 'warm-requested' },
                { label: 'answered OK', value: job?.written, testId: 'warm-ok' },
                { label: 'failed', value: job?.failed, testId: 'warm-failed' },
              ]
            : [
                { label: 'lines read', value: job?.scanned, testId: 'warm-lines' },
                { label: 'keys written', value: job?.written, testId: 'warm-written' },
                { label: 'skipped', value: job?.skipped, testId: 'warm-skipped' },
                { label: 'failed', value: job?.failed, testId: 'warm-failed' },
              ]
        }
        onCancel={() => void cancelJob(api, jobId)}
      />
      {urls && job && <UrlResults job={job} />}
      {!urls && job?.errors && job.errors.length > 0 && <ItemErrors errors={job.errors} testId="warm-errors" />}
    </div>
  );
}

function rate(w: HitRateWindow | undefined): string {
  if (!w) return '—';
  return w.hitRate === null ? 'no lookups' : formatPercent(w.hitRate);
}

/** Each URL's status and time, and the server's hit rate before and after the warm-up. */
function UrlResults({ job }: { job: JobProgress }) {
  const hr = job.hitRate;
  return (
    <>
      {hr && (
        <dl className="act-counters" data-testid="warm-hit-rate">
          <div>
            <dt>hit rate before</dt>
            <dd data-testid="warm-hit-before">{rate(hr.before)}</dd>
          </div>
          <div>
            <dt>hit rate after</dt>
            <dd data-testid="warm-hit-after">{rate(hr.after)}</dd>
          </div>
          <div>
            <dt>during (the app’s lookups)</dt>
            <dd data-testid="warm-hit-during">
              {hr.during ? `${formatInteger(hr.during.hits)} hits, ${formatInteger(hr.during.misses)} misses` : '—'}
            </dd>
          </div>
        </dl>
      )}
      {(job.urls?.length ?? 0) > 0 && (
        <table className="data-table" data-testid="warm-urls-results">
          <thead>
            <tr>
              <th scope="col">URL</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Time
              </th>
            </tr>
          </thead>
          <tbody>
            {job.urls!.map((u, i) => (
              <tr key={`${u.url}-${i}`} data-testid="warm-url-row" data-status={u.status ?? ''}>
                <td className="act-url">{u.url}</td>
                <td className={u.status !== null && u.status < 400 ? 'tone-ok' : 'tone-bad'}>{u.status ?? u.error ?? 'failed'}</td>
                <td className="num">{formatLatency(u.ms)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
