import { Cluster, type ClusterNode, type ClusterOptions } from 'ioredis';

/** One node the cluster's slot map named that could not be dialled, and why. */
export interface UnreachableNode {
  /** The address as the slot map announced it (before the address map). */
  announced: string;
  /** The address dialled: the announced one, or what the address map turned it into. */
  dialled: string;
  /** The socket's error code: ENOTFOUND, ECONNREFUSED, ETIMEDOUT… ('' when none was given). */
  code: string;
}

/**
 * A seed answered with the slot map, but the nodes it names cannot be reached from here: the
 * cluster announces addresses of its own network (containers, NAT, a cloud's private IPs). The
 * data for the words; describe-error.ts says them.
 */
export class UnreachableNodesError extends Error {
  constructor(
    /** The nodes tried that could not be dialled. */
    readonly nodes: UnreachableNode[],
    /** Every address the slot map announced (tried or not), for the map a user must write. */
    readonly announced: string[],
    /** The profile has an address map (whose targets are then the unreachable ones). */
    readonly mapped: boolean,
  ) {
    super(`The cluster's nodes cannot be reached at the addresses they announce: ${nodes.map((n) => n.announced).join(', ')}`);
    this.name = 'UnreachableNodesError';
  }
}

/** The slot map was read, but the cluster could not be made ready for another reason (cluster_state:fail…). */
export class ClusterNotReadyError extends Error {
  constructor(readonly lastError: unknown) {
    super('The cluster did not become ready');
    this.name = 'ClusterNotReadyError';
  }
}

const keyOf = (host: string | undefined, port: number | undefined) => `${host ?? ''}:${port ?? ''}`;

/**
 * An ioredis Cluster whose connect() always settles and says why it failed.
 *
 * ioredis's own connect() never settles when a seed gave the slot map but the ready check then
 * fails — its nodes unreachable at the addresses they announce, or cluster_state:fail: it
 * reconnects forever under a pending promise (and a one-shot process with nothing else to wait
 * for exits with code 0, having printed nothing). Here that attempt rejects, and an 'error'
 * event carries the reason to whoever watches the connection: the nodes that failed, as
 * announced and as dialled, so the words can name them and the address map that would help.
 */
export class WatchedCluster extends Cluster {
  /** Errors of the nodes dialled since the attempt began, by dialled address. */
  private nodeErrors = new Map<string, unknown>();
  /** Announced address by dialled address, when an address map is in use. */
  private readonly announcedOf: Map<string, string>;

  constructor(startupNodes: ClusterNode[], options: ClusterOptions) {
    super(startupNodes, options);
    const natMap = options.natMap && typeof options.natMap === 'object' ? options.natMap : {};
    this.announcedOf = new Map(Object.entries(natMap).map(([from, to]) => [keyOf(to.host, to.port), from]));
    this.on('node error', (error: unknown, key: string) => {
      this.nodeErrors.set(key, error);
    });
  }

  override connect(): Promise<void> {
    this.nodeErrors = new Map();
    let seedAnswered = false;
    /** The nodes the slot map named, as dialled. */
    let slotMapNodes: string[] = [];
    const attempt = super.connect();
    return new Promise<void>((resolve, reject) => {
      const onRefresh = () => {
        seedAnswered = true;
        slotMapNodes = this.nodes('all').map((n) => keyOf(n.options.host, n.options.port));
      };
      const onClose = () => {
        // After the slot map came in, ioredis dropped its promise: settle it here, with the reason.
        if (!seedAnswered) return;
        done();
        const failure = this.whyNotReady(slotMapNodes);
        if (this.listenerCount('error') > 0) this.emit('error', failure);
        reject(failure);
      };
      const done = () => {
        this.off('refresh', onRefresh);
        this.off('close', onClose);
      };
      this.on('refresh', onRefresh);
      this.on('close', onClose);
      attempt.then(
        () => {
          done();
          resolve();
        },
        (e: unknown) => {
          done();
          reject(e);
        },
      );
    });
  }

  /** Why the attempt that read the slot map did not become ready. */
  private whyNotReady(slotMapNodes: string[]): Error {
    const failed: UnreachableNode[] = [];
    const announced = (dialled: string) => this.announcedOf.get(dialled) ?? dialled;
    for (const [dialled, error] of this.nodeErrors) {
      const code = String((error as { code?: unknown } | null)?.code ?? '');
      if (!UNREACHABLE_CODES.has(code) && !/Connection is closed/i.test(String((error as Error | null)?.message))) continue;
      failed.push({ announced: announced(dialled), dialled, code });
    }
    if (failed.length) return new UnreachableNodesError(failed, [...new Set(slotMapNodes.map(announced))], this.announcedOf.size > 0);
    return new ClusterNotReadyError([...this.nodeErrors.values()].pop() ?? null);
  }
}

/** Socket errors that mean "nothing answers at that address from here". */
const UNREACHABLE_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);
