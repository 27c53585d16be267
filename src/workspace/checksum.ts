// A checksum at the end of a JSON cache file, so that a reader can tell a file
// that pyinfra-kit wrote from one that was cut short or edited.
import { createHash } from "node:crypto";

/** The last field of a checked file: the SHA-1 of the text before it. */
export const CHECKSUM_FIELD = ',"checksum":"';

/** Returns the hex SHA-1 of a text, the form the checksum field uses. */
export function checksumOf(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

/**
 * Returns the text of a JSON object with a checksum field added last. The
 * object must have at least one field.
 */
export function withChecksum(objectText: string): string {
  const body = objectText.slice(0, -1);
  return `${body}${CHECKSUM_FIELD}${checksumOf(body)}"}`;
}

/**
 * Returns the JSON text of a checked file without its checksum field, or
 * null when the field is missing or does not match the text.
 */
export function verifiedText(text: string): string | null {
  const at = text.lastIndexOf(CHECKSUM_FIELD);
  if (at === -1) return null;
  const body = text.slice(0, at);
  return text.slice(at) === `${CHECKSUM_FIELD}${checksumOf(body)}"}` ? `${body}}` : null;
}
