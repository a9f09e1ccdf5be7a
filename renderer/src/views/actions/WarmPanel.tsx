import type { CachescopeApi } from '../../../../shared/contract/api';
import type { ProfileView } from '../../../../shared/contract/profiles';
import { RecipesPanel } from './RecipesPanel';
import { WarmFilePanel } from './WarmFilePanel';
import { WarmUrlsPanel } from './WarmUrlsPanel';
import { useWarm } from './use-warm';

/** Warm: from a file, by URL, or by a saved recipe. The recipes list is shared by the URL form (save) and the list (run, delete). */
export function WarmPanel({ api, profile, readOnly }: { api: CachescopeApi; profile: ProfileView; readOnly: boolean }) {
  const warm = useWarm(api, profile.id);

  return (
    <section className="panel act-panel" aria-labelledby="warm-title" data-testid="warm-panel">
      <h3 id="warm-title">Warm</h3>
      <WarmFilePanel api={api} warm={warm} profile={profile} readOnly={readOnly} />
      <WarmUrlsPanel api={api} warm={warm} readOnly={readOnly} />
      <RecipesPanel api={api} warm={warm} readOnly={readOnly} />
    </section>
  );
}
