// Every parser returns a value or a one-line reason a user can act on; parsers never throw.

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

export const parsed = <T>(value: T): ParseResult<T> => ({ ok: true, value });

export const notParsed = <T>(reason: string): ParseResult<T> => ({ ok: false, reason });
