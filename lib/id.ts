const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

/**
 * A random id from the platform's CSPRNG (available in browsers on plain
 * http too, unlike crypto.randomUUID), without pulling the AI SDK into the
 * first page load for it.
 */
export function randomId(length = 16): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let id = "";
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return id;
}
