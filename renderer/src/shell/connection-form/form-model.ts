import type { EnvTag, ProfileInput, ProfileView, TopologyKind } from '../../../../shared/contract/profiles';
import { parseRedisUrl, RedisUrlError } from '../../../../shared/redis-url';
import { emptyTlsFiles, tlsFilesFromView, toTlsInput, type TlsFormModel } from './tls-form';
import { emptySsh, sshFromView, toSshInput, type SshFormModel } from './ssh-form';
import { DATA_PORT, emptyTopology, firstNode, formatHostPort, SENTINEL_PORT, topologyFromView, toTopologyInput, withUrlTopology, type TopologyFormModel } from './topology-form';

/** The add/edit form as the inputs hold it: strings for text boxes, parsed on submit. */
export interface FormModel {
  id?: string;
  name: string;
  host: string;
  port: string;
  username: string;
  password: string;
  /** Editing a profile with a stored password: an empty password box keeps it. */
  keepsStoredPassword: boolean;
  db: string;
  tls: boolean;
  tlsVerify: boolean;
  /** CA, client certificate and key paths, and the SNI name: tls-form.ts. */
  tlsFiles: TlsFormModel;
  readOnly: boolean;
  env: EnvTag;
  /** #rrggbb; the environment's default unless the user picked another. */
  color: string;
  pollSeconds: string;
  ssh: SshFormModel;
  /** Standalone, cluster (seed nodes) or Sentinel (sentinels, master name): topology-form.ts. */
  topology: TopologyFormModel;
}

/** A field the form can point at when it is invalid: one of the model's, the SSH section's `ssh-…` or the topology section's `topo-…` inputs. */
export type FormField = keyof FormModel | `ssh-${string}` | `topo-${string}` | `tls-${string}`;

/**
 * The environments' default colours, as the core assigns them (shared/contract/profiles.ts
 * ENV_COLORS — not imported: that module pulls zod into the bundle; a unit test keeps them equal).
 */
export const ENV_DEFAULT_COLORS: Record<EnvTag, string> = {
  dev: '#3fb950',
  staging: '#d29922',
  prod: '#f85149',
};

/** Switch the environment; a colour that was the old environment's default follows the new one. */
export function withEnv(form: FormModel, env: EnvTag): FormModel {
  const followsEnv = form.color.toLowerCase() === ENV_DEFAULT_COLORS[form.env].toLowerCase();
  return { ...form, env, color: followsEnv ? ENV_DEFAULT_COLORS[env] : form.color };
}

/**
 * Switch the topology. The address carries over: Host and Port become the first seed node (or,
 * to Sentinel, the first sentinel — on 26379 when the data port was the default), and the first
 * entry of the list becomes Host and Port when going back to standalone.
 */
export function withKind(form: FormModel, kind: TopologyModelKind): FormModel {
  const t = form.topology;
  if (kind === t.kind) return form;
  if (kind === 'standalone') {
    const first = firstNode(t);
    return { ...form, ...(first ? { host: first.host, port: String(first.port) } : {}), topology: { ...t, kind } };
  }
  let nodes = t.nodes;
  if (t.kind === 'standalone' || nodes.trim() === '') {
    const port = Number(form.port);
    const valid = form.host.trim() !== '' && port >= 1 && port <= 65535;
    const sentinelPort = kind === 'sentinel' && port === DATA_PORT ? SENTINEL_PORT : port;
    nodes = valid ? formatHostPort({ host: form.host.trim(), port: sentinelPort }) : '';
  }
  return { ...form, ...(kind === 'cluster' ? { db: '0' } : {}), topology: { ...t, kind, nodes } };
}
type TopologyModelKind = TopologyFormModel['kind'];

export const POLL_CHOICES = ['0.5', '1', '2', '5', '10', '30', '60'];

export function emptyForm(): FormModel {
  return {
    name: '',
    host: '127.0.0.1',
    port: '6379',
    username: '',
    password: '',
    keepsStoredPassword: false,
    db: '0',
    tls: false,
    tlsVerify: true,
    tlsFiles: emptyTlsFiles(),
    readOnly: false,
    env: 'dev',
    color: ENV_DEFAULT_COLORS.dev,
    pollSeconds: '1',
    ssh: emptySsh(),
    topology: emptyTopology(),
  };
}

