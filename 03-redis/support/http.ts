// The HTTP plumbing of the sign-up server, kept out of its route so the route reads as the article's:
// save, push, answer. What a sign-up request must look like, and how to read one safely.
import type http from 'node:http';
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

/** POST /signup with a JSON body holding a sign-up, or an HttpError that says what is wrong. */
export async function readSignup(req: http.IncomingMessage): Promise<NewUser> {
  if (req.url !== '/signup') throw new HttpError(404, `no such path ${req.url}: try POST /signup`);
  if (req.method !== 'POST') throw new HttpError(405, `use POST /signup, not ${req.method}`);
  return parseSignup(await readJsonBody(req));
}

async function readJsonBody(req: http.IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > MAX_BODY_BYTES) throw new HttpError(413, `body is larger than ${MAX_BODY_BYTES} bytes`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, `body is not valid JSON: send ${EXAMPLE}`);
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks a parsed body is a sign-up. The message says which field is wrong and what is expected. */
function parseSignup(body: unknown): NewUser {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, `body must be a JSON object: ${EXAMPLE}`);
  }
  const { email, name } = body as Record<string, unknown>;
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
