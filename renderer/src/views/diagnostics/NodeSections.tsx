import type { ReactNode } from 'react';
import type { NodePanel } from '../../../../shared/contract/diagnostics';

/**
 * A panel's nodes: one section per node, named when there are several (a cluster), each
 * showing its data or the sentence saying why the server refused the panel's command.
 */
export function NodeSections<T>({ nodes, panel, children }: { nodes: NodePanel<T>[]; panel: string; children: (data: T, node: NodePanel<T>) => ReactNode }) {
  const several = nodes.length > 1;
  return (
    <>
      {nodes.map((node) => (
        <div key={node.address} className="diag-node" data-testid={`${panel}-node`} data-node={node.address}>
          {several && (
            <h4 className="diag-node-name">
              {node.role} {node.address}
            </h4>
          )}
          {node.available ? (
            children(node.data, node)
          ) : (
            <p className="not-permitted" data-testid={`${panel}-refused`}>
              {node.reason}
            </p>
          )}
        </div>
      ))}
    </>
  );
}

/** Read failed as a whole (not connected…), or not yet read. */
export function PanelStatus({ error, loading, testId }: { error: string | null; loading: boolean; testId: string }) {
  if (error) return <p className="muted" data-testid={`${testId}-error`}>Could not read: {error}</p>;
  if (loading) return <p className="muted">Reading…</p>;
  return null;
}
