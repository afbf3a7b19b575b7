/**
 * The realtime side: accepts sockets on `/`, authenticates them (key or access_token), resumes a
 * session from `resume=<connectionKey>` within its TTL or starts a new one (80008 when resume
 * failed), and exposes the fault hooks that act on connections.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { errors, toAblyError } from './ably-error.js';
import type { Credential } from './credentials.js';
import { Action } from './protocol.js';
import { handleFrame } from './realtime-protocol.js';
import { RealtimeSession, type SessionContext } from './realtime-session.js';

export class RealtimeServer {
  private readonly sockets = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, RealtimeSession>();
  /** Until this time new sockets are refused, as if the service were unreachable. */
  private refuseUntil = 0;

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
        session.bind(webSocket, resumeKey ? errors.resumeFailed() : undefined);
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
  dropAll(recover: boolean, downForMs: number): void {
    this.refuseUntil = Date.now() + downForMs;
    for (const session of [...this.sessions.values()]) {
      if (recover) session.socket?.terminate();
      else session.end();
    }
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
