/**
 * What every request log line says of its request and its response: pino-http's serializers in
 * createApp and the score fast path's own lines both use these, so the two paths log alike.
 * Headers stay out: they may hold credentials.
 */
export function requestLogFields(req: { id: unknown; method?: string; url?: string }): { id: unknown; method?: string; url?: string } {
  return { id: req.id, method: req.method, url: req.url };
}

export function responseLogFields(res: { statusCode: number }): { statusCode: number } {
  return { statusCode: res.statusCode };
}
