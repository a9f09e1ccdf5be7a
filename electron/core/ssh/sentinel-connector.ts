import type net from 'node:net';
import { SentinelConnector, type RedisOptions } from 'ioredis';
import type { ResolvedProfile } from '../profile/profile';
import { acquireTunnel, deadStream, namedFor, once, sshConnector, tlsNameFor, withTimeout, type NetStream } from './connector';
import { endName, type SshTunnel } from './tunnel';

/** How ioredis hands a connector its 'error' events (AbstractConnector's ErrorEmitter, not exported at the top). */
type ErrorEmitter = (type: string, err: Error) => void;

interface Address {
  host: string;
  port: number;
}

/** The SentinelConnector members this one wraps (private in ioredis's typings, so reached by name). */
interface SentinelInternals {
  connectToSentinel(endpoint: Partial<Address>, options?: Partial<RedisOptions>): unknown;
  resolve(endpoint: Partial<Address>): Promise<(Address & Record<string, unknown>) | null>;
}

/**
 * ioredis's Sentinel connector for a profile that goes through SSH. ioredis keeps the Sentinel
 * logic (ask each sentinel for the primary, follow +switch-master); here every address it dials
 * goes over the profile's one SSH connection: the sentinels (asked, and subscribed to by the
 * failover detector) through the SSH connector, and the primary they name through the local
 * forward, claimed for that primary's address as the sentinel announced it (after the address
 * map), resolved on the SSH host's side. After a failover the next connect asks again and claims
 * the new primary.
 */
export function sshSentinelConnector(profile: ResolvedProfile) {
  const ViaSsh = sshConnector(profile);
  return class SshSentinelConnector extends SentinelConnector {
    /** The primary the last resolve named, as announced: what the next stream is claimed for. */
    private primary: Address | null = null;
    /** The local forward's port, known once connect brought the tunnel up. */
    private forwardPort = 0;
    /** TLS to the data nodes (rediss-sentinel://). */
    private readonly tls: boolean;

    constructor(options: unknown) {
      super(options as RedisOptions);
      const inner = this as unknown as SentinelInternals;
      const toSentinel = inner.connectToSentinel.bind(this);
      inner.connectToSentinel = (endpoint, options) => toSentinel(endpoint, { ...options, Connector: ViaSsh });
      const resolve = inner.resolve.bind(this);
      const tlsOptions = (options as RedisOptions).enableTLSForSentinelMode ? (options as RedisOptions).tls : undefined;
      this.tls = tlsOptions !== undefined;
      inner.resolve = async (endpoint) => {
        const found = await resolve(endpoint);
        if (!found) return found;
        this.primary = { host: found.host, port: found.port };
        // ioredis dials what resolve returns: the local forward (the tunnel is up, see connect).
        return { host: '127.0.0.1', port: this.forwardPort, ...(tlsOptions ? tlsNameFor(found.host, tlsOptions.servername) : {}) };
      };
    }

    override async connect(eventEmitter: ErrorEmitter): Promise<NetStream> {
      // SSH up first: its failure (host key unknown, auth refused) is the cause, in its own words.
      this.primary = null;
      let tunnel: SshTunnel;
      try {
        ({ tunnel, port: this.forwardPort } = await acquireTunnel(profile));
      } catch (e) {
        return this.failedWith(e);
      }
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        tunnel.release();
      };
      let stream: NetStream;
      try {
        stream = await super.connect(eventEmitter);
      } catch (e) {
        release();
        throw e;
      }
      stream.once('close', release);
      const primary = this.primary as Address | null; // set by resolve, during super.connect
      const deadline = Date.now() + profile.connectTimeoutMs;
      try {
        if (!primary) throw new Error('The sentinels named no primary.');
        if ((stream as net.Socket).connecting) await withTimeout(once(stream, 'connect'), deadline, `Timed out connecting through the SSH tunnel to ${tunnel.where}.`);
        const forward = await withTimeout(tunnel.claim(stream.localPort ?? 0, primary), deadline, `Timed out opening the forward to ${endName(primary)} on ${tunnel.where}.`);
        if (forward) throw forward;
        // The TLS handshake can only begin once the forward is open, i.e. after the claim.
        if (this.tls) await withTimeout(once(stream, 'secureConnect'), deadline, `Timed out in the TLS handshake with ${primary.host} through SSH.`);
        namedFor(stream, primary);
        return stream;
      } catch (e) {
        stream.destroy();
        release();
        return this.failedWith(e);
      }
    }

    private failedWith(e: unknown): NetStream {
      this.firstError = e instanceof Error ? e : new Error(String(e));
      this.stream = deadStream();
      return this.stream;
    }
  };
}
