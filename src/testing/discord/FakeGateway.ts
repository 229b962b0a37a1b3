import type { WebSocket, WebSocketServer } from 'ws';

/** One gateway payload as sent over the socket. @internal */
export interface GatewayPayload {
  readonly op: number;
  readonly d?: unknown;
  readonly s?: number | null;
  readonly t?: string | null;
}

/** A gateway opcode the fake received, with its data (tokens removed). */
export interface FakeGatewayCommand {
  /** `IDENTIFY` (2), `RESUME` (6), `HEARTBEAT` (1), or any other opcode by number. */
  readonly op: number;
  readonly name: string;
  /** The session a RESUME asked for, and the last sequence number it saw. */
  readonly sessionId?: string;
  readonly seq?: number;
}

interface Session {
  readonly id: string;
  seq: number;
  /** Dispatches sent (or missed while disconnected), for a RESUME to replay. */
  readonly log: GatewayPayload[];
  socket: WebSocket | undefined;
  /** Messages to deliver again after the next RESUME, as Discord does after a long outage. */
  replay: GatewayPayload[];
}

/** How the gateway asks its owner for what it needs. @internal */
export interface GatewayHost {
  readonly url: () => string;
  readonly token: string | undefined;
  readonly heartbeatIntervalMs: number;
  readonly ready: (sessionId: string) => Record<string, unknown>;
  readonly guildCreates: () => Record<string, unknown>[];
  readonly command: (command: FakeGatewayCommand) => void;
  /** A socket closed: conditions on `connected` may hold now. */
  readonly closed: () => void;
}

const OP_NAMES: Readonly<Record<number, string>> = { 1: 'HEARTBEAT', 2: 'IDENTIFY', 3: 'PRESENCE_UPDATE', 6: 'RESUME', 8: 'REQUEST_GUILD_MEMBERS' };
const MAX_LOG = 1000;

/**
 * The gateway half of the fake: HELLO → IDENTIFY → READY + GUILD_CREATE, heartbeats acked,
 * sessions that RESUME replays into, and dispatches to every live session. @internal
 */
export class FakeGateway {
  private readonly sessions = new Map<string, Session>();
  private sessionCount = 0;

  constructor(
    server: WebSocketServer,
    private readonly host: GatewayHost,
  ) {
    server.on('connection', (socket) => this.accept(socket));
  }

  /** Sends a dispatch (`op` 0) to every identified session; sessions without a socket keep it for RESUME. */
  dispatch(t: string, d: unknown): void {
    for (const session of this.sessions.values()) this.send(session, t, d);
  }

  /** Closes every socket with `code`; `replay` dispatches are sent again when the session RESUMEs. */
  disconnect(code: number, replay: readonly GatewayPayload[] = []): void {
    for (const session of this.sessions.values()) {
      if (code === 1000 || code === 1001) this.sessions.delete(session.id);
      else session.replay.push(...replay);
      const socket = session.socket;
      session.socket = undefined;
      socket?.close(code, 'closed by FakeDiscord');
    }
  }

  /** How many sockets are identified or resumed right now. */
  get connected(): number {
    let n = 0;
    for (const session of this.sessions.values()) if (session.socket !== undefined) n++;
    return n;
  }

  private accept(socket: WebSocket): void {
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: this.host.heartbeatIntervalMs }, s: null, t: null }));
    socket.on('message', (raw) => {
      let payload: GatewayPayload;
      try {
        payload = JSON.parse(String(raw)) as GatewayPayload;
      } catch {
        return socket.close(4002, 'Decode error');
      }
      this.receive(socket, payload);
    });
    socket.on('close', () => {
      for (const session of this.sessions.values()) if (session.socket === socket) session.socket = undefined;
      this.host.closed();
    });
  }

  private receive(socket: WebSocket, payload: GatewayPayload): void {
    const d = (payload.d ?? {}) as Record<string, unknown>;
    const name = OP_NAMES[payload.op] ?? `OP_${payload.op}`;
    if (payload.op === 1) {
      this.host.command({ op: 1, name });
      return socket.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
    }
    if (payload.op === 2) return this.identify(socket, d);
    if (payload.op === 6) return this.resume(socket, d);
    this.host.command({ op: payload.op, name });
  }

  private identify(socket: WebSocket, d: Record<string, unknown>): void {
    this.host.command({ op: 2, name: 'IDENTIFY' });
    if (!this.authorized(d.token)) return socket.close(4004, 'Authentication failed.');
    const session: Session = { id: `fake-session-${++this.sessionCount}`, seq: 0, log: [], socket, replay: [] };
    this.sessions.set(session.id, session);
    this.send(session, 'READY', this.host.ready(session.id));
    for (const guild of this.host.guildCreates()) this.send(session, 'GUILD_CREATE', guild);
  }

  private resume(socket: WebSocket, d: Record<string, unknown>): void {
    const sessionId = typeof d.session_id === 'string' ? d.session_id : '';
    const seq = typeof d.seq === 'number' ? d.seq : 0;
    this.host.command({ op: 6, name: 'RESUME', sessionId, seq });
    const session = this.sessions.get(sessionId);
    if (!this.authorized(d.token) || session === undefined) {
      // Invalid session, not resumable: the client identifies again.
      return socket.send(JSON.stringify({ op: 9, d: false, s: null, t: null }));
    }
    session.socket?.close(4000, 'resumed elsewhere');
    session.socket = socket;
    for (const missed of session.log) if ((missed.s ?? 0) > seq) socket.send(JSON.stringify(missed));
    const replay = session.replay;
    session.replay = [];
    for (const again of replay) this.send(session, again.t ?? '', again.d);
    this.send(session, 'RESUMED', null);
  }

  private send(session: Session, t: string, d: unknown): void {
    const payload: GatewayPayload = { op: 0, t, s: ++session.seq, d };
    session.log.push(payload);
    if (session.log.length > MAX_LOG) session.log.shift();
    session.socket?.send(JSON.stringify(payload));
  }

  private authorized(token: unknown): boolean {
    const expected = this.host.token;
    return expected === undefined || token === expected || token === `Bot ${expected}`;
  }
}
