import { useEffect, useMemo, useState } from 'react';
import type { CachescopeApi } from '../../../../shared/contract/api';
import type { WarmRecipe, WarmSource } from '../../../../shared/contract/actions';
import type { CommandArgs } from '../../../../shared/contract';

type WarmUrlsInput = Omit<CommandArgs<'warm.urls'>, 'id'>;
type RecipeInput = CommandArgs<'warm.recipes.save'>['recipe'];

/**
 * The Warm panel's commands for one connection, and its saved recipes: listed once, then
 * replaced by each save or delete reply (the core answers with the whole list). The panels keep
 * only their form state and call these.
 */
export function useWarm(api: CachescopeApi, connectionId: string) {
  const [recipes, setRecipes] = useState<WarmRecipe[] | null>(null);
  useEffect(() => {
    let live = true;
    setRecipes(null);
    void api.invoke('warm.recipes.list', { id: connectionId }).then((r) => {
      if (live) setRecipes(r.ok ? r.value : []);
    });
    return () => {
      live = false;
    };
  }, [api, connectionId]);

  const commands = useMemo(
    () => ({
      warmUrls: (input: WarmUrlsInput) => api.invoke('warm.urls', { id: connectionId, ...input }),
      previewFile: (source: WarmSource) => api.invoke('warm.file.preview', { id: connectionId, source }),
      writeFile: (previewId: string, intoOtherTarget: boolean) => api.invoke('warm.file.execute', { id: connectionId, previewId, intoOtherTarget }),
      runRecipe: (name: string) => api.invoke('warm.recipes.run', { id: connectionId, name }),
      saveRecipe: async (recipe: RecipeInput) => {
        const r = await api.invoke('warm.recipes.save', { id: connectionId, recipe });
        if (r.ok) setRecipes(r.value);
        return r;
      },
      deleteRecipe: async (name: string) => {
        const r = await api.invoke('warm.recipes.delete', { id: connectionId, name });
        if (r.ok) setRecipes(r.value);
        return r;
      },
    }),
    [api, connectionId],
  );
  return { recipes, ...commands };
}

export type WarmCommands = ReturnType<typeof useWarm>;
