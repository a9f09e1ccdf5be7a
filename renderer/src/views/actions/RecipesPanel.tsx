import { useState } from 'react';
import type { CachescopeApi } from '../../../../shared/contract/api';
import type { WarmRecipe } from '../../../../shared/contract/actions';
import type { WarmCommands } from './use-warm';
import { WarmJobView } from './WarmJobView';

function recipeSummary(r: WarmRecipe): string {
  if (r.kind === 'file') return `file ${r.path}`;
  return `${r.urls.length} URL${r.urls.length === 1 ? '' : 's'} (${r.urls[0]}${r.urls.length > 1 ? ' …' : ''}), ${r.concurrency} at once`;
}

/** Saved warm jobs of this connection: each runnable again in one click. */
export function RecipesPanel({ api, warm, readOnly }: { api: CachescopeApi; warm: WarmCommands; readOnly: boolean }) {
  const { recipes } = warm;
  const [run, setRun] = useState<{ name: string; jobId: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const start = async (name: string) => {
    setError(null);
    const r = await warm.runRecipe(name);
    if (r.ok) setRun({ name, jobId: r.value.jobId });
    else setError(r.error.message);
  };

  const remove = async (name: string) => {
    setError(null);
    const r = await warm.deleteRecipe(name);
    if (!r.ok) setError(r.error.message);
  };

  return (
    <div className="act-sub" data-testid="recipes">
      <h4>Recipes</h4>
      {recipes === null ? (
        <p className="muted small">Loading the recipes…</p>
      ) : recipes.length === 0 ? (
        <p className="muted small" data-testid="recipes-empty">
          No recipe yet: fill in URLs above and “Save as recipe”.
        </p>
      ) : (
        <ul className="act-recipes">
          {recipes.map((r) => (
            <li key={r.name} data-testid="recipe" data-name={r.name}>
              <strong>{r.name}</strong> <span className="muted small">{recipeSummary(r)}</span>
              <span className="spacer" />
              <button type="button" className="btn btn-small btn-primary" disabled={readOnly} onClick={() => void start(r.name)} data-testid="recipe-run">
                Run
              </button>
              <button type="button" className="btn btn-small btn-ghost" onClick={() => void remove(r.name)} aria-label={`Delete recipe ${r.name}`} data-testid="recipe-delete">
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p className="tone-bad" role="alert" data-testid="recipes-error">
          {error}
        </p>
      )}
      {run && <WarmJobView key={run.jobId} api={api} jobId={run.jobId} label={`Recipe “${run.name}”`} />}
    </div>
  );
}
