import type { KafkaHeaders } from './kafka-connection';

/**
 * Kafka record headers as text. The client hands headers over as buffers (or lists of them when
 * a name repeats); the platform's headers are UTF-8 text and the first value of a name wins.
 */
export function headersAsText(headers: KafkaHeaders | undefined): Record<string, string> {
  const text: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first === undefined) continue;
    text[name] = typeof first === 'string' ? first : first.toString('utf8');
  }
  return text;
}
