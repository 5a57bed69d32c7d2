import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';

/** One message as the server received it. */
export interface ReceivedMessage {
  readonly from: string;
  readonly to: string[];
  readonly raw: Buffer;
  readonly user: string | undefined;
}

export interface TestSmtpOptions {
  /** Recipients the server refuses at RCPT TO with a 550. */
  readonly refuse?: (address: string) => boolean;
  /** Called at each MAIL FROM with the number of messages accepted so far: return true to drop the connection. */
  readonly dropAtMailFrom?: (accepted: number) => boolean;
  /** Called after a message was read, before the server answers: return true to drop the connection instead. */
  readonly dropAfterData?: (accepted: number) => boolean;
  /** Called once a message is kept, before the server answers (a test may kill the sender there). */
  readonly onMessage?: (count: number) => void;
  /** Require sign-in with this user and password. */
  readonly auth?: { readonly user: string; readonly password: string };
}

export interface TestSmtp {
  readonly port: number;
  readonly messages: ReceivedMessage[];
  /** Every password a client tried (the server sees it; nothing else may). */
  readonly passwords: string[];
  close(): Promise<void>;
}

/**
 * A real SMTP server on 127.0.0.1 and a free port (the `smtp-server`
 * package), without TLS, keeping every message it accepts.
 */
export async function startTestSmtp(options: TestSmtpOptions = {}): Promise<TestSmtp> {
  const messages: ReceivedMessage[] = [];
  const passwords: string[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: true,
    authOptional: !options.auth,
    logger: false,
    size: 50 * 1024 * 1024,
    onAuth(auth, _session, callback) {
      passwords.push(auth.password ?? '');
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.password)
        callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onMailFrom(_address: SMTPServerAddress, session: SMTPServerSession & { socket?: unknown }, callback) {
      if (options.dropAtMailFrom?.(messages.length)) {
        dropConnection(server, session);
        return;
      }
      callback();
    },
    onRcptTo(address, _session, callback) {
      if (options.refuse?.(address.address)) {
        callback(
          Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`), {
            responseCode: 550,
          }),
        );
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (options.dropAfterData?.(messages.length)) {
          dropConnection(server, session);
          return;
        }
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
          user: typeof session.user === 'string' ? session.user : undefined,
        });
        options.onMessage?.(messages.length);
        callback(null, `Message queued as ${messages.length}`);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.on('error', () => undefined);
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    messages,
    passwords,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of connectionsOf(server)) c._socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Ends the client's connection without an answer (a server that goes away mid-conversation). */
function dropConnection(server: SMTPServer, session: SMTPServerSession): void {
  for (const c of connectionsOf(server)) if (c.id === session.id) c._socket.destroy();
}

interface ServerConnection {
  readonly id: string;
  readonly _socket: { destroy(): void };
}

function connectionsOf(server: SMTPServer): Set<ServerConnection> {
  return (server as unknown as { connections: Set<ServerConnection> }).connections;
}
