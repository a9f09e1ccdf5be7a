import { useEffect, useState } from 'react';
import type { CachescopeApi } from '../../../../shared/contract/api';
import type { WarmRecipe } from '../../../../shared/contract/actions';
import type { ProfileView } from '../../../../shared/contract/profiles';
import { RecipesPanel } from './RecipesPanel';
import { WarmFilePanel } from './WarmFilePanel';
import { WarmUrlsPanel } from './WarmUrlsPanel';

/** Warm: from a file, by URL, or by a saved recipe. The recipes list is shared by the URL form (save) and the list (run, delete). */
export function WarmPanel({ api, profile, readOnly }: { api: CachescopeApi; profile: ProfileView; readOnly: boolean }) {
  const connectionId = profile.id;
  const [recipes, setRecipes] = useState<WarmRecipe[] | null>(null);
  useEffect(() => {
    let live = true;
    void api.invoke('warm.recipes.list', { id: connectionId }).then((r) => {
      if (live) setRecipes(r.ok ? r.value : []);
    });
    return () => {
      live = false;
    };
  }, [api, connectionId]);

  return (
    <section className="panel act-panel" aria-labelledby="warm-title" data-testid="warm-panel">
      <h3 id="warm-title">Warm</h3>
      <WarmFilePanel api={api} profile={profile} readOnly={readOnly} />
      <WarmUrlsPanel api={api} connectionId={connectionId} readOnly={readOnly} onSaved={setRecipes} />
      <RecipesPanel api={api} connectionId={connectionId} recipes={recipes} onChange={setRecipes} readOnly={readOnly} />
    </section>
  );
}
