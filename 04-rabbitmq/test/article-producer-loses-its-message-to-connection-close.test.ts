// The close race, pinned. The article's producer calls sendToQueue, then on setImmediate closes the
// channel and the connection. amqplib writes Connection.Close straight to the socket (channel 0's buffer
// IS the socket), while messages wait in their channel's buffer for the muxer's own setImmediate, which
// runs after the article's. So Connection.Close is the first frame on the wire and RabbitMQ discards what
// follows: one message or ten, none arrives. channel.close() alone is queued behind the messages: all
// arrive. (The old explanation, round-robin muxing letting the first message through, was wrong.)
import { beforeAll, describe, expect, it } from 'vitest';
import { requireRabbitMQ } from '../../common/servers.ts';
import { closeRace } from '../experiments/close-race.ts';

const named = (wire: string[]) => wire.filter((f) => !/header|body/.test(f));

describe("the article's producer", () => {
  beforeAll(() => requireRabbitMQ());

  it.each([1, 10])('loses all of %i message(s): Connection.Close goes out first', async (count) => {
    const { arrived, wire } = await closeRace(count, 'article: both closes on setImmediate');
    expect(arrived).toBe(0);
    expect(named(wire)).toEqual([
      'ch0 Connection.Close',
      ...Array(count).fill('ch1 Basic.Publish'),
      'ch1 Channel.Close',
    ]);
  });

  it('loses them with conn.close() alone too: the connection close is the cause', async () => {
    const { arrived, wire } = await closeRace(3, 'conn.close() alone');
    expect(arrived).toBe(0);
    expect(named(wire)[0]).toBe('ch0 Connection.Close');
  });

  it('delivers them with channel.close() alone: it is queued behind the messages', async () => {
    const { arrived, wire } = await closeRace(3, 'channel.close() alone');
    expect(arrived).toBe(3);
    expect(named(wire)).toEqual([
      ...Array(3).fill('ch1 Basic.Publish'),
      'ch1 Channel.Close',
      'ch0 Connection.Close',
    ]);
  });

  it('delivers them when the closes come after the muxer has written the messages', async () => {
    expect((await closeRace(3, 'both closes after 200 ms')).arrived).toBe(3);
  });
});
