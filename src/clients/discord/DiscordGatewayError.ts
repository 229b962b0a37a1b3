/**
 * The Discord input could not connect or lost its connection for good: a login refused (bad token),
 * a gateway closed with an unrecoverable code (4004 authentication, 4014 disallowed intents, …).
 * The message says what to fix and never contains the token; the runtime reports it as `inputFailed`.
 */
export class DiscordGatewayError extends Error {
  override readonly name = 'DiscordGatewayError';
  constructor(
    message: string,
    /** The gateway close code, when the gateway closed. */
    readonly code?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const HINTS: Readonly<Record<number, string>> = {
  4004: 'the token was refused: reset it in the Discord Developer Portal (Bot → Reset Token) and update DISCORD_TOKEN',
  4013: 'an intent is invalid: check the intents option',
  4014: 'an intent is not enabled for this bot: turn on "Message Content Intent" (and any privileged intent you added) in the Developer Portal under Bot → Privileged Gateway Intents',
};

/** @internal */
export function gatewayClosed(code: number): DiscordGatewayError {
  return new DiscordGatewayError(`Discord gateway closed with code ${code}: ${HINTS[code] ?? 'the connection cannot be resumed'}`, code);
}

/** A login failure with the token scrubbed from anything the error says. @internal */
export function loginFailed(error: unknown, token: string): DiscordGatewayError {
  const said = error instanceof Error ? error.message : String(error);
  const scrubbed = said.split(token).join('***');
  return new DiscordGatewayError(`Discord login failed: ${scrubbed}`, undefined, { cause: error instanceof Error && !error.message.includes(token) ? error : undefined });
}
