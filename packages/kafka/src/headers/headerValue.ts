import type { IHeaders } from 'kafkajs';

/**
 * Every value of header `name` as text, in record order. kafkajs gives a header that occurs once as
 * a Buffer (consumed) or whatever was set (string or Buffer, produced), and one that occurs more than
 * once as an array.
 */
export function headerValues(headers: IHeaders | undefined, name: string): string[] {
  const value = headers?.[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((single) =>
    typeof single === 'string' ? single : single.toString('utf8'),
  );
}

/** The last value of header `name`, as the Java client's `Headers.lastHeader` reads it. */
export function lastHeaderValue(headers: IHeaders | undefined, name: string): string | undefined {
  return headerValues(headers, name).at(-1);
}
