// Client-made ids (a ballot's submission, an annotation, a queued change): the one helper
// every module uses. crypto.randomUUID exists only in secure contexts, and a hall's LAN may
// serve plain http: then a version-4 UUID is made from crypto.getRandomValues, which exists
// everywhere (browsers and Node, so the unit tests run the fallback too).
export function uuid4(source = globalThis.crypto) {
  if (source && typeof source.randomUUID === "function") return source.randomUUID();
  const bytes = source.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
