// The database of the article's sign-up story: one SQLite file, through better-sqlite3. Its calls are
// synchronous, which keeps the request handler easy to read: a statement either ran or threw.
import Database from 'better-sqlite3';
import { errorCode } from '../common/errors.ts';

export interface NewUser {
  email: string;
  name: string;
}

export interface User extends NewUser {
  id: number;
  createdAt: string;
}

/** The one database error the sign-up form can cause on purpose: signing up twice with one email. */
export class DuplicateEmailError extends Error {
  override name = 'DuplicateEmailError';
}

export class Users {
  #db: Database.Database;

  constructor(file: string) {
    this.#db = new Database(file);
    // WAL lets a reader (`sqlite3 users.db`) look while the server writes.
    this.#db.pragma('journal_mode = WAL');
    this.#db.exec(`CREATE TABLE IF NOT EXISTS users (
      id         INTEGER PRIMARY KEY,
      email      TEXT NOT NULL UNIQUE,
      name       TEXT NOT NULL,
      created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    )`);
  }

  /** Inserts the user and returns the new id. Throws DuplicateEmailError, or the driver's own error. */
  add({ email, name }: NewUser): number {
    try {
      const { lastInsertRowid } = this.#db
        .prepare('INSERT INTO users (email, name) VALUES (?, ?)')
        .run(email, name);
      return Number(lastInsertRowid);
    } catch (err) {
      if (errorCode(err) === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new DuplicateEmailError(`${email} has already signed up`);
      }
      throw err;
    }
  }

  find(email: string): User | undefined {
    return this.#db
      .prepare('SELECT id, email, name, created_at AS createdAt FROM users WHERE email = ?')
      .get(email) as User | undefined;
  }

  count(): number {
    return (this.#db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
  }

  close(): void {
    this.#db.close();
  }
}
