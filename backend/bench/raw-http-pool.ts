import net from 'node:net';

/**
 * Keep-alive HTTP/1.1 connections that send one prepared request, the same bytes every time, and
 * read back only each answer's status and length: the open-loop generator's client (load.ts).
 *
 * Node's own HTTP client cost the generator about 160 µs of CPU a request at 1,000 requests/s,
 * on the same two cores as the server it measures. Here a request is one socket write, and an
 * answer is found by its header's end and Content-Length. One request at a time per connection,
 * no pipelining, as a keep-alive client does. A request that finds every connection busy opens
 * another, up to `maxConnections`, and beyond that waits for the first to free.
 */

export type Answer = { status: number } | { error: string };

export interface RawHttpPool {
  /** Sends the request; `done` gets the answer's status, or why there is none. */
  send(done: (answer: Answer) => void): void;
  destroy(): void;
}

export interface PreparedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

const HEADER_END = Buffer.from('\r\n\r\n');
/** Connections idle longer are closed rather than reused: the server may be closing them already. */
const MAX_IDLE_MS = 4000;

export function createRawHttpPool(request: PreparedRequest, { maxConnections, timeoutMs }: { maxConnections: number; timeoutMs: number }): RawHttpPool {
  const target = new URL(request.url);
  if (target.protocol !== 'http:') throw new Error(`The open loop speaks plain HTTP, not ${target.protocol}`);
  const port = Number(target.port || 80);
  const bytes = requestBytes(request, target);
  const free: Connection[] = [];
  const waiting: ((answer: Answer) => void)[] = [];
  const all = new Set<Connection>();
  let destroyed = false;

  class Connection {
    readonly socket: net.Socket;
    done: ((answer: Answer) => void) | undefined;
    received: Buffer[] = [];
    receivedBytes = 0;
    timer: NodeJS.Timeout | undefined;
    idleSince = 0;

    constructor() {
      this.socket = net.connect({ host: target.hostname, port });
      this.socket.setNoDelay(true);
      this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
      this.socket.on('error', (error: Error & { code?: string }) => this.close(error.code ?? error.message));
      this.socket.on('close', () => this.close('connection closed before the answer'));
      all.add(this);
    }

    send(done: (answer: Answer) => void): void {
      this.done = done;
      this.timer = setTimeout(() => {
        this.socket.removeAllListeners('close');
        this.socket.destroy();
        this.close('request timed out');
      }, timeoutMs);
      this.socket.write(bytes);
    }

    onData(chunk: Buffer): void {
      this.received.push(chunk);
      this.receivedBytes += chunk.length;
      const data = this.received.length === 1 ? chunk : Buffer.concat(this.received, this.receivedBytes);
      const parsed = parseAnswer(data);
      if (parsed === 'incomplete') {
        this.received = [data];
        return;
      }
      this.received = [];
      this.receivedBytes = 0;
      this.finish(parsed);
    }

    finish(parsed: { status: number; close: boolean } | { error: string }): void {
      if ('error' in parsed) {
        this.close(parsed.error);
        this.socket.destroy();
        return;
      }
      const done = this.done;
      this.done = undefined;
      clearTimeout(this.timer);
      if (parsed.close) {
        all.delete(this);
        this.socket.removeAllListeners('close');
        this.socket.end();
      }
      done?.({ status: parsed.status });
      if (!parsed.close) release(this);
      else if (waiting.length > 0) new Connection().send(waiting.shift()!);
    }

    close(reason: string): void {
      if (!all.delete(this)) return;
      const index = free.indexOf(this);
      if (index !== -1) free.splice(index, 1);
      const done = this.done;
      this.done = undefined;
      clearTimeout(this.timer);
      done?.({ error: reason });
      // A request waiting for a connection gets a new one in place of this.
      const next = destroyed ? undefined : waiting.shift();
      if (next) new Connection().send(next);
    }
  }

  const release = (connection: Connection): void => {
    const next = waiting.shift();
    if (next) connection.send(next);
    else {
      connection.idleSince = performance.now();
      free.push(connection);
    }
  };

  /** A free connection the server has not closed for idleness (Node's default keep-alive timeout is 5 s). */
  const freshFree = (): Connection | undefined => {
    const now = performance.now();
    for (let connection = free.pop(); connection; connection = free.pop()) {
      if (now - connection.idleSince < MAX_IDLE_MS) return connection;
      all.delete(connection);
      connection.socket.removeAllListeners('close');
      connection.socket.destroy();
    }
    return undefined;
  };

  return {
    send(done) {
      if (destroyed) throw new Error('The pool is destroyed');
      // The most recently freed connection first, as Node's agent does.
      const connection = freshFree();
      if (connection) connection.send(done);
      else if (all.size < maxConnections) new Connection().send(done);
      else waiting.push(done);
    },
    destroy() {
      destroyed = true;
      for (const connection of all) {
        connection.socket.removeAllListeners('close');
        connection.socket.destroy();
      }
      all.clear();
      free.length = 0;
    },
  };
}

function requestBytes({ method, headers, body }: PreparedRequest, target: URL): Buffer {
  const lines = [`${method} ${target.pathname}${target.search} HTTP/1.1`, `Host: ${target.host}`, 'Connection: keep-alive'];
  for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() !== 'content-length') lines.push(`${name}: ${value}`);
  const payload = body === undefined ? Buffer.alloc(0) : Buffer.from(body);
  if (body !== undefined || method !== 'GET') lines.push(`Content-Length: ${payload.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), payload]);
}

/** One whole answer at the start of `data`, or 'incomplete'. The servers measured give Content-Length. */
export function parseAnswer(data: Buffer): { status: number; close: boolean } | { error: string } | 'incomplete' {
  const headerEnd = data.indexOf(HEADER_END);
  if (headerEnd === -1) return 'incomplete';
  const head = data.toString('latin1', 0, headerEnd);
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(head);
  if (!status) return { error: `not an HTTP answer: ${JSON.stringify(head.slice(0, 40))}` };
  const close = /\r\nconnection:\s*close/i.test(head);
  const bodyStart = headerEnd + HEADER_END.length;
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (length) return data.length - bodyStart >= Number(length[1]) ? { status: Number(status[1]), close } : 'incomplete';
  return { error: 'an answer without Content-Length (the open loop reads no chunked answers)' };
}
