import type { TlsFileKind, TlsOptions } from '../../../../shared/contract/profiles';

/** The TLS files and server name of the connection form, as its inputs hold them. */
export interface TlsFormModel {
  caFile: string;
  certFile: string;
  keyFile: string;
  servername: string;
}

export const TLS_FILE_FIELD: Record<TlsFileKind, keyof Omit<TlsFormModel, 'servername'>> = { ca: 'caFile', cert: 'certFile', key: 'keyFile' };

export function emptyTlsFiles(): TlsFormModel {
  return { caFile: '', certFile: '', keyFile: '', servername: '' };
}

export function tlsFilesFromView(t: TlsOptions): TlsFormModel {
  return { caFile: t.caFile ?? '', certFile: t.certFile ?? '', keyFile: t.keyFile ?? '', servername: t.servername ?? '' };
}

export type TlsResult = { ok: true; tls: TlsOptions } | { ok: false; field: `tls-${string}`; message: string };

// The core reads the file where it runs; a relative path would depend on its working directory.
const absolute = (p: string) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');

/** Validate the TLS part and build the profile's `tls`; the files are only kept while TLS is on. */
export function toTlsInput(enabled: boolean, verify: boolean, f: TlsFormModel): TlsResult {
  if (!enabled) return { ok: true, tls: { enabled: false, verify: true } };
  const ca = f.caFile.trim();
  const cert = f.certFile.trim();
  const key = f.keyFile.trim();
  const servername = f.servername.trim();
  for (const [value, field, what] of [
    [ca, 'tls-ca-file', 'CA file'],
    [cert, 'tls-cert-file', 'client certificate'],
    [key, 'tls-key-file', 'client key'],
  ] as const) {
    if (value !== '' && !absolute(value)) return { ok: false, field, message: `The ${what} must be a full path on the machine running Cachescope.` };
  }
  if (cert !== '' && key === '') return { ok: false, field: 'tls-key-file', message: 'A client certificate needs its private key file.' };
  if (key !== '' && cert === '') return { ok: false, field: 'tls-cert-file', message: 'A client key needs its certificate file.' };
  if (servername !== '' && !/^[A-Za-z0-9.-]{1,253}$/.test(servername)) return { ok: false, field: 'tls-servername', message: 'The server name is a host name, e.g. redis.example.com.' };
  return {
    ok: true,
    tls: {
      enabled: true,
      verify,
      ...(ca ? { caFile: ca } : {}),
      ...(cert ? { certFile: cert } : {}),
      ...(key ? { keyFile: key } : {}),
      ...(servername ? { servername } : {}),
    },
  };
}