export function formFromProfile(p: ProfileView): FormModel {
  return {
    id: p.id,
    name: p.name,
    host: p.host,
    port: String(p.port),
    username: p.username ?? '',
    password: '',
    keepsStoredPassword: p.hasPassword,
    db: String(p.db),
    tls: p.tls.enabled,
    tlsVerify: p.tls.verify,
    tlsFiles: tlsFilesFromView(p.tls),
    readOnly: p.readOnly,
    env: p.env,
    color: p.color,
    pollSeconds: String(p.pollIntervalMs / 1000),
    ssh: sshFromView(p.ssh),
    topology: topologyFromView(p),
  };
}

/** A new profile with another's settings. The password stays in main, so it must be typed again. */
export function formForDuplicate(p: ProfileView): FormModel {
  const { id: _id, ...rest } = formFromProfile(p);
  return { ...rest, name: `${p.name} (copy)`, keepsStoredPassword: false, ssh: sshFromView(p.ssh, false), topology: topologyFromView(p, false) };
}

/** Fill the address fields from a pasted redis:// or rediss:// URL. Throws RedisUrlError in words. */
export function applyUrl(form: FormModel, url: string): FormModel {
  // Several hosts (cluster seeds) or a sentinel URL also say the topology.
  const u = parseRedisUrl(url);
  return {
    ...form,
    host: u.host,
    port: String(u.port),
    username: u.username ?? '',
    password: u.password ?? '',
    // A pasted URL states the whole address: without a password in it, none is meant.
    keepsStoredPassword: false,
    db: String(u.db),
    tls: u.tls,
    name: form.name.trim() === '' ? `${u.host}:${u.port}` : form.name,
    topology: withUrlTopology(form.topology, u),
  };
}


export function urlError(url: string): string | null {
  if (url.trim() === '') return null;
  try {
    parseRedisUrl(url);
    return null;
  } catch (e) {
    return e instanceof RedisUrlError ? e.message : String(e);
  }
}

export type FormResult = { ok: true; input: ProfileInput } | { ok: false; field: FormField; message: string };

const intIn = (text: string, min: number, max: number): number | null => {
  if (!/^\d+$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return n >= min && n <= max ? n : null;
};

/** Validate the form and build what the core's `profiles.save`/`profiles.test` take. */
export function toProfileInput(form: FormModel): FormResult {
  const topology = toTopologyInput(form.topology);
  if (!topology.ok) return { ok: false, field: topology.field as FormField, message: topology.message };
  // A cluster or a Sentinel set is addressed by its node list (the first entry is host:port).
  const kind: TopologyKind = form.topology.kind;
  const host = topology.first ? topology.first.host : form.host.trim();
  if (host === '') return { ok: false, field: 'host', message: 'Enter a host name or IP address.' };
  const port = topology.first ? topology.first.port : intIn(form.port, 1, 65535);
  if (port === null) return { ok: false, field: 'port', message: 'Port must be a number from 1 to 65535.' };
  // Redis Cluster has only db 0.
  const db = kind === 'cluster' ? 0 : intIn(form.db, 0, 100_000);
  if (db === null) return { ok: false, field: 'db', message: 'Database must be a number (0 for the default).' };
  const pollSeconds = Number(form.pollSeconds);
  if (!(pollSeconds >= 0.5 && pollSeconds <= 60)) return { ok: false, field: 'pollSeconds', message: 'Poll every 0.5 to 60 seconds.' };
  if (!/^#[0-9a-fA-F]{6}$/.test(form.color)) return { ok: false, field: 'color', message: 'Colour must be #rrggbb.' };
  const tls = toTlsInput(form.tls, form.tlsVerify, form.tlsFiles);
  if (!tls.ok) return { ok: false, field: tls.field, message: tls.message };
  const input: ProfileInput = {
    ...(form.id ? { id: form.id } : {}),
    name: form.name.trim() || `${host}:${port}`,
    host,
    port,
    db,
    tls: tls.tls,
    readOnly: form.readOnly,
    env: form.env,
    pollIntervalMs: Math.round(pollSeconds * 1000),
  };
  // The environment's default is what the core assigns anyway; only a chosen colour is sent.
  if (form.color.toLowerCase() !== ENV_DEFAULT_COLORS[form.env].toLowerCase()) input.color = form.color.toLowerCase();
  if (form.username.trim() !== '') input.username = form.username.trim();
  // Omitted password = keep the stored one (edit); otherwise send what is typed, even empty (= none).
  if (form.password !== '' || !form.keepsStoredPassword) input.password = form.password;
  const ssh = toSshInput(form.ssh);
  if (!ssh.ok) return { ok: false, field: ssh.field as FormField, message: ssh.message };
  if (ssh.ssh) input.ssh = ssh.ssh;
  // Always sent, so an edit that changes the topology also clears what the old one had.
  Object.assign(input, topology.fields);
  return { ok: true, input };
}
