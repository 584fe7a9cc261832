/**
 * The one SOQL shape syncs use: selected fields of one object changed within a window, in
 * SystemModstamp then Id order, so that a page boundary is a checkpoint to resume from.
 */
export interface SyncQuery {
  object: string;
  fields: readonly string[];
  /** Inclusive lower bound; undefined fetches from the beginning. */
  since?: Date | undefined;
  /** Inclusive upper bound, fixed when the run starts so that a resumed run sees the same window. */
  until: Date;
}

/** SOQL datetime literals have whole seconds and no quotes. */
export function soqlDateTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

export function buildSyncQuery({ object, fields, since, until }: SyncQuery): string {
  const conditions = [...(since ? [`SystemModstamp >= ${soqlDateTime(since)}`] : []), `SystemModstamp <= ${soqlDateTime(until)}`];
  return `SELECT ${fields.join(', ')} FROM ${object} WHERE ${conditions.join(' AND ')} ORDER BY SystemModstamp ASC, Id ASC`;
}

export function buildCountQuery({ object, since, until }: Omit<SyncQuery, 'fields'>): string {
  const conditions = [...(since ? [`SystemModstamp >= ${soqlDateTime(since)}`] : []), `SystemModstamp <= ${soqlDateTime(until)}`];
  return `SELECT COUNT() FROM ${object} WHERE ${conditions.join(' AND ')}`;
}
