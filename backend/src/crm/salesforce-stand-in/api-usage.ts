/**
 * The org's daily API request counter. Salesforce reports it on every response as
 * `Sforce-Limit-Info: api-usage=N/M` (jsforce reads it into `conn.limitInfo`) and refuses calls
 * once it is spent. The stand-in never resets it by itself; tests and the control API do.
 */
export class ApiUsage {
  used = 0;
  limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  /** Counts one call; false when the limit is already spent (the call is then refused, not counted). */
  tryConsume(): boolean {
    if (this.used >= this.limit) return false;
    this.used += 1;
    return true;
  }

  header(): string {
    return `api-usage=${this.used}/${this.limit}`;
  }
}
