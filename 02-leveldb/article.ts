// The article's event relay, as close to its listing as today's libraries allow: `Jobs(db, worker, 1)`,
// a worker that sends each event to a remote service failing about half the time, and a producer that
// pushes ten `door opened` events. Ours is only the callback adapter, without which level-jobs cannot
// talk to `level` 10 at all. `npm run chapter:2 -- article` runs it and shows what breaks.
import { Level } from 'level';
import Jobs from 'level-jobs';
import { callbackDatabase } from './support/level-adapter.ts';

type DoorEvent = { id: number; event: string };

// event_relay.js
const db = new Level<string, string>(process.argv[2] ?? './.data/02-leveldb/article');
const maxConcurrency = 1;
const queue = Jobs<DoorEvent>(callbackDatabase(db), worker, maxConcurrency);
// After 10 retries level-jobs gives up with an 'error' event; without this listener Node would crash.
queue.on('error', (err) => console.error('queue error: %s', err.message));

function worker(id: string, payload: DoorEvent, cb: Jobs.Callback) {
  sendEventToRemoteService(payload, (err) => {
    if (err) console.error('Error processing event %s: %s', payload.id, err.message);
    else console.log('event %s successfully relayed', payload.id);
    cb(err);
  });
}

function sendEventToRemoteService(payload: DoorEvent, cb: (err?: Error) => void) {
  setTimeout(() => {
    // Fails about half the time, as in the article. One rule is ours, to show what breaks: the remote
    // service always refuses event 3 (think of a malformed event, or a bug on its side).
    const fails = Math.random() > 0.5 || payload.id === 3;
    cb(fails ? new Error('something awful has happened') : undefined);
  }, 100);
}

// producer.js
for (let i = 0; i < 10; i++) {
  queue.push({ id: i, event: 'door opened' });
}
