// HTTP by hand, over one TCP connection, for what fetch will not do: split a body at a chosen byte,
// stop half-way, or send a second request on the connection a refusal left open.
import net from 'node:net';

export interface RawConnection {
  /** Writes bytes and resolves once the kernel has taken them. */
  write(data: string | Buffer): Promise<void>;
  /** Everything the server has sent so far, as text. */
  received(): string;
  /** Resolves once `count` complete responses have arrived (status line, headers and body). */
  responses(count: number): Promise<Array<{ status: number; headers: string; body: string }>>;
  /** Half-closes: no more bytes from us, as a client whose body was cut short. */
  end(): Promise<void>;
  /** Resolves when the server has closed the connection. */
  readonly closed: Promise<void>;
  destroy(): void;
}

export async function connect(url: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  const socket = net.connect({ host: hostname, port: Number(port) });
  socket.setNoDelay(true); // each write goes out as its own packet
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let data = Buffer.alloc(0);
  const waiters: Array<() => void> = [];
  socket.on('data', (chunk) => {
    data = Buffer.concat([data, chunk]);
    for (const wake of waiters.splice(0)) wake();
  });
  socket.on('error', () => {}); // a reset shows up as `closed`
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  void closed.then(() => {
    for (const wake of waiters.splice(0)) wake();
  });

  const parse = () => {
    const found: Array<{ status: number; headers: string; body: string }> = [];
    let rest = data;
    for (;;) {
      const end = rest.indexOf('\r\n\r\n');
      if (end < 0) return found;
      const headers = rest.subarray(0, end).toString('latin1');
      let body: Buffer;
      let next: number;
      if (/transfer-encoding:\s*chunked/i.test(headers)) {
        // <size in hex>\r\n<bytes>\r\n ... 0\r\n\r\n
        const parts: Buffer[] = [];
        let at = end + 4;
        for (;;) {
          const eol = rest.indexOf('\r\n', at);
          if (eol < 0) return found;
          const size = parseInt(rest.subarray(at, eol).toString('latin1'), 16);
          if (rest.length < eol + 2 + size + 2) return found;
          parts.push(rest.subarray(eol + 2, eol + 2 + size));
          at = eol + 2 + size + 2;
          if (size === 0) break;
        }
        [body, next] = [Buffer.concat(parts), at];
      } else {
        const length = Number(/content-length:\s*(\d+)/i.exec(headers)?.[1] ?? 0);
        if (rest.length < end + 4 + length) return found;
        [body, next] = [rest.subarray(end + 4, end + 4 + length), end + 4 + length];
      }
      found.push({ status: Number(headers.split(' ')[1]), headers, body: body.toString('utf8') });
      rest = rest.subarray(next);
    }
  };

  return {
    write: (chunk) =>
      new Promise((resolve, reject) => socket.write(chunk, (err) => (err ? reject(err) : resolve()))),
    received: () => data.toString('utf8'),
    async responses(count) {
      for (;;) {
        const found = parse();
        if (found.length >= count) return found;
        if (socket.destroyed)
          throw new Error(
            `the server closed the connection after ${found.length} of ${count} ` +
              `response(s):\n${data.toString('utf8')}`,
          );
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
    end: () => new Promise((resolve) => socket.end(() => resolve())),
    closed,
    destroy: () => socket.destroy(),
  };
}

/** The head of a POST /signup with a JSON body of `length` bytes, on a connection kept alive. */
export const signupHead = (length: number, contentType = 'application/json') =>
  `POST /signup HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\nContent-Type: ` +
  `${contentType}\r\nContent-Length: ${length}\r\n\r\n`;
