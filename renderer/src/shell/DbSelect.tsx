import type { MetricSample } from '../../../shared/contract/metrics';
import type { ProfileView } from '../../../shared/contract/profiles';
import { formatInteger } from '../../../shared/format';
import { useServices } from '../app/context';
import { formFromProfile, toProfileInput } from './connection-form/form-model';

/** Redis's default `databases 16`; databases holding keys are listed even beyond it. */
const DEFAULT_DBS = 16;

/**
 * Which database this connection browses (Keys, Actions) and counts on the overview's Keys tile
 * (the rest of INFO is server-wide); switching saves the profile, and the core reopens the connection.
 */
export function DbSelect({ profile, latest }: { profile: ProfileView; latest: MetricSample | undefined }) {
  const { actions } = useServices();
  const withKeys = new Map((latest?.dbs ?? []).map((d) => [d.db, d.keys]));
  const dbs = [...new Set([...Array.from({ length: DEFAULT_DBS }, (_, i) => i), ...withKeys.keys(), profile.db])].sort((a, b) => a - b);
  const change = (db: number) => {
    const built = toProfileInput({ ...formFromProfile(profile), db: String(db) });
    if (built.ok) void actions.save(built.input);
  };
  return (
    <label className="db-select" title="The database this connection browses; switching saves the connection and reconnects">
      <span className="muted">db</span>
      <select data-testid="db-select" value={profile.db} onChange={(e) => change(Number(e.target.value))}>
        {dbs.map((db) => (
          <option key={db} value={db}>
            {db}
            {withKeys.has(db) ? ` · ${formatInteger(withKeys.get(db)!)} keys` : ''}
          </option>
        ))}
      </select>
    </label>
  );
}
