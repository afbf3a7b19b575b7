/**
 * The realtime side: accepts sockets on `/`, authenticates them (key or access_token), resumes a
 * session from `resume=<connectionKey>` within its TTL or starts a new one (80008 when resume
 * failed), and exposes the fault hooks that act on connections.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { type AblyError, errors, toAblyError } from './ably-error.js';
import type { Credential } from './credentials.js';
import { Action } from './protocol.js';
import { handleFrame } from './realtime-protocol.js';
import { RealtimeSession, type SessionContext } from './realtime-session.js';

/** The shape of the connection keys this server issues (`connectionId!secret`). */
const CONNECTION_KEY = /^[0-9a-z]+![0-9a-f]{16}$/;

export class RealtimeServer {
  private readonly sockets = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, RealtimeSession>();
  /** Until this time new sockets are refused, as if the service were unreachable. */
  private refuseUntil = 0;
  /** Connection keys a fault hook declared unparseable: resuming with one fails with 80018. */
  private readonly invalidKeys = new Set<string>();

  constructor(private readonly context: Omit<SessionContext, 'forget'>) {}

  private get sessionContext(): SessionContext {
    return { ...this.context, forget: (session) => this.sessions.delete(session.connectionKey) };
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (Date.now() < this.refuseUntil) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.sockets.handleUpgrade(request, socket, head, (webSocket) => {
      const params = new URL(request.url ?? '/', 'ws://emulator').searchParams;
      const fail = (error: unknown) => {
        webSocket.send(JSON.stringify({ action: Action.ERROR, error: toAblyError(error).toWire() }));
        webSocket.close();
      };
      let credential: Credential;
      const clientId = params.get('clientId') ?? undefined;
      try {
        if (params.get('format') === 'msgpack') throw errors.badRequest('This emulator speaks JSON: set useBinaryProtocol: false');
        const key = params.get('key');
        const token = params.get('access_token');
        if (key) credential = this.context.credentials.fromKey(key, clientId);
        else if (token) credential = this.context.credentials.fromToken(token);
        else throw errors.unauthorized('No key or access_token in the connection request');
        if (clientId && credential.clientId && credential.clientId !== '*' && credential.clientId !== clientId) {
          throw errors.incompatibleClientId(`clientId "${clientId}" does not match the token's "${credential.clientId}"`);
        }
      } catch (error) {
        return fail(error);
      }
      const identity = credential.clientId === '*' ? clientId : (credential.clientId ?? clientId);
      const resumeKey = params.get('resume');
      const previous = resumeKey ? this.sessions.get(resumeKey) : undefined;
      let session: RealtimeSession;
      if (previous && (previous.clientId ?? undefined) === (identity ?? undefined)) {
        session = previous;
        session.applyCredential(credential);
        session.bind(webSocket);
      } else {
        session = new RealtimeSession(this.sessionContext, credential, identity, params.get('echo') !== 'false');
        this.sessions.set(session.connectionKey, session);
        session.bind(webSocket, resumeKey ? this.resumeError(resumeKey) : undefined);
      }
      webSocket.on('message', (data) => {
        if (session.socket === webSocket) handleFrame(session, this.sessionContext, data.toString());
      });
    });
  }

  /**
   * Fault: terminates every socket and refuses new ones for `downForMs`. With `recover: false` the
   * server also forgets their state.
   */
  dropAll(recover: boolean, downForMs: number, resumeFailure: 'expired' | 'invalid-key' = 'expired'): void {
    this.refuseUntil = Date.now() + downForMs;
    for (const session of [...this.sessions.values()]) {
      if (recover) {
        session.socket?.terminate();
        continue;
      }
      if (resumeFailure === 'invalid-key') this.invalidKeys.add(session.connectionKey);
      session.end();
    }
  }

  /**
   * Why a resume failed, as Ably says it: 80018 for a key it cannot parse (not in this server's
   * format, or declared so by a fault hook), 80008 for a valid key whose connection is gone.
   */
  private resumeError(resumeKey: string): AblyError {
    if (this.invalidKeys.delete(resumeKey) || !CONNECTION_KEY.test(resumeKey)) return errors.invalidConnectionKey();
    return errors.resumeFailed();
  }

  /** Fault: sends AUTH to every connected client, asking it to re-authorize now. */
  requestReauth(): void {
    for (const session of this.sessions.values()) session.send({ action: Action.AUTH });
  }

  /** Ends the transports running on the given tokens with 40142, as Ably does at expiry. */
  tokensExpired(tokens: Set<string>): void {
    for (const session of this.sessions.values()) {
      if (session.credential.token && tokens.has(session.credential.token.token)) session.disconnect(errors.tokenExpired());
    }
  }

  /** Number of sessions with an open socket. */
  connectedCount(): number {
    return [...this.sessions.values()].filter((session) => session.socket !== undefined).length;
  }

  close(): void {
    for (const session of [...this.sessions.values()]) session.end();
    this.sockets.close();
  }
}
