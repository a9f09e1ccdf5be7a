import { useId, useState } from 'react';
import type { CachescopeApi } from '../../../../shared/contract/api';
import type { WarmCommands } from './use-warm';
import { ItemErrors } from './UndoRun';
import { parseUrlLines, urlsFromForm, type UrlsForm } from './warm-words';
import { WarmJobView } from './WarmJobView';

/**
 * Warm by URL: GET each endpoint of the app (which fills its cache on a miss), a few at a time
 * with a timeout; each result is shown, and the server's hit rate before and after. The same
 * form can be saved as a recipe, runnable again in one click.
 */
export function WarmUrlsPanel({ api, warm, readOnly }: { api: CachescopeApi; warm: WarmCommands; readOnly: boolean }) {
  const id = useId();
  const [form, setForm] = useState<UrlsForm>({ urls: '', concurrency: '4', timeoutMs: '10000' });
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);

  const run = async () => {
    const parsed = urlsFromForm(form);
    if (typeof parsed === 'string') return setError(parsed);
    setError(null);
    const r = await warm.warmUrls(parsed);
    if (r.ok) setJobId(r.value.jobId);
    else setError(r.error.message);
  };

  const save = async () => {
    const parsed = urlsFromForm(form);
    if (typeof parsed === 'string') return setError(parsed);
    if (name.trim() === '') return setError('Name the recipe to save it.');
    setError(null);
    const r = await warm.saveRecipe({ name: name.trim(), kind: 'urls', ...parsed });
    if (!r.ok) return setError(r.error.message);
    setSaved(name.trim());
  };

  const urlErrors = parseUrlLines(form.urls).errors;
  return (
    <div className="act-sub" data-testid="warm-urls">
      <h4>By URL</h4>
      <div className="field">
        <label htmlFor={`${id}-urls`}>GET endpoints, one per line</label>
        <textarea id={`${id}-urls`} rows={4} spellCheck={false} placeholder={'http://localhost:8080/api/v1/courses\nhttp://localhost:8080/api/v1/instructors'} value={form.urls} onChange={(e) => setForm({ ...form, urls: e.target.value })} data-testid="warm-urls-input" />
      </div>
      {urlErrors.length > 0 && <ItemErrors errors={urlErrors} testId="warm-urls-errors" />}
      <div className="act-row">
        <div className="field">
          <label htmlFor={`${id}-conc`}>At once</label>
          <input id={`${id}-conc`} type="text" inputMode="numeric" className="act-narrow" value={form.concurrency} onChange={(e) => setForm({ ...form, concurrency: e.target.value })} data-testid="warm-concurrency" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-timeout`}>Timeout (ms)</label>
          <input id={`${id}-timeout`} type="text" inputMode="numeric" className="act-narrow" value={form.timeoutMs} onChange={(e) => setForm({ ...form, timeoutMs: e.target.value })} data-testid="warm-timeout" />
        </div>
        <button type="button" className="btn btn-primary act-end" disabled={readOnly} onClick={() => void run()} data-testid="warm-urls-run">
          Warm now
        </button>
        <span className="spacer" />
        <div className="field">
          <label htmlFor={`${id}-name`}>Recipe name</label>
          <input id={`${id}-name`} type="text" value={name} placeholder="popular courses" onChange={(e) => setName(e.target.value)} data-testid="recipe-name" />
        </div>
        <button type="button" className="btn act-end" onClick={() => void save()} data-testid="recipe-save">
          Save as recipe
        </button>
      </div>
      {error && (
        <p className="tone-bad" role="alert" data-testid="warm-urls-error">
          {error}
        </p>
      )}
      {saved && !error && (
        <p className="tone-ok small" role="status" data-testid="recipe-saved">
          Saved “{saved}”.
        </p>
      )}
      {jobId && <WarmJobView api={api} jobId={jobId} label="Warming URLs" />}
    </div>
  );
}
