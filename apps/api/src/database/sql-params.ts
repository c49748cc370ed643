/** Collects positional parameters while a query is assembled from fragments: `${p.add(value)}` → `$n`. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
