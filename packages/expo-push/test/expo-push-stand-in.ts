/**
 * A local stand-in for the Expo push API (`/--/api/v2/push/send` and `/getReceipts`), enough for
 * the real expo-server-sdk to talk to. It enforces what the real service enforces that matters
 * here (JSON bodies, at most 100 notifications and 300 receipt ids per request, a string `to`),
 * records every request body, and can be told how each token fares or to fail outright.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface ReceivedPush {
  to: unknown;
  title?: unknown;
  body?: unknown;
  data?: unknown;
  [key: string]: unknown;
}

/** How a token fares: a ticket error at send time, or an ok ticket whose receipt reports the error. */
export type TokenFate = 'ok' | 'ticket:DeviceNotRegistered' | 'ticket:MessageRateExceeded' | 'receipt:DeviceNotRegistered';

export class ExpoPushStandIn {
  /** Every accepted send request, as the list of notifications it carried. */
  readonly sendRequests: ReceivedPush[][] = [];
  /** Every receipts request, as the list of ids it asked for. */
  readonly receiptRequests: string[][] = [];
  private readonly fates = new Map<string, TokenFate>();
  private readonly receipts = new Map<string, { token: string; fate: TokenFate }>();
  private failure: number | undefined;
  private nextReceipt = 0;
  private server: Server | undefined;

  /** Every notification received, across requests. */
  get received(): ReceivedPush[] {
    return this.sendRequests.flat();
  }

  setFate(token: string, fate: TokenFate): void {
    this.fates.set(token, fate);
  }

  /** Answers every request with this HTTP status (a 500 outage) until `recover()`. */
  failWith(status: number): void {
    this.failure = status;
  }

  recover(): void {
    this.failure = undefined;
  }

  async listen(): Promise<string> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: Error) =>
        answer(response, 500, { errors: [{ code: 'STAND_IN', message: error.message }] }),
      );
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (this.failure !== undefined) {
      answer(response, this.failure, { errors: [{ code: 'INTERNAL_SERVER_ERROR', message: 'An unknown error occurred.' }] });
      return;
    }
    if (request.method !== 'POST' || !String(request.headers['content-type']).startsWith('application/json')) {
      answer(response, 400, { errors: [{ code: 'VALIDATION_ERROR', message: 'Expected a JSON POST' }] });
      return;
    }
    const raw = Buffer.concat(chunks);
    const body: unknown = JSON.parse((request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8'));
    if (request.url === '/--/api/v2/push/send') this.send(body, response);
    else if (request.url === '/--/api/v2/push/getReceipts') this.getReceipts(body, response);
    else answer(response, 404, { errors: [{ code: 'NOT_FOUND', message: `No route ${request.url}` }] });
  }

  private send(body: unknown, response: ServerResponse): void {
    const messages = (Array.isArray(body) ? body : [body]) as ReceivedPush[];
    if (messages.length > 100) {
      answer(response, 400, { errors: [{ code: 'PUSH_TOO_MANY_NOTIFICATIONS', message: 'At most 100 notifications per request' }] });
      return;
    }
    if (messages.some((message) => typeof message?.to !== 'string')) {
      answer(response, 400, { errors: [{ code: 'VALIDATION_ERROR', message: '"to" must be a push token string' }] });
      return;
    }
    this.sendRequests.push(messages);
    const tickets = messages.map((message) => {
      const token = message.to as string;
      const fate = this.fates.get(token) ?? 'ok';
      if (fate.startsWith('ticket:')) {
        const error = fate.slice('ticket:'.length);
        return { status: 'error', message: `"${token}" failed: ${error}`, details: { error, expoPushToken: token } };
      }
      const id = `receipt-${++this.nextReceipt}`;
      this.receipts.set(id, { token, fate });
      return { status: 'ok', id };
    });
    answer(response, 200, { data: tickets });
  }

  private getReceipts(body: unknown, response: ServerResponse): void {
    const ids = (body as { ids?: unknown })?.ids;
    if (!Array.isArray(ids) || ids.length > 300 || ids.some((id) => typeof id !== 'string')) {
      answer(response, 400, { errors: [{ code: 'VALIDATION_ERROR', message: '"ids" must be at most 300 strings' }] });
      return;
    }
    this.receiptRequests.push(ids as string[]);
    const data: Record<string, unknown> = {};
    for (const id of ids as string[]) {
      const sent = this.receipts.get(id);
      if (!sent) continue;
      data[id] =
        sent.fate === 'receipt:DeviceNotRegistered'
          ? {
              status: 'error',
              message: `"${sent.token}" is not a registered push notification recipient`,
              details: { error: 'DeviceNotRegistered', expoPushToken: sent.token },
            }
          : { status: 'ok' };
    }
    answer(response, 200, { data });
  }
}

function answer(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
