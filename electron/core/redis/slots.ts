import calculateSlot from 'cluster-key-slot';

/** The cluster hash slot of a key (CRC16 of the key or its `{tag}`, mod 16384), as CLUSTER KEYSLOT answers. */
export function slotOf(key: Buffer | string): number {
  return calculateSlot(key);
}

/**
 * Keys grouped by slot, in first-seen order: a multi-key command (UNLINK, EXISTS, MGET) on a
 * cluster must name keys of one slot, or the server answers CROSSSLOT.
 */
export function groupBySlot<T extends Buffer | string>(keys: T[]): T[][] {
  const groups = new Map<number, T[]>();
  for (const key of keys) {
    const slot = slotOf(key);
    const group = groups.get(slot);
    if (group) group.push(key);
    else groups.set(slot, [key]);
  }
  return [...groups.values()];
}
