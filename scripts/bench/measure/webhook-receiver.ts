// A do-nothing webhook receiver on loopback for chapter 3, whose worker's job IS an HTTP POST: it
// answers 204 at once and reports the job id. Both chapter 3 rows (the library with the same POST, and
// the chapter's own worker) post to this same receiver, so their difference is the chapter's code.
import http from 'node:http';

export async function startNoopReceiver(
  onJob: (id: number) => void,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    res.writeHead(204).end();
    const id = (JSON.parse(text) as { user?: { id?: number } }).user?.id;
    if (typeof id === 'number') onJob(id);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
