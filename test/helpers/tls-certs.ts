import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export interface TestCertificates {
  /** The private CA's certificate: what a client must trust. */
  ca: string;
  /** The server's certificate (127.0.0.1 and localhost), signed by the CA, and its key. */
  cert: string;
  key: string;
  /** A client certificate signed by the same CA, and its key (mutual TLS). */
  clientCert: string;
  clientKey: string;
}

/** A throwaway private CA and a server certificate for 127.0.0.1/localhost, made with openssl in `dir`. */
export function makeCertificates(dir: string): TestCertificates {
  const f = (name: string) => path.join(dir, name);
  const run = (args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=Cachescope Test CA', '-keyout', f('ca.key'), '-out', f('ca.crt')]);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', f('server.key'), '-out', f('server.csr')]);
  writeFileSync(f('ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  run(['x509', '-req', '-in', f('server.csr'), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial', '-days', '1', '-extfile', f('ext.cnf'), '-out', f('server.crt')]);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=cachescope-client', '-keyout', f('client.key'), '-out', f('client.csr')]);
  run(['x509', '-req', '-in', f('client.csr'), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial', '-days', '1', '-out', f('client.crt')]);
  return { ca: f('ca.crt'), cert: f('server.crt'), key: f('server.key'), clientCert: f('client.crt'), clientKey: f('client.key') };
}

/** redis-server arguments for a TLS port serving `certs`; with `clientCerts` a client must present one the CA signed. */
export function tlsServerArgs(tlsPort: number, certs: TestCertificates, clientCerts = false): string[] {
  return ['--tls-port', String(tlsPort), '--tls-cert-file', certs.cert, '--tls-key-file', certs.key, '--tls-ca-cert-file', certs.ca, '--tls-auth-clients', clientCerts ? 'yes' : 'no'];
}
