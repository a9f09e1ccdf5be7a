import net from 'node:net';
import tls from 'node:tls';

/**
 * What a port speaks, for a failed connection's words: 'tls' when a TLS handshake completes,
 * 'plain' when a plaintext PING gets a RESP reply, 'unknown' otherwise. Reads nothing else and
 * sends no credentials: a probe, not a connection.
 */
export function probeProtocol(host: string, port: number, speak: 'tls' | 'plain', timeoutMs = 2000): Promise<'tls' | 'plain' | 'unknown'> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (answer: 'tls' | 'plain' | 'unknown') => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const socket =
      speak === 'tls'
        ? // Only "does it speak TLS at all": the certificate is not what is asked here.
          tls.connect({ host, port, rejectUnauthorized: false, ...(net.isIP(host) ? {} : { servername: host }) }, () => done('tls'))
        : net.connect({ host, port }, () => socket.write('PING\r\n'));
    socket.on('data', (d: Buffer) => done(speak === 'plain' && (d[0] === 0x2b || d[0] === 0x2d) ? 'plain' : 'unknown'));
    socket.on('error', () => done('unknown'));
    socket.on('close', () => done('unknown'));
    const timer = setTimeout(() => done('unknown'), timeoutMs);
  });
}
