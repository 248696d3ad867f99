// The HTTP plumbing of the sign-up server, kept out of its route so the route reads as the article's:
// save, push, answer. What a sign-up request must look like, and how to read one safely.
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NewUser } from '../users.ts';

/** A failure the client caused or should know about, with the HTTP status that says so. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const MAX_BODY_BYTES = 10_000;
const EXAMPLE = '{"email": "ada@example.com", "name": "Ada"}';

/** The client closed the connection before its whole body arrived: nobody is left to answer. */
export class ClientGoneError extends Error {
  override name = 'ClientGoneError';
}

/**
 * POST /signup with a JSON body holding a sign-up, or an HttpError (or ClientGoneError) that says what is
 * wrong.
 */
export async function readSignup(req: http.IncomingMessage): Promise<NewUser> {
  if (req.url !== '/signup') throw new HttpError(404, `no such path ${req.url}: try POST /signup`);
  if (req.method !== 'POST') throw new HttpError(405, `use POST /signup, not ${req.method}`);
  if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
    throw new HttpError(
      415,
      `content-type must be application/json, not ${req.headers['content-type'] ?? 'missing'}`,
    );
  }
  const bytes = await readBytes(req);
  let text: string;
  try {
    // Decoded once, all bytes together: a character split across two packets stays whole, and bytes
    // that are not UTF-8 are refused instead of being stored as U+FFFD.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, 'body is not valid UTF-8');
  }
  try {
    return parseSignup(JSON.parse(text));
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw new HttpError(400, `body is not valid JSON: send ${EXAMPLE}`);
  }
}

/**
 * The body's bytes, at most MAX_BODY_BYTES. Past the limit it rejects with 413 but leaves the request
 * flowing: once the 413 is sent, Node reads and drops the rest of the body, so the kept-alive connection
 * is ready for the client's next request. (Breaking out of `for await` would destroy the request and
 * reset the connection under a client still sending.)
 */
function readBytes(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => req.off('data', onData).off('end', onEnd).off('close', onClose);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      stop();
      reject(new HttpError(413, `body is larger than ${MAX_BODY_BYTES} bytes`));
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks));
    };
    const onClose = () => {
      stop();
      reject(new ClientGoneError('the client went away before sending its whole body'));
    };
    req.on('error', () => {}); // an abort also emits 'close', handled there
    req.on('data', onData).on('end', onEnd).on('close', onClose);
  });
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks a parsed body is a sign-up. The message says which field is wrong and what is expected. */
function parseSignup(body: unknown): NewUser {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, `body must be a JSON object: ${EXAMPLE}`);
  }
  const { email, name } = body as Record<string, unknown>;
  // A lone surrogate ("a\ud800b") is valid JSON but not text: SQLite would store U+FFFD in its place,
  // while the job kept the original. Refused, so the row and the job can never disagree.
  for (const [field, value] of Object.entries({ email, name })) {
    if (typeof value === 'string' && /\p{Cs}/u.test(value)) {
      throw new HttpError(
        400,
        `${field} must be well-formed Unicode: it holds a lone surrogate (such as \\ud800)`,
      );
    }
  }
  if (typeof email !== 'string' || email.length > 254 || !EMAIL.test(email.trim())) {
    throw new HttpError(400, 'email must be a string like "ada@example.com"');
  }
  if (typeof name !== 'string' || name.trim() === '' || name.length > 100) {
    throw new HttpError(400, 'name must be a non-empty string of at most 100 characters');
  }
  return { email: email.trim().toLowerCase(), name: name.trim() };
}

export function sendJson(res: http.ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** server.listen(), as a promise of the server's URL (e.g. http://127.0.0.1:41234). */
export function listen(server: http.Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { address, port: actual } = server.address() as AddressInfo;
      resolve(`http://${address}:${actual}`);
    });
  });
}
