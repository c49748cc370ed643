import type { DataSource } from 'typeorm';

/** A node of EXPLAIN (FORMAT JSON): the fields plan tests read. */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Scan Direction'?: string;
  'Heap Fetches'?: number;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

export function nodesOf(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodesOf)];
}

/** Every node of a statement's executed plan (EXPLAIN ANALYZE), root first. */
export async function executedPlan(db: DataSource, sql: string, params: unknown[]): Promise<PlanNode[]> {
  const [row] = await db.query(`EXPLAIN (ANALYZE, COSTS OFF, FORMAT JSON) ${sql}`, params);
  return nodesOf((row['QUERY PLAN'] as { Plan: PlanNode }[])[0].Plan);
}
