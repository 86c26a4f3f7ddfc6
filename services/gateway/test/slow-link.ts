import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A network link in front of a service, as in a fault-injection proxy: it passes bytes both ways
 * and can hold the service's answers back for a while (a slow service) — nothing is mocked, the
 * service behind it answers for real.
 */
export class SlowLink {
  /** How long the service's answers are held back, in milliseconds. */
  delayMs = 0;
  /** The head of every request that went through (request line and headers), newest last. */
  readonly requestHeads: string[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async open(target: { host: string; port: number }): Promise<SlowLink> {
    const holder: { link?: SlowLink } = {};
    const server = createServer((client) => {
      const upstream = connect(target);
      holder.link?.track(client, upstream);
      client.on('data', (chunk: Buffer) => {
        const text = chunk.toString('latin1');
        if (/^[A-Z]+ \S+ HTTP\/1\.1\r\n/.test(text)) holder.link?.requestHeads.push(text.split('\r\n\r\n')[0]);
        upstream.write(chunk);
      });
      upstream.on('data', (chunk) => {
        const delay = holder.link?.delayMs ?? 0;
        if (delay > 0) setTimeout(() => !client.destroyed && client.write(chunk), delay);
        else client.write(chunk);
      });
      const closeBoth = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', closeBoth).on('close', closeBoth);
      upstream.on('error', closeBoth).on('close', () => setTimeout(closeBoth, holder.link?.delayMs ?? 0));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.link = new SlowLink(server, (server.address() as { port: number }).port);
    return holder.link;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private track(...sockets: Socket[]): void {
    for (const socket of sockets) {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    }
  }
}
