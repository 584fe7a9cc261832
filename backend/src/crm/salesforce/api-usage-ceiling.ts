import type { Connection } from 'jsforce';

/**
 * Stops work on an org that nears its daily API limit, so that the org's other integrations keep
 * their requests: throws once the share used (from the Sforce-Limit-Info header of the last
 * answer) reaches `ceiling`. `resumeHint` tells the reader what happens to the work left.
 */
export function checkApiUsage(connection: Connection, ceiling: number, resumeHint: string): void {
  const usage = (connection.limitInfo as { apiUsage?: { used: number; limit: number } } | undefined)?.apiUsage;
  if (usage && usage.limit > 0 && usage.used / usage.limit >= ceiling) {
    throw new Error(`Stopped to leave Salesforce API requests for the org's other integrations: ${usage.used} of ${usage.limit} used today (the ceiling is ${Math.round(ceiling * 100)}%). ${resumeHint}`);
  }
}
